"""Item ids: equal to the file name, unique, and filed under the right year folder."""
from __future__ import annotations

from pathlib import PurePosixPath

from ..problems import Problem, error


def check_ids(ledger, ctx) -> list[Problem]:
    out: list[Problem] = []
    seen: dict[str, str] = {}
    tz = ledger.estate.tz if ledger.estate else None
    for it in ledger.items:
        p = PurePosixPath(it.path)
        where = it.doc.at("id")
        if it.id != p.stem:
            out.append(error(where, "id-file-name",
                             f"id '{it.id}' must equal the file name '{p.stem}'; rename the file or fix the id"))
        if it.id in seen:
            out.append(error(where, "id-duplicate", f"id '{it.id}' is already used by {seen[it.id]}"))
        else:
            seen[it.id] = it.path
        local = it.filed.astimezone(tz) if tz else it.filed
        if p.parent.name != f"{local.year:04d}" or p.parent.parent.name != "items":
            out.append(error(it.doc.at("filed"), "item-folder",
                             f"an item filed in {local.year} belongs in ledger/items/{local.year}/, not {p.parent}/"))
    return out
