"""Status, stage times, promises and KPIs: derived from the history as of one instant, never stored.

Definitions (design.md, "Promise and the three rates"; docs/ledger-format.md):
- simple:  handled the same day — `resolved` (or `declined` with its reason) by the end of
           the filing day (estate time).
- complex: a clear first answer — `accepted` with a note, `progress`, `resolved` or
           `declined` — by the end of the `complex_days`-th calendar day after filing.
- project: the same first answer *and* a `progress` event with `expected` by then; after
           that, overdue once the first `expected` date has passed without `resolved`.
A reopened item counts as open again; its promise is judged on its first episode.
"""
from __future__ import annotations

import os
import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Iterable

from .messages import MessageError
from .model import Estate, Event, Item, Ledger, Rating

OPEN_STATUSES = ("filed", "dispatched", "accepted", "in_progress", "matched", "reopened")
CLOSED_STATUSES = ("resolved", "declined", "withdrawn")
STATUS_OF_EVENT = {
    "dispatched": "dispatched", "escalated": "dispatched", "accepted": "accepted",
    "progress": "in_progress", "matched": "matched", "resolved": "resolved",
    "declined": "declined", "reopened": "reopened", "withdrawn": "withdrawn",
}
ANSWER_TYPES = ("accepted", "progress", "resolved", "declined")
COUNTED_KINDS = ("problem", "need")  # resources do not count in the rates


class AsOfError(MessageError):
    """--as-of or SOURCE_DATE_EPOCH cannot be read (a message code and parameters)."""


