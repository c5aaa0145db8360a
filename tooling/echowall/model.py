"""Frozen records of the ledger, each with the place it was written (`.source`).

`build_model(raw)` checks every document against the format (schema.py) and turns the
documents that pass into records. A file with schema problems is left out of the later
checks (its id is still known, so links to it are not reported twice).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .approval import DEFAULT_BODIES
from .load import RawLedger
from .problems import Problem, Source, error
from .redaction import redactions_of
from .schema import (BUILDINGS, ESTATE, ITEM, REVENUE, YEAR_MAX, YEAR_MIN, check_doc, parse_date, parse_datetime,
                     parse_instant)
from .yamlsrc import Doc

DEFAULT_TZ = "Asia/Shanghai"


def estate_tz(name) -> ZoneInfo:
    """estate.yml's `timezone` (a bad one is a problem of its own; meanwhile the default)."""
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TZ)
DEFAULT_COMPLEX_DAYS = 3
DEFAULT_MIN_SAMPLE = 10
DEFAULT_BACKDATE_DAYS = 3  # how far back a new event or rating may be dated (transcribing visits, calls)


@dataclass(frozen=True)
class PromiseTerm:
    """From `start` (a date, estate time; None: from the beginning) items are filed under a
    first answer within `complex_days`. Terms are append-only: a change applies to items
    filed on or after its start, never to those filed before."""

    start: date | None
    complex_days: int
    source: Source = Source("")
DEFAULT_SPLIT_WINDOW_DAYS = 30


@dataclass(frozen=True)
class Named:
    id: str
    name: str
    description: str = ""
    source: Source = Source("")


Category = Named


@dataclass(frozen=True)
class Account(Named):
    shared_income: bool = False  # income from the shared parts: the owners'-share statement applies
    categories: tuple | None = None  # the revenue categories it may book; None: any

    def books(self, cid: str) -> bool:
        return self.categories is None or cid in self.categories


@dataclass(frozen=True)
class RevenueCategory(Named):
    direction: str = "income"  # income | expense
    earning_cost: bool = False  # expense: a reasonable cost of earning the shared income


@dataclass(frozen=True)
class RevenueSettings:
    approval_threshold: Decimal = Decimal("0")
    accounts: tuple = ()
    categories: tuple = ()
    approval_bodies: tuple = DEFAULT_BODIES  # the deciding bodies an approval must name
    split_window_days: int = DEFAULT_SPLIT_WINDOW_DAYS
    controls_from: date | None = None  # without --base, the money controls judge entries from this day

    def account(self, aid: str) -> Account | None:
        return next((a for a in self.accounts if a.id == aid), None)

    def category(self, cid: str) -> RevenueCategory | None:
        return next((c for c in self.categories if c.id == cid), None)


@dataclass(frozen=True)
class Route:
    kind: str
    label: str
    url: str = ""
    prefill: str = ""
    value: str = ""
    note: str = ""


@dataclass(frozen=True)
class Contact:
    office_phone: str
    place: str
    hours: str
    public_numbers: tuple = ()
    public_names: tuple = ()  # staff who agreed to be named


@dataclass(frozen=True)
class RefSource:
    """Where items' external references come from (a hotline, a form) and the form of their ids."""

    id: str
    name: str
    pattern: str
    source: Source = Source("")


@dataclass(frozen=True)
class Estate:
    id: str
    name: str
    community: str
    subdistrict: str
    city: str
    timezone: str
    contact: Contact
    intake: tuple
    complex_days: int  # the term in force now (the last one); items use complex_days_on(filed day)
    min_sample: int
    roles: tuple
    tiers: tuple
    categories: tuple
    revenue: RevenueSettings
    source: Source
    doc: Doc = field(repr=False, compare=False, default=None)  # type: ignore[assignment]
    terms: tuple = ()  # PromiseTerm, in date order; the first start is the estate's start date
    backdate_days: int = DEFAULT_BACKDATE_DAYS
    ref_sources: tuple = ()  # RefSource
    lat: float | None = None  # the estate's coordinates (Open311 lat/long of estate-wide items)
    long: float | None = None

    @property
    def start(self) -> date | None:
        """The estate's start date: items filed before it are history, under no promise."""
        return self.terms[0].start if self.terms else None

    def is_history(self, filed: datetime) -> bool:
        return self.start is not None and filed.astimezone(self.tz).date() < self.start

    def complex_days_on(self, day: date) -> int:
        """The term an item filed on `day` (estate time) was promised under."""
        days = self.complex_days
        for term in self.terms:
            if term.start is None or term.start <= day:
                days = term.complex_days
        return days

    @property
    def tz(self) -> ZoneInfo:
        return estate_tz(self.timezone)

    def role(self, rid: str) -> Named | None:
        return next((r for r in self.roles if r.id == rid), None)

    def tier(self, tid: str) -> Named | None:
        return next((t for t in self.tiers if t.id == tid), None)

    def category(self, cid: str) -> Category | None:
        return next((c for c in self.categories if c.id == cid), None)


