"""Append-only history against a base revision (`echowall validate --base REV`).

What was published stays published (docs/ledger-format.md, "What can never change"):
- item files are not deleted or renamed, and the ledger folder does not move;
- an item's id, kind, filed, complexity, channel and ref never change; its title,
  description and place, and every note and comment, change only by redaction; category,
  building and unit may be corrected until the item's first event;
- events, ratings and redaction-log entries are only appended; a new event or rating may
  not be dated more than `backdate_days` before the check's own clock (history items, filed
  before the estate's start date, are exempt);
- promise terms are append-only, a new term starts today or later, and the start date does
  not move later past a published item;
- buildings and units (printed on posters) are not removed; a revenue entry is never edited
  or removed, and a closed period not at all.
The one permitted edit of the past is redaction: replacing spans of free text with the
marker ［已隐去］, logged in the file's `redactions:` list (field path and reason). A span
the privacy rules would not have flagged needs the reason `legal`; evidence and approval
references may be redacted only exactly over spans the privacy rules flag.

Problems point at the line in the new file; a deleted file at its old path.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from ..problems import Problem, Source, error

from ..compare import first_change, flagged
from ..redaction import ENTRY_REFS, ENTRY_TEXT, EVENT_TEXT, ITEM_TEXT, RATING_TEXT, REDACTED, dotted


def _place(doc, path) -> Source:
    """The line of a path in the new file; for a key that is gone, its parent."""
    return doc.key_at(*path) if path and path in doc.key_marks else doc.at(*path)


ITEM_FROZEN = ("id", "kind", "filed", "complexity", "channel", "ref")
ITEM_CORRECTABLE = ("category", "building", "unit")  # until the item's first event


class _Changes:
    """The redactions found while comparing published values with new ones."""

    def __init__(self):
        self.redactions: list[tuple] = []  # (path, old, new, spans, kind) with kind "text" | "ref"

    def compare(self, old, new, path: tuple, text: tuple = (), refs: tuple = ()) -> tuple | None:
        """The first difference under `path` other than a permitted redaction (one per
        published record), or None; every redaction in a field named in `text` or `refs`
        is recorded."""
        def kind_of(p):
            field = p[-1] if p else None
            return "ref" if field in refs else "text" if field in text else None

        return first_change(old, new, path, kind_of, self.redactions)


def _appended(old_list, new_list, key: str, what: str, new, out: list, hint: str,
              changes: _Changes, text: tuple = (), refs: tuple = ()) -> int:
    """Published entries of a list stay as they were (but for redaction); the number of
    published entries, so the caller knows which are new."""
    if not isinstance(old_list, list) or not isinstance(new_list, list):
        return 0
    for i, old in enumerate(old_list):
        if i >= len(new_list):
            where = new.key_at(key) if key in new.data else new.at()
            out.append(error(where, "history-removed",
                             what=what, number=i + 1, count=len(old_list), hint=hint))
            return len(old_list)
        d = changes.compare(old, new_list[i], (key, i), text, refs)
        if d is not None:
            out.append(error(_place(new, d), "history-edited",
                             what=what, number=i + 1, hint=hint, redacted=REDACTED))
    return len(old_list)


def _check_log(old_doc, new, changes: _Changes, out: list) -> None:
    """Each field redacted in this change has a new log entry naming it; the log itself is
    append-only; a personal_data reason needs spans the privacy rules flag; a reference
    is redacted only over flagged spans."""
    old_log = old_doc.data.get("redactions") if old_doc is not None else None
    new_log = new.data.get("redactions")
    old_log = old_log if isinstance(old_log, list) else []
    new_log = new_log if isinstance(new_log, list) else []
    for i, entry in enumerate(old_log):
        if i >= len(new_log) or new_log[i] != entry:
            if i < len(new_log):
                d = first_change(entry, new_log[i], ("redactions", i), lambda p: None, [])
                where = _place(new, d) if d is not None else new.at("redactions", i)
            else:
                where = new.key_at("redactions") if "redactions" in new.data else new.at()
            out.append(error(where, "redaction-log-changed", number=i + 1))
            return
    fresh = {}
    for i in range(len(old_log), len(new_log)):
        e = new_log[i]
        if isinstance(e, dict) and isinstance(e.get("path"), str):
            fresh.setdefault(e["path"], i)
    used = set()
    for path, old, new_text, spans, kind in changes.redactions:
        # every change is a new redaction, even where the field had a marker at the base
        # ("ab［已隐去］" -> "a［已隐去］" hides the b): markers already there need no entry
        key = dotted(path)
        i = fresh.get(key)
        if kind == "ref" and not flagged(old, spans):
            out.append(error(new.at(*path), "redaction-reference", field=path[-1]))
        if i is None:
            out.append(error(new.at(*path), "redaction-unlogged", path=key))
            continue
        used.add(key)
        entry = new_log[i]
        if entry.get("reason") == "legal" and not (isinstance(entry.get("note"), str) and entry["note"].strip()):
            out.append(error(new.at("redactions", i), "redaction-note", path=key))
        if entry.get("reason") == "personal_data" and not flagged(old, spans):
            where = new.at("redactions", i, "reason") if ("redactions", i, "reason") in new.marks else new.at("redactions", i)
            out.append(error(where, "redaction-reason", path=key))
    for key, i in sorted(fresh.items(), key=lambda kv: kv[1]):
        if key not in used:
            out.append(error(new.at("redactions", i, "path"), "redaction-log-stray", path=key))


def _parse_at(value, tz=None):
    """An instant as written (a date alone, which history items may use, is the start of
    that day in `tz`, the estate's zone)."""
    from zoneinfo import ZoneInfo

    from ..schema import parse_instant

    got = parse_instant(value, tz or ZoneInfo("Asia/Shanghai")) if isinstance(value, str) else None
    return got[0] if got else None


def _check_backdated(new, key: str, start: int, limit: tuple, history: bool, out: list) -> None:
    """Entries of `key` from index `start` on are new: none dated before `limit`."""
    if history:
        return
    limit, days = limit
    entries = new.data.get(key)
    if not isinstance(entries, list):
        return
    for i in range(start, len(entries)):
        e = entries[i]
        at = _parse_at(e.get("at")) if isinstance(e, dict) else None
        if at is not None and at < limit:
            where = new.at(key, i, "at") if (key, i, "at") in new.marks else new.at(key, i)
            out.append(error(where, "history-backdated", what=key[:-1], at=e["at"], days=days))


def backdated_days(at_text: str, item_doc, estate_doc, now: datetime) -> int | None:
    """For the volunteer commands' --at: the estate's allowance in days when an entry dated
    `at_text` would be back-dated beyond it (judged against `now`, the real clock), else
    None. History items (filed before the start date) are exempt, as in `--base`."""
    from ..model import DEFAULT_BACKDATE_DAYS

    at = _parse_at(at_text)
    if at is None:
        return None
    estate = _estate_from(estate_doc)
    if _is_history(estate, (item_doc.data or {}).get("filed") if item_doc is not None and isinstance(item_doc.data, dict) else None):
        return None
    days = estate.backdate_days if estate is not None else DEFAULT_BACKDATE_DAYS
    return days if at < now - timedelta(days=days) else None


def check_history(base, raw, now: datetime | None = None, ledger_dir: str | None = None) -> list[Problem]:
    """`base` is history.BaseLedger, `raw` the working tree's load.RawLedger; `now` the real
    clock of the check (never a committer's date)."""
    now = now or datetime.now(timezone.utc)
    out: list[Problem] = []
    head_dir = ledger_dir if ledger_dir is not None else raw.ledger_dir.relative_to(raw.root).as_posix()
    if base.ledger_dir != head_dir:
        out.append(error(_mkdocs_ledger_place(raw.root), "history-ledger-moved", old=base.ledger_dir, new=head_dir))
    estate = _estate_from(raw.estate)
    days = _backdate_days(base, raw)
    limit = (now - timedelta(days=days), days)  # a new event or rating dated before this is back-dated
    new_items = {d.path: d for d in raw.items}
    new_files = set(raw.item_files)
    by_id = {}
    for d in raw.items:
        if isinstance(d.data, dict) and isinstance(d.data.get("id"), str):
            by_id.setdefault(d.data["id"], d)
    for path, old in sorted(base.items.items()):
        if not isinstance(old.data, dict):
            continue
        new = new_items.get(path)
        if new is None:
            if path in new_files:
                continue  # present but unreadable now: the loader has said why
            moved = by_id.get(old.data.get("id"))
            if moved is not None:
                out.append(error(moved.at("id"), "history-renamed", path=path))
            else:
                out.append(error(Source(path), "history-deleted", id=old.data.get('id', path)))
            continue
        if not isinstance(new.data, dict):
            continue
        _check_item(old, new, out, limit, estate)
    published = base.item_paths if base.item_paths else base.items
    for path, new in sorted(new_items.items()):
        if path not in published and isinstance(new.data, dict):
            history = _is_history(estate, new.data.get("filed"))
            _check_backdated(new, "events", 0, limit, history, out)
            _check_backdated(new, "ratings", 0, limit, history, out)
    _check_buildings(base, raw, out)
    _check_revenue(base, raw, out)
    _check_terms(base, raw, estate, now, out)
    _check_estate(base, raw, out)
    return out


def _check_estate(base, raw, out: list) -> None:
    """What published figures are computed with: the time zone (day boundaries, due
    dates, the start date) and the revenue accounts and categories (an owners' share of a
    closed period must not change because a flag moved)."""
    old, new = base.estate, raw.estate
    if old is None or new is None or not isinstance(old.data, dict) or not isinstance(new.data, dict):
        return
    from ..model import DEFAULT_TZ

    if old.data.get("timezone", DEFAULT_TZ) != new.data.get("timezone", DEFAULT_TZ):
        out.append(error(new.at("timezone") if "timezone" in new.data else new.at(), "history-changed",
                         key="timezone", old=old.data.get("timezone", DEFAULT_TZ)))
    orev = old.data.get("revenue") if isinstance(old.data.get("revenue"), dict) else {}
    nrev = new.data.get("revenue") if isinstance(new.data.get("revenue"), dict) else {}
    for key, fields in (("categories", ("direction", "earning_cost")), ("accounts", ("shared_income",))):
        olist = orev.get(key) if isinstance(orev.get(key), list) else []
        nlist = nrev.get(key) if isinstance(nrev.get(key), list) else []
        now = {e.get("id"): (i, e) for i, e in enumerate(nlist) if isinstance(e, dict)}
        for e in olist:
            if not isinstance(e, dict) or e.get("id") is None:
                continue
            if e["id"] not in now:
                where = new.key_at("revenue", key) if ("revenue", key) in new.key_marks else new.at()
                out.append(error(where, "history-changed", key=f"revenue.{key}.{e['id']}", old=e["id"]))
                continue
            i, ne = now[e["id"]]
            for f in fields:
                if bool(e.get(f, False)) != bool(ne.get(f, False)) if f != "direction" else e.get(f) != ne.get(f):
                    where = new.at("revenue", key, i, f) if ("revenue", key, i, f) in new.marks else new.at("revenue", key, i)
                    out.append(error(where, "history-changed", key=f"revenue.{key}.{e['id']}.{f}", old=e.get(f, False)))


def _mkdocs_ledger_place(root) -> Source:
    try:
        for n, line in enumerate((root / "mkdocs.yml").read_text(encoding="utf-8").splitlines(), 1):
            if line.strip().startswith("ledger:"):
                return Source("mkdocs.yml", n, line.index("ledger:") + 1)
    except (OSError, UnicodeDecodeError):
        pass
    return Source("mkdocs.yml")


def _estate_from(doc):
    """The Estate of an estate.yml document, or None when it cannot be read (the schema
    check says what is wrong with it)."""
    from ..model import _estate

    try:
        return _estate(doc) if doc is not None and isinstance(doc.data, dict) else None
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _is_history(estate, filed) -> bool:
    at = _parse_at(filed, estate.tz if estate is not None else None)
    return estate is not None and at is not None and estate.is_history(at)


def _backdate_days(base, raw) -> int:
    from ..model import DEFAULT_BACKDATE_DAYS

    values = []
    for doc in (base.estate, raw.estate):
        p = (doc.data or {}).get("promise") if doc is not None and isinstance(doc.data, dict) else None
        v = p.get("backdate_days", DEFAULT_BACKDATE_DAYS) if isinstance(p, dict) else DEFAULT_BACKDATE_DAYS
        values.append(v if isinstance(v, int) and not isinstance(v, bool) and v >= 0 else DEFAULT_BACKDATE_DAYS)
    return min(values)


def _check_item(old, new, out: list, limit, estate) -> None:
    for key in ITEM_FROZEN:
        if key in old.data and old.data.get(key) != new.data.get(key):
            out.append(error(new.at(key) if key in new.data else new.at(), "history-changed",
                             key=key, old=old.data[key]))
        elif key not in old.data and key in new.data:
            out.append(error(new.key_at(key), "history-changed", "added", key=key))
    changes = _Changes()
    for key in ITEM_TEXT:
        if key in old.data or key in new.data:
            if changes.compare(old.data.get(key), new.data.get(key), (key,), ITEM_TEXT) is not None:
                out.append(error(new.at(key) if key in new.data else new.at(), "history-text", key=key,
                                 redacted=REDACTED))
    if old.data.get("events"):
        for key in ITEM_CORRECTABLE:
            if old.data.get(key) != new.data.get(key):
                out.append(error(new.at(key) if key in new.data else new.at(), "history-changed",
                                 "after-dispatch", key=key))
    published_events = _appended(old.data.get("events") or [], new.data.get("events") or [], "events", "event",
                                 new, out, "add a new event instead", changes, EVENT_TEXT)
    published_ratings = _appended(old.data.get("ratings") or [], new.data.get("ratings") or [], "ratings", "rating",
                                  new, out, "add a new event instead", changes, RATING_TEXT)
    _appended(old.data.get("links") or [], new.data.get("links") or [], "links", "link", new, out,
              "add a link instead", changes)
    _check_photos(old, new, out)
    history = _is_history(estate, new.data.get("filed"))
    _check_backdated(new, "events", published_events, limit, history, out)
    _check_backdated(new, "ratings", published_ratings, limit, history, out)
    _check_log(old, new, changes, out)


def _check_photos(old, new, out: list) -> None:
    """A published photo stays listed, unless the change logs its removal (a photo can show
    a face or a door number): a new redaction-log entry `path: photos.<n>` (its position at
    the base, from 0)."""
    old_list, new_list = old.data.get("photos") or [], new.data.get("photos") or []
    if not isinstance(old_list, list) or not isinstance(new_list, list):
        return
    old_log = old.data.get("redactions") if isinstance(old.data.get("redactions"), list) else []
    new_log = new.data.get("redactions") if isinstance(new.data.get("redactions"), list) else []
    logged = {e.get("path") for e in new_log[len(old_log):] if isinstance(e, dict)}
    for i, photo in enumerate(old_list):
        if photo not in new_list and f"photos.{i}" not in logged:
            where = new.key_at("photos") if "photos" in new.data else new.at()
            out.append(error(where, "history-photo", photo=photo, path=f"photos.{i}"))


def _check_buildings(base, raw, out: list) -> None:
    old, new = base.buildings, raw.buildings
    if old is None or not isinstance(old.data, dict) or new is None or not isinstance(new.data, dict):
        return
    new_list = new.data.get("buildings") or []
    now = {b.get("id"): (i, b) for i, b in enumerate(new_list) if isinstance(b, dict)}
    for b in old.data.get("buildings") or []:
        if not isinstance(b, dict):
            continue
        bid = b.get("id")
        if bid not in now:
            out.append(error(new.key_at("buildings"), "history-building", building=bid))
            continue
        i, nb = now[bid]
        units = nb.get("units") or []
        for u in b.get("units") or []:
            if u not in units:
                out.append(error(new.at("buildings", i), "history-unit", unit=u, building=bid))


def _check_revenue(base, raw, out: list) -> None:
    new_docs = {d.path: d for d in raw.revenue}
    for path, old in sorted(base.revenue.items()):
        if not isinstance(old.data, dict):
            continue
        new = new_docs.get(path)
        if new is None:
            out.append(error(Source(path), "history-deleted", 'period'))
            continue
        if not isinstance(new.data, dict):
            continue
        changes = _Changes()
        if "closing_balance" in old.data:
            # closed: nothing changes but redaction (logged) of entry texts and references
            for key in old.data.keys() | new.data.keys():
                if key in ("entries", "redactions"):
                    continue
                d = changes.compare(old.data.get(key), new.data.get(key), (key,), ("note",))
                if d is not None:
                    out.append(error(_place(new, d), "history-closed"))
            old_e, new_e = old.data.get("entries") or [], new.data.get("entries") or []
            if isinstance(old_e, list) and isinstance(new_e, list):
                if len(new_e) != len(old_e):
                    where = new.at("entries", len(old_e)) if len(new_e) > len(old_e) else new.key_at("entries")
                    out.append(error(where, "history-closed"))
                for i, (a, b) in enumerate(zip(old_e, new_e)):
                    d = changes.compare(a, b, ("entries", i), ENTRY_TEXT, ENTRY_REFS)
                    if d is not None:
                        out.append(error(_place(new, d), "history-closed"))
            _check_log(old, new, changes, out)
            continue
        for key in ("account", "currency", "opening_balance"):
            if key in old.data and old.data.get(key) != new.data.get(key):
                out.append(error(new.at(key) if key in new.data else new.at(), "history-changed",
                                 key=key, old=old.data[key]))
        if "note" in old.data:
            if changes.compare(old.data.get("note"), new.data.get("note"), ("note",), ("note",)) is not None:
                out.append(error(new.at("note") if "note" in new.data else new.at(), "history-text",
                                 key="note", redacted=REDACTED))
        old_budget, new_budget = old.data.get("budget"), new.data.get("budget")
        if isinstance(old_budget, dict):
            for cat, amount in old_budget.items():
                now = new_budget.get(cat) if isinstance(new_budget, dict) else None
                if now != amount:
                    where = new.at("budget", cat) if isinstance(new_budget, dict) and cat in new_budget else (
                        new.key_at("budget") if "budget" in new.data else new.at())
                    out.append(error(where, "history-changed", key=f"budget.{cat}", old=amount))
        _appended(old.data.get("entries") or [], new.data.get("entries") or [], "entries", "entry", new, out,
                  "correct a mistake with a reversing entry (reverses: <id>)", changes, ENTRY_TEXT, ENTRY_REFS)
        _check_log(old, new, changes, out)


def _terms(doc):
    """[(start date or None, complex_days, path)] of an estate document, or None."""
    from ..schema import parse_date

    if doc is None or not isinstance(doc.data, dict):
        return None
    p = doc.data.get("promise") or {}
    if not isinstance(p, dict):
        return None
    terms = p.get("terms")
    if isinstance(terms, list) and terms:
        out = []
        for i, t in enumerate(terms):
            if not isinstance(t, dict):
                return None
            out.append((parse_date(t.get("from")) if isinstance(t.get("from"), str) else None,
                        t.get("complex_days"), ("promise", "terms", i)))
        return out
    from ..model import DEFAULT_COMPLEX_DAYS

    return [(None, p.get("complex_days", DEFAULT_COMPLEX_DAYS),
             ("promise", "complex_days") if "complex_days" in p else ("promise",) if "promise" in doc.data else ())]


def _check_terms(base, raw, estate, now: datetime, out: list) -> None:
    old, new = _terms(base.estate), _terms(raw.estate)
    if old is None or new is None:
        return
    doc = raw.estate
    tz = estate.tz if estate is not None else None
    today = now.astimezone(tz).date() if tz else now.date()

    def place(path):
        return doc.at(*path) if path in doc.marks else doc.at()

    for i, (start, days, _) in enumerate(old):
        if i >= len(new):
            out.append(error(place(("promise",)), "history-terms", "removed", number=i + 1))
            return
        nstart, ndays, npath = new[i]
        if ndays != days:
            out.append(error(place(npath), "history-terms", number=i + 1, old=days, new=ndays))
        if nstart != start:
            if i > 0:
                out.append(error(place(npath), "history-terms", "start", number=i + 1, old=str(start), new=str(nstart)))
            elif nstart is not None and (start is None or nstart > start):
                lost = _items_before(base, estate, nstart, start)
                if lost:
                    out.append(error(place(npath), "history-start", start=str(nstart), count=len(lost), first=lost[0]))
    for nstart, ndays, npath in new[len(old):]:
        if nstart is not None and nstart < today:
            out.append(error(place(npath), "history-term-date", start=str(nstart), today=str(today)))


def _items_before(base, estate, new_start, old_start) -> list[str]:
    """Published items a later start date would take out of the promise."""
    tz = estate.tz if estate is not None else None
    lost = []
    for doc in base.all_items().values():
        if not isinstance(doc.data, dict):
            continue
        at = _parse_at(doc.data.get("filed"), tz)
        if at is None:
            continue
        day = at.astimezone(tz).date() if tz else at.date()
        if day < new_start and (old_start is None or day >= old_start):
            lost.append(str(doc.data.get("id", doc.path)))
    return sorted(lost)
