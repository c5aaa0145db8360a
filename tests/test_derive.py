"""Status, promises and rates, as design.md defines them, on small inline ledgers."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from conftest import item_text
from echowall.derive import AsOfError, derive_model, resolve_as_of
from echowall.schema import parse_datetime

P = "ledger/items/2026/261101-abcd.yml"
T = lambda s: parse_datetime(s)  # noqa: E731


def model_of(repo, as_of, *items):
    for i, text in enumerate(items):
        repo.write(f"ledger/items/2026/261101-{'abcdefgh'[i] * 4}.yml", text.replace("261101-abcd", f"261101-{'abcdefgh'[i] * 4}"))
    checked = repo.check()
    assert checked.errors == []
    return derive_model(checked.ledger, T(as_of))


def ev(at, typ, *lines):
    return f"  - at: {at}\n    type: {typ}\n" + "".join(f"    {x}\n" for x in lines)


def state(m, n=0):
    return m.states[f"261101-{'abcdefgh'[n] * 4}"]


@pytest.mark.parametrize("events,as_of,expected", [
    ([], "2026-11-01T20:00+08:00", "pending"),
    ([], "2026-11-02T00:00+08:00", "overdue"),  # simple: due at the end of the filing day
    ([ev("2026-11-01T23:59:00+08:00", "resolved", "note: 修好")], "2026-11-05T00:00+08:00", "kept"),
    ([ev("2026-11-02T08:00:00+08:00", "resolved", "note: 修好")], "2026-11-05T00:00+08:00", "late"),
    ([ev("2026-11-01T12:00:00+08:00", "declined", "note: 不属于")], "2026-11-05T00:00+08:00", "kept"),
])
def test_simple_promise(empty_items, events, as_of, expected):
    extra = "events:\n" + "".join(events) if events else ""
    m = model_of(empty_items, as_of, item_text(extra=extra))
    assert state(m).promise.state == expected


def test_simple_due_is_end_of_filing_day_in_estate_time(empty_items):
    # Filed 23:30 UTC on 31 Oct = 07:30 on 1 Nov in Shanghai: due at 1 Nov 24:00 Shanghai.
    m = model_of(empty_items, "2026-11-01T12:00+08:00", item_text(filed="2026-10-31T23:30:00Z"))
    assert state(m).promise.due == T("2026-11-02T00:00+08:00")


@pytest.mark.parametrize("events,as_of,expected", [
    ([], "2026-11-04T23:59+08:00", "pending"),
    ([], "2026-11-05T00:00+08:00", "overdue"),  # 3rd calendar day after filing has ended
    ([ev("2026-11-02T09:00:00+08:00", "dispatched", "tier: property", "role: property")], "2026-11-06T00:00+08:00", "overdue"),
    ([ev("2026-11-02T09:00:00+08:00", "dispatched", "tier: property", "role: property"),
      ev("2026-11-03T09:00:00+08:00", "accepted", "role: property")], "2026-11-06T00:00+08:00", "overdue"),  # no note: no answer
    ([ev("2026-11-02T09:00:00+08:00", "dispatched", "tier: property", "role: property"),
      ev("2026-11-03T09:00:00+08:00", "accepted", "role: property", "note: 明天上门")], "2026-11-06T00:00+08:00", "kept"),
    ([ev("2026-11-06T09:00:00+08:00", "progress", "note: 在修")], "2026-11-07T00:00+08:00", "late"),
])
def test_complex_promise(empty_items, events, as_of, expected):
    extra = "events:\n" + "".join(events) if events else ""
    m = model_of(empty_items, as_of, item_text(complexity="complex", extra=extra))
    assert state(m).promise.state == expected


def test_project_promise_moves_to_the_expected_date(empty_items):
    events = "events:\n" + ev("2026-11-02T09:00:00+08:00", "progress", "note: 方案公示", "expected: 2026-11-20")
    m = model_of(empty_items, "2026-11-20T23:00+08:00", item_text(complexity="project", extra=events))
    p = state(m).promise
    assert (p.state, p.stage, p.due, p.expected.isoformat()) == ("pending", "expected", T("2026-11-21T00:00+08:00"), "2026-11-20")
    m = model_of(empty_items, "2026-11-21T00:00+08:00", item_text(complexity="project", extra=events))
    assert state(m).promise.state == "overdue"


def test_project_without_a_plan_in_time(empty_items):
    events = "events:\n" + ev("2026-11-02T09:00:00+08:00", "progress", "note: 在研究")
    m = model_of(empty_items, "2026-11-05T00:00+08:00", item_text(complexity="project", extra=events))
    assert state(m).promise.state == "overdue"


def test_reopened_counts_open_and_promise_stays_on_first_episode(empty_items):
    extra = ("events:\n" + ev("2026-11-01T10:00:00+08:00", "resolved", "note: 修好")
             + ev("2026-11-03T10:00:00+08:00", "reopened", "note: 又坏了")
             + "ratings:\n  - at: 2026-11-02T10:00:00+08:00\n    score: 1\n    outcome: not_fixed\n    channel: phone\n")
    m = model_of(empty_items, "2026-11-10T00:00+08:00", item_text(extra=extra))
    s = state(m)
    assert (s.status, s.is_open, s.promise.state, s.reopened) == ("reopened", True, "kept", 1)
    assert m.kpis.open == 1 and m.kpis.resolved == 0


def test_as_of_hides_the_future(empty_items):
    extra = "events:\n" + ev("2026-11-03T10:00:00+08:00", "resolved", "note: 修好")
    m = model_of(empty_items, "2026-11-02T00:00+08:00", item_text(complexity="complex", extra=extra))
    assert state(m).status == "filed" and state(m).promise.state == "pending"


def test_rates_and_min_sample(empty_items):
    resolved = "events:\n" + ev("2026-11-01T10:00:00+08:00", "resolved", "note: 修好")
    rated = lambda score: resolved + f"ratings:\n  - at: 2026-11-01T11:00:00+08:00\n    score: {score}\n    outcome: fixed\n    channel: phone\n"  # noqa: E731
    items = [item_text(extra=rated(5)), item_text(extra=rated(3)), item_text(extra=resolved), item_text()]
    m = model_of(empty_items, "2026-11-10T00:00+08:00", *items)
    k = m.kpis
    assert (k.filed, k.open, k.resolved, k.rated, k.overdue) == (4, 1, 3, 2, 1)
    assert (k.response.numerator, k.response.denominator) == (3, 4)
    assert (k.closure.numerator, k.closure.denominator) == (3, 4)
    assert (k.satisfaction.numerator, k.satisfaction.denominator) == (1, 2)
    assert k.mean_score == 4.0
    assert not k.response.shown  # 4 < min_sample 10: the count is shown, not 75%
    assert k.median_resolution == timedelta(hours=1)


def test_resources_do_not_count(empty_items):
    res = item_text().replace("kind: problem", "kind: resource")
    m = model_of(empty_items, "2026-11-10T00:00+08:00", res)
    assert m.kpis.filed == 0 and state(m).promise is None


def test_resolve_as_of():
    assert resolve_as_of("2026-11-20T18:00+08:00") == T("2026-11-20T18:00+08:00")
    assert resolve_as_of(None, {"SOURCE_DATE_EPOCH": "1795168800"}) == datetime(2026, 11, 20, 10, tzinfo=timezone.utc)
    assert resolve_as_of(None, {}).tzinfo is not None
    with pytest.raises(AsOfError):
        resolve_as_of("yesterday")
    with pytest.raises(AsOfError):
        resolve_as_of(None, {"SOURCE_DATE_EPOCH": "soon"})


@pytest.mark.parametrize("text, env", [
    ("0001-01-01T00:00+08:00", None), ("9999-12-31T23:59+08:00", None), ("9999-12-31", None),
    ("1999-12-31", None), ("2100-01-01T00:00+08:00", None),
    (None, {"SOURCE_DATE_EPOCH": "0"}), (None, {"SOURCE_DATE_EPOCH": "253402300799"}),
    (None, {"SOURCE_DATE_EPOCH": "-62135596800"}),
])
def test_as_of_outside_the_ledger_years_is_refused(text, env):
    """The instant everything is computed at lies in the years a ledger holds (2000-2099):
    near the ends of Python's calendar the arithmetic of promises would overflow."""
    with pytest.raises(AsOfError, match="outside the years 2000 to 2099"):
        resolve_as_of(text, env if env is not None else {})