def resolve_as_of(text: str | None = None, environ=None) -> datetime:
    """--as-of, else SOURCE_DATE_EPOCH, else now. Always timezone-aware."""
    environ = os.environ if environ is None else environ
    from .schema import YEAR_MAX, YEAR_MIN, in_range, parse_date, parse_datetime

    if text:
        dt = parse_datetime(text)
        if dt is None:
            d = parse_date(text)
            if d is None:
                raise AsOfError("as-of-format", value=text)
            if not in_range(d):
                raise AsOfError("as-of-range", value=text, lo=YEAR_MIN, hi=YEAR_MAX)
            return datetime.combine(d + timedelta(days=1), time(0), timezone(timedelta(hours=8)))
        if not in_range(dt):
            raise AsOfError("as-of-range", value=text, lo=YEAR_MIN, hi=YEAR_MAX)
        return dt
    sde = environ.get("SOURCE_DATE_EPOCH")
    if sde:
        try:
            dt = datetime.fromtimestamp(int(sde), timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise AsOfError("as-of-epoch", value=sde) from None
        if not in_range(dt):
            raise AsOfError("as-of-epoch.range", value=sde, lo=YEAR_MIN, hi=YEAR_MAX)
        return dt
    return datetime.now(timezone.utc).replace(microsecond=0)


@dataclass(frozen=True)
class Promise:
    kind: str  # simple | complex | project
    due: datetime  # the instant the promise falls due (exclusive end of a day, estate time)
    met_at: datetime | None
    state: str  # pending | kept | late | overdue
    expected: date | None = None  # project: the first expected date given
    stage: str = "answer"  # what is due: answer | resolve | expected

    @property
    def come_due(self) -> bool:
        return self.state != "pending"


@dataclass(frozen=True)
class Stage:
    event: Event
    since_previous: timedelta


@dataclass(frozen=True)
class ItemState:
    item: Item
    status: str
    is_open: bool
    holders: tuple  # role ids currently holding it
    tier: str
    first_answer_at: datetime | None
    resolved_at: datetime | None  # the first resolution
    closed_at: datetime | None  # the current closing event, if closed
    updated: datetime
    promise: Promise | None
    latest_rating: Rating | None
    urged: int
    reopened: int
    stages: tuple = field(default=())
    history: bool = False  # filed before the estate's start date: 历史记录, under no promise, not in the rates

    @property
    def overdue(self) -> bool:
        return self.promise is not None and self.promise.state == "overdue"


def end_of_day(d: date, tz) -> datetime:
    return datetime.combine(d + timedelta(days=1), time(0), tz)


def _is_answer(e: Event) -> bool:
    if e.type == "accepted":
        return bool(e.note)
    return e.type in ANSWER_TYPES


def derive_promise(item: Item, estate: Estate, as_of: datetime) -> Promise | None:
    if item.kind == "resource" or estate.is_history(item.filed):
        return None  # history (filed before the estate's start date) is under no promise
    tz = estate.tz
    filed_day = item.filed.astimezone(tz).date()
    events = [e for e in item.events if e.at <= as_of]
    first = lambda pred: next((e for e in events if pred(e)), None)  # noqa: E731
    resolved = first(lambda e: e.type == "resolved")
    answer = first(_is_answer)
    expected: date | None = None
    stage = "answer"
    if item.complexity == "simple":
        # Handled the same day: resolved, or declined with its reason, by the end of the filing day.
        due = end_of_day(filed_day, tz)
        handled = first(lambda e: e.type in ("resolved", "declined"))
        met = handled.at if handled else None
        stage = "resolve"
    else:
        due = end_of_day(filed_day + timedelta(days=estate.complex_days_on(filed_day)), tz)
        met = answer.at if answer else None
        if item.complexity == "project":
            plan = first(lambda e: e.type == "progress" and e.expected is not None)
            expected = plan.expected if plan else None
            if met is not None and plan is not None and max(met, plan.at) <= due:
                # The first answer and the plan came in time: now the plan itself is the promise.
                due = end_of_day(plan.expected, tz)
                met = resolved.at if resolved else None
                stage = "expected"
            elif met is not None:
                met = max(met, plan.at) if plan else None
    if met is not None:
        state = "kept" if met < due else "late"
    else:
        state = "overdue" if as_of >= due else "pending"
    return Promise(item.complexity, due, met, state, expected, stage)


def derive_item(item: Item, estate: Estate, as_of: datetime) -> ItemState:
    status = "filed"
    holders: tuple = ()
    tier = ""
    closed_at = None
    urged = reopened = 0
    stages = []
    prev = item.filed
    for e in item.events:
        if e.at > as_of:
            break
        stages.append(Stage(e, e.at - prev))
        prev = e.at
        if e.type == "urged":
            urged += 1
            continue
        if e.type == "supported":  # 我也遇到: a neighbour has it too; no role, no promise
            continue
        status = STATUS_OF_EVENT.get(e.type, status)
        if e.roles:
            holders = e.roles
        if e.tier:
            tier = e.tier
        if e.type in CLOSED_STATUSES:
            closed_at = e.at
        elif e.type == "reopened":
            reopened += 1
            closed_at = None
    past = [e for e in item.events if e.at <= as_of]
    first_answer = next((e.at for e in past if _is_answer(e)), None)
    resolved_at = next((e.at for e in past if e.type == "resolved"), None)
    ratings = [r for r in item.ratings if r.at <= as_of]
    times = [item.filed] + [e.at for e in past] + [r.at for r in ratings]
    return ItemState(
        item=item, status=status, is_open=status in OPEN_STATUSES, holders=holders, tier=tier,
        first_answer_at=first_answer, resolved_at=resolved_at, closed_at=closed_at, updated=max(times),
        promise=derive_promise(item, estate, as_of), latest_rating=ratings[-1] if ratings else None,
        urged=urged, reopened=reopened, stages=tuple(stages), history=estate.is_history(item.filed),
    )


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int
    min_sample: int

    @property
    def shown(self) -> bool:
        """Below min_sample the site shows the count, not a misleading percentage."""
        return self.denominator >= self.min_sample and self.denominator > 0

    @property
    def value(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None

    def percent(self) -> str:
        v = self.value
        return "—" if v is None else f"{v * 100:.1f}%"

    @property
    def fraction(self) -> str:
        """'18/31': how every rate is shown, with the percentage only when `shown`."""
        return f"{self.numerator}/{self.denominator}"


@dataclass(frozen=True)
class Kpis:
    filed: int
    open: int
    resolved: int
    declined: int
    rated: int
    overdue: int
    response: Rate
    closure: Rate
    satisfaction: Rate
    mean_score: float | None
    median_first_answer: timedelta | None
    median_resolution: timedelta | None


def _median(values: list[timedelta]) -> timedelta | None:
    if not values:
        return None
    return timedelta(seconds=statistics.median(v.total_seconds() for v in values))


def derive_kpis(states: Iterable[ItemState], min_sample: int) -> Kpis:
    counted = [s for s in states if s.item.kind in COUNTED_KINDS and not s.history]
    due = [s for s in counted if s.promise and s.promise.come_due]
    kept = sum(s.promise.state == "kept" for s in due)
    resolved = sum(s.status == "resolved" for s in counted)
    declined = sum(s.status == "declined" for s in counted)
    rated = [s for s in counted if s.latest_rating]
    happy = sum(s.latest_rating.score >= 4 for s in rated)
    return Kpis(
        filed=len(counted),
        open=sum(s.is_open for s in counted),
        resolved=resolved,
        declined=declined,
        rated=len(rated),
        overdue=sum(s.overdue for s in counted),
        response=Rate(kept, len(due), min_sample),
        closure=Rate(resolved + declined, len(counted), min_sample),
        satisfaction=Rate(happy, len(rated), min_sample),
        mean_score=(sum(s.latest_rating.score for s in rated) / len(rated)) if rated else None,
        median_first_answer=_median([s.first_answer_at - s.item.filed for s in counted if s.first_answer_at]),
        median_resolution=_median([s.resolved_at - s.item.filed for s in counted if s.resolved_at]),
    )


@dataclass
class Model:
    """Everything the render stage needs, computed once per build."""

    ledger: Ledger
    as_of: datetime
    states: dict  # item id -> ItemState
    kpis: Kpis
    by_building: dict  # building id -> [ItemState], open first then newest
    estate_wide: list
    matches: list  # (need ItemState, resource ItemState, Event)
    revenue: object = None  # money.Revenue


def _order(states: list[ItemState]) -> list[ItemState]:
    return sorted(states, key=lambda s: (not s.is_open, -s.item.filed.timestamp(), s.item.id))


def derive_model(ledger: Ledger, as_of: datetime) -> Model:
    est = ledger.estate
    visible = [it for it in ledger.items if it.filed <= as_of]
    states = {it.id: derive_item(it, est, as_of) for it in visible}
    by_building: dict[str, list] = {b.id: [] for b in ledger.buildings}
    estate_wide = []
    for s in states.values():
        if s.item.building in by_building:
            by_building[s.item.building].append(s)
        else:
            estate_wide.append(s)
    matches = []
    for s in states.values():
        for e in s.stages:
            if e.event.type == "matched" and e.event.item in states:
                other = states[e.event.item]
                pair = (s, other) if s.item.kind != "resource" else (other, s)
                matches.append((pair[0], pair[1], e.event))
    seen = set()
    unique = []
    for need, res, ev in sorted(matches, key=lambda m: (m[2].at, m[0].item.id, m[1].item.id)):
        key = (need.item.id, res.item.id)
        if key not in seen:
            seen.add(key)
            unique.append((need, res, ev))
    return Model(
        ledger=ledger, as_of=as_of, states=states,
        kpis=derive_kpis(states.values(), est.min_sample),
        by_building={k: _order(v) for k, v in by_building.items()},
        estate_wide=_order(estate_wide), matches=unique,
    )


# -- per-building figures (the building page and the stairwell status sheet) ----------------

RECENT_DAYS = 30  # "resolved lately" on the status sheet


@dataclass(frozen=True)
class BuildingFigures:
    """What a building's page and its status sheet show, computed once per build."""

    building: object  # model.Building
    items: list  # every item of the building: open first, then newest
    by_unit: dict  # unit -> [ItemState] of that unit, in the building's unit order
    whole: list  # items of the building but of no unit it lists
    open: list  # the open ones, in `items` order
    month: Kpis  # last month's problems and needs in this building (the status sheet)
    recent: list  # resolved in the last RECENT_DAYS days, latest first

    @property
    def open_count(self) -> int:
        return len(self.open)


@dataclass(frozen=True)
class EstateMonth:
    """Last month as the status sheets compare it: [start, end) in estate time, and the
    whole estate's figures for it."""

    start: date
    end: date
    kpis: Kpis
    estate_open: int  # open estate-wide items (listed on every sheet)


def last_month(model: Model) -> EstateMonth:
    tz = model.ledger.estate.tz
    this = model.as_of.astimezone(tz).date().replace(day=1)
    start = (this - timedelta(days=1)).replace(day=1)
    states = [s for s in model.states.values() if _filed_in(s, start, this, tz)]
    return EstateMonth(start, this, derive_kpis(states, model.ledger.estate.min_sample),
                       sum(s.is_open for s in model.estate_wide))


def _filed_in(s: ItemState, start: date, end: date, tz) -> bool:
    return s.item.kind in COUNTED_KINDS and start <= s.item.filed.astimezone(tz).date() < end


def derive_buildings(model: Model, month: EstateMonth | None = None) -> dict[str, BuildingFigures]:
    """{building id: BuildingFigures}, in buildings.yml order."""
    est = model.ledger.estate
    month = month or last_month(model)
    recent_from = model.as_of - timedelta(days=RECENT_DAYS)
    out = {}
    for b in model.ledger.buildings:
        items = model.by_building.get(b.id, [])
        by_unit = {u: [s for s in items if s.item.unit == u] for u in b.units}
        recent = [s for s in items if s.status == "resolved" and s.closed_at and s.closed_at >= recent_from]
        recent.sort(key=lambda s: (-s.closed_at.timestamp(), s.item.id))
        out[b.id] = BuildingFigures(
            building=b, items=items, by_unit=by_unit, whole=[s for s in items if s.item.unit not in by_unit],
            open=[s for s in items if s.is_open],
            month=derive_kpis([s for s in items if _filed_in(s, month.start, month.end, est.tz)], est.min_sample),
            recent=recent)
    return out
# -- what a resident asks of an item, in plain words (the item page's first block, the lists) --
# Pure facts; the words are the site's (i18n.yml). See docs/ledger-format.md, "What the site
# says about an item".

RESIDENT_EVENTS = ("urged", "supported")  # what residents do: not "the last thing done" by a handler


def last_day(due: datetime, tz) -> date:
    """The last day of a promise (its `due` is the exclusive end of that day, estate time)."""
    return (due.astimezone(tz) - timedelta(microseconds=1)).date()


def days_overdue(state: ItemState, as_of: datetime, tz) -> int:
    """Calendar days (estate time) since the promise's last day, for an overdue item: 1 on the
    first day after it, however early in the day; 0 when the item is not overdue."""
    if not state.overdue:
        return 0
    return max(1, (as_of.astimezone(tz).date() - last_day(state.promise.due, tz)).days)


def promise_badge(state: ItemState) -> str | None:
    """The one promise badge an item shows, or None. Each badge means one thing:
    overdue, late (kept late), pending (within the promise), kept.<stage> (answered / handled /
    finished on time), history (before the promise began). A reopened item never shows an
    on-time badge, and an overdue one shows only overdue — though the response rate still
    judges a reopened item on its first episode (derive_kpis)."""
    if state.history:
        return "history"
    p = state.promise
    if p is None:
        return None
    if p.state == "overdue":
        return "overdue"
    if p.state == "kept":
        return None if state.reopened else f"kept.{p.stage}"
    return p.state


@dataclass(frozen=True)
class Plain:
    """An item's answers to a resident's questions: who holds it (or who will dispatch it),
    by when, how late, what was done last and when, how many neighbours have the same problem."""

    holders: tuple  # role ids holding it now; () while nobody does
    awaiting_dispatch: bool  # open and not yet dispatched: the community office dispatches it
    due_day: date | None  # the promise's last day (estate time), while something is promised
    due_stage: str  # what is due by then: answer | resolve | expected
    days_overdue: int
    expected: date | None  # open: the latest `progress` event's expected completion date
    last: Event | None  # the latest event by a handler (not an urge or a 我也遇到)
    supported: int  # 我也遇到 events so far
    badge: str | None  # promise_badge


def derive_plain(state: ItemState, as_of: datetime, tz) -> Plain:
    done = [st.event for st in state.stages if st.event.type not in RESIDENT_EVENTS]
    p = state.promise
    open_promise = p is not None and p.state in ("pending", "overdue")
    due_day = last_day(p.due, tz) if open_promise else None
    return Plain(
        holders=state.holders if state.is_open else (),
        awaiting_dispatch=(state.is_open and not state.holders and state.status == "filed"
                           and state.item.kind in COUNTED_KINDS),  # a resource is offered, not dispatched
        due_day=due_day, due_stage=p.stage if open_promise else "",
        days_overdue=days_overdue(state, as_of, tz),
        expected=next((e.expected for e in reversed(done) if e.expected), None) if state.is_open else None,
        last=done[-1] if done else None,
        supported=sum(st.event.type == "supported" for st in state.stages),
        badge=promise_badge(state),
    )


@dataclass(frozen=True)
class Counts:
    """One definition of every count (home cards, lists, reports): problems and needs count,
    history items and resources do not; `shown` is what a list holds, `counted` the part of it
    the figures count."""

    shown: int
    counted: int
    resources: int
    history: int


def derive_counts(states: Iterable[ItemState]) -> Counts:
    states = list(states)
    counted = sum(s.item.kind in COUNTED_KINDS and not s.history for s in states)
    resources = sum(s.item.kind == "resource" for s in states)
    return Counts(shown=len(states), counted=counted, resources=resources,
                  history=sum(s.history and s.item.kind in COUNTED_KINDS for s in states))