@dataclass(frozen=True)
class Building:
    id: str
    name: str
    units: tuple
    households: int | None
    source: Source
    index: int = 0
    lat: float | None = None  # optional coordinates (Open311 lat/long)
    long: float | None = None


@dataclass(frozen=True)
class Event:
    index: int
    at: datetime
    type: str
    tier: str = ""
    roles: tuple = ()
    note: str = ""
    expected: date | None = None
    item: str = ""
    channel: str = ""
    fields: tuple = ()  # the keys written, to check what each type needs
    source: Source = Source("")
    by: str = ""  # the organisation that acted (Open311 agency_responsible)
    day_only: bool = False  # `at` was a date alone (history items): shown as a date, never a time


@dataclass(frozen=True)
class Rating:
    index: int
    at: datetime
    score: int
    outcome: str
    channel: str
    comment: str = ""
    source: Source = Source("")
    day_only: bool = False


@dataclass(frozen=True)
class Link:
    item: str
    relation: str
    source: Source = Source("")


@dataclass(frozen=True)
class Item:
    id: str
    kind: str
    title: str
    description: str
    category: str
    building: str
    unit: str
    place: str
    complexity: str
    filed: datetime
    channel: str
    photos: tuple
    events: tuple
    ratings: tuple
    links: tuple
    path: str  # relative to the repository root
    source: Source
    doc: Doc = field(repr=False, compare=False, default=None)  # type: ignore[assignment]
    redactions: tuple = ()  # redaction.Redaction: fields with the marker, and why
    ref: tuple = ()  # (source, id) of the outside record it came from, or ()
    filed_day_only: bool = False  # `filed` was a date alone (history items): the start of that day

    @property
    def stem(self) -> str:
        return Path(self.path).stem


@dataclass
class Ledger:
    root: Path
    estate: Estate | None
    buildings: tuple
    items: tuple
    known_item_ids: frozenset  # every item file's stem, valid or not
    raw: RawLedger = field(repr=False)
    revenue: tuple = ()  # RevenuePeriod, sorted by account then start
    schema_problems: tuple = ()  # what the format check (check_doc) found while building

    def building(self, bid: str) -> Building | None:
        return self._buildings.get(bid)

    def item(self, iid: str) -> Item | None:
        return self._items.get(iid)

    def __post_init__(self):
        self._buildings = {b.id: b for b in self.buildings}
        self._items = {}
        for it in self.items:
            self._items.setdefault(it.id, it)


def _named(doc: Doc, path: tuple, d: dict, cls=Named, **extra):
    return cls(id=d["id"], name=d["name"], description=d.get("description", ""), source=doc.at(*path), **extra)


def _estate(doc: Doc) -> Estate:
    d = doc.data
    c = d["contact"]
    p = d.get("promise") or {}
    terms = promise_terms(doc)
    return Estate(
        id=d["id"], name=d["name"], community=d["community"], subdistrict=d["subdistrict"],
        city=d.get("city", ""), timezone=d.get("timezone", DEFAULT_TZ),
        contact=Contact(c["office_phone"], c["place"], c["hours"], tuple(c.get("public_numbers", ())),
                        tuple(c.get("public_names", ()))),
        intake=tuple(Route(r["kind"], r["label"], r.get("url", ""), r.get("prefill", ""), r.get("value", ""),
                           r.get("note", "")) for r in d["intake"]),
        complex_days=terms[-1].complex_days,
        min_sample=p.get("min_sample", DEFAULT_MIN_SAMPLE),
        terms=terms,
        backdate_days=p.get("backdate_days", DEFAULT_BACKDATE_DAYS),
        roles=tuple(_named(doc, ("roles", i), r) for i, r in enumerate(d["roles"])),
        tiers=tuple(_named(doc, ("tiers", i), t) for i, t in enumerate(d["tiers"])),
        categories=tuple(_named(doc, ("categories", i), c) for i, c in enumerate(d["categories"])),
        revenue=_revenue_settings(doc),
        source=doc.at(), doc=doc, lat=d.get("lat"), long=d.get("long"),
        ref_sources=tuple(RefSource(r["id"], r["name"], r["pattern"], doc.at("ref_sources", i, "pattern"))
                          for i, r in enumerate(d.get("ref_sources") or ())),
    )


