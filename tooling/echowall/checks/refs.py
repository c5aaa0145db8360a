"""References: everything an item names must exist in estate.yml, buildings.yml or items/."""
from __future__ import annotations

from pathlib import PurePosixPath

from ..media import is_photo_name_of
from ..problems import Problem, error


def _dupes(entries, what: str, out: list[Problem]) -> None:
    seen: set[str] = set()
    for e in entries:
        if e.id in seen:
            out.append(error(e.source, f"{what}-duplicate", id=e.id))
        seen.add(e.id)


def check_estate(ledger, ctx) -> list[Problem]:
    """estate.yml and buildings.yml agree with themselves."""
    out: list[Problem] = []
    if ledger.estate:
        e = ledger.estate
        _dupes(e.roles, "role", out)
        _dupes(e.tiers, "tier", out)
        _dupes(e.categories, "category", out)
        _dupes(e.revenue.accounts, "account", out)
        _dupes(e.revenue.categories, "revenue-category", out)
        _dupes(e.ref_sources, "ref-source", out)
        for r in e.ref_sources:
            detail = _pattern_problem(r.pattern)
            if detail:
                out.append(error(r.source, "ref-source", "pattern", pattern=r.pattern, detail=detail))
        _check_terms(e, out)
    _dupes(ledger.buildings, "building", out)
    for b in ledger.buildings:
        seen: set[str] = set()
        for i, u in enumerate(b.units):
            if u in seen:
                out.append(error(ledger.raw.buildings.at("buildings", b.index, "units", i), "unit-duplicate",
                                 unit=u, building=b.id))
            seen.add(u)
    return out


def _check_terms(e, out: list[Problem]) -> None:
    promise = (e.doc.data or {}).get("promise") or {}
    if "terms" in promise and "complex_days" in promise:
        out.append(error(e.doc.key_at("promise", "complex_days"), "promise-terms", "both"))
    for prev, term in zip(e.terms, e.terms[1:]):
        if prev.start is not None and term.start <= prev.start:
            out.append(error(term.source, "promise-terms", start=term.start, previous=prev.start))


def _pattern_problem(pattern: str) -> str:
    import re

    try:
        re.compile(pattern)
    except re.error as exc:
        return str(exc)
    return ""


def _check_ref(est, it, out: list[Problem]) -> None:
    """The source is declared and the id has its declared form."""
    import re

    src, rid = it.ref
    source = next((r for r in est.ref_sources if r.id == src), None)
    if source is None:
        out.append(error(it.doc.at("ref", "source"), "ref-source", source=src, sources=_names(est.ref_sources)))
    elif not _pattern_problem(source.pattern) and not re.fullmatch(source.pattern, rid):
        out.append(error(it.doc.at("ref", "id"), "ref-id", id=rid, source=src, pattern=source.pattern))


def _names(entries) -> list[str]:
    ids = [e.id for e in entries]
    return ids[:12] + (["…"] if len(ids) > 12 else [])


def check_references(ledger, ctx) -> list[Problem]:
    out: list[Problem] = []
    est = ledger.estate
    # buildings.yml needs at least one building, so an empty tuple means it did not load cleanly:
    # then building references are not judged (its own problems say why).
    have_buildings = bool(ledger.buildings)
    for it in ledger.items:
        doc = it.doc
        if est and it.ref:
            _check_ref(est, it, out)
        if est and not est.category(it.category):
            out.append(error(doc.at("category"), "ref-category",
                             category=it.category, categories=_names(est.categories)))
        if it.unit and not it.building:
            out.append(error(doc.at("unit"), "ref-unit-without-building"))
        if it.building and have_buildings:
            b = ledger.building(it.building)
            if b is None:
                out.append(error(doc.at("building"), "ref-building",
                                 building=it.building))
            elif it.unit and it.unit not in b.units:
                out.append(error(doc.at("unit"), "ref-unit",
                                 unit=it.unit, building=b.id, units=b.units))
        for ev in it.events:
            if est and ev.tier and not est.tier(ev.tier):
                out.append(error(doc.at("events", ev.index, "tier"), "ref-tier",
                                 tier=ev.tier, tiers=_names(est.tiers)))
            if est:
                for j, r in enumerate(ev.roles):
                    if not est.role(r):
                        out.append(error(doc.at("events", ev.index, "role", j), "ref-role",
                                         role=r, roles=_names(est.roles)))
            if ev.item:
                if ev.item not in ledger.known_item_ids:
                    out.append(error(doc.at("events", ev.index, "item"), "ref-item",
                                     item=ev.item))
                elif ev.item == it.id:
                    out.append(error(doc.at("events", ev.index, "item"), "ref-item-self", 'matched'))
        item_file = PurePosixPath(it.path)
        year, stem = item_file.parent.name, item_file.stem
        for i, photo in enumerate(it.photos):
            variant = _photo_problem(ledger, photo)
            if variant is not None:
                out.append(error(doc.at("photos", i), "ref-photo", variant, photo=photo,
                                 example="2026/" + photo.replace("\\", "/").rsplit("/", 1)[-1]))
            elif not is_photo_name_of(photo, year, stem):
                # the name `echowall media add` gives this item's photos, and no other: not
                # a hidden file, not another item's photo, not a name of one's own choosing
                out.append(error(doc.at("photos", i), "ref-photo-name", photo=photo,
                                 expected=f"{year}/{stem}-<n>"))
        for i, l in enumerate(it.links):
            if l.item not in ledger.known_item_ids:
                out.append(error(doc.at("links", i, "item"), "ref-item", item=l.item))
            elif l.item == it.id:
                out.append(error(doc.at("links", i, "item"), "ref-item-self"))
    return out


PHOTO_TYPES = (".jpg", ".jpeg", ".png", ".webp")


def _photo_problem(ledger, photo: str) -> str | None:
    """Photos are paths relative to ledger/media/; nothing may point out of it. The
    problem's variant (messages.yml ref-photo.*), or None."""
    try:
        media = (ledger.raw.ledger_dir / "media").resolve()
    except (OSError, RuntimeError):  # media/ itself a symbolic link loop
        return "outside"
    if photo.startswith(("/", "\\")) or ".." in photo.replace("\\", "/").split("/") or ":" in photo:
        return "not-inside"
    if not photo.lower().endswith(PHOTO_TYPES):
        return "type"
    target = media / photo
    try:
        real = target.resolve()
        real.relative_to(media)
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symbolic link loop (Python < 3.13)
        return "outside"
    if not real.is_file():
        return ""
    return None
