"""A record nobody can quietly rewrite: each red-team case of issue 13 reproduced in a real
temporary Git repository (the demo committed on main, a pull request's working tree on a
branch) and refused with its code, path and line; beside each, the close legitimate change
that still passes. The checks run as CI runs them: `echowall validate --base main`."""
from __future__ import annotations

import json
import os
import shutil
from datetime import datetime, timedelta, timezone

import pytest
from click.testing import CliRunner

from conftest import AS_OF, git_pull_request
from echowall.compare import redacted_spans
from echowall.redaction import REDACTED
from echowall.cli import main
from echowall.derive import derive_model, resolve_as_of
from echowall.pipeline import check_ledger

ROOF = "ledger/items/2026/260415-7kq2.yml"   # complex, reopened, rated 1
GATE = "ledger/items/2026/260305-dm3a.yml"   # complex, resolved, rated 5
HOLE = "ledger/items/2026/261110-pt3b.yml"   # no events yet
ESTATE = "ledger/estate.yml"
PUB25 = "ledger/revenue/public/2025.yml"     # a closed period
CST = timezone(timedelta(hours=8))


def recent(hours: float = 1) -> str:
    return (datetime.now(CST) - timedelta(hours=hours)).replace(microsecond=0).isoformat()


def today() -> str:
    return datetime.now(CST).date().isoformat()


@pytest.fixture
def pr(tmp_path):
    return git_pull_request(tmp_path, print_sheets=False)


def commit(repo, message="change"):
    repo.git.git.add(A=True)
    repo.git.index.commit(message)


def validate(repo):
    r = CliRunner().invoke(main, ["--root", str(repo.root), "--lang", "en", "validate", "--base", "main", "--format", "json"])
    assert "Traceback" not in r.output
    problems = json.loads(r.output) if r.output.strip().startswith("[") else r.output
    return r.exit_code, problems


def found(problems, prefix=("history-", "redaction-", "file-symlink", "promise-")):
    return {(p["code"], p["path"], p["line"]) for p in problems if p["code"].startswith(prefix)}


def log_entry(path: str, reason: str, note: str = "") -> str:
    text = f"  - at: {recent(0.5)}\n    path: {path}\n    reason: {reason}\n"
    return text + (f"    note: {note}\n" if note else "")


# -- the two bypasses, each in two commits -----------------------------------------------

def test_moving_the_ledger_folder_is_refused(pr):
    shutil.move(pr.root / "ledger", pr.root / "records")
    pr.edit("mkdocs.yml", "      ledger: ledger", "      ledger: records")
    moved = "records/items/2026/260415-7kq2.yml"
    pr.edit(moved, "    note: 开裂处已局部修补防水", "    note: 屋面已全部翻新")
    commit(pr, "move the ledger and edit the past")
    code, problems = validate(pr)
    assert code == 1
    got = found(problems)
    assert ("history-ledger-moved", "mkdocs.yml", pr.line_of("mkdocs.yml", "ledger: records")) in got
    assert ("history-renamed", moved, pr.line_of(moved, "id: 260415-7kq2")) in got


def test_the_ledger_option_alone_pointing_elsewhere_is_refused(pr):
    shutil.copytree(pr.root / "ledger", pr.root / "ledger2")
    pr.edit("mkdocs.yml", "      ledger: ledger", "      ledger: ledger2")
    commit(pr)
    code, problems = validate(pr)
    assert ("history-ledger-moved", "mkdocs.yml", pr.line_of("mkdocs.yml", "ledger: ledger2")) in found(problems)


