"""Frozen records of the ledger, each with the place it was written (`.source`).

`build_model(raw)` checks every document against the format (schema.py) and turns the
documents that pass into records. A file with schema problems is left out of the later
checks (its id is still known, so links to it are not reported twice).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .load import RawLedger
from .problems import Problem, Source, error
from .schema import BUILDINGS, ESTATE, ITEM, check_doc, parse_date, parse_datetime
from .yamlsrc import Doc

DEFAULT_TZ = "Asia/Shanghai"
DEFAULT_COMPLEX_DAYS = 3
DEFAULT_MIN_SAMPLE = 10


@dataclass(frozen=True)
class Named:
    id: str
    name: str
    description: str = ""
    source: Source = Source("")


@dataclass(frozen=True)
class Category(Named):
    earning_cost: bool = False


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
    complex_days: int
    min_sample: int
    roles: tuple
    tiers: tuple
    categories: tuple
    revenue_accounts: tuple
    source: Source
    doc: Doc = field(repr=False, compare=False, default=None)  # type: ignore[assignment]

    @property
    def tz(self) -> ZoneInfo:
        try:
            return ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo(DEFAULT_TZ)

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


@dataclass(frozen=True)
class Rating:
    index: int
    at: datetime
    score: int
    outcome: str
    channel: str
    comment: str = ""
    source: Source = Source("")


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
    return Estate(
        id=d["id"], name=d["name"], community=d["community"], subdistrict=d["subdistrict"],
        city=d.get("city", ""), timezone=d.get("timezone", DEFAULT_TZ),
        contact=Contact(c["office_phone"], c["place"], c["hours"], tuple(c.get("public_numbers", ()))),
        intake=tuple(Route(r["kind"], r["label"], r.get("url", ""), r.get("prefill", ""), r.get("value", ""),
                           r.get("note", "")) for r in d["intake"]),
        complex_days=p.get("complex_days", DEFAULT_COMPLEX_DAYS),
        min_sample=p.get("min_sample", DEFAULT_MIN_SAMPLE),
        roles=tuple(_named(doc, ("roles", i), r) for i, r in enumerate(d["roles"])),
        tiers=tuple(_named(doc, ("tiers", i), t) for i, t in enumerate(d["tiers"])),
        categories=tuple(_named(doc, ("categories", i), c, Category, earning_cost=c.get("earning_cost", False))
                         for i, c in enumerate(d["categories"])),
        revenue_accounts=tuple(_named(doc, ("revenue_accounts", i), a) for i, a in enumerate(d.get("revenue_accounts", ()))),
        source=doc.at(), doc=doc,
    )


def _item(doc: Doc) -> Item:
    d = doc.data
    events = []
    for i, e in enumerate(d.get("events") or ()):
        role = e.get("role", ())
        events.append(Event(
            index=i, at=parse_datetime(e["at"]), type=e["type"], tier=e.get("tier", ""),
            roles=tuple([role] if isinstance(role, str) else role), note=e.get("note", ""),
            expected=parse_date(e["expected"]) if "expected" in e else None,
            item=e.get("item", ""), channel=e.get("channel", ""),
            fields=tuple(k for k in e if k not in ("at", "type")), source=doc.at("events", i),
        ))
    ratings = tuple(
        Rating(index=i, at=parse_datetime(r["at"]), score=r["score"], outcome=r["outcome"], channel=r["channel"],
               comment=r.get("comment", ""), source=doc.at("ratings", i))
        for i, r in enumerate(d.get("ratings") or ())
    )
    links = tuple(Link(item=l["item"], relation=l["relation"], source=doc.at("links", i))
                  for i, l in enumerate(d.get("links") or ()))
    return Item(
        id=d["id"], kind=d["kind"], title=d["title"], description=d["description"], category=d["category"],
        building=d.get("building", ""), unit=d.get("unit", ""), place=d.get("place", ""),
        complexity=d["complexity"], filed=parse_datetime(d["filed"]), channel=d["channel"],
        photos=tuple(d.get("photos") or ()), events=tuple(events), ratings=ratings, links=links,
        path=doc.path, source=doc.at(), doc=doc,
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
                                      f"'{estate.timezone}' is not a known time zone; use e.g. Asia/Shanghai"))
    buildings: tuple = ()
    if raw.buildings is not None:
        ps = check_doc(BUILDINGS, raw.buildings)
        problems += ps
        if not ps:
            doc = raw.buildings
            buildings = tuple(
                Building(id=b["id"], name=b["name"], units=tuple(b.get("units", ())),
                         households=b.get("households"), source=doc.at("buildings", i), index=i)
                for i, b in enumerate(doc.data["buildings"])
            )
    items = []
    for doc in raw.items:
        ps = check_doc(ITEM, doc)
        problems += ps
        if not ps:
            items.append(_item(doc))
    known = frozenset(Path(p).stem for p in raw.item_files)
    return Ledger(root=raw.root, estate=estate, buildings=buildings, items=tuple(items),
                  known_item_ids=known, raw=raw), problems
