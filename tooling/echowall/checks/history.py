"""Append-only history against a base revision (`echowall validate --base REV`).

What was published stays published: item files are not deleted or renamed; an item's id,
kind and filed time do not change; events and ratings are only appended; buildings and
units (printed on posters) are not removed; a revenue entry is never edited or removed, and
a closed period not at all. The one permitted edit of the past is redaction: replacing
spans of text with the marker ［已隐去］.

Problems point at the line in the new file; a deleted file at its old path.
"""
from __future__ import annotations

from ..problems import Problem, Source, error

REDACTED = "［已隐去］"


def is_redaction(old: str, new: str) -> bool:
    """`new` is `old` with one or more non-empty spans replaced by the marker."""
    if REDACTED not in new:
        return False
    parts = new.split(REDACTED)
    first, last, middle = parts[0], parts[-1], parts[1:-1]
    if not old.startswith(first):
        return False
    pos = len(first)
    for part in middle:  # leftmost match keeps the most room for what follows
        i = old.find(part, pos + 1)
        if i == -1:
            return False
        pos = i + len(part)
    return len(old) - len(last) >= pos + 1 and old.endswith(last)


def first_difference(old, new, path=()) -> tuple | None:
    """The path of the first value that differs other than by redaction, or None."""
    if isinstance(old, dict) and isinstance(new, dict):
        for k in old:
            if k not in new:
                return path + (k,)
            d = first_difference(old[k], new[k], path + (k,))
            if d is not None:
                return d
        for k in new:
            if k not in old:
                return path + (k,)
        return None
    if isinstance(old, list) and isinstance(new, list):
        for i, (a, b) in enumerate(zip(old, new)):
            d = first_difference(a, b, path + (i,))
            if d is not None:
                return d
        return None if len(old) == len(new) else path + (min(len(old), len(new)),)
    if type(old) is not type(new):
        return path
    if old == new or (isinstance(old, str) and is_redaction(old, new)):
        return None
    return path


def _place(doc, path) -> Source:
    """The line of a path in the new file; for a key that is gone, its parent."""
    return doc.key_at(*path) if path and path in doc.key_marks else doc.at(*path)


def _appended_only(base, new, key: str, what: str, out: list, hint: str = "add a new event instead") -> None:
    old_list = base.data.get(key) or []
    new_list = new.data.get(key) or []
    if not isinstance(old_list, list) or not isinstance(new_list, list):
        return
    for i, old in enumerate(old_list):
        if i >= len(new_list):
            where = new.key_at(key) if key in new.data else new.at()
            out.append(error(where, "history-removed",
                             what=what, number=i + 1, count=len(old_list), hint=hint))
            return
        d = first_difference(old, new_list[i], (key, i))
        if d is not None:
            out.append(error(_place(new, d), "history-edited",
                             what=what, number=i + 1, hint=hint, redacted=REDACTED))


def check_history(base, raw) -> list[Problem]:
    """`base` is history.BaseLedger, `raw` the working tree's load.RawLedger."""
    out: list[Problem] = []
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
                out.append(error(moved.at("id"), "history-renamed",
                                 path=path))
            else:
                out.append(error(Source(path), "history-deleted",
                                 id=old.data.get('id', path)))
            continue
        if not isinstance(new.data, dict):
            continue
        for key in ("id", "kind", "filed"):
            if key in old.data and old.data.get(key) != new.data.get(key):
                out.append(error(new.at(key) if key in new.data else new.at(), "history-changed",
                                 key=key, old=old.data[key]))
        _appended_only(old, new, "events", "event", out)
        _appended_only(old, new, "ratings", "rating", out)
    _check_buildings(base, raw, out)
    _check_revenue(base, raw, out)
    return out


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
            out.append(error(new.key_at("buildings"), "history-building",
                             building=bid))
            continue
        i, nb = now[bid]
        units = nb.get("units") or []
        for u in b.get("units") or []:
            if u not in units:
                out.append(error(new.at("buildings", i), "history-unit",
                                 unit=u, building=bid))


def _check_revenue(base, raw, out: list) -> None:
    new_docs = {d.path: d for d in raw.revenue}
    for path, old in sorted(base.revenue.items()):
        if not isinstance(old.data, dict):
            continue
        new = new_docs.get(path)
        if new is None:
            out.append(error(Source(path), "history-deleted",
                             'period'))
            continue
        if not isinstance(new.data, dict):
            continue
        if "closing_balance" in old.data:
            d = first_difference(old.data, new.data)
            if d is not None:
                out.append(error(_place(new, d), "history-closed"))
            continue
        for key in ("account", "currency", "opening_balance"):
            if key in old.data and old.data.get(key) != new.data.get(key):
                out.append(error(new.at(key) if key in new.data else new.at(), "history-changed",
                                 key=key, old=old.data[key]))
        _appended_only(old, new, "entries", "entry", out,
                       hint="correct a mistake with a reversing entry (reverses: <id>)")