def test_a_symlink_then_an_edit_of_its_target_is_refused(pr):
    # PR 1, merged (as v1 allowed): the item file becomes a link to a copy outside items/
    pr.git.git.checkout("main")
    (pr.root / "ledger/archive").mkdir()
    shutil.copy(pr.root / ROOF, pr.root / "ledger/archive/260415-7kq2.yml")
    (pr.root / ROOF).unlink()
    os.symlink("../../archive/260415-7kq2.yml", pr.root / ROOF)
    commit(pr, "PR 1: a link to an identical copy")
    pr.git.git.checkout(b="pr2")
    # PR 2: edit the copy
    target = "ledger/archive/260415-7kq2.yml"
    text = (pr.root / target).read_text(encoding="utf-8")
    (pr.root / target).write_text(text.replace("    note: 开裂处已局部修补防水", "    note: 屋面已全部翻新"), encoding="utf-8")
    commit(pr, "PR 2: edit the copy")
    code, problems = validate(pr)
    assert code == 1
    assert ("file-symlink", ROOF, 0) in found(problems)
    # the base read the link as its target: the fix (a real file again) must equal it
    (pr.root / ROOF).unlink()
    (pr.root / ROOF).write_text((pr.root / target).read_text(encoding="utf-8"), encoding="utf-8")
    code, problems = validate(pr)
    assert ("history-edited", ROOF, pr.line_of(ROOF, "屋面已全部翻新")) in found(problems)
    # the migration: the real file, exactly as published, passes
    (pr.root / ROOF).write_text(text, encoding="utf-8")
    code, problems = validate(pr)
    assert found(problems) == set() and code == 0, problems


def test_a_symlink_inside_the_ledger_is_refused_even_to_a_file_inside(pr):
    (pr.root / "ledger/spare.yml").write_text("x: 1\n", encoding="utf-8")
    (pr.root / HOLE).unlink()
    os.symlink("../../spare.yml", pr.root / HOLE)
    code, problems = validate(pr)
    assert ("file-symlink", HOLE, 0) in found(problems)


# -- promises fixed at filing ------------------------------------------------------------

def test_reclassifying_an_item_is_refused(pr):
    pr.edit(ROOF, "complexity: complex", "complexity: project")
    code, problems = validate(pr)
    assert found(problems) == {("history-changed", ROOF, pr.line_of(ROOF, "complexity: project"))}


def test_raising_complex_days_is_refused_and_a_new_term_from_today_is_not(pr):
    pr.edit(ESTATE, "  complex_days: 3", "  complex_days: 30")
    code, problems = validate(pr)
    assert found(problems) == {("history-terms", ESTATE, pr.line_of(ESTATE, "complex_days: 30"))}
    # the legitimate way: the old term stays, a new one starts today
    pr.edit(ESTATE, "  complex_days: 30", f"  terms:\n    - {{from: 2026-01-01, complex_days: 3}}\n"
                                         f"    - {{from: {today()}, complex_days: 5}}")
    code, problems = validate(pr)
    assert found(problems) == set() and code == 0, problems
    # ... but not one that starts yesterday
    yesterday = (datetime.now(CST).date() - timedelta(days=1)).isoformat()
    pr.edit(ESTATE, f"from: {today()}", f"from: {yesterday}")
    code, problems = validate(pr)
    assert found(problems) == {("history-term-date", ESTATE, pr.line_of(ESTATE, f"from: {yesterday}"))}


def test_a_start_date_may_not_take_published_items_out_of_the_promise(pr):
    pr.edit(ESTATE, "  complex_days: 3", "  terms:\n    - {from: 2026-06-01, complex_days: 3}")
    code, problems = validate(pr)
    got = found(problems)
    assert got == {("history-start", ESTATE, pr.line_of(ESTATE, "from: 2026-06-01"))}
    assert "260305-dm3a" in next(p["message"] for p in problems if p["code"] == "history-start")


def test_resolving_an_overdue_item_back_on_its_filing_day_is_refused(pr):
    text = pr.read(HOLE)
    pr.write(HOLE, text + "events:\n  - at: 2026-11-10T18:00:00+08:00\n    type: resolved\n    note: 已修补\n")
    code, problems = validate(pr)
    assert found(problems) == {("history-backdated", HOLE, pr.line_of(HOLE, "2026-11-10T18:00:00+08:00"))}
    # dated within the allowance (a call transcribed a day late) it passes
    pr.write(HOLE, text + f"events:\n  - at: {recent(24)}\n    type: resolved\n    note: 已修补\n")
    code, problems = validate(pr)
    assert found(problems) == set() and code == 0, problems


