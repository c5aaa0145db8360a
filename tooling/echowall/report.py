"""The committee's views: overdue items by role, and the monthly three-lists report for the
meeting on the 10th. Pure: a ledger and an instant in, plain data out; the Markdown comes
from site_templates/site/report.md.j2, so the CLI and the site print the same report.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from .derive import COUNTED_KINDS, Kpis, Model, derive_kpis, derive_model
from .messages import MessageError
from .model import Ledger


class MonthError(MessageError):
    """--month cannot be read or has not begun (a message code and parameters)."""


def month_bounds(month: str, tz) -> tuple[datetime, datetime]:
    """'2026-10' -> [2026-10-01 00:00, 2026-11-01 00:00) in the estate's time zone."""
    from .schema import YEAR_MAX, YEAR_MIN

    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}", month):
            raise ValueError
        start = date(int(month[:4]), int(month[5:]), 1)
    except ValueError:
        raise MonthError("month-format", value=month) from None
    if not YEAR_MIN <= start.year <= YEAR_MAX:
        raise MonthError("month-range", value=month, lo=YEAR_MIN, hi=YEAR_MAX)
    end = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return datetime.combine(start, time(0), tz), datetime.combine(end, time(0), tz)


def previous_month(moment: datetime, tz) -> str:
    first = moment.astimezone(tz).date().replace(day=1)
    return (first - timedelta(days=1)).strftime("%Y-%m")


def overdue_by_role(model: Model) -> list[tuple[str, list]]:
    """[(role id or '', [ItemState, most overdue first])], roles in estate.yml order;
    '' holds items nobody has taken yet."""
    order = {r.id: i for i, r in enumerate(model.ledger.estate.roles)}
    groups: dict[str, list] = {}
    for s in model.states.values():
        if not s.overdue:
            continue
        for role in (s.holders or ("",)):
            groups.setdefault(role, []).append(s)
    out = []
    for role in sorted(groups, key=lambda r: (r == "", order.get(r, 999), r)):
        out.append((role, sorted(groups[role], key=lambda s: (s.promise.due, s.item.id))))
    return out


@dataclass
class RoleLine:
    role: str
    open: int
    overdue: int
    resolved: int


@dataclass
class BuildingLine:
    building: str
    new: int
    open: int
    resolved: int


@dataclass
class MonthReport:
    month: str
    start: datetime
    end: datetime
    as_of: datetime
    complete: bool  # the month is over at as_of
    model: Model
    new: dict  # kind -> [ItemState]
    open: list
    overdue: list
    resolved: list
    rated: list
    matches: list
    roles: list
    buildings: list
    cohort: Kpis  # the three rates for the items filed this month
    overall: Kpis


def monthly_report(ledger: Ledger, month: str, as_of: datetime, model: Model | None = None) -> MonthReport:
    """The month's three lists as they stood at its end (or at as_of, if sooner). `model`, the
    ledger derived as of `as_of`, is reused for the month that is still running."""
    tz = ledger.estate.tz
    start, end = month_bounds(month, tz)
    if start > as_of:
        raise MonthError("month-not-begun", month=month, as_of=f"{as_of.astimezone(tz):%Y-%m-%d %H:%M}")
    at = min(end, as_of)
    if model is None or model.as_of != at:
        model = derive_model(ledger, at)
    states = sorted(model.states.values(), key=lambda s: (s.item.filed, s.item.id))
    within = lambda t: t is not None and start <= t < end  # noqa: E731
    new = {k: [s for s in states if s.item.kind == k and within(s.item.filed)] for k in ("problem", "need", "resource")}
    resolved = [s for s in states if within(s.resolved_at)]
    rated = [s for s in states if s.latest_rating and within(s.latest_rating.at)]
    open_ = [s for s in states if s.is_open]
    overdue = [s for s in open_ if s.overdue]
    resolved_ids = {s.item.id for s in resolved}  # a set: `s in resolved` made 20k items quadratic
    roles: dict[str, RoleLine] = {}
    for s in states:
        for r in s.holders:
            line = roles.setdefault(r, RoleLine(r, 0, 0, 0))
            line.open += s.is_open
            line.overdue += s.overdue
            line.resolved += s.item.id in resolved_ids
    order = {r.id: i for i, r in enumerate(ledger.estate.roles)}
    buildings: dict[str, BuildingLine] = {b.id: BuildingLine(b.id, 0, 0, 0) for b in ledger.buildings}
    for s in states:
        line = buildings.get(s.item.building)
        if line is None:
            continue
        line.new += within(s.item.filed)
        line.open += s.is_open
        line.resolved += s.item.id in resolved_ids
    cohort = [s for k in COUNTED_KINDS for s in new[k]]
    return MonthReport(
        month=month, start=start, end=end, as_of=at, complete=as_of >= end, model=model, new=new, open=open_,
        overdue=overdue, resolved=resolved, rated=rated,
        matches=[m for m in model.matches if within(m[2].at)],
        roles=sorted((line for line in roles.values() if line.open or line.resolved),
                     key=lambda line: (order.get(line.role, 999), line.role)),
        buildings=[line for line in buildings.values() if line.new or line.open or line.resolved],
        cohort=derive_kpis(cohort, ledger.estate.min_sample),
        overall=derive_kpis(states, ledger.estate.min_sample),
    )


