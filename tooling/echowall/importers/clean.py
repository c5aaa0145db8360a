"""Cleaning what exports carry: Excel's `_x000D_` escapes, stray whitespace, control
characters; times as written (a date alone stays a date; a time without offset is read in the
mapping's zone); cells a spreadsheet would run as a formula.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from ..text import refused_char

_EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
# A cell that a spreadsheet runs: `=…`, or `+ - @` followed by a call or a DDE link
# (`+cmd|' /C calc'!A0`, `@SUM(…)`, `-2+3+cmd|…`)
_FORMULA = re.compile(r"^\s*(?:=|[+\-@]\s*[A-Za-z_][A-Za-z0-9_.]*\s*[(|!]|[+\-@][^|]*\|)")


def _unescape_excel(text: str) -> str:
    """Excel writes a carriage return inside a cell as the literal `_x000D_` (and other
    control characters as `_xHHHH_`): turn them back into the character."""
    return _EXCEL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def clean_text(value, multiline: bool) -> str:
    """Plain text as the ledger keeps it: escapes undone, CR LF and CR as LF, each line
    without trailing spaces, no blank lines at the ends, characters the format refuses (a
    stray control or direction override) dropped; one-line fields joined with spaces."""
    text = _unescape_excel(str(value))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = text.replace("\u3000", " ") if not multiline else text
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    text = "\n".join(lines) if multiline else " ".join(" ".join(line.split()) for line in lines if line.strip())
    while True:
        i = refused_char(text, multiline)
        if i is None:
            break
        text = text[:i] + text[i + 1:]
    return text.strip()


def is_formula(value) -> bool:
    return isinstance(value, str) and _FORMULA.match(_unescape_excel(value)) is not None


def clean_id(value) -> str:
    """An id as the source wrote it: NFKC (full-width digits become digits), no whitespace
    or invisible characters."""
    text = unicodedata.normalize("NFKC", _unescape_excel(str(value)))
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf")


_BUILDING_SUFFIX = re.compile(r"(?:幢|栋|號樓|号楼|号|楼|座)$")
_UNIT_SUFFIX = re.compile(r"(?:单元|單元)$")


def clean_place_id(value, unit: bool = False) -> str:
    """A building or unit as a form's link parameter or a sheet writes it: `5`, `５`, `5幢`,
    `2单元` → `5`, `2`."""
    text = clean_id(value)
    return (_UNIT_SUFFIX if unit else _BUILDING_SUFFIX).sub("", text)


# -- times ---------------------------------------------------------------------------------

_DATE_ONLY = [
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
]
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_DATETIME = re.compile(
    r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?[T ]?\s*(\d{1,2})[:时](\d{1,2})(?:[:分](\d{1,2}(?:\.\d+)?)秒?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?$")
_US_DATETIME = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?$")


class BadTime(ValueError):
    pass


def _offset(text: str):
    from datetime import timedelta, timezone

    if text == "Z":
        return timezone.utc
    sign = 1 if text[0] == "+" else -1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 14 or minutes > 59:
        raise BadTime(text)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def parse_when(value, tz: ZoneInfo, us_dates: bool = False) -> datetime | date:
    """A time as an export writes it → an aware datetime (a time without offset is in `tz`),
    or a date when only a date is given. Raises BadTime."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, date):
        return value
    text = unicodedata.normalize("NFKC", _unescape_excel(str(value))).strip()
    try:
        for rx in _DATE_ONLY:
            m = rx.match(text)
            if m:
                return date(*map(int, m.groups()))
        m = _US_DATE.match(text) if us_dates else None
        if m:
            mo, d, y = map(int, m.groups())
            return date(y, mo, d)
        m = _DATETIME.match(text)
        if m:
            y, mo, d, h, mi, s, off = m.groups()
            sec = float(s) if s else 0.0
            dt = datetime(int(y), int(mo), int(d), int(h), int(mi), int(sec))
            return dt.replace(tzinfo=_offset(off) if off else tz)
        m = _US_DATETIME.match(text) if us_dates else None
        if m:
            mo, d, y, h, mi, s, ampm = m.groups()
            h = int(h)
            if ampm:
                if not 1 <= h <= 12:
                    raise BadTime(text)
                h = h % 12 + (12 if ampm.lower() == "pm" else 0)
            return datetime(int(y), int(mo), int(d), h, int(mi), int(s or 0), tzinfo=tz)
    except ValueError:
        raise BadTime(text) from None
    raise BadTime(text)


def write_when(value: datetime | date, tz: ZoneInfo) -> str:
    """As the ledger writes it: a date alone as YYYY-MM-DD; an instant in the estate's zone,
    to the minute unless it has seconds."""
    if isinstance(value, datetime):
        local = value.astimezone(tz)
        return local.isoformat(timespec="seconds" if local.second else "minutes")
    return value.isoformat()


def instant(value: datetime | date, tz: ZoneInfo) -> datetime:
    """For ordering and the start date: a date alone is the start of that day (estate time)."""
    if isinstance(value, datetime):
        return value
    return datetime.combine(value, time(0), tz)
