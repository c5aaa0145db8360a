"""Public revenue: every rule with a failing case at its exact code, file and line (breaking a
copy of the demo), and the built pages, CSV, charts and notice checked against the YAML."""
from __future__ import annotations

import csv
import io
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml
from bs4 import BeautifulSoup
from xml.etree import ElementTree as ET  # our own generated files

from conftest import AS_OF, build_site, copy_repo, only
from echowall.pipeline import check_ledger

PUB25 = "ledger/revenue/public/2025.yml"
PUB26 = "ledger/revenue/public/2026.yml"
MAINT = "ledger/revenue/maintenance/2026.yml"
NOW = datetime(2026, 11, 22, tzinfo=timezone.utc)


def check(repo):
    return check_ledger(repo.root, now=NOW).problems


def codes(problems):
    return sorted({p.code for p in problems})


def block(repo, rel, entry_id):
    """The text of one entry (from its `- id:` line to the next entry)."""
    text = repo.read(rel)
    start = text.index(f'  - id: "{entry_id}"')
    end = text.find("\n  - id:", start + 1)
    end = len(text) if end == -1 else end + 1
    return text[start:end]


def edit_entry(repo, rel, entry_id, old, new):
    b = block(repo, rel, entry_id)
    assert b.count(old) == 1, (old, b)
    repo.edit(rel, b, b.replace(old, new))


def line_in_entry(repo, rel, entry_id, needle):
    text = repo.read(rel)
    start = text.index(f'  - id: "{entry_id}"')
    before = text[:start].count("\n")
    for i, line in enumerate(block(repo, rel, entry_id).splitlines()):
        if needle in line:
            return before + i + 1
    raise AssertionError(needle)


def test_demo_revenue_is_clean(repo):
    problems = check(repo)
    assert problems == []
    ledger = check_ledger(repo.root, now=NOW).ledger
    assert [(p.account, p.period, p.closed) for p in ledger.revenue] == [
        ("maintenance", "2026", False), ("public", "2025", True), ("public", "2026", False)]


# -- exact decimals ------------------------------------------------------------------------

def test_balance_off_by_one_fen(repo):
    repo.edit(PUB25, 'closing_balance: "96200.00"', 'closing_balance: "96200.01"')
    p = only(check(repo), "revenue-balance", PUB25, repo.line_of(PUB25, "closing_balance"))
    assert "off by 0.01" in p.message and "= 96200.00" in p.message


@pytest.mark.parametrize("written, hint", [
    ("1200.5", 'write amounts in quotes, like "1200.5"'),
    ("1200", 'write amounts in quotes, like "1200"'),
    ('"1,200.00"', "without separators"),
    ('"1200.005"', "more than two decimals"),
    ('"-1200.00"', "is negative"),
    ('"一千二"', "is not an amount"),
])
def test_amounts_are_quoted_exact_decimals(repo, written, hint):
    edit_entry(repo, PUB26, "2026-002", 'amount: "1200.00"', f"amount: {written}")
    line = line_in_entry(repo, PUB26, "2026-002", "amount:")
    p = only(check(repo), "schema-money", PUB26, line)
    assert hint in p.message


def test_a_zero_amount_is_refused(repo):
    edit_entry(repo, PUB26, "2026-004", 'amount: "12.50"', 'amount: "0.00"')
    only(check(repo), "revenue-amount", PUB26, line_in_entry(repo, PUB26, "2026-004", "amount:"))


def test_balances_may_be_negative_amounts_may_not(repo):
    # an overdrawn account is a fact to show, not a format error; here it breaks the chain
    repo.edit(PUB26, 'opening_balance: "96200.00"', 'opening_balance: "-96200.00"')
    problems = check(repo)
    assert "schema-money" not in codes(problems)
    only(problems, "revenue-chain", PUB26, repo.line_of(PUB26, "opening_balance"))


# -- periods -------------------------------------------------------------------------------

def test_opening_must_equal_previous_closing(repo):
    repo.edit(PUB26, 'opening_balance: "96200.00"', 'opening_balance: "96100.00"')
    p = only(check(repo), "revenue-chain", PUB26, repo.line_of(PUB26, "opening_balance"))
    assert "96200.00 of 2025" in p.message


