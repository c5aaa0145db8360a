"""The ranges the code computes with: every date and instant lies in the years 2000-2099
(`time-range` at its line otherwise, never an overflow later), and every id matches its
pattern as a whole (`"13\\n"` is not the id `13`)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import AS_OF, item_text, only
from echowall.cli import main
from echowall.derive import derive_model, resolve_as_of
from echowall.schema import json_schema

P = "ledger/items/2026/261101-abcd.yml"
PROGRESS = "events:\n  - at: 2026-11-01T10:00:00+08:00\n    type: progress\n    note: 已联系施工队\n    expected: {expected}\n"


def codes(problems):
    return sorted({p.code for p in problems})


@pytest.mark.parametrize("filed", ["0001-01-01T00:00+08:00", "0001-01-01T00:00-14:00", "9999-12-31T23:59+08:00",
                                   "9999-12-31T23:59:59-12:00", "1999-12-31T23:59+08:00", "2100-01-01T00:00+08:00"])
def test_filed_outside_the_years_is_time_range(empty_items, filed):
    r = empty_items
    r.write(P, item_text(filed=filed))
    problems = r.check().problems
    p = only(problems, "time-range", P, r.line_of(P, "filed:"))
    assert p.params == (("value", filed), ("lo", 2000), ("hi", 2099))
    assert "outside the years 2000 to 2099" in p.message


def test_the_first_and_last_years_are_accepted(empty_items):
    r = empty_items
    r.write("ledger/items/2000/000101-abcd.yml", item_text(id="000101-abcd", filed="2000-01-01T00:00+08:00",
                                                             complexity="project", extra=PROGRESS.format(
                                                                 expected="2099-12-31").replace("2026-11-01T10", "2000-01-01T10")))
    checked = r.check()
    assert checked.problems == []
    # the promise reaches the end of 2099 and derives without overflow
    state = derive_model(checked.ledger, resolve_as_of(AS_OF)).states["000101-abcd"]
    assert state.promise.due.year == 2100 and state.promise.state == "pending"


@pytest.mark.parametrize("expected", ["9999-12-31", "0001-01-01", "2100-01-01", "1999-12-31"])
def test_expected_outside_the_years_is_time_range(empty_items, expected):
    r = empty_items
    r.write(P, item_text(complexity="project", extra=PROGRESS.format(expected=expected)))
    only(r.check().problems, "time-range", P, r.line_of(P, "expected:"))


def test_event_and_rating_instants_outside_the_years(empty_items):
    r = empty_items
    r.write(P, item_text(extra="events:\n  - at: 9999-12-31T23:59:59+08:00\n    type: resolved\n    note: 修好了\n"
                               "ratings:\n  - at: 0001-01-01T00:00:00+08:00\n    score: 5\n    outcome: fixed\n"
                               "    channel: phone\n"))
    problems = r.check().problems
    only(problems, "time-range", P, r.line_of(P, "at: 9999"))
    only(problems, "time-range", P, r.line_of(P, "at: 0001"))
    assert "time-order" not in codes(problems)  # out-of-range values go no further


def test_revenue_dates_and_period_files_are_bounded(repo):
    rev = "ledger/revenue/public/2026.yml"
    text = repo.read(rev)
    first_date = next(line for line in text.splitlines() if line.strip().startswith("date:"))
    repo.edit(rev, first_date, first_date.split("date:")[0] + "date: 9999-12-31")
    problems = repo.check().problems
    only(problems, "time-range", rev, repo.line_of(rev, "date: 9999-12-31"))
    # a period beyond the years is not a period (revenue-file-name), not a crash
    repo.write("ledger/revenue/public/2100.yml", "account: public\nopening_balance: \"0.00\"\n")
    only(repo.check().problems, "revenue-file-name", "ledger/revenue/public/2100.yml", 0)


def test_json_schema_patterns_say_the_same_years():
    item = json_schema("item")
    import re

    filed = item["properties"]["filed"]["pattern"]
    assert re.fullmatch(filed, "2026-11-01T09:00:00+08:00") and not re.fullmatch(filed, "0001-01-01T00:00+08:00")
    assert re.fullmatch(filed, "2025-06-18") and not re.fullmatch(filed, "0001-01-01")  # history items: a date
    expected = item["properties"]["events"]["items"]["properties"]["expected"]["pattern"]
    assert re.fullmatch(expected, "2099-12-31") and not re.fullmatch(expected, "9999-12-31")


# -- ids match as a whole ------------------------------------------------------------------

@pytest.mark.parametrize("old,new,needle", [
    ('building: "2"', 'building: "2\\n"', "building:"),
    ('unit: "1"', 'unit: "1\\n"', "unit:"),
    ("category: repairs", 'category: "repairs\\n"', "category:"),
    ("id: 261101-abcd", 'id: "261101-abcd\\n"', "id:"),
])
def test_a_final_line_break_does_not_pass_an_id_pattern(empty_items, old, new, needle):
    r = empty_items
    r.write(P, item_text().replace(old, new))
    only(r.check().problems, "schema-id", P, r.line_of(P, needle))


def test_a_building_id_with_a_final_line_break_is_refused(empty_items):
    r = empty_items
    r.edit("ledger/buildings.yml", 'id: "12"', 'id: "13\\n"')
    only(r.check().problems, "schema-id", "ledger/buildings.yml", r.line_of("ledger/buildings.yml", 'id: "13'))


def test_an_address_with_a_final_line_break_is_refused(repo):
    text = repo.read("ledger/estate.yml")
    url_line = next(line for line in text.splitlines() if line.strip().startswith("url: "))
    url = url_line.split("url: ", 1)[1].strip().strip("'\"")
    repo.edit("ledger/estate.yml", url_line, url_line.split("url:")[0] + "url: " + json.dumps(url + "\n"))
    only(repo.check().problems, "schema-format", "ledger/estate.yml", repo.line_of("ledger/estate.yml", "url: "))


def test_id_lookup_in_commands_is_whole(empty_items):
    r = empty_items
    r.write(P, item_text())
    res = CliRunner().invoke(main, ["--root", str(r.root), "--lang", "en", "event", "261101-abcd\n", "urged", "--at",
                                    "2026-11-02T09:00+08:00"])
    assert res.exit_code == 1
    assert res.output == "echowall: no item '261101-abcd\\x0a' in ledger/items/ (the number looks like 260415-7kq2)\n"


# -- the commands: instants given to them are bounded too ------------------------------------

@pytest.mark.parametrize("args", [
    ["overdue", "--as-of", "9999-12-31"],
    ["overdue", "--as-of", "0001-01-01T00:00+08:00"],
    ["build", "--as-of", "9999-12-31T23:59+08:00"],
    ["event", "261101-abcd", "urged", "--at", "0001-01-01T00:00+08:00"],
    ["rate", "261101-abcd", "5", "--outcome", "fixed", "--at", "9999-12-31T23:59+08:00"],
    ["new", "--no-input", "--kind", "problem", "--title", "灯不亮", "--description", "灯坏了", "--category",
     "repairs", "--complexity", "simple", "--channel", "qr", "--filed", "0001-01-01T00:00+08:00"],
])
def test_commands_refuse_instants_outside_the_years(empty_items, args):
    r = empty_items
    r.write(P, item_text())
    before = r.read(P)
    res = CliRunner().invoke(main, ["--root", str(r.root), "--lang", "en", *args])
    assert res.exit_code == 2, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)
    assert "outside the years 2000 to 2099" in res.output
    assert r.read(P) == before and not (r.root / "site").exists()


def test_source_date_epoch_outside_the_years_is_a_usage_error(empty_items, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "253402300799")  # 9999-12-31T23:59:59Z
    res = CliRunner().invoke(main, ["--root", str(empty_items.root), "--lang", "en", "overdue"])
    assert res.exit_code == 2 and "outside the years" in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)
