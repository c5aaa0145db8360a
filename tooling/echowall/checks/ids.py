"""Item ids: equal to the file name, unique, and filed under the right year folder; an
item's `ref` (the outside record it came from) is unique too."""
from __future__ import annotations

from pathlib import PurePosixPath

from ..problems import Problem, error


def check_duplicate_ids(entries) -> list[Problem]:
    """entries: (id, path, place of the id, ref, place of the ref) of every item, in file
    order. Apart from the rest, so a ledger checked in shards is checked for duplicates
    across all of them."""
    by_id: dict[str, list] = {}
    by_ref: dict[tuple, list] = {}
    for iid, path, _, ref, _ in entries:
        by_id.setdefault(iid, []).append(path)
        if ref:
            by_ref.setdefault(ref, []).append(path)
    out: list[Problem] = []
    for iid, path, where, ref, ref_where in entries:
        others = [q for q in by_id[iid] if q != path]
        if others:
            out.append(error(where, "id-duplicate", id=iid, others=others))
        others = [q for q in by_ref.get(ref, ()) if q != path] if ref else []
        if others:
            out.append(error(ref_where, "ref-duplicate", source=ref[0], id=ref[1], others=others))
    return out


def id_entries(ledger) -> list[tuple]:
    return [(it.id, it.path, it.doc.at("id"), it.ref, it.doc.at("ref", "id")) for it in ledger.items]


def check_ids(ledger, ctx) -> list[Problem]:
    out: list[Problem] = []
    tz = ledger.estate.tz if ledger.estate else None
    for it in ledger.items:
        p = PurePosixPath(it.path)
        if it.id != p.stem:
            out.append(error(it.doc.at("id"), "id-file-name",
                             id=it.id, stem=p.stem))
        local = it.filed.astimezone(tz) if tz else it.filed
        if p.parent.name != f"{local.year:04d}" or p.parent.parent.name != "items":
            out.append(error(it.doc.at("filed"), "item-folder",
                             year=local.year, parent=p.parent))
    return out


def check_unique(ledger, ctx) -> list[Problem]:
    """Item ids and refs are unique across the ledger. A fast path that read only some item
    files lists the others in `ctx.others` (their ids are their file names); a shard
    (ctx.whole False, no listing) leaves it to the caller, who judges across all shards."""
    if ctx.others is not None:
        mine = {it.path for it in ledger.items}
        entries = id_entries(ledger) + [e for e in ctx.others if e[1] not in mine]
        return [p for p in check_duplicate_ids(entries) if p.path in mine]
    return check_duplicate_ids(id_entries(ledger)) if ctx.whole else []
