"""Append-only history against Git: real commits in a temporary repository, then
`echowall validate --base main` on the working tree, as a pull request's CI job runs it."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from click.testing import CliRunner

from conftest import copy_repo, git_pull_request
from echowall.compare import first_difference, is_redaction
from echowall.redaction import REDACTED
from echowall.cli import main

ROOF = "ledger/items/2026/260415-7kq2.yml"
GATE = "ledger/items/2026/260305-dm3a.yml"
PUB25 = "ledger/revenue/public/2025.yml"
PUB26 = "ledger/revenue/public/2026.yml"


@pytest.fixture
def pr(tmp_path):
    """The demo committed on main, and a working tree to change as a pull request would."""
    return git_pull_request(tmp_path)


def validate(repo, *extra):
    r = CliRunner().invoke(main, ["--root", str(repo.root), "--lang", "en", "validate", "--base", "main", "--format", "json", *extra])
    assert "Traceback" not in r.output
    return r.exit_code, json.loads(r.output) if r.output.strip().startswith("[") else r.output


def recent(hours: float = 1) -> str:
    """An instant `hours` before the real clock, as a volunteer would type it (+08:00)."""
    at = datetime.now(timezone(timedelta(hours=8))) - timedelta(hours=hours)
    return at.replace(microsecond=0).isoformat()


def history(problems):
    return [(p["code"], p["path"], p["line"]) for p in problems if p["code"].startswith("history-")]


def commit(repo, message="change"):
    repo.git.git.add(A=True)
    repo.git.index.commit(message)


def test_appending_is_fine(pr):
    pr.write(ROOF, pr.read(ROOF).replace("ratings:\n", f"  - at: {recent()}\n    type: urged\n"
                                         "    note: 居民再次催单\nratings:\n"))
    text = pr.read(PUB26) + ('  - id: "2026-900"\n    date: 2026-11-10\n    direction: income\n    category: parking\n'
                             '    description: 11月地面停车位租金\n    amount: "5100.00"\n    evidence: 银行回单 20261110-0001\n')
    pr.write(PUB26, text)
    commit(pr)  # committed or not, the working tree is what is checked
    code, problems = validate(pr)
    assert code == 0, problems
    assert problems == []


def test_editing_a_past_event_is_refused_at_its_line(pr):
    pr.edit(ROOF, "    note: 开裂处已局部修补防水", "    note: 屋面已全部翻新")
    code, problems = validate(pr)
    assert code == 1
    assert history(problems) == [("history-edited", ROOF, pr.line_of(ROOF, "屋面已全部翻新"))]
    assert "event 3 was published" in problems[0]["message"]


def test_removing_an_event_or_a_rating(pr):
    text = pr.read(ROOF)
    start = text.index("  - at: 2026-10-20T18:00:00+08:00")
    end = text.index("ratings:")
    pr.write(ROOF, text[:start] + text[end:])
    code, problems = validate(pr)
    assert ("history-removed", ROOF, pr.line_of(ROOF, "events:")) in history(problems)


def test_deleting_an_item_is_refused_at_its_old_path(pr):
    (pr.root / GATE).unlink()
    code, problems = validate(pr)
    assert code == 1
    assert ("history-deleted", GATE, 0) in history(problems)


def test_renaming_an_item_file(pr):
    new = "ledger/items/2026/260305-dm3b.yml"
    (pr.root / GATE).rename(pr.root / new)
    code, problems = validate(pr)
    assert ("history-renamed", new, pr.line_of(new, "id: 260305-dm3a")) in history(problems)


@pytest.mark.parametrize("old, new, key", [
    ("kind: problem", "kind: need", "kind"),
    ("filed: 2026-04-15T19:40:00+08:00", "filed: 2026-04-16T19:40:00+08:00", "filed"),
])
def test_id_kind_and_filed_do_not_change(pr, old, new, key):
    pr.edit(ROOF, old, new)
    code, problems = validate(pr)
    assert ("history-changed", ROOF, pr.line_of(ROOF, new)) in history(problems)


def test_redaction_is_the_one_permitted_edit(pr):
    # the past leaked a mobile number into a note (committed to main), then it is redacted
    pr.git.git.checkout("main")
    pr.edit(ROOF, "    note: 开裂处已局部修补防水", "    note: 开裂处已局部修补防水，联系人电话13912345678")
    commit(pr, "a leak")
    pr.git.git.checkout(b="redact")
    pr.edit(ROOF, "联系人电话13912345678", f"联系人电话{REDACTED}")
    code, problems = validate(pr)
    assert history(problems) == []
    # but a "redaction" that also rewrites other words is an edit
    pr.edit(ROOF, f"开裂处已局部修补防水，联系人电话{REDACTED}", f"屋面已修好{REDACTED}")
    code, problems = validate(pr)
    assert history(problems) == [("history-edited", ROOF, pr.line_of(ROOF, "屋面已修好"))]


def test_buildings_and_units_are_permanent(pr):
    text = pr.read("ledger/buildings.yml")
    start = text.index('  - id: "12"')
    pr.write("ledger/buildings.yml", text[:start])
    pr.edit("ledger/buildings.yml", 'name: 4幢\n    units: ["1", "2"]', 'name: 4幢\n    units: ["1"]')
    code, problems = validate(pr)
    found = history(problems)
    assert ("history-building", "ledger/buildings.yml", pr.line_of("ledger/buildings.yml", "buildings:")) in found
    unit_line = pr.line_of("ledger/buildings.yml", 'id: "4"')
    assert ("history-unit", "ledger/buildings.yml", unit_line) in found
    assert any("b/4/#u2" in p["message"] for p in problems if p["code"] == "history-unit")


def test_a_published_revenue_entry_is_never_edited_or_removed(pr):
    text = pr.read(PUB26)
    pr.write(PUB26, text.replace('    amount: "18600.00"', '    amount: "16800.00"'))
    code, problems = validate(pr)
    line = pr.line_of(PUB26, 'amount: "16800.00"')
    assert ("history-edited", PUB26, line) in history(problems)
    assert "reversing entry" in next(p["message"] for p in problems if p["code"] == "history-edited")
    # removing the last published entry
    pr.write(PUB26, text[:text.rindex("  - id:")])
    code, problems = validate(pr)
    assert ("history-removed", PUB26, pr.line_of(PUB26, "entries:")) in history(problems)


def test_a_closed_period_is_fixed(pr):
    pr.edit(PUB25, "description: 重阳节敬老活动（慰问80岁以上老人）", "description: 重阳节敬老活动")
    code, problems = validate(pr)
    assert history(problems) == [("history-closed", PUB25, pr.line_of(PUB25, "description: 重阳节敬老活动"))]


def test_deleting_a_revenue_period(pr):
    (pr.root / "ledger/revenue/maintenance/2026.yml").unlink()
    code, problems = validate(pr)
    assert ("history-deleted", "ledger/revenue/maintenance/2026.yml", 0) in history(problems)


def test_opening_balance_of_an_open_period_does_not_change(pr):
    pr.edit("ledger/revenue/maintenance/2026.yml", 'opening_balance: "1286400.00"', 'opening_balance: "1286500.00"')
    code, problems = validate(pr)
    assert ("history-changed", "ledger/revenue/maintenance/2026.yml",
            pr.line_of("ledger/revenue/maintenance/2026.yml", "opening_balance")) in history(problems)


def test_without_base_history_is_not_checked(pr):
    (pr.root / GATE).unlink()
    r = CliRunner().invoke(main, ["--root", str(pr.root), "--lang", "en", "validate", "--format", "json"])
    assert "history-" not in r.output


def test_base_errors_are_usage_errors(pr, tmp_path_factory):
    r = CliRunner().invoke(main, ["--root", str(pr.root), "--lang", "en", "validate", "--base", "no-such-branch"])
    assert r.exit_code == 2 and "unknown revision 'no-such-branch'" in r.output
    plain = copy_repo(tmp_path_factory.mktemp("nogit"))
    r = CliRunner().invoke(main, ["--root", str(plain.root), "--lang", "en", "validate", "--base", "main"])
    assert r.exit_code == 2 and "needs a Git repository" in r.output


def test_github_annotations_point_at_the_line(pr):
    pr.edit(ROOF, "    note: 开裂处已局部修补防水", "    note: 屋面已全部翻新")
    r = CliRunner().invoke(main, ["--root", str(pr.root), "--lang", "en", "validate", "--base", "main", "--format", "github"])
    line = pr.line_of(ROOF, "屋面已全部翻新")
    assert f"::error file={ROOF},line={line}," in r.output and "history-edited" in r.output


@pytest.mark.parametrize("old, new, ok", [
    ("电话13912345678请回电", f"电话{REDACTED}请回电", True),
    ("13912345678", REDACTED, True),
    ("张三 13912345678", f"{REDACTED} {REDACTED}", True),
    ("电话13912345678", f"电话13912345678{REDACTED}", False),  # nothing replaced: the marker was added
    ("电话13912345678", f"手机{REDACTED}", False),
    ("abc", "abc", False),
    ("a1b2c", f"a{REDACTED}b{REDACTED}c", True),
    ("ab", f"a{REDACTED}b", False),  # an empty span is not a redaction
])
def test_is_redaction(old, new, ok):
    assert is_redaction(old, new) is ok


def test_first_difference_walks_to_the_leaf():
    old = {"events": [{"at": "x", "note": "电话139"}]}
    assert first_difference(old, {"events": [{"at": "x", "note": f"电话{REDACTED}"}]}) is None
    assert first_difference(old, {"events": [{"at": "y", "note": "电话139"}]}) == ("events", 0, "at")
    assert first_difference(old, {"events": []}) == ("events", 0)


def test_a_bad_pull_request_is_refused_on_all_three_counts(pr):
    """The issue's case: a pull request that edits a past event, deletes an item and adds a
    phone number, committed on a branch, checked with `validate --base main`."""
    pr.edit(ROOF, "    note: 开裂处已局部修补防水", "    note: 已全部修好")
    (pr.root / GATE).unlink()
    pr.edit("ledger/items/2026/260702-ld2q.yml", "description: ", "description: 联系13912345678。")
    commit(pr, "a volunteer's pull request")
    code, problems = validate(pr)
    assert code == 1
    found = {(p["code"], p["path"], p["line"]) for p in problems}
    assert ("history-edited", ROOF, pr.line_of(ROOF, "已全部修好")) in found
    assert ("history-deleted", GATE, 0) in found
    lamp = "ledger/items/2026/260702-ld2q.yml"
    assert ("privacy-phone", lamp, pr.line_of(lamp, "13912345678")) in found
