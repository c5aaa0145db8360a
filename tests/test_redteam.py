"""Red-team review: changes a committer can get past `echowall validate --base main` that break
the ledger's promise (what was promised and what was done cannot be changed afterwards,
but for logged redaction; money moves only with approval; mkdocs.yml cannot inject markup).

Each test reproduces one hole in a real temporary Git repository (the demo committed on
`main`, the change committed on a branch) and asserts that the change IS refused. They all
failed when it was written (each marked `xfail(strict=True)`); every hole is fixed now and
each test asserts the refusal.

Near misses that are already refused correctly are listed at the end of the file (and in
the review report), not tested again here: tests/test_trust.py and tests/test_history.py
cover them.
"""
from __future__ import annotations

import json
import os
import re
import shutil
from datetime import datetime, timedelta, timezone

import pytest
from click.testing import CliRunner

from conftest import git_pull_request
from echowall.cli import main
from echowall.derive import resolve_as_of
from echowall.money import derive_revenue
from echowall.pipeline import check_ledger

ROOF = "ledger/items/2026/260415-7kq2.yml"   # complex, reopened, rated 1, one photo
GATE = "ledger/items/2026/260305-dm3a.yml"   # complex, resolved, rated 5, has links
HOLE = "ledger/items/2026/261110-pt3b.yml"   # complex, no events: overdue since 2026-11-14
ESTATE = "ledger/estate.yml"
PUB26 = "ledger/revenue/public/2026.yml"     # an open period
AS_OF = "2026-11-20T18:00+08:00"
CST = timezone(timedelta(hours=8))


def recent(hours: float = 1) -> str:
    return (datetime.now(CST) - timedelta(hours=hours)).replace(microsecond=0).isoformat()


def _init(tmp_path, main_edit=None):
    return git_pull_request(tmp_path, print_sheets=False, main_edit=main_edit)


@pytest.fixture
def pr(tmp_path):
    return _init(tmp_path)


def commit(repo, message="change"):
    repo.git.git.add(A=True)
    repo.git.index.commit(message)


def validate(repo, base="main"):
    r = CliRunner().invoke(main, ["--root", str(repo.root), "--lang", "en", "validate", "--base", base, "--format", "json"])
    assert "Traceback" not in r.output
    problems = json.loads(r.output) if r.output.strip().startswith("[") else r.output
    return r.exit_code, problems


def overdue_count(repo, as_of=AS_OF) -> int:
    r = CliRunner().invoke(main, ["--root", str(repo.root), "--lang", "en", "overdue", "--as-of", as_of, "--format", "json"])
    return sum(len(group["items"]) for group in json.loads(r.output))


def errors(problems):
    return [p for p in problems if isinstance(p, dict) and p.get("severity") == "error"]


# -- 1. the site is built from a folder the history check never reads -------------------

PLUGINS_AS_LIST = """plugins:                    # no `search`: the echowall plugin indexes with Pagefind (search: true)
  - echowall:
      ledger: ledger
"""


def _shadow(repo):
    """A copy of the ledger with a published item deleted and a published note rewritten."""
    shutil.copytree(repo.path("ledger"), repo.path("shadow"))
    os.remove(repo.path("shadow/items/2026/261110-pt3b.yml"))
    repo.edit("shadow/items/2026/260415-7kq2.yml", "    note: 开裂处已局部修补防水", "    note: 屋面已全部翻新")


def _plugins_as_mapping(repo):
    repo.edit("mkdocs.yml", PLUGINS_AS_LIST, """plugins:
  echowall:
      ledger: shadow
""")


def _env_default(repo):
    repo.edit("mkdocs.yml", "      ledger: ledger", "      ledger: !ENV [ECHOWALL_NEVER_SET, shadow]")


def _inherit(repo):
    text = repo.read("mkdocs.yml")
    plugins = text[text.index("plugins:"):text.index("extra:")]
    repo.write("site_templates/parent.yml", plugins.replace("ledger: ledger", "ledger: shadow"))
    repo.write("mkdocs.yml", "INHERIT: site_templates/parent.yml\n" + text.replace(plugins, ""))


@pytest.mark.parametrize("spelling", [_plugins_as_mapping, _env_default, _inherit], ids=["mapping", "env", "inherit"])
def test_site_ledger_folder_differs_from_the_checked_one(pr, spelling):
    _shadow(pr)
    spelling(pr)
    commit(pr, "the site reads shadow/, the check reads ledger/")
    from mkdocs.config import load_config

    built_from = load_config(str(pr.path("mkdocs.yml"))).plugins["echowall"].config.ledger
    assert built_from == "shadow"  # what `echowall build` (plugin.config.ledger) and `mkdocs build` read
    code, problems = validate(pr)
    assert code == 1, problems   # today: 0, "ok: 35 items" (it checked ledger/, untouched)


# -- 2. .gitattributes makes every published file unreadable at the base ----------------