def promise_terms(doc: Doc) -> tuple:
    """The estate's promise terms: `promise.terms`, else a plain `complex_days` as one term
    from the beginning (no migration needed), else the default."""
    p = (doc.data or {}).get("promise") or {}
    terms = []
    for i, term in enumerate(p.get("terms") or []):
        start = parse_date(term["from"])
        terms.append(PromiseTerm(start, term["complex_days"], doc.at("promise", "terms", i)))
    if not terms:
        terms.append(PromiseTerm(None, p.get("complex_days", DEFAULT_COMPLEX_DAYS),
                                 doc.at("promise", "complex_days") if "complex_days" in p else doc.at()))
    return tuple(terms)
def revenue_settings_of(doc: Doc) -> RevenueSettings | None:
    """The revenue settings of an estate.yml document, or None if it has none or does not
    pass the format."""
    if not isinstance(doc.data, dict) or "revenue" not in doc.data or check_doc(ESTATE, doc):
        return None
    return _revenue_settings(doc)


def stricter(head: RevenueSettings, base: RevenueSettings) -> RevenueSettings:
    """The money controls a change is judged by, with --base: the stricter of the base's and
    the head's settings, so a pull request cannot loosen a control and use the looser one at
    once (a raised threshold, an account's longer category list, a new deciding body or a
    shorter split window applies from the next change on)."""
    accounts = []
    for a in head.accounts:
        b = base.account(a.id)
        cats = a.categories
        if b is not None and b.categories is not None:
            cats = tuple(c for c in (a.categories or b.categories) if c in b.categories)
        accounts.append(replace(a, categories=cats))
    return replace(
        head,
        approval_threshold=min(head.approval_threshold, base.approval_threshold),
        accounts=tuple(accounts),
        approval_bodies=tuple(x for x in head.approval_bodies if x in base.approval_bodies),
        split_window_days=max(head.split_window_days, base.split_window_days),
    )


def _revenue_settings(doc: Doc) -> RevenueSettings:
    r = doc.data.get("revenue")
    if not r:
        return RevenueSettings()
    return RevenueSettings(
        approval_threshold=Decimal(r.get("approval_threshold", "0")),
        accounts=tuple(_named(doc, ("revenue", "accounts", i), a, Account, shared_income=a.get("shared_income", False),
                              categories=tuple(a["categories"]) if "categories" in a else None)
                       for i, a in enumerate(r["accounts"])),
        categories=tuple(_named(doc, ("revenue", "categories", i), c, RevenueCategory, direction=c["direction"],
                                earning_cost=c.get("earning_cost", False))
                         for i, c in enumerate(r["categories"])),
        approval_bodies=tuple(r.get("approval_bodies") or DEFAULT_BODIES),
        split_window_days=r.get("split_window_days", DEFAULT_SPLIT_WINDOW_DAYS),
        controls_from=parse_date(r["controls_from"]) if "controls_from" in r else None,
    )


@dataclass(frozen=True)
class RevenueEntry:
    index: int
    id: str
    date: date
    direction: str  # income | expense
    category: str
    description: str
    amount: Decimal
    evidence: str
    approval: str = ""
    counterparty: str = ""
    items: tuple = ()
    reverses: str = ""
    source: Source = Source("")

    @property
    def signed(self) -> Decimal:
        return self.amount if self.direction == "income" else -self.amount


@dataclass(frozen=True)
class RevenuePeriod:
    """ledger/revenue/<account>/<period>.yml: one account's entries for a year or a month."""

    account: str
    period: str  # the file stem: YYYY or YYYY-MM
    start: date | None  # None when the stem is not a period (reported by the revenue check)
    end: date | None  # exclusive
    opening: Decimal
    closing: Decimal | None  # None while the period is open
    entries: tuple
    budget: tuple  # ((category id, Decimal), ...)
    note: str
    path: str
    source: Source
    doc: Doc = field(repr=False, compare=False, default=None)  # type: ignore[assignment]

    @property
    def closed(self) -> bool:
        return self.closing is not None


def period_bounds(stem: str) -> tuple[date, date] | None:
    """'2025' -> (2025-01-01, 2026-01-01); '2025-03' -> (2025-03-01, 2025-04-01); else None."""
    import re

    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?", stem)
    if not m:
        return None
    year = int(m.group(1))
    if not YEAR_MIN <= year <= YEAR_MAX:  # the years every ledger date lies in (schema.py)
        return None
    if m.group(2) is None:
        return date(year, 1, 1), date(year + 1, 1, 1)
    month = int(m.group(2))
    if not 1 <= month <= 12:
        return None
    return date(year, month, 1), (date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1))