def test_a_gap_between_periods(repo):
    repo.write("ledger/revenue/maintenance/2024.yml",
               'account: maintenance\nopening_balance: "1286400.00"\nclosing_balance: "1286400.00"\n')
    p = only(check(repo), "revenue-period-gap", MAINT, repo.line_of(MAINT, "opening_balance"))
    assert "2025-01-01 to 2025-12-31" in p.message


def test_overlapping_periods(repo):
    repo.write("ledger/revenue/public/2026-03.yml", 'account: public\nopening_balance: "0.00"\n')
    problems = check(repo)
    p = only(problems, "revenue-period-overlap", "ledger/revenue/public/2026-03.yml", 2)
    assert "overlaps 2026" in p.message


def test_only_the_last_period_may_be_open(repo):
    repo.edit(PUB25, 'closing_balance: "96200.00"\n', "")
    p = only(check(repo), "revenue-period-open", PUB25, repo.line_of(PUB25, "account: public"))
    assert "close it with closing_balance" in p.message


def test_file_name_and_account_folder(repo):
    repo.write("ledger/revenue/public/2025-13.yml", 'account: public\nopening_balance: "0.00"\n')
    repo.write("ledger/revenue/parking/2026.yml", 'account: parking\nopening_balance: "0.00"\n')
    repo.edit(MAINT, "account: maintenance", "account: public")
    problems = check(repo)
    only(problems, "revenue-file-name", "ledger/revenue/public/2025-13.yml", 0)
    only(problems, "revenue-account", "ledger/revenue/parking/2026.yml", 0)
    p = only(problems, "revenue-account", MAINT, repo.line_of(MAINT, "account: public"))
    assert "does not match the folder 'maintenance'" in p.message


# -- entries -------------------------------------------------------------------------------

def test_entry_dates_inside_the_period_in_order_not_future(repo):
    edit_entry(repo, PUB26, "2026-001", "date: 2026-01-05", "date: 2025-12-31")
    edit_entry(repo, PUB26, "2026-006", "date: 2026-02-10", "date: 2026-02-01")
    edit_entry(repo, MAINT, "M2026-005", "date: 2026-10-28", "date: 2026-12-01")
    problems = check(repo)
    only(problems, "revenue-date", PUB26, line_in_entry(repo, PUB26, "2026-001", "date:"))
    only(problems, "revenue-order", PUB26, line_in_entry(repo, PUB26, "2026-006", "date:"))
    p = only(problems, "revenue-future", MAINT, line_in_entry(repo, MAINT, "M2026-005", "date:"))
    assert "2026-12-01 is in the future" in p.message


def test_categories_exist_and_fit_the_direction(repo):
    edit_entry(repo, PUB26, "2026-001", "category: parking", "category: lottery")
    edit_entry(repo, PUB26, "2026-003", "category: parking_costs", "category: parking")
    repo.edit(PUB26, '  venue: "3000.00"', '  venu: "3000.00"')
    problems = check(repo)
    only(problems, "revenue-category", PUB26, line_in_entry(repo, PUB26, "2026-001", "category:"))
    p = only(problems, "revenue-category", PUB26, line_in_entry(repo, PUB26, "2026-003", "category:"))
    assert "is an income category, but this entry is an expense" in p.message
    only(problems, "revenue-category", PUB26, repo.line_of(PUB26, "venu:"))


def test_expenses_above_the_threshold_need_an_approval(repo):
    edit_entry(repo, PUB26, "2026-015", "    approval: 2026年3月业主代表会议决议（第2号）\n", "")
    p = only(check(repo), "revenue-approval", PUB26, repo.line_of(PUB26, 'id: "2026-015"'))
    assert "18600.00" in p.message and "2000.00" in p.message
    # the demo's 180.00 lamp (2026-029) has no approval and needs none
    assert "approval" not in block(repo, PUB26, "2026-029")


def test_linked_items_must_exist(repo):
    edit_entry(repo, PUB26, "2026-015", "items: [260305-dm3a]", "items: [260305-zzzz]")
    only(check(repo), "ref-item", PUB26, line_in_entry(repo, PUB26, "2026-015", "items:"))


def test_entry_ids_are_never_reused_across_periods(repo):
    edit_entry(repo, PUB26, "2026-001", 'id: "2026-001"', 'id: "2025-001"')
    line = repo.line_of(PUB26, 'id: "2025-001"')
    p = only(check(repo), "revenue-id-duplicate", PUB26, line)
    assert PUB25 in p.message


