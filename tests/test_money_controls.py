"""The money controls (issue 13): a reversal that takes income out needs an approval above the
threshold; an account books only its listed categories; an approval names a date and a
deciding body; unapproved expenses split to stay under the threshold are a warning. Each with
a failing case at its exact code, file and line, a close legitimate case, the attacker's
spellings, and the rule that they judge only what is new: against a real Git base, and by
`controls_from` without one."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from click.testing import CliRunner

from conftest import copy_repo, git_pull_request, only
from echowall.approval import approval_form, fold
from echowall.cli import main
from echowall.pipeline import check_ledger

ESTATE = "ledger/estate.yml"
PUB26 = "ledger/revenue/public/2026.yml"
MAINT = "ledger/revenue/maintenance/2026.yml"
NOW = datetime(2026, 11, 22, tzinfo=timezone.utc)  # the demo's controls_from is 2026-11-01


@pytest.fixture
def repo(tmp_path):
    return copy_repo(tmp_path, print_sheets=False)


def check(repo):
    return check_ledger(repo.root, now=NOW).problems


def problems_of(problems, code):
    return [(p.key, p.path, p.line) for p in problems if p.code == code]


def entry(id, date, direction, category, amount, approval=None, counterparty=None, reverses=None,
          description="测试条目", evidence="发票 No.26110001"):
    text = (f'  - id: "{id}"\n    date: {date}\n    direction: {direction}\n    category: {category}\n'
            f'    description: {description}\n    amount: "{amount}"\n    evidence: {evidence}\n')
    if approval is not None:
        text += f"    approval: {json.dumps(approval, ensure_ascii=False)}\n"
    if counterparty is not None:
        text += f"    counterparty: {json.dumps(counterparty, ensure_ascii=False)}\n"
    if reverses is not None:
        text += f'    reverses: "{reverses}"\n'
    return text


def append(repo, rel, *entries):
    repo.write(rel, repo.read(rel) + "".join(entries))


def id_line(repo, rel, id):
    return repo.line_of(rel, f'id: "{id}"')


def field_line(repo, rel, id, key):
    lines = repo.read(rel).splitlines()
    start = id_line(repo, rel, id)
    for n in range(start, len(lines) + 1):
        if lines[n - 1].strip().startswith(f"{key}:"):
            return n
    raise AssertionError(key)


def test_the_demo_is_clean_and_its_approvals_have_the_shape(repo):
    assert check(repo) == []
    ledger = check_ledger(repo.root, now=NOW).ledger
    approvals = [e.approval for p in ledger.revenue for e in p.entries if e.approval]
    assert len(approvals) == 8
    assert [a for a in approvals if approval_form(a) is not None] == []


# -- 1. reversals ---------------------------------------------------------------------------

def test_a_reversal_taking_income_out_above_the_threshold_needs_an_approval(repo):
    # the red team's case: 5,036.00 of parking income taken out by a "reversal"
    append(repo, PUB26, entry("2026-900", "2026-11-02", "expense", "parking", "5036.00", reverses="2026-001",
                              description="冲正：1月停车费"))
    problems = check(repo)
    assert problems_of(problems, "revenue-approval") == [("revenue-approval.reversal", PUB26, id_line(repo, PUB26, "2026-900"))]
    p = only(problems, "revenue-approval", PUB26, id_line(repo, PUB26, "2026-900"))
    assert p.severity == "error" and "5036.00" in p.message and "'2026-001'" in p.message


def test_an_approved_reversal_and_a_small_one_are_accepted(repo):
    append(repo, PUB26,
           entry("2026-900", "2026-11-02", "expense", "parking", "5036.00", reverses="2026-001",
                 approval="2026年11月业主代表会议决议（第7号）"),
           entry("2026-901", "2026-11-02", "expense", "advertising", "1200.00", reverses="2026-002"))
    assert check(repo) == []


def test_reversing_an_expense_puts_money_back_and_needs_no_approval(repo):
    append(repo, PUB26, entry("2026-900", "2026-11-02", "income", "repairs", "18600.00", reverses="2026-015",
                              counterparty="某市政工程公司"))
    assert check(repo) == []


def test_a_reversal_names_an_entry_of_its_own_account(repo):
    # 2026-001 is public revenue; the maintenance fund cannot "reverse" it
    append(repo, MAINT, entry("M2026-900", "2026-11-02", "expense", "parking", "5036.00", reverses="2026-001",
                              approval="2026年11月业主大会决议"))
    problems = check(repo)
    p = only(problems, "revenue-reversal", MAINT, field_line(repo, MAINT, "M2026-900", "reverses"))
    assert "not an entry of the maintenance account" in p.message


# -- 2. what an account may book --------------------------------------------------------------

def test_the_maintenance_fund_cannot_book_parking_income(repo):
    append(repo, MAINT, entry("M2026-900", "2026-11-02", "income", "parking", "4800.00"))
    problems = check(repo)
    assert problems_of(problems, "revenue-account-category") == [
        ("revenue-account-category", MAINT, field_line(repo, MAINT, "M2026-900", "category"))]
    assert "the maintenance account does not book 'parking'" in problems[0].message
    assert "deposit, interest, repairs" in problems[0].message


def test_the_maintenance_fund_books_what_it_lists(repo):
    append(repo, MAINT, entry("M2026-900", "2026-11-02", "income", "interest", "12.00"),
           entry("M2026-901", "2026-11-03", "income", "deposit", "2820.00"))
    assert check(repo) == []


def test_the_public_account_cannot_book_maintenance_deposits(repo):
    append(repo, PUB26, entry("2026-900", "2026-11-02", "income", "deposit", "2820.00"))
    only(check(repo), "revenue-account-category", PUB26, field_line(repo, PUB26, "2026-900", "category"))


def test_an_account_without_a_list_books_any_category(repo):
    text = repo.read(ESTATE)
    start = text.index("      # everything but the maintenance fund's own deposits")
    end = text.index("    - id: maintenance")
    repo.write(ESTATE, text[:start] + text[end:])
    append(repo, PUB26, entry("2026-900", "2026-11-02", "income", "deposit", "2820.00"))
    assert check(repo) == []


def test_an_account_lists_only_known_categories(repo):
    repo.edit(ESTATE, "categories: [deposit, interest, repairs]", "categories: [deposit, intrest, repairs]")
    p = only(check(repo), "revenue-category", ESTATE, repo.line_of(ESTATE, "categories: [deposit, intrest"))
    assert p.key == "revenue-category.account" and "'intrest'" in p.message


def test_a_reversal_may_undo_an_entry_booked_in_the_wrong_account(repo):
    # a parking income booked in the maintenance fund before the controls (2026-10-30) is
    # published; its reversal keeps its category and is not refused for it
    append(repo, MAINT, entry("M2026-900", "2026-10-30", "income", "parking", "480.00"),
           entry("M2026-901", "2026-11-02", "expense", "parking", "480.00", reverses="M2026-900"))
    assert check(repo) == []


def test_the_account_list_is_in_the_schema(repo):
    repo.edit(ESTATE, "categories: [deposit, interest, repairs]", "categories: []")
    only(check(repo), "schema-empty", ESTATE, repo.line_of(ESTATE, "categories: []"))


# -- 3. the shape of an approval ----------------------------------------------------------------

REFUSED = [
    ("无", "placeholder"), ("无。", "placeholder"), ("暂无", "placeholder"), ("略", "placeholder"),
    ("N/A", "placeholder"), ("n/a", "placeholder"), ("TBD", "placeholder"), ("-", "placeholder"),
    ("—", "placeholder"), ("／", "placeholder"), ("待补", "placeholder"), ("待补充", "placeholder"),
    ("无 ", "placeholder"), ("（无）", "placeholder"), ("ＴＢＤ", "placeholder"),
    ("2026年3月业主代表会议决议（待补）", "pending"), ("业主大会决议待补充", "pending"),
    ("2026年3月业主代表会议决议（第XX号）", "pending"), ("未经业主大会表决 2026年3月", "pending"),
    ("2026年3月 无需业主大会表决", "pending"),
    ("2026年3月", "body"), ("２０２６年３月", "body"), ("2026-03-05", "body"),
    ("2026年3月物业公司同意", "body"), ("2026年3月5日 经理批准", "body"),
    ("业主大会决议", "date"), ("业委会同意", "date"), ("2026年业主大会决议", "date"),
    ("2026-13-05 业主大会决议", "date"), ("第3次业主代表会议决议", "date"), ("2026年2月30日业主大会决议", "date"), ("1899年3月业主大会", "date"),
    ("经研究同意", "neither"), ("见会议纪要", "neither"), ("同意", "neither"),
]

ACCEPTED = [
    "2026年3月业主代表会议决议（第2号）",
    "2025年第3次业主代表会议决议",
    "2026年6月5幢业主表决（专有部分面积和人数均超过三分之二同意）",
    "２０２６年３月业主代表会议决议（第２号）",  # full-width digits
    "2026-03-05 业委会会议纪要",
    "2026/3/5 业主委员会决定",
    "2026.03.05 业主大会决议",
    "二〇二六年三月业主大会决议",
    "2025年第三次业主代表会议决议",
    "2025年度第3次业主代表会议",
    "2026年业主大会第二次会议决议",
    "2026年业委会第5号决定",
    "2026年3月5日业主大会表决通过",
    "业 主 大 会 2026年3月决议",  # whitespace inside the body's name
    "2026年3月\u200b业主\u200b代表会议决议",  # zero-width spaces
]


@pytest.mark.parametrize("approval, variant", REFUSED)
def test_approval_shapes_refused(approval, variant):
    assert approval_form(approval) == variant


@pytest.mark.parametrize("approval", ACCEPTED)
def test_approval_shapes_accepted(approval):
    assert approval_form(approval) is None


@pytest.mark.parametrize("approval, variant", [("无。", "placeholder"), ("待补充", "placeholder"),
                                               ("2026年11月", "body"), ("业主大会决议", "date"),
                                               ("经研究同意", "")])
def test_a_new_entry_with_a_malformed_approval_is_refused_at_its_line(repo, approval, variant):
    append(repo, PUB26, entry("2026-900", "2026-11-02", "expense", "repairs", "6000.00", approval=approval,
                              counterparty="某装修公司"))
    problems = check(repo)
    key = f"revenue-approval-form.{variant}" if variant else "revenue-approval-form"
    assert problems_of(problems, "revenue-approval-form") == [(key, PUB26, field_line(repo, PUB26, "2026-900", "approval"))]
    assert problems[0].severity == "error"


def test_a_placeholder_is_refused_below_the_threshold_too(repo):
    # an approval that is written is a claim, and is checked even where none was needed
    append(repo, PUB26, entry("2026-900", "2026-11-02", "expense", "repairs", "300.00", approval="无"))
    only(check(repo), "revenue-approval-form", PUB26, field_line(repo, PUB26, "2026-900", "approval"))


def test_a_well_formed_approval_is_accepted(repo):
    append(repo, PUB26, entry("2026-900", "2026-11-02", "expense", "repairs", "6000.00",
                              approval="2026年10月业主代表会议决议（第6号）", counterparty="某装修公司"))
    assert check(repo) == []


def test_an_estate_names_its_own_deciding_bodies(repo):
    repo.edit(ESTATE, "  # approval_bodies: [业主大会, 业主代表会议, 业主委员会, 业委会, 业主表决]   # default list: docs/ledger-format.md\n",
              "  approval_bodies: [业主大会, 物业管理委员会]\n")
    append(repo, PUB26,
           entry("2026-900", "2026-11-02", "expense", "repairs", "6000.00", approval="2026年10月物业管理委员会决定"),
           entry("2026-901", "2026-11-03", "expense", "repairs", "6000.00", approval="2026年10月业主代表会议决议"))
    problems = check(repo)
    assert problems_of(problems, "revenue-approval-form") == [
        ("revenue-approval-form.body", PUB26, field_line(repo, PUB26, "2026-901", "approval"))]
    assert "业主大会、物业管理委员会" not in problems[0].message  # en joins with ", "
    assert "业主大会, 物业管理委员会" in problems[0].message


# -- 4. a purchase split to stay under the threshold -------------------------------------------

def test_one_expense_split_in_three_is_a_warning_on_each(repo):
    # the red team's case: 6,000.00 paid as three of 2,000.00, none approved
    append(repo, PUB26, *(entry(f"2026-90{i}", f"2026-11-0{2 + i}", "expense", "repairs", "2000.00",
                                counterparty="某装修公司") for i in range(3)))
    problems = check(repo)
    assert problems_of(problems, "revenue-split") == [
        ("revenue-split", PUB26, id_line(repo, PUB26, f"2026-90{i}")) for i in range(3)]
    assert {p.severity for p in problems} == {"warning"}
    assert "6000.00" in problems[0].message and "2026-900, 2026-901, 2026-902" in problems[0].message


def test_a_split_warning_fails_validate_strict_only(repo):
    append(repo, PUB26, *(entry(f"2026-90{i}", f"2026-11-0{2 + i}", "expense", "repairs", "2000.00",
                                counterparty="某装修公司") for i in range(3)))
    r = CliRunner().invoke(main, ["--root", str(repo.root), "validate"])
    assert r.exit_code == 0 and r.output.count("warning[revenue-split]") == 3, r.output
    r = CliRunner().invoke(main, ["--root", str(repo.root), "validate", "--strict"])
    assert r.exit_code == 1


@pytest.mark.parametrize("case", ["approved", "at-threshold", "apart", "other-category", "other-counterparty"])
def test_close_cases_that_are_not_a_split(repo, case):
    a = dict(counterparty="某装修公司")
    b = dict(counterparty="某装修公司")
    dates, amounts, cat_b = ("2026-11-02", "2026-11-10"), ("1500.00", "1500.00"), "repairs"
    if case == "approved":  # approved entries are not part of a split
        b["approval"] = "2026年10月业主代表会议决议（第6号）"
    elif case == "at-threshold":  # 2,000.00 is not above the threshold of 2,000.00
        amounts = ("1000.00", "1000.00")
    elif case == "apart":  # 10 days apart: outside a 10-day window (the estate's setting)
        repo.edit(ESTATE, "  # split_window_days: 30 ", "  split_window_days: 10 ")
        dates = ("2026-11-02", "2026-11-12")
    elif case == "other-category":
        cat_b = "cleaning"
    elif case == "other-counterparty":
        b["counterparty"] = "另一装修公司"
    append(repo, PUB26, entry("2026-900", dates[0], "expense", "repairs", amounts[0], **a),
           entry("2026-901", dates[1], "expense", cat_b, amounts[1], **b))
    assert check(repo) == [], case


def test_a_split_across_a_month_boundary(repo):
    repo.edit(ESTATE, "controls_from: 2026-11-01", "controls_from: 2026-10-01")
    append(repo, PUB26, entry("2026-900", "2026-10-30", "expense", "repairs", "1800.00", counterparty="某装修公司"),
           entry("2026-901", "2026-11-02", "expense", "repairs", "1800.00", counterparty="某装修公司"))
    assert problems_of(check(repo), "revenue-split") == [
        ("revenue-split", PUB26, id_line(repo, PUB26, "2026-900")),
        ("revenue-split", PUB26, id_line(repo, PUB26, "2026-901"))]


def test_a_split_across_the_controls_date_warns_only_on_the_new_part(repo):
    # 2026-10-30 is before controls_from (2026-11-01): it counts towards the sum, unwarned
    append(repo, PUB26, entry("2026-900", "2026-10-30", "expense", "repairs", "1800.00", counterparty="某装修公司"),
           entry("2026-901", "2026-11-02", "expense", "repairs", "1800.00", counterparty="某装修公司"))
    problems = check(repo)
    assert problems_of(problems, "revenue-split") == [("revenue-split", PUB26, id_line(repo, PUB26, "2026-901"))]
    assert "2026-900, 2026-901" in problems[0].message


@pytest.mark.parametrize("spelling", ["某 装修 公司", "某装修公司　", "某装修\u200b公司", "某装修公司\t", "ＭＯＵ装修公司"])
def test_one_counterparty_spelled_two_ways_is_one(repo, spelling):
    base = "MOU装修公司" if spelling.startswith("Ｍ") else "某装修公司"
    append(repo, PUB26, entry("2026-900", "2026-11-02", "expense", "repairs", "1500.00", counterparty=base),
           entry("2026-901", "2026-11-03", "expense", "repairs", "1500.00", counterparty=spelling))
    assert [c for c, _, _ in problems_of(check(repo), "revenue-split")] == ["revenue-split"] * 2
    assert fold(spelling) == fold(base)


def test_leaving_the_counterparty_out_does_not_hide_a_split(repo):
    append(repo, PUB26, entry("2026-900", "2026-11-02", "expense", "community", "1500.00"),
           entry("2026-901", "2026-11-03", "expense", "community", "1500.00"))
    assert problems_of(check(repo), "revenue-split") == [
        ("revenue-split.no-counterparty", PUB26, id_line(repo, PUB26, "2026-900")),
        ("revenue-split.no-counterparty", PUB26, id_line(repo, PUB26, "2026-901"))]


def test_a_malformed_approval_does_not_hide_a_split(repo):
    append(repo, PUB26, entry("2026-900", "2026-11-02", "expense", "repairs", "1500.00", counterparty="某装修公司",
                              approval="待补"),
           entry("2026-901", "2026-11-03", "expense", "repairs", "1500.00", counterparty="某装修公司"))
    problems = check(repo)
    assert len(problems_of(problems, "revenue-split")) == 2
    assert len(problems_of(problems, "revenue-approval-form")) == 1


def test_a_reversed_expense_is_not_part_of_a_split(repo):
    append(repo, PUB26,
           entry("2026-900", "2026-11-02", "expense", "repairs", "1500.00", counterparty="某装修公司"),
           entry("2026-901", "2026-11-03", "income", "repairs", "1500.00", counterparty="某装修公司",
                 reverses="2026-900"),
           entry("2026-902", "2026-11-04", "expense", "repairs", "1500.00", counterparty="某装修公司"))
    assert check(repo) == []


def test_taking_income_out_in_small_reversals_is_a_split(repo):
    # three reversals of small incomes, each under the threshold, 3,600.00 together
    append(repo, PUB26, *(entry(f"2026-90{i}", f"2026-11-0{2 + i}", "expense", "advertising", "1200.00",
                                counterparty="某传媒广告公司", reverses=r)
                          for i, r in enumerate(("2026-036", "2026-041", "2026-046"))))
    problems = check(repo)
    assert [k for k, _, _ in problems_of(problems, "revenue-split")] == ["revenue-split"] * 3


# -- 5. only what is new: controls_from without --base ----------------------------------------

def test_without_base_entries_before_controls_from_are_not_judged(repo):
    append(repo, MAINT, entry("M2026-900", "2026-10-31", "income", "parking", "480.00", approval="无"))
    assert check(repo) == []
    repo.edit(MAINT, "date: 2026-10-31", "date: 2026-11-01")  # on the day: judged
    problems = check(repo)
    assert sorted(problems_of(problems, "revenue-account-category") + problems_of(problems, "revenue-approval-form")) == [
        ("revenue-account-category", MAINT, field_line(repo, MAINT, "M2026-900", "category")),
        ("revenue-approval-form.placeholder", MAINT, field_line(repo, MAINT, "M2026-900", "approval"))]


def test_without_controls_from_every_entry_is_judged(repo):
    text = repo.read(ESTATE)
    repo.write(ESTATE, text.replace("  controls_from: 2026-11-01\n", ""))
    # the demo's monthly parking-staff fees (1,200.00, no approval) are 28 days apart in February
    warned = problems_of(check(repo), "revenue-split")
    assert {path for _, path, _ in warned} == {"ledger/revenue/public/2025.yml", PUB26}
    assert len(warned) == 4


def test_controls_from_in_the_future_is_refused(repo):
    repo.edit(ESTATE, "controls_from: 2026-11-01", "controls_from: 2027-01-01")
    only(check(repo), "revenue-controls-from", ESTATE, repo.line_of(ESTATE, "controls_from: 2027-01-01"))


# -- 5. only what is new: against a real Git base ----------------------------------------------

BROKEN = (
    entry("2026-900", "2026-11-02", "expense", "parking", "5036.00", reverses="2026-001"),  # reversal, no approval
    entry("2026-901", "2026-11-03", "expense", "repairs", "6000.00", approval="无", counterparty="某装修公司"),
    entry("2026-902", "2026-11-04", "expense", "repairs", "2000.00", counterparty="某装修公司"),
    entry("2026-903", "2026-11-05", "expense", "repairs", "2000.00", counterparty="某 装修公司"),
)
MAINT_BROKEN = entry("M2026-900", "2026-11-02", "income", "parking", "4800.00")
NEW_RULES = {"revenue-approval", "revenue-approval-form", "revenue-account-category", "revenue-split"}


@pytest.fixture
def two_commits(tmp_path):
    """Commit 1: the demo. Commit 2: entries that break every money control (published)."""
    repo = git_pull_request(tmp_path, print_sheets=False, branch=None)
    g = repo.git
    append(repo, PUB26, *BROKEN)
    append(repo, MAINT, MAINT_BROKEN)
    g.git.add(A=True)
    g.index.commit("entries published before the money controls")
    return repo


def validate_base(repo, rev):
    r = CliRunner().invoke(main, ["--root", str(repo.root), "validate", "--base", rev, "--format", "json"])
    assert "Traceback" not in r.output
    return r.exit_code, [(p["code"], p["path"], p["line"]) for p in json.loads(r.output)]


def test_with_base_published_entries_stay_as_they_were(two_commits):
    code, problems = validate_base(two_commits, "HEAD")
    assert (code, problems) == (0, [])


def test_with_base_the_same_entries_added_new_are_refused(two_commits):
    repo = two_commits
    code, problems = validate_base(repo, "HEAD~1")
    assert code == 1
    assert sorted(p for p in problems if p[0] in NEW_RULES) == sorted([
        ("revenue-approval", PUB26, id_line(repo, PUB26, "2026-900")),
        ("revenue-approval-form", PUB26, field_line(repo, PUB26, "2026-901", "approval")),
        ("revenue-split", PUB26, id_line(repo, PUB26, "2026-902")),
        ("revenue-split", PUB26, id_line(repo, PUB26, "2026-903")),
        ("revenue-account-category", MAINT, field_line(repo, MAINT, "M2026-900", "category")),
    ])


def test_with_base_a_new_entry_is_judged_beside_published_ones(two_commits):
    # a third 2,000.00 to the same company: only the new one is warned, the sum counts all
    repo = two_commits
    append(repo, PUB26, entry("2026-904", "2026-11-06", "expense", "repairs", "2000.00", counterparty="某装修公司"))
    code, problems = validate_base(repo, "HEAD")
    assert (code, problems) == (0, [("revenue-split", PUB26, id_line(repo, PUB26, "2026-904"))])


def test_with_base_backdating_before_controls_from_does_not_escape(two_commits):
    # without --base an entry dated before controls_from is not judged; with it, new is new
    repo = two_commits
    repo.edit(MAINT, MAINT_BROKEN, entry("M2026-899", "2026-10-29", "income", "parking", "480.00"))
    assert problems_of(check(repo), "revenue-account-category") == []
    code, problems = validate_base(repo, "HEAD~1")  # the demo, where M2026-899 is new
    assert ("revenue-account-category", MAINT, field_line(repo, MAINT, "M2026-899", "category")) in problems


# -- a pull request cannot loosen a control and use it at once ---------------------------------

@pytest.fixture
def demo_on_main(tmp_path):
    return git_pull_request(tmp_path, print_sheets=False, branch=None)


LOOSENED = [
    # (estate.yml edit, entry that needs the looser setting, code expected at the entry)
    (('approval_threshold: "2000.00"', 'approval_threshold: "10000.00"'),
     (PUB26, entry("2026-900", "2026-11-02", "expense", "repairs", "6000.00", counterparty="某装修公司")),
     ("revenue-approval", "id")),
    (("categories: [deposit, interest, repairs]", "categories: [deposit, interest, repairs, parking]"),
     (MAINT, entry("M2026-900", "2026-11-02", "income", "parking", "4800.00")),
     ("revenue-account-category", "category")),
    (("  # approval_bodies: [业主大会, 业主代表会议, 业主委员会, 业委会, 业主表决]", "  approval_bodies: [业主大会, 物业公司]"),
     (PUB26, entry("2026-900", "2026-11-02", "expense", "repairs", "6000.00", approval="2026年10月物业公司同意")),
     ("revenue-approval-form", "approval")),
    (("  # split_window_days: 30 ", "  split_window_days: 1 "),
     (PUB26, entry("2026-900", "2026-11-02", "expense", "repairs", "1500.00", counterparty="某装修公司")
      + entry("2026-901", "2026-11-04", "expense", "repairs", "1500.00", counterparty="某装修公司")),
     ("revenue-split", "id")),
]


@pytest.mark.parametrize("loosen, booking, expected", LOOSENED, ids=["threshold", "categories", "bodies", "window"])
def test_a_loosened_setting_applies_from_the_next_change(demo_on_main, loosen, booking, expected):
    repo = demo_on_main
    repo.edit(ESTATE, *loosen)
    rel, text = booking
    append(repo, rel, text)
    first_id = text.split('"')[1]
    code, key = expected
    line = id_line(repo, rel, first_id) if key == "id" else field_line(repo, rel, first_id, key)
    # in the pull request that loosens it: judged by the base's stricter setting
    _, problems = validate_base(repo, "HEAD")
    assert (code, rel, line) in problems
    # once the setting is merged (published), a new change may use it
    repo.write(rel, repo.git.git.show(f"HEAD:{rel}") + "\n")
    repo.git.git.add(A=True)
    repo.git.index.commit("loosen the setting")
    append(repo, rel, text)
    assert validate_base(repo, "HEAD") == (0, [])