def _revenue(doc: Doc) -> RevenuePeriod:
    d = doc.data
    p = Path(doc.path)
    bounds = period_bounds(p.stem)
    entries = tuple(
        RevenueEntry(
            index=i, id=e["id"], date=parse_date(e["date"]), direction=e["direction"], category=e["category"],
            description=e["description"], amount=Decimal(e["amount"]), evidence=e["evidence"],
            approval=e.get("approval", ""), counterparty=e.get("counterparty", ""), items=tuple(e.get("items") or ()),
            reverses=e.get("reverses", ""), source=doc.at("entries", i),
        )
        for i, e in enumerate(d.get("entries") or ())
    )
    return RevenuePeriod(
        account=d["account"], period=p.stem, start=bounds[0] if bounds else None, end=bounds[1] if bounds else None,
        opening=Decimal(d["opening_balance"]),
        closing=Decimal(d["closing_balance"]) if "closing_balance" in d else None,
        entries=entries, budget=tuple((k, Decimal(v)) for k, v in (d.get("budget") or {}).items()),
        note=d.get("note", ""), path=doc.path, source=doc.at(), doc=doc,
    )


def _item(doc: Doc, tz=None) -> Item:
    d = doc.data
    tz = tz or ZoneInfo(DEFAULT_TZ)
    events = []
    for i, e in enumerate(d.get("events") or ()):
        role = e.get("role", ())
        at, day_only = parse_instant(e["at"], tz)
        events.append(Event(
            index=i, at=at, day_only=day_only, by=e.get("by", ""), type=e["type"], tier=e.get("tier", ""),
            roles=tuple([role] if isinstance(role, str) else role), note=e.get("note", ""),
            expected=parse_date(e["expected"]) if "expected" in e else None,
            item=e.get("item", ""), channel=e.get("channel", ""),
            fields=tuple(k for k in e if k not in ("at", "type")), source=doc.at("events", i),
        ))
    ratings = tuple(
        Rating(index=i, at=parse_instant(r["at"], tz)[0], day_only=parse_instant(r["at"], tz)[1], score=r["score"],
               outcome=r["outcome"], channel=r["channel"], comment=r.get("comment", ""), source=doc.at("ratings", i))
        for i, r in enumerate(d.get("ratings") or ())
    )
    filed, filed_day_only = parse_instant(d["filed"], tz)
    links = tuple(Link(item=l["item"], relation=l["relation"], source=doc.at("links", i))
                  for i, l in enumerate(d.get("links") or ()))
    return Item(
        id=d["id"], kind=d["kind"], title=d["title"], description=d["description"], category=d["category"],
        building=d.get("building", ""), unit=d.get("unit", ""), place=d.get("place", ""),
        complexity=d["complexity"], filed=filed, filed_day_only=filed_day_only, channel=d["channel"],
        photos=tuple(d.get("photos") or ()), events=tuple(events), ratings=ratings, links=links,
        path=doc.path, source=doc.at(), doc=doc, redactions=redactions_of(d),
        ref=(d["ref"]["source"], d["ref"]["id"]) if "ref" in d else (),
    )


def build_model(raw: RawLedger) -> tuple[Ledger, list[Problem]]:
    problems: list[Problem] = []
    estate = None
    if raw.estate is not None:
        ps = check_doc(ESTATE, raw.estate)
        problems += ps
        if not ps:
            estate = _estate(raw.estate)
            try:
                ZoneInfo(estate.timezone)
            except (ZoneInfoNotFoundError, ValueError):
                problems.append(error(raw.estate.at("timezone"), "estate-timezone",
                                      timezone=estate.timezone))
    buildings: tuple = ()
    if raw.buildings is not None:
        ps = check_doc(BUILDINGS, raw.buildings)
        problems += ps
        if not ps:
            doc = raw.buildings
            buildings = tuple(
                Building(id=b["id"], name=b["name"], units=tuple(b.get("units", ())),
                         households=b.get("households"), source=doc.at("buildings", i), index=i,
                         lat=b.get("lat"), long=b.get("long"))
                for i, b in enumerate(doc.data["buildings"])
            )
    items = []
    tz = estate.tz if estate is not None else ZoneInfo(DEFAULT_TZ)
    for doc in raw.items:
        ps = check_doc(ITEM, doc)
        problems += ps
        if not ps:
            items.append(_item(doc, tz))
    revenue = []
    for doc in raw.revenue:
        ps = check_doc(REVENUE, doc)
        problems += ps
        if not ps:
            revenue.append(_revenue(doc))
    revenue.sort(key=lambda r: (r.account, r.start or date.max, r.end or date.max, r.path))
    known = frozenset(p.rsplit("/", 1)[-1].rsplit(".", 1)[0] for p in raw.item_files)  # the stems
    return Ledger(root=raw.root, estate=estate, buildings=buildings, items=tuple(items),
                  known_item_ids=known, raw=raw, revenue=tuple(revenue), schema_problems=tuple(problems)), problems