def test_as_of_at_the_ends_of_the_ledger_years():
    assert resolve_as_of("2000-01-01T00:00+14:00").year == 2000
    assert resolve_as_of("2099-12-31") == datetime(2100, 1, 1, tzinfo=timezone(timedelta(hours=8)))


def test_demo_matches_and_estate_wide(repo):
    checked = repo.check()
    m = derive_model(checked.ledger, T("2026-11-20T18:00+08:00"))
    pairs = {(n.item.id, r.item.id) for n, r, _ in m.matches}
    assert pairs == {("260318-st2b", "260320-hk8c"), ("260401-rd9e", "260402-bk4d"), ("260903-yc8w", "260905-sv3x")}
    assert "260305-dm3a" in {s.item.id for s in m.estate_wide}
    assert [s.item.id for s in m.by_building["5"]] == ["260415-7kq2"]


# -- what the item page says in plain words (derive_plain, promise_badge, counts) ---------------
def plain_of(m, n=0):
    from echowall.derive import derive_plain

    return derive_plain(state(m, n), m.as_of, m.ledger.estate.tz)


@pytest.mark.parametrize("as_of,days", [
    ("2026-11-01T23:59+08:00", 0),  # within the filing day: not overdue
    ("2026-11-02T00:00+08:00", 1),  # the first minute after: 1 day, not 0
    ("2026-11-02T23:59+08:00", 1),
    ("2026-11-03T00:01+08:00", 2),
    ("2026-11-02T15:59Z", 1),  # 23:59 in Shanghai: days are the estate's, not UTC's
])
def test_days_overdue_counts_estate_calendar_days(empty_items, as_of, days):
    m = model_of(empty_items, as_of, item_text())
    p = plain_of(m)
    assert p.days_overdue == days
    assert p.badge == ("overdue" if days else "pending")
    assert p.due_day.isoformat() == "2026-11-01" and p.due_stage == "resolve"