def test_working_tree_encoding_unprotects_the_whole_ledger(pr):
    # PR 1: one .gitattributes line, files renormalized; no file in the working tree (what
    # CI checks out and validates) changes by a byte. Refused at its line.
    pr.git.git.checkout("main")
    pr.write(".gitattributes", "ledger/** working-tree-encoding=ISO-8859-1\n")
    pr.git.git.add(A=True)
    pr.git.git.add("--renormalize", ".")
    pr.git.index.commit("PR 1: attributes")
    code, problems = validate(pr, base="HEAD~1")
    assert code == 1
    assert ("config-gitattributes", ".gitattributes", 1) in {(p["code"], p["path"], p["line"]) for p in problems}
    # merged anyway (a push around review): PR 2 cannot be judged against such a base, and
    # says so (a usage error: CI fails) instead of finding "nothing published"
    pr.git.git.checkout(b="pr2")
    os.remove(pr.path(HOLE))
    pr.edit(ROOF, "    note: 开裂处已局部修补防水", "    note: 屋面已全部翻新")
    commit(pr, "PR 2: rewrite")
    r = CliRunner().invoke(main, ["--root", str(pr.root), "--lang", "en", "validate", "--base", "main", "--format", "json"])
    assert r.exit_code == 2 and ".gitattributes at the base changes how files are stored" in r.output


# -- 3. a tag named like the base branch --------------------------------------------------

def test_a_tag_named_like_the_base_branch_is_not_the_base(pr):
    os.remove(pr.path(HOLE))
    pr.edit(ROOF, "    note: 开裂处已局部修补防水", "    note: 屋面已全部翻新")
    commit(pr, "rewrite")
    assert validate(pr)[0] == 1   # refused against the branch
    pr.git.create_tag("main")     # CI: git push origin HEAD:refs/tags/origin/main
    r = CliRunner().invoke(main, ["--root", str(pr.root), "--lang", "en", "validate", "--base", "main", "--format", "json"])
    assert r.exit_code == 2, r.output   # ambiguous: refused, never read as the base
    assert "'main' names more than one thing (refs/heads/main, refs/tags/main)" in r.output
    assert validate(pr, base="refs/heads/main")[0] == 1  # the full name works


# -- 4. the estate's timezone is not fixed -------------------------------------------------

def _start_on_the_10th(repo):
    # a start date (the estate's first promise term): items filed before it are history
    repo.edit(ESTATE, "promise:\n  complex_days: 3\n", "promise:\n  terms:\n    - {from: 2026-11-10, complex_days: 3}\n")


def test_changing_the_timezone_takes_a_published_item_out_of_the_promise(tmp_path):
    pr = _init(tmp_path, _start_on_the_10th)
    before = overdue_count(pr)
    pr.edit(ESTATE, "timezone: Asia/Shanghai", "timezone: Etc/GMT+12")   # UTC-12
    # 261110-pt3b, filed 2026-11-10T16:00+08:00, is 2026-11-09 20:00 in UTC-12: before the start
    # date, so history (not overdue), and a `resolved` dated on its filing day is exempt from
    # the back-dating rule
    pr.write(HOLE, pr.read(HOLE) + "events:\n  - at: 2026-11-10T17:00:00+08:00\n    type: resolved\n"
                                    "    note: 当天已填平\n")
    commit(pr, "timezone")
    assert overdue_count(pr) == before - 1
    code, problems = validate(pr)
    assert code == 1, problems
    got = {(p["code"], p["path"], p["line"]) for p in problems}
    assert ("history-changed", ESTATE, pr.line_of(ESTATE, "timezone: Etc/GMT+12")) in got


# -- 5. an open revenue period's note and budget ----------------------------------------

def _period_note(repo):
    repo.edit(PUB26, 'opening_balance: "96200.00"\n', 'opening_balance: "96200.00"\nnote: 东门改造款18600元由业委会垫付，尚未归还\n')


def test_open_period_note_and_budget_are_rewritten(tmp_path):
    pr = _init(tmp_path, _period_note)
    pr.edit(PUB26, "note: 东门改造款18600元由业委会垫付，尚未归还", "note: 东门改造款已全部结清")
    pr.edit(PUB26, '  repairs: "30000.00"', '  repairs: "90000.00"')
    commit(pr, "period note")
    code, problems = validate(pr)
    assert code == 1, problems
    got = {(p["code"], p["path"], p["line"]) for p in problems}
    assert ("history-text", PUB26, pr.line_of(PUB26, "note: 东门改造款已全部结清")) in got
    assert ("history-changed", PUB26, pr.line_of(PUB26, 'repairs: "90000.00"')) in got


# -- 6. revenue categories rewrite closed periods' statements ----------------------------

def test_earning_cost_flag_changes_a_closed_periods_owners_share(pr):
    def share():
        checked = check_ledger(pr.root)
        return derive_revenue(checked.ledger, resolve_as_of(AS_OF)).period("public", "2025").owners_share

    before = share()
    pr.edit(ESTATE, "    - id: repairs\n      name: 公共设施维修\n      direction: expense\n",
            "    - id: repairs\n      name: 公共设施维修\n      direction: expense\n      earning_cost: true\n")
    commit(pr, "repairs are a cost of earning")
    assert share() < before   # 65560.00 -> 61710.00 for the closed 2025 period
    code, problems = validate(pr)
    assert code == 1, problems
    assert "revenue.categories.repairs.earning_cost" in json.dumps(problems, ensure_ascii=False)