def test_the_volunteer_command_refuses_a_backdated_at(pr):
    """`echowall event --at` is judged as `validate --base` judges it: against the real clock."""
    r = CliRunner().invoke(main, ["--root", str(pr.root), "--lang", "en", "event", "261110-pt3b", "resolved", "--note", "已修补",
                                  "--at", "2026-11-10T18:00+08:00"])
    assert r.exit_code == 1, r.output
    assert "--at 2026-11-10T18:00+08:00 is back-dated: more than 3 days before now" in r.output
    assert "events:" not in pr.read(HOLE)  # nothing written
    r = CliRunner().invoke(main, ["--root", str(pr.root), "--lang", "en", "event", "261110-pt3b", "progress", "--note", "已安排修补",
                                  "--at", recent(30)])
    assert r.exit_code == 0, r.output


def test_history_items_are_under_no_promise_and_out_of_the_rates(pr):
    pr.edit(ESTATE, "  complex_days: 3", "  terms:\n    - {from: 2026-04-01, complex_days: 3}")
    checked = check_ledger(pr.root)
    assert checked.errors == []
    model = derive_model(checked.ledger, resolve_as_of(AS_OF))
    gate = model.states["260305-dm3a"]  # filed 2026-03-05: history
    assert gate.history and gate.promise is None and not gate.overdue
    roof = model.states["260415-7kq2"]
    assert not roof.history and roof.promise is not None
    counted = sum(1 for s in model.states.values() if s.item.kind != "resource" and not s.history)
    assert model.kpis.filed == counted


def test_terms_out_of_order_or_doubled(pr):
    pr.edit(ESTATE, "  complex_days: 3", "  complex_days: 3\n  terms:\n    - {from: 2026-04-01, complex_days: 3}\n"
                                         "    - {from: 2026-03-01, complex_days: 2}")
    problems = check_ledger(pr.root).problems
    got = {(p.code, p.path, p.line) for p in problems}
    assert ("promise-terms", ESTATE, pr.line_of(ESTATE, "  complex_days: 3")) in got
    assert ("promise-terms", ESTATE, pr.line_of(ESTATE, "from: 2026-03-01")) in got


# -- frozen fields -----------------------------------------------------------------------

def test_a_title_rewritten_outright_is_refused(pr):
    pr.edit(ROOF, "title: ", "title: 已修好：")
    code, problems = validate(pr)
    assert ("history-text", ROOF, pr.line_of(ROOF, "title: 已修好")) in found(problems)


def test_category_may_be_corrected_until_the_first_event(pr):
    pr.edit(HOLE, "category: repairs", "category: traffic")
    code, problems = validate(pr)
    assert found(problems) == set() and code == 0, problems
    pr.edit(GATE, "category: traffic", "category: security")
    code, problems = validate(pr)
    assert found(problems) == {("history-changed", GATE, pr.line_of(GATE, "category: security"))}


def test_channel_is_fixed(pr):
    pr.edit(GATE, "channel: meeting", "channel: qr")
    code, problems = validate(pr)
    assert found(problems) == {("history-changed", GATE, pr.line_of(GATE, "channel: qr"))}


# -- redaction: visible and bounded ------------------------------------------------------

def test_redaction_that_changes_meaning_needs_the_legal_reason(pr):
    pr.edit(ROOF, "回访不满意", f"回访{REDACTED}满意")
    pr.write(ROOF, pr.read(ROOF) + "redactions:\n" + log_entry("events.3.note", "personal_data"))
    code, problems = validate(pr)
    assert found(problems) == {("redaction-reason", ROOF, pr.line_of(ROOF, "reason: personal_data"))}
    pr.edit(ROOF, "reason: personal_data", "reason: legal\n    note: 业委会决定")
    code, problems = validate(pr)
    assert found(problems) == set() and code == 0, problems


def test_a_redaction_without_its_log_entry(pr):
    pr.git.git.checkout("main")
    pr.edit(ROOF, "    note: 开裂处已局部修补防水", "    note: 开裂处已局部修补防水，联系人电话13912345678")
    commit(pr, "a leak")
    pr.git.git.checkout(b="redact")
    pr.edit(ROOF, "联系人电话13912345678", f"联系人电话{REDACTED}")
    code, problems = validate(pr)
    assert found(problems) == {("redaction-unlogged", ROOF, pr.line_of(ROOF, f"联系人电话{REDACTED}"))}
    pr.write(ROOF, pr.read(ROOF) + "redactions:\n" + log_entry("events.2.note", "personal_data"))
    code, problems = validate(pr)
    assert found(problems) == set() and code == 0, problems
    # a second entry that names nothing redacted here is stray
    pr.write(ROOF, pr.read(ROOF) + log_entry("description", "legal", "x"))
    code, problems = validate(pr)
    assert found(problems) == {("redaction-log-stray", ROOF, pr.line_of(ROOF, "path: description"))}


