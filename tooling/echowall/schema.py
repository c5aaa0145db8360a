"""The ledger format v1: one declaration that both validates files and becomes JSON Schema.

`check_doc(spec, doc)` walks a parsed document and returns problems with exact places;
`json_schema(spec)` turns the same declaration into a JSON Schema for editors
(`echowall schema` writes them to schema/). docs/ledger-format.md describes it in words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from .messages import Phrase
from .problems import Problem, error
from .text import char_kind, code_point, refused_char
from .yamlsrc import Doc, locate

# --- value parsing shared with the rest of the package -------------------------------

_DT_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})$"
)
_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
# Every pattern here validates a whole value: always `fullmatch` (with `match`, a `$` also
# matches before a final line break, so "13\n" would pass for "13").

# The years every date and instant in the ledger lies in: the span the code computes with
# (a promise adds at most a few weeks to a date; item ids carry a two-digit year). Outside
# it a value is `time-range`, never an overflow in the build.
YEAR_MIN = 2000
YEAR_MAX = 2099
_YEARS = "^(20[0-9]{2})"  # the same range in the JSON Schema's patterns


def parse_datetime(text: str) -> datetime | None:
    """'2026-04-15T09:30+08:00' -> aware datetime; None if malformed or impossible."""
    m = _DT_RE.fullmatch(text.strip())
    if not m:
        return None
    y, mo, d, h, mi, s, off = m.groups()
    try:
        if off == "Z":
            tz = timezone.utc
        else:
            sign = 1 if off[0] == "+" else -1
            digits = off[1:].replace(":", "")
            hours, minutes = int(digits[:2]), int(digits[2:])
            if hours > 14 or minutes > 59:
                return None
            tz = timezone(sign * timedelta(hours=hours, minutes=minutes))
        return datetime(int(y), int(mo), int(d), int(h), int(mi), int(s or 0), tzinfo=tz)
    except ValueError:
        return None


def parse_instant(text: str, tz) -> tuple[datetime, bool] | None:
    """A `filed` or `at` value: a date and time with offset, or (history items only) a date
    alone, read as the start of that day in the estate's zone `tz`. Returns (instant,
    day_only) or None. A date alone is kept as written in the file: no time is invented."""
    dt = parse_datetime(text)
    if dt is not None:
        return dt, False
    d = parse_date(text)
    if d is None:
        return None
    return datetime(d.year, d.month, d.day, tzinfo=tz), True


def in_range(value: date) -> bool:
    """True if a date (or an instant, by the calendar date written) lies in YEAR_MIN..YEAR_MAX."""
    return YEAR_MIN <= value.year <= YEAR_MAX


def parse_date(text: str) -> date | None:
    m = _DATE_RE.fullmatch(text.strip())
    if not m:
        return None
    try:
        return date(*map(int, m.groups()))
    except ValueError:
        return None


# --- the declaration ------------------------------------------------------------------

ID_PATTERN = r"^[a-z0-9](?:[a-z0-9_-]{0,38}[a-z0-9])?$"
ITEM_ID_PATTERN = r"^[0-9]{6}-[a-z0-9]{4,8}$"
UNIT_PATTERN = r"^[A-Za-z0-9]{1,8}$"


def _describe(value: Any) -> Phrase:
    """What was found, as a message (shown in the problem's language)."""
    if value is None:
        return Phrase("schema-got.nothing")
    if isinstance(value, bool):
        return Phrase("schema-got.boolean", value=str(value).lower())
    if isinstance(value, (int, float)):
        return Phrase("schema-got.number", value=value)
    if isinstance(value, dict):
        return Phrase("schema-got.mapping")
    if isinstance(value, list):
        return Phrase("schema-got.list")
    return Phrase("schema-got.text", value=value)


class T:
    """A value type. Subclasses validate and describe themselves as JSON Schema."""

    label = "a value"

    def check(self, value: Any, doc: Doc, path: tuple, out: list[Problem]) -> None:
        raise NotImplementedError

    def json(self) -> dict:
        raise NotImplementedError

    def type_problem(self, value: Any, doc: Doc, path: tuple, out: list[Problem]) -> None:
        typed = doc.typed(*path)
        if typed is not None and isinstance(self, (Str, Text, Enum, Id)) and not isinstance(value, (dict, list)):
            out.append(error(doc.at(*path), "schema-type", "unquoted", expected=self.label, got=_describe(value),
                             typed=str(typed)))
        else:
            out.append(error(doc.at(*path), "schema-type", expected=self.label, got=_describe(value)))


@dataclass
class Str(T):
    max_len: int = 200
    label: str = "text"
    fmt: str | None = None  # JSON Schema "format"

    multiline: bool = False  # line breaks allowed (descriptions, notes, comments)

    def check(self, value, doc, path, out):
        if not isinstance(value, str):
            return self.type_problem(value, doc, path, out)
        if not value.strip():
            out.append(error(doc.at(*path), "schema-empty", 'text'))
        elif len(value) > self.max_len:
            out.append(error(doc.at(*path), "schema-too-long",
                             'text', count=len(value), max_len=self.max_len))
        self.check_chars(value, doc, path, out)

    def check_chars(self, value, doc, path, out):
        """Control characters, separators, bidi overrides and non-characters are refused
        (text.py says which and why); the first one in a value is reported, where it is
        when it was typed as itself, else at the value."""
        i = refused_char(value, self.multiline)
        if i is None:
            return
        ch = value[i]
        out.append(error(locate(doc, path, value, i, ch), "text-control", char_kind(ch),
                         char=code_point(ch), position=i + 1))

    def json(self):
        d = {"type": "string", "minLength": 1, "maxLength": self.max_len}
        if self.fmt:
            d["format"] = self.fmt
        return d


@dataclass
class Text(Str):
    """Free text a person typed: plain text, line breaks kept, never rendered as Markup."""

    max_len: int = 4000
    label: str = "text"
    multiline: bool = True


@dataclass
class Url(Str):
    max_len: int = 500
    label: str = "an http(s) address"

    def check(self, value, doc, path, out):
        if not isinstance(value, str):
            return self.type_problem(value, doc, path, out)
        if not re.fullmatch(r"^https?://[^\s<>\"']+$", value):
            out.append(error(doc.at(*path), "schema-format",
                             value=value))
        self.check_chars(value, doc, path, out)

    def json(self):
        return {"type": "string", "pattern": r"^https?://[^\s<>\"']+$"}


@dataclass
class Id(T):
    pattern: str = ID_PATTERN
    label: str = "an id"
    hint: str = "lower-case letters, digits, '-' or '_'"

    def check(self, value, doc, path, out):
        if not isinstance(value, str):
            return self.type_problem(value, doc, path, out)
        if not re.fullmatch(self.pattern, value):
            out.append(error(doc.at(*path), "schema-id", value=value, hint=self.hint))

    def json(self):
        return {"type": "string", "pattern": self.pattern}


@dataclass
class Int(T):
    min: int | None = None
    max: int | None = None
    label: str = "a whole number"

    def check(self, value, doc, path, out):
        if isinstance(value, bool) or not isinstance(value, int):
            return self.type_problem(value, doc, path, out)
        if (self.min is not None and value < self.min) or (self.max is not None and value > self.max):
            lo = "" if self.min is None else str(self.min)
            hi = "" if self.max is None else str(self.max)
            out.append(error(doc.at(*path), "schema-range", value=value, lo=lo, hi=hi))

    def json(self):
        d: dict = {"type": "integer"}
        if self.min is not None:
            d["minimum"] = self.min
        if self.max is not None:
            d["maximum"] = self.max
        return d


@dataclass
class Bool(T):
    label: str = "true or false"

    def check(self, value, doc, path, out):
        if not isinstance(value, bool):
            self.type_problem(value, doc, path, out)

    def json(self):
        return {"type": "boolean"}


@dataclass
class Enum(T):
    values: tuple = ()

    @property
    def label(self):  # type: ignore[override]
        return Phrase("schema-label.enum", values=list(self.values))

    def check(self, value, doc, path, out):
        if not isinstance(value, str):
            return self.type_problem(value, doc, path, out)
        if value not in self.values:
            out.append(error(doc.at(*path), "schema-enum",
                             value=value, values=self.values))

    def json(self):
        return {"type": "string", "enum": list(self.values)}


@dataclass
class DateTime(T):
    label: str = "a date and time with offset, like 2026-04-15T09:30+08:00"

    def check(self, value, doc, path, out):
        if not isinstance(value, str):
            return self.type_problem(value, doc, path, out)
        if parse_datetime(value) is None:
            if _DT_RE.fullmatch(value.strip()):
                out.append(error(doc.at(*path), "schema-datetime", "not-real", value=value))
            elif re.fullmatch(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?$", value.strip()):
                out.append(error(doc.at(*path), "schema-datetime", "no-offset", value=value, example=value.strip() + "+08:00"))
            else:
                out.append(error(doc.at(*path), "schema-datetime", value=value, expected=self.label))
        elif not in_range(parse_datetime(value)):
            out.append(error(doc.at(*path), "time-range", value=value, lo=YEAR_MIN, hi=YEAR_MAX))

    def json(self):
        return {"type": "string", "pattern": _DT_RE.pattern.replace(r"^(\d{4})", _YEARS)}


@dataclass
class Instant(DateTime):
    """`filed` and event/rating `at`: a date and time with offset, or a date alone — which
    only history items (filed before the estate's start date) may use; the timeline check
    says so (`time-date-only`), since the schema does not know the start date."""

    label: str = "a date and time with offset, like 2026-04-15T09:30+08:00 (history items: or a date)"

    def check(self, value, doc, path, out):
        if isinstance(value, str) and parse_date(value) is not None:
            if not in_range(parse_date(value)):
                out.append(error(doc.at(*path), "time-range", value=value, lo=YEAR_MIN, hi=YEAR_MAX))
            return
        super().check(value, doc, path, out)

    def json(self):
        dt = super().json()["pattern"]
        day = _DATE_RE.pattern.replace(r"^(\d{4})", _YEARS)
        return {"type": "string", "pattern": f"(?:{dt})|(?:{day})"}


@dataclass
class Number(T):
    """A coordinate: a number (YAML int or float) within [min, max]."""

    min: float = -180.0
    max: float = 180.0
    label: str = "a number"

    def check(self, value, doc, path, out):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
            return self.type_problem(value, doc, path, out)
        if not self.min <= value <= self.max:
            out.append(error(doc.at(*path), "schema-range", value=value, lo=str(self.min), hi=str(self.max)))

    def json(self):
        return {"type": "number", "minimum": self.min, "maximum": self.max}


@dataclass
class Date(T):
    label: str = "a date like 2026-04-15"

    def check(self, value, doc, path, out):
        if not isinstance(value, str):
            return self.type_problem(value, doc, path, out)
        if parse_date(value) is None:
            if _DATE_RE.fullmatch(value.strip()):
                out.append(error(doc.at(*path), "schema-date", "not-real", value=value))
            else:
                out.append(error(doc.at(*path), "schema-date", value=value, expected=self.label))
        elif not in_range(parse_date(value)):
            out.append(error(doc.at(*path), "time-range", value=value, lo=YEAR_MIN, hi=YEAR_MAX))

    def json(self):
        return {"type": "string", "pattern": _DATE_RE.pattern.replace(r"^(\d{4})", _YEARS)}


@dataclass
class ListOf(T):
    of: T = field(default_factory=Str)
    min_items: int = 0
    max_items: int = 500
    label: str = "a list"

    def check(self, value, doc, path, out):
        if not isinstance(value, list):
            return self.type_problem(value, doc, path, out)
        if len(value) < self.min_items:
            out.append(error(doc.at(*path), "schema-empty", 'list-one') if self.min_items == 1 else
                       error(doc.at(*path), "schema-empty", 'list-min', min_items=self.min_items))
        if len(value) > self.max_items:
            out.append(error(doc.at(*path), "schema-too-long", count=len(value), max_items=self.max_items))
        for i, v in enumerate(value):
            self.of.check(v, doc, path + (i,), out)

    def json(self):
        d = {"type": "array", "items": self.of.json()}
        if self.min_items:
            d["minItems"] = self.min_items
        d["maxItems"] = self.max_items
        return d


@dataclass
class OneOrMany(T):
    """A single value or a list of them (a joint dispatch names several roles)."""

    of: T = field(default_factory=Id)
    label: str = "an id or a list of ids"

    def check(self, value, doc, path, out):
        if isinstance(value, list):
            if not value:
                out.append(error(doc.at(*path), "schema-empty"))
            for i, v in enumerate(value):
                self.of.check(v, doc, path + (i,), out)
        elif isinstance(value, str):
            self.of.check(value, doc, path, out)
        else:
            self.type_problem(value, doc, path, out)

    def json(self):
        return {"oneOf": [self.of.json(), {"type": "array", "items": self.of.json(), "minItems": 1}]}


MONEY_RE = re.compile(r"^-?(0|[1-9][0-9]{0,11})(\.[0-9]{1,2})?$")


@dataclass
class Money(T):
    """An exact amount in yuan, written as a quoted decimal string ("1280.50"): never a YAML
    number, which would be read as a binary float that cannot hold every fen exactly."""

    signed: bool = False  # balances may be negative; amounts never
    label: str = 'an amount in yuan, in quotes, like "1280.50"'

    def check(self, value, doc, path, out):
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            return self.type_problem(value, doc, path, out)
        if not isinstance(value, str):
            typed = doc.typed(*path)
            written = typed if typed is not None else value
            out.append(error(doc.at(*path), "schema-money", "unquoted", written=written))
            return
        text = value.strip()
        if MONEY_RE.fullmatch(text) and (self.signed or not text.startswith("-")):
            return
        at = doc.at(*path)
        if "," in text or "，" in text or " " in text:
            out.append(error(at, "schema-money", "separators", value=value))
        elif re.fullmatch(r"^-?[0-9]+\.[0-9]{3,}$", text):
            out.append(error(at, "schema-money", "decimals", value=value))
        elif text.startswith("-") and not self.signed:
            out.append(error(at, "schema-money", "negative", value=value))
        else:
            out.append(error(at, "schema-money", "not-money", value=value, expected=self.label))

    def json(self):
        pattern = MONEY_RE.pattern if self.signed else MONEY_RE.pattern.replace("^-?", "^")
        return {"type": "string", "pattern": pattern}


@dataclass
class MapOf(T):
    """A mapping from ids to values of one type (a budget: category -> amount)."""

    of: T = field(default_factory=Str)
    label: str = "a mapping of ids to values"

    def check(self, value, doc, path, out):
        if not isinstance(value, dict):
            return self.type_problem(value, doc, path, out)
        for k, v in value.items():
            if not isinstance(k, str) or not re.fullmatch(ID_PATTERN, k):
                out.append(error(doc.key_at(*path, k), "schema-id", 'key', key=k))
                continue
            self.of.check(v, doc, path + (k,), out)

    def json(self):
        return {"type": "object", "propertyNames": {"pattern": ID_PATTERN}, "additionalProperties": self.of.json()}


@dataclass
class F:
    """A field of a mapping."""

    type: T
    required: bool = False
    doc: str = ""


@dataclass
class Map(T):
    fields: dict = field(default_factory=dict)  # name -> F
    title: str = ""
    label: str = "a mapping of keys to values"
    private_keys: tuple = ()  # keys refused with a privacy message instead of 'unknown key'

    def check(self, value, doc, path, out):
        if not isinstance(value, dict):
            return self.type_problem(value, doc, path, out)
        for name, f in self.fields.items():
            if name in value:
                if value[name] is None and not f.required:
                    out.append(error(doc.at(*path, name), "schema-type", "empty",
                                     name=name))
                    continue
                f.type.check(value[name], doc, path + (name,), out)
            elif f.required:
                out.append(error(doc.at(*path), "schema-required", name=name))
        for name in value:
            if name not in self.fields:
                if name in self.private_keys:
                    out.append(error(doc.key_at(*path, name), "privacy-key",
                                     name=name))
                else:
                    close = _closest(name, self.fields)
                    hint = Phrase("schema-unknown-key.near", close=close) if close else \
                        Phrase("schema-unknown-key.allowed", allowed=list(self.fields))
                    out.append(error(doc.key_at(*path, name), "schema-unknown-key", name=name, hint=hint))

    def json(self):
        d = {
            "type": "object",
            "additionalProperties": False,
            "properties": {},
        }
        if self.title:
            d["title"] = self.title
        for name, f in self.fields.items():
            s = dict(f.type.json())
            if f.doc:
                s["description"] = f.doc
            d["properties"][name] = s
        req = [n for n, f in self.fields.items() if f.required]
        if req:
            d["required"] = req
        return d


def _closest(name: str, names) -> str | None:
    import difflib

    m = difflib.get_close_matches(name, list(names), n=1, cutoff=0.75)
    return m[0] if m else None


def check_doc(spec: T, doc: Doc) -> list[Problem]:
    out: list[Problem] = []
    if doc.data is None:
        out.append(error(doc.at(), "schema-empty", 'file'))
        return out
    spec.check(doc.data, doc, (), out)
    return out


# --- ledger format v1 ---------------------------------------------------------------

KINDS = ("problem", "need", "resource")
COMPLEXITIES = ("simple", "complex", "project")
CHANNELS = ("qr", "phone", "visit", "patrol", "meeting", "wechat", "form", "hotline", "other")
EVENT_TYPES = ("dispatched", "accepted", "progress", "urged", "escalated", "resolved",
               "declined", "reopened", "matched", "withdrawn", "supported")
OUTCOMES = ("fixed", "partly", "not_fixed")
RELATIONS = ("duplicate_of", "matches", "related")
INTAKE_KINDS = ("form", "wechat", "phone", "office", "other")

# Which event types each kind allows (a resource is offered, matched, used up, withdrawn).
KIND_EVENTS = {
    "problem": ("dispatched", "accepted", "progress", "urged", "escalated", "resolved", "declined", "reopened",
                "supported"),
    "need": ("dispatched", "accepted", "progress", "urged", "escalated", "resolved", "declined", "reopened", "matched",
             "supported"),
    "resource": ("progress", "matched", "resolved", "withdrawn"),
}
# Fields each event type needs, and may carry (besides `at` and `type`).
EVENT_REQUIRED = {
    "dispatched": ("tier", "role"),
    "escalated": ("tier", "role"),
    "accepted": ("role",),
    "progress": ("note",),
    "urged": (),
    "resolved": ("note",),
    "declined": ("note",),
    "reopened": ("note",),
    "matched": ("note", "item"),
    "withdrawn": (),
    "supported": (),  # 我也遇到: another household has the same problem; no role, the promise is unchanged
}
EVENT_OPTIONAL = {
    "dispatched": ("note", "by"),
    "escalated": ("note", "by"),
    "accepted": ("note", "by"),
    "progress": ("expected", "by"),
    "urged": ("note", "channel"),
    "resolved": ("by",),
    "declined": ("by",),
    "reopened": (),
    "matched": (),
    "withdrawn": ("note",),
    "supported": ("note", "channel"),
}
# Keys that would hold a private person in an item file.
PERSON_KEYS = ("reporter", "reported_by", "resident", "name", "phone", "mobile", "tel", "contact",
               "email", "wechat", "id_card", "room", "address", "plate")

NOTE = Text(max_len=2000)

EVENT = Map(title="event", private_keys=PERSON_KEYS, fields={
    "at": F(Instant(), True, "when it happened, with offset (history items: or a date)"),
    "type": F(Enum(values=EVENT_TYPES), True, "what happened"),
    "by": F(Str(max_len=120), doc="the organisation that acted (a department, the property company): "
                                  "Open311 agency_responsible; never a private person"),
    "tier": F(Id(), doc="escalation tier id from estate.yml (dispatched, escalated)"),
    "role": F(OneOrMany(Id()), doc="role id, or a list for joint handling (dispatched, escalated, accepted)"),
    "note": F(NOTE, doc="plain text: what was done or said"),
    "expected": F(Date(), doc="progress: the date the work is expected to be done"),
    "item": F(Id(pattern=ITEM_ID_PATTERN, hint="an item id like 260415-7kq2"), doc="matched: the other item"),
    "channel": F(Enum(values=CHANNELS), doc="urged: how the resident urged"),
})

RATING = Map(title="rating", private_keys=PERSON_KEYS, fields={
    "at": F(Instant(), True, "when it was given, with offset (history items: or a date)"),
    "score": F(Int(min=1, max=5), True, "1 (very unhappy) to 5 (very happy)"),
    "outcome": F(Enum(values=OUTCOMES), True),
    "channel": F(Enum(values=CHANNELS), True, "how the rating was collected (phone = call-back)"),
    "comment": F(NOTE),
})

REDACTION = Map(title="redaction", fields={
    "at": F(DateTime(), True, "when it was redacted, with offset"),
    "path": F(Str(max_len=120), True, "the field redacted, e.g. events.3.note (list positions count from 0)"),
    "reason": F(Enum(values=("personal_data", "legal")), True,
                "personal_data: what the privacy rules flag; legal: anything else, on a request or decision"),
    "note": F(Text(max_len=500), doc="for legal: the request or decision behind it (no personal data)"),
})

REDACTIONS = F(ListOf(of=REDACTION, max_items=1000), doc="append-only log: one entry per redacted field "
                                                         "(echowall redact writes marker and entry together)")

LINK = Map(title="link", fields={
    "item": F(Id(pattern=ITEM_ID_PATTERN, hint="an item id like 260415-7kq2"), True),
    "relation": F(Enum(values=RELATIONS), True),
})

REF = Map(title="external reference", fields={
    "source": F(Id(), True, "a source declared under ref_sources in estate.yml (the hotline, the online form)"),
    "id": F(Str(max_len=80), True, "the record's id in that source, in the form estate.yml declares for it"),
})

ITEM = Map(title="Echo Wall item", private_keys=PERSON_KEYS, fields={
    "id": F(Id(pattern=ITEM_ID_PATTERN, hint="the file name: date YYMMDD, '-', 4-8 lower-case letters or digits"), True,
            "equals the file name without .yml"),
    "kind": F(Enum(values=KINDS), True, "problem 问题, need 需求 or resource 资源"),
    "title": F(Str(max_len=80), True, "one line, shown in lists"),
    "description": F(Text(), True, "plain text; line breaks are kept"),
    "category": F(Id(), True, "category id from estate.yml"),
    "building": F(Id(), doc="building id from buildings.yml; leave out for estate-wide matters"),
    "unit": F(Id(pattern=UNIT_PATTERN, hint="letters or digits"), doc="unit id of that building"),
    "place": F(Str(max_len=120), doc="where, in words (no room numbers)"),
    "complexity": F(Enum(values=COMPLEXITIES), True, "simple: same day; complex: answer in 3 days; project: key matter"),
    "filed": F(Instant(), True, "when the resident reported it, with offset; history items (filed before the "
                                "estate's start date) may give the date alone"),
    "channel": F(Enum(values=CHANNELS), True, "how it reached us"),
    "photos": F(ListOf(of=Str(max_len=200), max_items=20), doc="paths under ledger/media/"),
    "events": F(ListOf(of=EVENT), doc="append-only history"),
    "ratings": F(ListOf(of=RATING), doc="append-only ratings, each after a resolved event"),
    "links": F(ListOf(of=LINK), doc="related items"),
    "ref": F(REF, doc="public id of the record this item came from (a hotline work order, a form answer); "
                      "fixed at filing, unique, exempt from the number rules (but never a phone or ID number)"),
    "redactions": REDACTIONS,
})

NAMED = Map(title="named entry", fields={
    "id": F(Id(), True),
    "name": F(Str(max_len=60), True),
    "description": F(Text(max_len=500)),
})

CATEGORY = NAMED

DIRECTIONS = ("income", "expense")

ACCOUNT = Map(title="revenue account", fields={
    "id": F(Id(), True, "the folder under ledger/revenue/"),
    "name": F(Str(max_len=60), True, "e.g. 公共收益, 专项维修资金"),
    "description": F(Text(max_len=500)),
    "shared_income": F(Bool(), doc="income from the shared parts (Civil Code art. 282): show the owners' share"),
    "categories": F(ListOf(of=Id(), min_items=1, max_items=100),
                    doc="the revenue categories this account may book; leave out for no restriction"),
})

REVENUE_CATEGORY = Map(title="revenue category", fields={
    "id": F(Id(), True),
    "name": F(Str(max_len=60), True),
    "direction": F(Enum(values=DIRECTIONS), True, "income (parking, advertising, ...) or expense (repairs, ...)"),
    "earning_cost": F(Bool(), doc="expense: a reasonable cost of earning the shared income"),
    "description": F(Text(max_len=500)),
})

REVENUE_SETTINGS = Map(title="revenue settings", fields={
    "approval_threshold": F(Money(), doc="expenses above this need an approval reference (default 0: all do)"),
    "accounts": F(ListOf(of=ACCOUNT, min_items=1), True, "public 公共收益 and maintenance 专项维修资金 kept apart"),
    "categories": F(ListOf(of=REVENUE_CATEGORY, min_items=1), True),
    "approval_bodies": F(ListOf(of=Str(max_len=30), min_items=1, max_items=50),
                         doc="the deciding bodies an approval must name (default: 业主大会, 业主代表会议, 业委会, 业主表决, ...)"),
    "split_window_days": F(Int(min=1, max=366),
                           doc="unapproved expenses to one counterparty in one category within this many days are "
                               "added up against the approval threshold (default 30)"),
    "controls_from": F(Date(), doc="without --base, the money controls judge entries dated from this day on "
                                   "(set it when upgrading a ledger with published entries)"),
})

INTAKE = Map(title="reporting route", fields={
    "kind": F(Enum(values=INTAKE_KINDS), True),
    "label": F(Str(max_len=60), True, "what the resident sees"),
    "url": F(Url(), doc="a form or page address"),
    "prefill": F(Str(max_len=300), doc="query added to url, with {building}, {unit} and {item} filled in"),
    "value": F(Str(max_len=120), doc="a public work phone number or WeChat account"),
    "note": F(Text(max_len=500), doc="hours, what to say"),
})

LAT = F(Number(min=-90.0, max=90.0), doc="latitude, WGS 84 decimal degrees (for Open311 lat)")
LONG = F(Number(min=-180.0, max=180.0), doc="longitude, WGS 84 decimal degrees (for Open311 long)")


ESTATE = Map(title="Echo Wall estate", fields={
    "id": F(Id(), True),
    "name": F(Str(max_len=60), True, "estate name, e.g. 石桥新村"),
    "community": F(Str(max_len=60), True, "社区"),
    "subdistrict": F(Str(max_len=60), True, "街道"),
    "city": F(Str(max_len=60)),
    "timezone": F(Str(max_len=60), doc="IANA zone; default Asia/Shanghai"),
    "lat": LAT,
    "long": LONG,
    "contact": F(Map(title="public contact", fields={
        "office_phone": F(Str(max_len=40), True, "the office's public number"),
        "place": F(Str(max_len=120), True),
        "hours": F(Str(max_len=120), True),
        "public_numbers": F(ListOf(of=Str(max_len=40)), doc="other public numbers allowed in the ledger"),
        "public_names": F(ListOf(of=Str(max_len=40)), doc="names of staff who agreed to be named (朱建华, 李工): "
                                                          "allowed in the ledger, as written"),
    }), True),
    "intake": F(ListOf(of=INTAKE, min_items=1), True, "reporting routes, in the order residents see them"),
    "promise": F(Map(title="promise", fields={
        "complex_days": F(Int(min=1, max=30), doc="days for a first answer to complex and project items (default 3); "
                                                  "the same as one term from the beginning"),
        "terms": F(ListOf(of=Map(title="promise term", fields={
            "from": F(Date(), True, "the first day this term applies to (estate time); the first term's is the start date"),
            "complex_days": F(Int(min=1, max=30), True, "days for a first answer to complex and project items"),
        }), min_items=1, max_items=100), doc="append-only; a new term's `from` is today or later; "
                                             "items filed before the first `from` are history (历史记录)"),
        "min_sample": F(Int(min=1, max=1000), doc="below this many items a count is shown instead of a rate (default 10)"),
        "backdate_days": F(Int(min=0, max=30), doc="a new event or rating may be dated at most this many days before "
                                                  "the check (default 3)"),
    })),
    "roles": F(ListOf(of=NAMED, min_items=1), True, "the nine chiefs and other roles items are dispatched to"),
    "tiers": F(ListOf(of=NAMED, min_items=1), True, "escalation tiers, lowest first"),
    "categories": F(ListOf(of=CATEGORY, min_items=1), True),
    "revenue": F(REVENUE_SETTINGS, doc="public revenue: accounts, categories, approval threshold"),
    "ref_sources": F(ListOf(of=Map(title="ref source", fields={
        "id": F(Id(), True, "what items write as ref.source, e.g. hotline"),
        "name": F(Str(max_len=60), True, "e.g. 12345热线"),
        "pattern": F(Str(max_len=200), True, "a regular expression every id of this source matches, e.g. ^FZ[0-9]{11}$"),
        "description": F(Text(max_len=500)),
    }), max_items=50), doc="where items' external references (ref) come from, and the form of their ids"),
})

BUILDING = Map(title="building", fields={
    "id": F(Id(), True, "permanent: printed on posters as b/<id>/"),
    "name": F(Str(max_len=40), True),
    "units": F(ListOf(of=Id(pattern=UNIT_PATTERN, hint="letters or digits")), doc="unit ids, permanent: b/<id>/#u<unit>"),
    "households": F(Int(min=0, max=100000)),
    "lat": LAT,
    "long": LONG,
})

BUILDINGS = Map(title="Echo Wall buildings", fields={
    "buildings": F(ListOf(of=BUILDING, min_items=1, max_items=5000), True),
})

ENTRY_ID_PATTERN = r"^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,30}[A-Za-z0-9])?$"
ENTRY_ID = Id(pattern=ENTRY_ID_PATTERN, hint="letters, digits, '-' or '_', e.g. 2025-017")

REVENUE_ENTRY = Map(title="revenue entry", private_keys=PERSON_KEYS, fields={
    "id": F(ENTRY_ID, True, "unique within the account, never reused, e.g. 2025-017"),
    "date": F(Date(), True, "inside the period"),
    "direction": F(Enum(values=DIRECTIONS), True),
    "category": F(Id(), True, "revenue category id from estate.yml"),
    "description": F(Text(max_len=500), True, "plain text"),
    "amount": F(Money(), True, 'positive, in quotes, at most two decimals: "1280.50"'),
    "evidence": F(Str(max_len=200), True, "receipt, invoice or bank-slip number"),
    "approval": F(Str(max_len=200), doc="expenses: the decision that approved it (owners' meeting resolution, ...)"),
    "counterparty": F(Str(max_len=120), doc="the organisation paid or paying (never a private person)"),
    "items": F(ListOf(of=Id(pattern=ITEM_ID_PATTERN, hint="an item id like 260415-7kq2"), max_items=50),
               doc="items this money was spent on"),
    "reverses": F(ENTRY_ID, doc="a correction: the id of the entry this one reverses (same amount, opposite direction)"),
})

REVENUE = Map(title="Echo Wall revenue period", fields={
    "account": F(Id(), True, "the account id; equals the folder name"),
    "currency": F(Enum(values=("CNY",)), doc="CNY (the default)"),
    "opening_balance": F(Money(signed=True), True, "equals the previous period's closing_balance"),
    "budget": F(MapOf(of=Money()), doc="optional: category id -> budgeted amount for the period"),
    "entries": F(ListOf(of=REVENUE_ENTRY, max_items=5000), doc="append-only; correct a mistake with a reversing entry"),
    "closing_balance": F(Money(signed=True), doc="only once the period is closed; then the file is fixed"),
    "note": F(Text(max_len=2000)),
    "redactions": REDACTIONS,
})

SCHEMAS = {"estate": ESTATE, "buildings": BUILDINGS, "item": ITEM, "revenue": REVENUE}


def json_schema(name: str) -> dict:
    spec = SCHEMAS[name]
    d = {"$schema": "https://json-schema.org/draft/2020-12/schema",
         "$id": f"https://echowall.invalid/schema/{name}.schema.json"}
    d.update(spec.json())
    if name == "item":
        # Per event type: the fields it needs, and only those it may carry.
        rules = []
        for t in EVENT_TYPES:
            allowed = {"at", "type", *EVENT_REQUIRED[t], *EVENT_OPTIONAL[t]}
            rules.append({
                "if": {"properties": {"type": {"const": t}}},
                "then": {
                    "required": ["at", "type", *EVENT_REQUIRED[t]],
                    "propertyNames": {"enum": sorted(allowed)},
                },
            })
        d["properties"]["events"]["items"]["allOf"] = rules
    return d
