"""Item ids: equal to the file name, unique, and filed under the right year folder."""
from __future__ import annotations

from pathlib import PurePosixPath

from ..problems import Problem, error


def check_ids(ledger, ctx) -> list[Problem]:
    out: list[Problem] = []
    by_id: dict[str, list] = {}
    for it in ledger.items:
        by_id.setdefault(it.id, []).append(it.path)
    tz = ledger.estate.tz if ledger.estate else None
    for it in ledger.items:
        p = PurePosixPath(it.path)
        where = it.doc.at("id")
        if it.id != p.stem:
            out.append(error(where, "id-file-name",
                             f"id '{it.id}' must equal the file name '{p.stem}'; rename the file or fix the id"))
        others = [q for q in by_id[it.id] if q != it.path]
        if others:
            out.append(error(where, "id-duplicate", f"id '{it.id}' is also used by {', '.join(others)}"))
        local = it.filed.astimezone(tz) if tz else it.filed
        if p.parent.name != f"{local.year:04d}" or p.parent.parent.name != "items":
            out.append(error(it.doc.at("filed"), "item-folder",
                             f"an item filed in {local.year} belongs in ledger/items/{local.year}/, not {p.parent}/"))
    return out