def test_the_redaction_log_is_append_only(pr):
    pr.git.git.checkout("main")
    pr.edit(ROOF, "    note: 开裂处已局部修补防水", f"    note: 开裂处已局部修补防水，联系人电话{REDACTED}")
    pr.write(ROOF, pr.read(ROOF) + "redactions:\n" + log_entry("events.2.note", "personal_data"))
    commit(pr, "a logged redaction")
    pr.git.git.checkout(b="rewrite-log")
    pr.edit(ROOF, "reason: personal_data", "reason: legal")
    code, problems = validate(pr)
    assert found(problems) == {("redaction-log-changed", ROOF, pr.line_of(ROOF, "reason: legal"))}


def test_evidence_in_a_closed_period_only_over_flagged_personal_data(pr):
    pr.edit(PUB25, "evidence: 银行回单 20250105-8766", f"evidence: 银行回单 {REDACTED}")
    n = pr.read(PUB25).count("\nentries:")
    assert n == 1
    pr.write(PUB25, pr.read(PUB25) + "redactions:\n" + log_entry("entries.0.evidence", "legal", "x"))
    code, problems = validate(pr)
    assert ("redaction-reference", PUB25, pr.line_of(PUB25, f"银行回单 {REDACTED}")) in found(problems)
    assert code == 1


def test_a_redaction_of_a_number_then_words_is_not_personal_data():
    old = "电话13912345678，问题没有解决"
    spans = redacted_spans(old, f"电话{REDACTED}")
    assert spans == [(2, len(old))]
    from echowall.compare import flagged as _flagged

    assert not _flagged(old, spans)
    assert _flagged(old, redacted_spans(old, f"电话{REDACTED}，问题没有解决"))
    assert redacted_spans("abc", "abc") is None


# -- echowall redact, and what the site shows -------------------------------------------

def run(repo, *args):
    return CliRunner().invoke(main, ["--root", str(repo.root), "--lang", "en", *args])


def test_redact_writes_marker_and_log_and_passes_base(pr):
    pr.git.git.checkout("main")
    pr.edit(GATE, "  希望能分流，人车分开走。", "  希望能分流，人车分开走。联系13912345678李建国先生")
    commit(pr, "a leak in a block scalar")
    pr.git.git.checkout(b="redact")
    before = pr.read(GATE)
    r = run(pr, "redact", "--suggest")
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert f"{GATE}:{pr.line_of(GATE, 'description: |')}: description: '13912345678' (privacy-phone)" in lines
    assert "  echowall redact 260305-dm3a description 13912345678 --reason personal_data" in lines
    r = run(pr, "redact", "260305-dm3a", "description", "13912345678", "--reason", "personal_data")
    assert r.exit_code == 0, r.output
    after = pr.read(GATE)
    assert after.count(REDACTED) == 1 and "13912345678" not in after
    # every other line kept; the log appended at the end
    assert after.startswith(before.replace("13912345678", REDACTED).rstrip("\n"))
    assert after.endswith("redactions:\n  - at: " + after.split("redactions:\n  - at: ")[1])
    code, problems = validate(pr)
    assert {(p["code"], p["path"]) for p in problems} == {("privacy-name", GATE)}  # the name is still there
    # the name is flagged too: --suggest --write clears the rest in one go
    r = run(pr, "redact", "--suggest", "--write")
    assert r.exit_code == 0, r.output
    code, problems = validate(pr)
    assert code == 0 and problems == [], problems


