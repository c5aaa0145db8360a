"""Reading an export into rows: CSV and XLSX tables, Open311 GeoReport v2 JSON and XML.

Every reader returns (rows, problems). A row is a `Row`: its place in the file (the line of a
CSV record, the row of a sheet, the line where a JSON object or XML <request> starts) and
its cells by column name, each a `Cell` with its column number. Nothing here raises for bad
input: an unreadable file is a problem at the file.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from ..problems import Problem, Source, error

MAX_FILE_BYTES = 64 * 1024 * 1024  # a year of a district's work orders is a few MB
MAX_CELL = 100_000  # characters: no field of an item holds more than 4,000


@dataclass(frozen=True)
class Cell:
    value: object  # str, or a date / datetime a spreadsheet typed
    column: int  # 1-based, 0 when the format has no columns (JSON, XML)


@dataclass
class Row:
    line: int
    cells: dict = field(default_factory=dict)  # column name -> Cell

    def get(self, name: str) -> Cell | None:
        return self.cells.get(name)


@dataclass
class Table:
    path: str  # as shown in problems
    header: tuple = ()
    rows: list = field(default_factory=list)


def _size_ok(path: Path, shown: str, out: list) -> bytes | None:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            out.append(error(Source(shown), "import-file", "too-large", size_mb=size // (1024 * 1024),
                             max_mb=MAX_FILE_BYTES // (1024 * 1024)))
            return None
        return path.read_bytes()
    except OSError as exc:
        out.append(error(Source(shown), "import-file", "unreadable", strerror=exc.strerror or str(exc)))
        return None


def _decode(data: bytes, shown: str, out: list) -> str | None:
    """UTF-8 (with or without BOM, as the form services write it), else GB18030 (Excel on a
    Chinese Windows saves CSV in the local code page)."""
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    out.append(error(Source(shown), "import-file", "encoding"))
    return None


def read_table(path: Path, shown: str, sheet=None) -> tuple[Table, list[Problem]]:
    out: list[Problem] = []
    data = _size_ok(path, shown, out)
    if data is None:
        return Table(shown), out
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data, shown, sheet, out)
    if b"\x00" in data[:4096]:
        out.append(error(Source(shown), "import-file", "binary"))
        return Table(shown), out
    text = _decode(data, shown, out)
    if text is None:
        return Table(shown), out
    return _read_csv(text, shown, out)


def _read_csv(text: str, shown: str, out: list) -> tuple[Table, list[Problem]]:
    table = Table(shown)
    sample = text[:8192]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    old_limit = csv.field_size_limit()
    csv.field_size_limit(MAX_CELL + 1)
    try:
        line = reader.line_num + 1
        for record in reader:
            if not table.header:
                table.header = tuple(_header(h) for h in record)
                line = reader.line_num + 1
                continue
            if any(c.strip() for c in record):
                row = Row(line)
                for i, (name, value) in enumerate(zip(table.header, record), 1):
                    if name:
                        row.cells.setdefault(name, Cell(value, i))
                table.rows.append(row)
            line = reader.line_num + 1
    except csv.Error as exc:
        out.append(error(Source(shown, reader.line_num or 1), "import-file", "csv", detail=str(exc)))
    finally:
        csv.field_size_limit(old_limit)
    if not table.header:
        out.append(error(Source(shown), "import-file", "empty"))
    return table, out


def _header(text) -> str:
    """A column name as matched against the mapping: without stray spaces, Excel's escapes
    and a leading BOM."""
    return " ".join(str(text or "").replace("_x000D_", " ").replace("\ufeff", "").split())


def _read_xlsx(data: bytes, shown: str, sheet, out: list) -> tuple[Table, list[Problem]]:
    import zipfile

    table = Table(shown)
    try:
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        out.append(error(Source(shown), "import-file", "xlsx", detail=str(exc)[:200]))
        return table, out
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a damaged workbook
        out.append(error(Source(shown), "import-file", "xlsx", detail=type(exc).__name__))
        return table, out
    try:
        if sheet is None:
            ws = wb.worksheets[0]
        elif isinstance(sheet, int) and 0 <= sheet < len(wb.worksheets):
            ws = wb.worksheets[sheet]
        elif isinstance(sheet, str) and sheet in wb.sheetnames:
            ws = wb[sheet]
        else:
            out.append(error(Source(shown), "import-file", "sheet", sheet=str(sheet), sheets=list(wb.sheetnames)))
            return table, out
        for r, cells in enumerate(ws.iter_rows(), 1):
            values = [_xlsx_value(c) for c in cells]
            if not table.header:
                if any(v not in (None, "") for v in values):
                    table.header = tuple(_header(v) for v in values)
                continue
            if all(v in (None, "") for v in values):
                continue
            row = Row(r)
            for i, (name, value) in enumerate(zip(table.header, values), 1):
                if name and value is not None:
                    row.cells.setdefault(name, Cell(value, i))
            table.rows.append(row)
    except Exception as exc:  # noqa: BLE001 - a damaged sheet inside a readable zip
        out.append(error(Source(shown), "import-file", "xlsx", detail=type(exc).__name__))
    finally:
        wb.close()
    if not table.header:
        out.append(error(Source(shown), "import-file", "empty"))
    return table, out


def _xlsx_value(cell):
    """A cell's value; a date-formatted cell with no hours in its format is a date (the sheet
    gave no time, so none is invented)."""
    v = getattr(cell, "value", None)
    if isinstance(v, datetime):
        fmt = (getattr(cell, "number_format", "") or "").lower()
        if "h" not in fmt and v.hour == v.minute == v.second == 0:
            return v.date()
        return v
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return str(int(v)) if float(v).is_integer() else str(v)
    return v


# -- Open311 GeoReport v2 ------------------------------------------------------------------

def read_open311_json(path: Path, shown: str) -> tuple[Table, list[Problem]]:
    """GET /requests.json: an array of service requests (or {"service_requests": [...]})."""
    out: list[Problem] = []
    table = Table(shown)
    data = _size_ok(path, shown, out)
    if data is None:
        return table, out
    text = _decode(data, shown, out)
    if text is None:
        return table, out
    dec = json.JSONDecoder()
    i = len(text) - len(text.lstrip())
    try:
        if text[i:i + 1] == "{":  # a wrapper object: find its array
            whole = json.loads(text)
            arr = whole.get("service_requests") or whole.get("requests") if isinstance(whole, dict) else None
            if not isinstance(arr, list):
                raise ValueError("no array of service requests")
            text = json.dumps(arr, ensure_ascii=False, indent=0)
            i = 0
        if text[i:i + 1] != "[":
            raise ValueError("not a JSON array of service requests")
        i += 1
        while True:
            while i < len(text) and text[i] in " \t\r\n,":
                i += 1
            if i >= len(text) or text[i] == "]":
                break
            obj, end = dec.raw_decode(text, i)
            line = text.count("\n", 0, i) + 1
            if not isinstance(obj, dict):
                out.append(error(Source(shown, line), "import-file", "record"))
            else:
                table.rows.append(Row(line, {str(k): Cell(_json_scalar(v), 0) for k, v in obj.items()
                                             if v is not None}))
            i = end
    except (ValueError, RecursionError) as exc:
        out.append(error(Source(shown), "import-file", "json", detail=str(exc)[:200]))
    table.header = tuple(sorted({k for r in table.rows for k in r.cells}))
    return table, out


def _json_scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, str):
        return v
    return json.dumps(v, ensure_ascii=False)


class _Refused(Exception):
    pass


def read_open311_xml(path: Path, shown: str) -> tuple[Table, list[Problem]]:
    """GET /requests.xml: <service_requests><request>…</request></service_requests>. A
    document type declaration (entities: the "billion laughs") is refused, never expanded."""
    from xml.parsers import expat

    out: list[Problem] = []
    table = Table(shown)
    data = _size_ok(path, shown, out)
    if data is None:
        return table, out
    parser = expat.ParserCreate(encoding=None)
    stack: list[str] = []
    current: list = [None, None, []]  # row, field name, text parts

    def refuse(*_a):
        raise _Refused()

    def start(name, attrs):
        stack.append(name)
        if len(stack) == 2 and name == "request":
            current[0] = Row(parser.CurrentLineNumber)
        elif len(stack) == 3 and current[0] is not None:
            current[1], current[2] = name, []

    def end(name):
        if len(stack) == 3 and current[0] is not None and current[1] == name:
            value = "".join(current[2])
            if value.strip():
                current[0].cells.setdefault(name, Cell(value, 0))
            current[1] = None
        elif len(stack) == 2 and name == "request" and current[0] is not None:
            table.rows.append(current[0])
            current[0] = None
        stack.pop()

    def chars(text):
        if current[1] is not None and len(stack) == 3:
            current[2].append(text)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    try:
        parser.Parse(data, True)
    except _Refused:
        out.append(error(Source(shown, parser.CurrentLineNumber), "import-file", "doctype"))
    except expat.ExpatError as exc:
        out.append(error(Source(shown, getattr(exc, "lineno", 0) or 0), "import-file", "xml",
                         detail=expat.ErrorString(exc.code) if getattr(exc, "code", None) else str(exc)))
    table.header = tuple(sorted({k for r in table.rows for k in r.cells}))
    return table, out


def is_day(value) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)