def report_months(ledger: Ledger, as_of: datetime, count: int) -> list[str]:
    """The last `count` months up to the as-of month (the current one included), newest
    first, not before the first item was filed."""
    tz = ledger.estate.tz
    if not ledger.items or count <= 0:
        return []
    first = min(it.filed for it in ledger.items).astimezone(tz).strftime("%Y-%m")
    d = as_of.astimezone(tz).date().replace(day=1)
    out = []
    while len(out) < count and d.strftime("%Y-%m") >= first:
        out.append(d.strftime("%Y-%m"))
        d = (d - timedelta(days=1)).replace(day=1)
    return out


RESOLUTION_BUCKETS = ((1, "stats.b_day"), (3, "stats.b_3"), (7, "stats.b_7"), (30, "stats.b_30"), (None, "stats.b_more"))


@dataclass
class Stats:
    months: list  # YYYY-MM, first filing month to the as-of month
    filed: list  # per month: problems and needs filed
    resolved: list  # per month: first resolutions
    satisfaction: list  # per month: share of that month's ratings scoring 4 or 5 (None: no ratings)
    ratings: list  # per month: number of ratings
    resolution: list  # [(bucket label key, count)] time from filing to first resolution
    by_category: list  # [(category id, count)]
    by_building: list  # [(building id or '', count)]


def estate_stats(model: Model) -> Stats:
    """Estate-level figures for the charts (problems and needs; resources do not count)."""
    est = model.ledger.estate
    tz = est.tz
    counted = [s for s in model.states.values() if s.item.kind in COUNTED_KINDS]
    month = lambda t: t.astimezone(tz).strftime("%Y-%m")  # noqa: E731
    months = report_months(model.ledger, model.as_of, 10_000)[::-1]
    idx = {m: i for i, m in enumerate(months)}
    filed = [0] * len(months)
    resolved = [0] * len(months)
    good = [0] * len(months)
    rated = [0] * len(months)
    buckets = [0] * len(RESOLUTION_BUCKETS)
    for s in counted:
        if month(s.item.filed) in idx:
            filed[idx[month(s.item.filed)]] += 1
        if s.resolved_at is not None:
            if month(s.resolved_at) in idx:
                resolved[idx[month(s.resolved_at)]] += 1
            days = (s.resolved_at - s.item.filed).total_seconds() / 86400
            for i, (limit, _) in enumerate(RESOLUTION_BUCKETS):
                if limit is None or days <= limit:
                    buckets[i] += 1
                    break
        for r in s.item.ratings:
            if r.at <= model.as_of and month(r.at) in idx:
                rated[idx[month(r.at)]] += 1
                good[idx[month(r.at)]] += r.score >= 4
    cats = {c.id: 0 for c in est.categories}
    blds = {b.id: 0 for b in model.ledger.buildings}
    wide = 0
    for s in counted:
        cats[s.item.category] = cats.get(s.item.category, 0) + 1
        if s.item.building in blds:
            blds[s.item.building] += 1
        else:
            wide += 1
    return Stats(
        months=months, filed=filed, resolved=resolved, ratings=rated,
        satisfaction=[(g / n if n else None) for g, n in zip(good, rated)],
        resolution=[(key, n) for (_, key), n in zip(RESOLUTION_BUCKETS, buckets)],
        by_category=list(cats.items()), by_building=list(blds.items()) + [("", wide)],
    )