@pytest.mark.parametrize("args, message", [
    (["260305-dm3a", "filed", "2026", "--reason", "legal", "--note", "x"], "filed cannot be redacted"),
    (["260305-dm3a", "events.0.at", "2026", "--reason", "legal", "--note", "x"], "events.0.at cannot be redacted"),
    (["260305-dm3a", "description", "没有这句话", "--reason", "legal", "--note", "x"], "'没有这句话' is not in description"),
    (["260305-dm3a", "events.9.note", "x", "--reason", "legal", "--note", "x"], "has no text at events.9.note"),
    (["260305-dm3a", "events..note", "x", "--reason", "legal", "--note", "x"], "is not a field path"),
    (["260305-dm3a", "description", "东门"], "give ID|FILE, FIELD, TEXT and --reason"),
    (["nope", "description", "x", "--reason", "legal", "--note", "x"], "no item 'nope'"),
])
def test_redact_refuses_clearly(pr, args, message):
    before = pr.read(GATE)
    r = run(pr, "redact", *args)
    assert r.exit_code in (1, 2) and message in r.output, r.output
    assert "Traceback" not in r.output
    assert pr.read(GATE) == before


def test_the_site_counts_redactions_and_lists_them(pr):
    from bs4 import BeautifulSoup

    from conftest import build_site

    pr.edit(ROOF, "回访不满意", f"回访{REDACTED}满意")
    pr.write(ROOF, pr.read(ROOF) + "redactions:\n" + log_entry("events.3.note", "legal", "业委会决定"))
    pr.edit(GATE, "东门只有一个出入口", f"东门只有{REDACTED}出入口")  # an old marker, before the log
    site = build_site(pr.root)
    roof = BeautifulSoup((site / "i/260415-7kq2/index.html").read_text(encoding="utf-8"), "html.parser")
    note = roof.select_one("#redacted")
    assert note["data-count"] == "1" and "依法处理" in note.get_text()
    assert note.a["href"] == "../../redactions/"
    page = BeautifulSoup((site / "redactions/index.html").read_text(encoding="utf-8"), "html.parser")
    rows = [(tr["data-path"], tr["data-reason"], [td.get_text(" ", strip=True) for td in tr.find_all("td")])
            for tr in page.select("#redactions tbody tr")]
    assert [(p, r) for p, r, _ in rows] == [("description", "unlogged"), ("events.3.note", "legal")]
    assert rows[1][2][1] == "办理记录第4条 · 说明" and rows[1][2][3] == "依法处理" and rows[1][2][5] == "业委会决定"
    assert not BeautifulSoup((site / "i/261110-pt3b/index.html").read_text(encoding="utf-8"),
                             "html.parser").select_one("#redacted")


def test_fix_symlinks_is_the_migration(pr):
    text = pr.read(ROOF)
    (pr.root / "ledger/archive").mkdir()
    (pr.root / "ledger/archive/copy.yml").write_text(text, encoding="utf-8")
    (pr.root / ROOF).unlink()
    os.symlink("../../archive/copy.yml", pr.root / ROOF)
    os.symlink("/etc/hostname", pr.root / "ledger/items/2026/outside.yml")
    r = run(pr, "fix-symlinks", "--dry-run")
    assert r.exit_code == 1 and (pr.root / ROOF).is_symlink()
    assert f"{ROOF} -> ledger/archive/copy.yml" in r.output
    assert "ledger/items/2026/outside.yml -> /etc/hostname: points out of the repository" in r.output
    (pr.root / "ledger/items/2026/outside.yml").unlink()
    r = run(pr, "fix-symlinks")
    assert r.exit_code == 0, r.output
    assert not (pr.root / ROOF).is_symlink() and pr.read(ROOF) == text
    code, problems = validate(pr)
    assert code == 0 and found(problems) == set(), problems


def test_a_marker_that_swallows_more_text_is_a_new_redaction(pr):
    """A field that already had a marker at the base: widening it hides more, so it needs
    its own log entry (and, here, the legal reason)."""
    pr.git.git.checkout("main")
    pr.edit(ROOF, "回访不满意", f"回访不满意{REDACTED}")
    commit(pr, "an old marker")
    pr.git.git.checkout(b="widen")
    pr.edit(ROOF, f"回访不满意{REDACTED}", f"回访不{REDACTED}")
    code, problems = validate(pr)
    assert found(problems) == {("redaction-unlogged", ROOF, pr.line_of(ROOF, f"回访不{REDACTED}"))}