def test_private_keys_are_refused_in_entries(repo):
    edit_entry(repo, PUB26, "2026-001", "    evidence:", "    phone: '13800000000'\n    evidence:")
    only(check(repo), "privacy-key", PUB26, repo.line_of(PUB26, "phone: '13800000000'"))


# -- reversals -------------------------------------------------------------------------------

REVERSAL = "2025-029"


@pytest.mark.parametrize("old, new, message", [
    ('amount: "1200.00"', 'amount: "1100.00"', "its amount must equal '2025-028's 1200.00, not 1100.00"),
    ("direction: expense", "direction: income", "it must be the opposite direction of '2025-028' (income)"),
    ("category: advertising", "category: parking", "its category must be 'advertising'"),
    ("date: 2025-07-20", "date: 2025-07-10", "before '2025-028'"),
    ('reverses: "2025-028"', 'reverses: "2025-999"', "'2025-999' is not an entry of the public account"),
])
def test_a_wrong_reversal(repo, old, new, message):
    edit_entry(repo, PUB25, REVERSAL, old, new)
    problems = [p for p in check(repo) if p.code == "revenue-reversal"]
    line = line_in_entry(repo, PUB25, REVERSAL, "reverses:")
    assert [(p.path, p.line) for p in problems] == [(PUB25, line)], problems
    assert message in problems[0].message


def test_an_entry_is_reversed_once_and_reversals_are_not_reversed(repo):
    second = ('  - id: "2026-900"\n    date: 2026-11-01\n    direction: expense\n    category: advertising\n'
              '    description: 再次冲正\n    amount: "1200.00"\n    evidence: 更正说明\n    reverses: "2025-028"\n'
              '  - id: "2026-901"\n    date: 2026-11-02\n    direction: income\n    category: advertising\n'
              '    description: 冲正的冲正\n    amount: "1200.00"\n    evidence: 更正说明\n    reverses: "2025-029"\n')
    repo.write(PUB26, repo.read(PUB26) + second)
    problems = check(repo)
    lines = [i for i, line in enumerate(repo.read(PUB26).splitlines(), 1) if line.strip().startswith("reverses:")]
    p = only(problems, "revenue-reversal", PUB26, lines[0])
    assert "already reversed by '2025-029'" in p.message
    p = only(problems, "revenue-reversal", PUB26, lines[1])
    assert "is itself a reversal" in p.message


def test_every_revenue_problem_is_one_clear_line_in_the_cli(repo):
    from click.testing import CliRunner

    from echowall.cli import main

    repo.edit(PUB25, 'closing_balance: "96200.00"', "closing_balance: 96200.0")
    r = CliRunner().invoke(main, ["--root", str(repo.root), "validate"])
    assert r.exit_code == 1 and "Traceback" not in r.output
    line = repo.line_of(PUB25, "closing_balance")
    assert f"{PUB25}:{line}:18: error[schema-money]" in r.output


# -- the built site ----------------------------------------------------------------------------

def dec(s: str) -> Decimal:
    return Decimal(s.replace(",", "").replace("+", "").replace("−", "").strip())


def yaml_period(root: Path, rel: str) -> dict:
    class Strs(yaml.SafeLoader):
        pass

    # keep dates as text, like the ledger's own loader
    Strs.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
    return yaml.load((root / rel).read_text(encoding="utf-8"), Loader=Strs)


@pytest.fixture(scope="module")
def built(tmp_path_factory):

    root = tmp_path_factory.mktemp("rev")
    repo = copy_repo(root)
    build_site(root)
    return repo, root / "site"


