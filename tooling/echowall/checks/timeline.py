"""Time order and the workflow of the four orders (点单 → 派单 → 接单 → 评单).

Events and ratings are walked together in time order (an event before a rating at the same
instant), as a small state machine; every departure from the format is one problem.
"""
from __future__ import annotations

from ..problems import Problem, error
from ..schema import EVENT_OPTIONAL, EVENT_REQUIRED, KIND_EVENTS

CLOSING = {"resolved", "declined", "withdrawn"}
NEEDS_DISPATCH = {"accepted", "escalated"}


def _fmt(dt) -> str:
    return dt.isoformat(timespec="minutes")


def check_timeline(ledger, ctx) -> list[Problem]:
    out: list[Problem] = []
    for it in ledger.items:
        out += _check_times(it, ctx.now)
        out += _check_day_only(it, ledger.estate)
        out += _check_workflow(it)
    return out


def _check_times(it, now) -> list[Problem]:
    out: list[Problem] = []
    doc = it.doc
    if it.filed > now:
        out.append(error(doc.at("filed"), "time-future", 'filed', filed=_fmt(it.filed)))
    for seq, name in ((it.events, "events"), (it.ratings, "ratings")):
        prev = None
        for x in seq:
            where = doc.at(name, x.index, "at")
            if x.at < it.filed:
                out.append(error(where, "time-before-filed",
                                 at=_fmt(x.at), filed=_fmt(it.filed)))
            if x.at > now:
                out.append(error(where, "time-future", at=_fmt(x.at)))
            if prev is not None and x.at < prev.at:
                out.append(error(where, "time-order",
                                 name=name, at=_fmt(x.at), previous=_fmt(prev.at)))
            prev = x
    return out


def _check_day_only(it, estate) -> list[Problem]:
    """A date without a time (`filed: 2025-03-02`) is for history items only: old records
    often give no time, and a time must not be invented; an item under the promise needs
    its instants, since the promise is judged to the end of a day."""
    day_only = [(("filed",), it.filed_day_only)]
    day_only += [(("events", e.index, "at"), e.day_only) for e in it.events]
    day_only += [(("ratings", r.index, "at"), r.day_only) for r in it.ratings]
    if estate is not None and estate.is_history(it.filed):
        return []
    start = estate.start if estate is not None else None
    out = []
    for path, flag in day_only:
        if flag and start is not None:
            out.append(error(it.doc.at(*path), "time-date-only", filed=it.filed.date().isoformat(),
                             start=start.isoformat()))
        elif flag:
            out.append(error(it.doc.at(*path), "time-date-only", "no-start", filed=it.filed.date().isoformat()))
    return out


def _check_workflow(it) -> list[Problem]:
    out: list[Problem] = []
    doc = it.doc
    allowed = KIND_EVENTS[it.kind]
    for ev in it.events:
        where = doc.at("events", ev.index, "type")
        if ev.type not in allowed:
            out.append(error(where, "workflow-kind",
                             kind=it.kind, type=ev.type, allowed=allowed))
        need = EVENT_REQUIRED[ev.type]
        may = set(need) | set(EVENT_OPTIONAL[ev.type])
        for f in need:
            if f not in ev.fields:
                out.append(error(doc.at("events", ev.index), "event-field-missing",
                                 type=ev.type, field=f))
        for f in ev.fields:
            if f not in may:
                if may:
                    out.append(error(doc.key_at("events", ev.index, f), "event-field-unexpected",
                                     type=ev.type, field=f, takes=sorted(may)))
                else:
                    out.append(error(doc.key_at("events", ev.index, f), "event-field-unexpected", "none",
                                     type=ev.type, field=f))

    # Walk events and ratings together, in time order; list order breaks ties.
    steps = [(e.at, 0, e.index, e) for e in it.events] + [(r.at, 1, r.index, r) for r in it.ratings]
    steps.sort(key=lambda s: (s[0], s[1], s[2]))
    state = "open"  # open | resolved | declined | withdrawn
    dispatched = False
    not_fixed_since_resolve = False
    for _, is_rating, idx, x in steps:
        if is_rating:
            if state != "resolved":
                out.append(error(doc.at("ratings", idx), "workflow-rating"))
            elif x.outcome == "not_fixed":
                not_fixed_since_resolve = True
            continue
        where = doc.at("events", idx, "type")
        t = x.type
        if t == "reopened":
            if state == "open":
                out.append(error(where, "workflow-reopen"))
            elif state == "resolved" and not not_fixed_since_resolve:
                out.append(error(where, "workflow-reopen",
                                 'not-rated'))
            elif state == "withdrawn":
                out.append(error(where, "workflow-reopen", 'withdrawn'))
            state = "open"
            continue
        if state != "open":
            out.append(error(where, "workflow-after-close",
                             state=state, type=t))
            continue
        if t == "dispatched":
            dispatched = True
        elif t in NEEDS_DISPATCH and not dispatched:
            out.append(error(where, "workflow-not-dispatched",
                             type=t))
            dispatched = True  # report once
        if t in CLOSING:
            state = t
            not_fixed_since_resolve = False
    return out