def test_unassigned_item_says_who_dispatches_and_by_when(empty_items):
    m = model_of(empty_items, "2026-11-03T10:00+08:00", item_text(complexity="complex"))
    p = plain_of(m)
    assert (p.awaiting_dispatch, p.holders, p.due_day.isoformat(), p.due_stage) == (True, (), "2026-11-04", "answer")
    assert p.last is None and p.days_overdue == 0


def test_reopened_item_never_shows_an_on_time_badge(empty_items):
    extra = ("events:\n" + ev("2026-11-01T10:00:00+08:00", "resolved", "note: 修好")
             + ev("2026-11-03T10:00:00+08:00", "reopened", "note: 又坏了")
             + "ratings:\n  - at: 2026-11-02T10:00:00+08:00\n    score: 1\n    outcome: not_fixed\n    channel: phone\n")
    m = model_of(empty_items, "2026-11-10T00:00+08:00", item_text(extra=extra))
    assert state(m).promise.state == "kept"  # the rates judge the first episode ...
    p = plain_of(m)
    assert p.badge is None and p.last.type == "reopened"  # ... the badge does not say 按时
    assert p.expected is None
    assert m.kpis.response.numerator == 1


def test_badges_mean_one_thing_each(empty_items):
    kept = "events:\n" + ev("2026-11-01T10:00:00+08:00", "resolved", "note: 修好")
    answered = "events:\n" + ev("2026-11-02T10:00:00+08:00", "progress", "note: 在修")
    late = "events:\n" + ev("2026-11-02T10:00:00+08:00", "resolved", "note: 修好")
    m = model_of(empty_items, "2026-11-10T00:00+08:00", item_text(extra=kept),
                 item_text(complexity="complex", extra=answered), item_text(extra=late), item_text())
    assert [plain_of(m, n).badge for n in range(4)] == ["kept.resolve", "kept.answer", "late", "overdue"]
    # an answered complex item has nothing due any more, even while it is open
    assert plain_of(m, 1).due_day is None and plain_of(m, 1).holders == ()


def test_history_items_get_the_history_badge_and_no_count(empty_items):
    from echowall.derive import derive_counts

    r = empty_items
    r.edit("ledger/estate.yml", "  complex_days: 3\n", "  terms:\n    - {from: 2026-11-01, complex_days: 3}\n")
    m = model_of(r, "2026-11-10T00:00+08:00", item_text(filed="2026-10-30T09:00:00+08:00"), item_text())
    assert plain_of(m, 0).badge == "history" and plain_of(m, 0).days_overdue == 0
    c = derive_counts(m.states.values())
    assert (c.shown, c.counted, c.history, c.resources) == (2, 1, 1, 0)
    assert m.kpis.filed == c.counted  # the cards and the lists count alike


def test_rate_fraction():
    from echowall.derive import Rate

    assert Rate(18, 31, 10).fraction == "18/31" and Rate(18, 31, 10).shown
    assert Rate(3, 4, 10).fraction == "3/4" and not Rate(3, 4, 10).shown


def test_an_offered_resource_is_not_awaiting_dispatch(empty_items):
    m = model_of(empty_items, "2026-11-03T10:00+08:00", item_text().replace("kind: problem", "kind: resource"))
    p = plain_of(m)
    assert (p.awaiting_dispatch, p.badge, p.due_day, p.days_overdue) == (False, None, None, 0)


def test_the_expected_date_is_the_latest_the_handler_gave(empty_items):
    events = ("events:\n" + ev("2026-11-02T09:00:00+08:00", "progress", "note: 方案", "expected: 2026-11-20")
              + ev("2026-11-10T09:00:00+08:00", "progress", "note: 延期", "expected: 2026-12-01"))
    m = model_of(empty_items, "2026-11-12T00:00+08:00", item_text(complexity="complex", extra=events))
    p = plain_of(m)
    assert p.expected.isoformat() == "2026-12-01" and p.due_day is None  # answered in time: nothing due
    assert p.last.note == "延期"