def page(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel / "index.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("rel", [PUB25, PUB26, MAINT])
def test_period_page_totals_match_the_yaml(built, rel):
    repo, site = built
    data = yaml_period(repo.root, rel)
    entries = data["entries"]
    income = sum(Decimal(e["amount"]) for e in entries if e["direction"] == "income")
    expense = sum(Decimal(e["amount"]) for e in entries if e["direction"] == "expense")
    opening = Decimal(data["opening_balance"])
    account, period = Path(rel).parent.name, Path(rel).stem
    doc = page(site, f"revenue/{account}/{period}")
    assert dec(doc.find(id="opening").get_text()) == opening
    assert dec(doc.find(id="income").get_text()) == income
    assert dec(doc.find(id="expense").get_text()) == expense
    assert dec(doc.find(id="balance").get_text()) == opening + income - expense
    if "closing_balance" in data:
        assert Decimal(data["closing_balance"]) == opening + income - expense
        assert doc.find(id="period-status").get_text() == "已结账"
    else:
        assert doc.find(id="period-status").get_text().startswith("进行中")
    # the full table carries every entry once, with its amount and evidence
    rows = doc.select("#entries tbody tr")
    assert sorted(r["id"] for r in rows) == sorted(f"e-{e['id']}" for e in entries)
    by_id = {e["id"]: e for e in entries}
    for r in rows:
        e = by_id[r["id"][2:]]
        assert Decimal(r["data-amount"]) == Decimal(e["amount"]) and r["data-direction"] == e["direction"]
        assert e["evidence"] in r.get_text()
    # by category, net of reversals
    reversed_ids = {e["reverses"]: e for e in entries if "reverses" in e}
    net: dict[tuple, Decimal] = {}
    for e in entries:
        if "reverses" in e:
            continue
        amount = Decimal(e["amount"]) - (Decimal(reversed_ids[e["id"]]["amount"]) if e["id"] in reversed_ids else 0)
        key = (e["direction"], e["category"])
        net[key] = net.get(key, Decimal(0)) + amount
    for direction, table in (("income", "income-by-category"), ("expense", "expense-by-category")):
        shown = {tr["data-category"]: dec(tr.select("td")[1].get_text()) for tr in doc.select(f"#{table} tbody tr")}
        assert shown == {c: v for (d, c), v in net.items() if d == direction}
        assert dec(doc.select_one(f"#{table} tfoot td").get_text()) == sum(shown.values())


def test_owners_share_statement(built):
    repo, site = built
    est = yaml.safe_load((repo.root / "ledger/estate.yml").read_text(encoding="utf-8"))
    costs = {c["id"] for c in est["revenue"]["categories"] if c.get("earning_cost")}
    doc = page(site, "revenue/public/2025")
    income = dec(doc.select_one("#income-by-category tfoot td").get_text())
    cost = sum(dec(tr.select("td")[1].get_text()) for tr in doc.select("#expense-by-category tbody tr")
               if tr["data-category"] in costs)
    assert dec(doc.find(id="share-income").get_text()) == income == Decimal("80110.00")
    assert dec(doc.find(id="share-costs").get_text()) == cost == Decimal("14550.00")
    assert dec(doc.find(id="share-owners").get_text()) == income - cost
    assert page(site, "revenue/maintenance/2026").find(id="owners-share") is None  # not shared income


def test_budget_vs_actual(built):
    repo, site = built
    data = yaml_period(repo.root, PUB26)
    doc = page(site, "revenue/public/2026")
    rows = {tr["data-category"]: tr.select("td") for tr in doc.select("#budget tbody tr")}
    assert set(rows) == set(data["budget"])
    for cid, tds in rows.items():
        assert dec(tds[2].get_text()) == Decimal(data["budget"][cid])
        actual = sum(Decimal(e["amount"]) for e in data["entries"] if e["category"] == cid and "reverses" not in e)
        assert dec(tds[3].get_text()) == actual


def test_a_reversal_sits_beside_what_it_reverses(built):
    _, site = built
    doc = page(site, "revenue/public/2025")
    original = doc.find(id="e-2025-028")
    reversal = original.find_next_sibling("tr")
    assert reversal["id"] == "e-2025-029" and "ew-reversal" in reversal["class"]
    assert "ew-reversed" in original["class"]
    assert original.select_one(".ew-correction a")["href"] == "#e-2025-029"
    assert reversal.select_one(".ew-correction a")["href"] == "#e-2025-028"


def test_index_balances_and_links(built):
    repo, site = built
    doc = page(site, "revenue")
    assert dec(doc.find(id="balance-public").get_text().replace("¥", "")) == Decimal("69599.00")
    assert dec(doc.find(id="balance-maintenance").get_text().replace("¥", "")) == Decimal("1266008.53")
    for a in doc.select("table.ew-periods a[href]"):
        assert (site / "revenue" / a["href"] / "index.html").is_file()
    assert "revenue/" in [a["href"] for a in page(site, "").select("nav.md-nav a[href]")]


def test_item_pages_show_what_was_spent_on_them(built):
    _, site = built
    doc = page(site, "i/260305-dm3a")
    rows = doc.select("#spending tbody tr")
    assert [r["data-entry"] for r in rows] == ["2026-015"]
    assert dec(rows[0].select("td")[3].get_text()) == Decimal("18600.00")
    href = rows[0].select_one("a")["href"]
    assert href == "../../revenue/public/2026/#e-2026-015"
    target = page(site, "revenue/public/2026").find(id="e-2026-015")
    assert target.select_one('a[href="../../../i/260305-dm3a/"]')
    assert page(site, "i/260402-bk4d").find(id="spending") is None


def test_csv_opens_in_excel_and_matches_the_yaml(built):
    repo, site = built
    raw = (site / "revenue/public/2025.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[:6] == ["日期", "编号", "收/支", "分类", "摘要", "金额（元）"]
    entries = yaml_period(repo.root, PUB25)["entries"]
    assert [r[1] for r in body] == [e["id"] for e in entries]
    assert [Decimal(r[5]) for r in body] == [Decimal(e["amount"]) for e in entries]


def test_csv_cells_never_become_formulas(repo, tmp_path):
    from echowall.derive import resolve_as_of as r_as_of
    from echowall.money import derive_revenue
    from echowall.render.exports import revenue_csv
    from echowall.labels import load_labels
    from echowall.pipeline import prepare

    edit_entry(repo, PUB26, "2026-001", "description: 1月", "description: =HYPERLINK(\"http://x\") 1月")
    checked = check_ledger(repo.root, now=NOW)
    assert not checked.errors
    model = prepare(checked, r_as_of(AS_OF))
    view = derive_revenue(checked.ledger, model.as_of).period("public", "2026")
    out = revenue_csv(view, load_labels(repo.root / "site_templates", "zh", model.ledger)).decode("utf-8-sig")
    row = next(r for r in csv.reader(io.StringIO(out)) if r[1] == "2026-001")
    assert row[4].startswith("'=HYPERLINK")


def test_charts_show_every_month_and_fetch_nothing(built):
    repo, site = built
    tree = ET.fromstring((site / "revenue/public/monthly.svg").read_bytes())
    ids = [g.get("id") for g in tree.iter("{http://www.w3.org/2000/svg}g") if g.get("id")]
    months = sorted({i.split("-", 2)[2] for i in ids if i.startswith(("bar-income-", "bar-expense-"))})
    assert months[0] == "2025-01" and months[-1] == "2026-10" and len(months) == 22
    assert sum(i.startswith("bar-income-") for i in ids) == 22
    balance = ET.fromstring((site / "revenue/public/balance.svg").read_bytes())
    bars = [g.get("id") for g in balance.iter("{http://www.w3.org/2000/svg}g") if (g.get("id") or "").startswith("balance-")]
    assert bars[0] == "balance-2025-01" and len(bars) == 22  # one labelled bar per month
    for path in (site / "revenue").rglob("*.svg"):
        text = path.read_text(encoding="utf-8")
        assert "http://" not in text.replace("http://www.w3.org", "").replace("http://purl.org", "") \
            .replace("http://creativecommons.org", "").replace("http://matplotlib.org", "")
        assert "<dc:date>" not in text  # no date in the metadata: deterministic


def test_notice_pdf_has_the_figures_and_embedded_fonts(built):
    repo, site = built
    from test_print import fonts_of

    pdf = (site / "revenue/public/2025.pdf").read_bytes()
    doc = pdfium.PdfDocument(pdf)
    text = "".join(p.get_textpage().get_text_range() for p in doc)
    assert "石桥新村公共收益收支公示" in text and "2025年度" in text and "已结账" in text
    for figure in ("38,650.00", "81,310.00", "23,760.00", "96,200.00", "65,560.00"):
        assert figure in text
    for e in yaml_period(repo.root, PUB25)["entries"]:
        assert e["id"] in text
    assert "冲正2025-028" in "".join(text.split())  # a line may break before the id, never inside it
    for font in fonts_of(pdf):
        if font.get("/Subtype") != "/Type0":
            assert "/FontFile2" in font["/FontDescriptor"].get_object()
