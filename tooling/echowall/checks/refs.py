"""References: everything an item names must exist in estate.yml, buildings.yml or items/."""
from __future__ import annotations

from ..problems import Problem, error


def _dupes(entries, what: str, out: list[Problem]) -> None:
    seen: set[str] = set()
    for e in entries:
        if e.id in seen:
            out.append(error(e.source, f"{what}-duplicate", f"{what} id '{e.id}' is defined twice"))
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
    _dupes(ledger.buildings, "building", out)
    for b in ledger.buildings:
        seen: set[str] = set()
        for i, u in enumerate(b.units):
            if u in seen:
                out.append(error(ledger.raw.buildings.at("buildings", b.index, "units", i), "unit-duplicate",
                                 f"unit '{u}' is listed twice in building '{b.id}'"))
            seen.add(u)
    return out


def _names(entries) -> str:
    ids = [e.id for e in entries]
    return ", ".join(ids[:12]) + (" …" if len(ids) > 12 else "")


def check_references(ledger, ctx) -> list[Problem]:
    out: list[Problem] = []
    est = ledger.estate
    # buildings.yml needs at least one building, so an empty tuple means it did not load cleanly:
    # then building references are not judged (its own problems say why).
    have_buildings = bool(ledger.buildings)
    for it in ledger.items:
        doc = it.doc
        if est and not est.category(it.category):
            out.append(error(doc.at("category"), "ref-category",
                             f"category '{it.category}' is not in ledger/estate.yml (known: {_names(est.categories)})"))
        if it.unit and not it.building:
            out.append(error(doc.at("unit"), "ref-unit-without-building",
                             "a unit needs its building; add 'building' or remove 'unit'"))
        if it.building and have_buildings:
            b = ledger.building(it.building)
            if b is None:
                out.append(error(doc.at("building"), "ref-building",
                                 f"building '{it.building}' is not in ledger/buildings.yml"))
            elif it.unit and it.unit not in b.units:
                out.append(error(doc.at("unit"), "ref-unit",
                                 f"unit '{it.unit}' is not a unit of building '{b.id}' (its units: {', '.join(b.units) or 'none'})"))
        for ev in it.events:
            if est and ev.tier and not est.tier(ev.tier):
                out.append(error(doc.at("events", ev.index, "tier"), "ref-tier",
                                 f"tier '{ev.tier}' is not in ledger/estate.yml (known: {_names(est.tiers)})"))
            if est:
                for j, r in enumerate(ev.roles):
                    if not est.role(r):
                        out.append(error(doc.at("events", ev.index, "role", j), "ref-role",
                                         f"role '{r}' is not in ledger/estate.yml (known: {_names(est.roles)})"))
            if ev.item:
                if ev.item not in ledger.known_item_ids:
                    out.append(error(doc.at("events", ev.index, "item"), "ref-item",
                                     f"item '{ev.item}' does not exist in ledger/items/"))
                elif ev.item == it.id:
                    out.append(error(doc.at("events", ev.index, "item"), "ref-item-self", "an item cannot be matched with itself"))
        for i, photo in enumerate(it.photos):
            problem = _photo_problem(ledger, photo)
            if problem:
                out.append(error(doc.at("photos", i), "ref-photo", problem))
        for i, l in enumerate(it.links):
            if l.item not in ledger.known_item_ids:
                out.append(error(doc.at("links", i, "item"), "ref-item", f"item '{l.item}' does not exist in ledger/items/"))
            elif l.item == it.id:
                out.append(error(doc.at("links", i, "item"), "ref-item-self", "an item cannot link to itself"))
    return out


PHOTO_TYPES = (".jpg", ".jpeg", ".png", ".webp")


def _photo_problem(ledger, photo: str) -> str | None:
    """Photos are paths relative to ledger/media/; nothing may point out of it."""
    media = (ledger.raw.ledger_dir / "media").resolve()
    if photo.startswith(("/", "\\")) or ".." in photo.replace("\\", "/").split("/") or ":" in photo:
        return f"'{photo}' must be a path inside ledger/media/, like 2026/{photo.rsplit('/', 1)[-1]}"
    if not photo.lower().endswith(PHOTO_TYPES):
        return f"'{photo}' is not a JPEG, PNG or WebP image"
    target = media / photo
    try:
        real = target.resolve()
        real.relative_to(media)
    except (ValueError, OSError):
        return f"'{photo}' points outside ledger/media/"
    if not real.is_file():
        return f"'{photo}' does not exist in ledger/media/"
    return None