# -- 7/8. markup and code through mkdocs.yml ----------------------------------------------

def test_nav_javascript_link_is_refused(pr):
    pr.edit("mkdocs.yml", "  - 关于: about.md", "  - 关于: about.md\n  - 帮助: javascript:alert(document.cookie)")
    commit(pr)
    code, problems = validate(pr)
    assert code == 1, problems   # e.g. config-url on the nav entry


def test_mkdocs_hooks_are_refused(pr):
    pr.write("site_templates/hook.py", "def on_post_page(output, **kwargs):\n"
                                       "    return output.replace('</body>', '<script>alert(1)</script></body>')\n")
    pr.edit("mkdocs.yml", "extra_css:", "hooks:\n  - site_templates/hook.py\n\nextra_css:")
    commit(pr)
    code, problems = validate(pr)
    assert code == 1, problems


# -- 9. published evidence (photos) and links --------------------------------------------

def test_published_photo_is_not_silently_removed(pr):
    pr.edit(ROOF, "photos:\n  - 2026/260415-7kq2-1.jpg\n", "")
    os.remove(pr.path("ledger/media/2026/260415-7kq2-1.jpg"))
    text = pr.read(GATE)
    pr.write(GATE, re.sub(r"\nlinks:\n(?:  .*\n)+", "\n", text))
    commit(pr)
    code, problems = validate(pr)
    assert code == 1, problems
    codes = {p["code"] for p in errors(problems)}
    assert {"history-photo", "history-removed"} <= codes


# -- 10/11. redaction reasons ----------------------------------------------------------------

def _events_note_index(repo, rel, note):
    doc = check_ledger(repo.root).ledger.item(os.path.basename(rel)[:-4])
    return next(e.index for e in doc.events if e.note == note)


def test_personal_data_reason_over_punctuation_is_refused(pr):
    note = "居民催单：施工什么时候开始？"
    i = _events_note_index(pr, ROOF, note)
    pr.edit(ROOF, f"    note: {note}", "    note: 居民催单：施工什么时候开始［已隐去］")
    pr.write(ROOF, pr.read(ROOF) + f"redactions:\n  - at: {recent(0.5)}\n    path: events.{i}.note\n"
                                   "    reason: personal_data\n")
    commit(pr)
    code, problems = validate(pr)
    assert any(p["code"] == "redaction-reason" for p in errors(problems)), problems


def test_legal_redaction_without_a_note_is_refused(pr):
    note = "回访不满意，重新打开，需要整体翻修屋面"
    i = _events_note_index(pr, ROOF, note)
    pr.edit(ROOF, f"    note: {note}", "    note: 回访［已隐去］，重新打开，需要整体翻修屋面")
    pr.write(ROOF, pr.read(ROOF) + f"redactions:\n  - at: {recent(0.5)}\n    path: events.{i}.note\n"
                                   "    reason: legal\n")
    commit(pr)
    code, problems = validate(pr)
    assert code == 1, problems
    assert [p["code"] for p in errors(problems) if p["code"].startswith("redaction-")] == ["redaction-note"]


# -- near misses, refused today (tried by hand with `validate --base main`) ------------------
# ledger option `./ledger` / `ledger/` + an edit: history-edited; `LEDGER`: history-renamed;
# case-only rename of an item file, moving it to another year folder: history-renamed;
# new id + new file name: history-deleted; symlinked item: file-symlink + history-deleted;
# hard link under a new name: id-duplicate; ASCII-bracket look-alike marker: history-edited;
# marker without a log entry: redaction-unlogged; duplicate key: yaml-duplicate-key; merge
# key `<<: {complexity: simple}`: schema-unknown-key; a second document: yaml-documents; BOM:
# file-bom; `filed` re-spelled as the same instant in Z: history-changed; backdate_days raised
# to 30 + a back-dated `resolved`: history-backdated (the smaller value counts); plain
# complex_days changed: history-terms; terms with a first `from` after published items:
# history-start; a term appended from the past: history-term-date; a key added to a closed
# period: history-closed; site_url behind `!ENV`: config-site-url-changed ("removed").


# -- 12. an approval that records a rejection ----------------------------------------------

def test_an_approval_that_says_rejected_is_refused(pr):
    day = datetime.now(CST).date().isoformat()
    pr.write(PUB26, pr.read(PUB26) + f"""  - id: "2026-050"
    date: {day}
    direction: expense
    category: repairs
    description: 北门路面修补
    amount: "8000.00"
    evidence: 施工合同 SQ-2026-011
    approval: 2026年11月业委会会议否决
    counterparty: 某市政工程公司
""")
    commit(pr)
    code, problems = validate(pr)
    assert any(p["code"] == "revenue-approval-form" for p in errors(problems)), problems
