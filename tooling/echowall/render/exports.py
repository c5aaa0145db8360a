"""Downloads: CSV for spreadsheets (UTF-8 with BOM so Excel opens Chinese correctly)."""
from __future__ import annotations

import csv
import io

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """A text cell that a spreadsheet will never run as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def revenue_csv(view, r) -> bytes:
    """One period's entries, as booked; amounts positive, the direction in its own column."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([r.tr(k) for k in ("revenue.date", "col.id", "revenue.direction", "col.category",
                                  "revenue.description", "revenue.amount", "revenue.evidence",
                                  "revenue.approval", "revenue.counterparty", "revenue.items", "revenue.reverses")])
    for line in view.lines:
        e = line.entry
        w.writerow([e.date.isoformat(), _cell(e.id), r.tr(f"revenue.{e.direction}"), _cell(r.rcat_name(e.category)),
                    _cell(e.description), f"{e.amount:.2f}", _cell(e.evidence), _cell(e.approval),
                    _cell(e.counterparty), " ".join(e.items), _cell(e.reverses)])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
