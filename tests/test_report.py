"""The committee's views: `echowall overdue` and the monthly report, checked against the
ledger (CLI output, the Markdown file, and the page the site carries)."""
from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from conftest import AS_OF, build_site
from echowall.cli import main
from echowall.derive import resolve_as_of
from echowall.pipeline import prepare

TZ_OCT = ("2026-10-01T00:00:00+08:00", "2026-11-01T00:00:00+08:00")


def run(repo, *args):
    r = CliRunner().invoke(main, ["--root", str(repo.root), "--lang", "en", *args])
    assert "Traceback" not in r.output
    return r


def test_overdue_lists_every_overdue_item_under_its_holder(repo):
    model = prepare(repo.check(), resolve_as_of(AS_OF))
    expected = {s.item.id: s.holders or ("",) for s in model.states.values() if s.overdue}
    assert len(expected) == 4
    r = run(repo, "overdue", "--as-of", AS_OF, "--format", "json")
    assert r.exit_code == 0
    groups = json.loads(r.output)
    seen = {}
    for g in groups:
        for it in g["items"]:
            seen.setdefault(it["id"], []).append(g["role"])
            assert it["url"] == f"https://echowall.example.org/shiqiao/i/{it['id']}/"
            assert it["days_overdue"] >= 0
    assert {k: tuple(v) for k, v in seen.items()} == expected
    assert groups[-1]["role"] == ""  # nobody has taken it: listed last, as 待派单
    text = zh(repo, "overdue", "--as-of", AS_OF).output
    # the same days and date as the item page: due by the end of 13 November, 7th day late on the 20th
    assert text.startswith("超期事项 4 件（截至 2026-11-20 18:00）\n")
    assert ("\n  261110-pt3b  超期7天  2026-11-13到期  全小区  北门内路面坑洼，老人容易绊倒  承办：待派单\n"
            "      https://echowall.example.org/shiqiao/i/261110-pt3b/\n") in text
    assert run(repo, "overdue", "--as-of", AS_OF).output.startswith("4 overdue item(s) (as of 2026-11-20 18:00)\n")


def zh(repo, *args):
    """The command in the demo's own language (mkdocs.yml theme.language: zh)."""
    r = CliRunner().invoke(main, ["--root", str(repo.root), *args])
    assert "Traceback" not in r.output
    return r


def test_nothing_overdue(repo):
    r = zh(repo, "overdue", "--as-of", "2026-03-06T00:00+08:00")
    assert r.exit_code == 0 and r.output.startswith("超期事项 0 件")


def month_ids(repo, start, end, key):
    checked = repo.check()
    lo, hi = resolve_as_of(start), resolve_as_of(end)
    model = prepare(checked, hi)
    states = model.states.values()
    if key == "new":
        return {s.item.id for s in states if lo <= s.item.filed < hi}
    if key == "resolved":
        return {s.item.id for s in states if s.resolved_at and lo <= s.resolved_at < hi}
    if key == "rated":
        return {s.item.id for s in states if s.latest_rating and lo <= s.latest_rating.at < hi}
    if key == "open":
        return {s.item.id for s in states if s.is_open}
    raise AssertionError(key)


def ids_in(soup, section):
    return {tr["data-item"] for tr in soup.select(f"#{section} tr[data-item]")}


def test_monthly_report_matches_the_ledger(repo, tmp_path):
    out = tmp_path / "r.md"
    r = run(repo, "report", "--month", "2026-10", "--as-of", AS_OF, "--out", str(out))
    assert r.exit_code == 0, r.output
    md = out.read_text(encoding="utf-8")
    assert md.startswith('---\ntitle: "石桥新村 2026年10月三张清单月报"\n')
    soup = BeautifulSoup(md, "html.parser")
    new = ids_in(soup, "new-problem") | ids_in(soup, "new-need") | ids_in(soup, "new-resource")
    assert new == month_ids(repo, *TZ_OCT, "new") and len(new) == 2
    assert ids_in(soup, "resolved") == month_ids(repo, *TZ_OCT, "resolved")
    assert ids_in(soup, "rated") == month_ids(repo, *TZ_OCT, "rated") and len(ids_in(soup, "rated")) == 2
    assert ids_in(soup, "open") == month_ids(repo, *TZ_OCT, "open")
    assert soup.find(id="n-new").get_text() == "2" and soup.find(id="n-open").get_text() == str(len(ids_in(soup, "open")))
    assert "数据截至 2026-11-01 00:00" in md  # as of the end of the month, not the later --as-of
    for a in soup.select("a[href]"):
        assert a["href"].startswith("https://echowall.example.org/shiqiao/")
    roles = {tr["data-role"]: [td.get_text() for td in tr.select("td")] for tr in soup.select("#by-role tr[data-role]")}
    assert roles["property"][0] == "物业服务中心"


def test_report_defaults_to_last_month_and_the_current_month_is_partial(repo, tmp_path):
    r = run(repo, "report", "--as-of", AS_OF, "--out", str(tmp_path / "r.md"))
    assert r.exit_code == 0 and "report-" not in r.output and (tmp_path / "r.md").read_text().count("2026年10月") >= 1
    r = run(repo, "report", "--month", "2026-11", "--as-of", AS_OF, "--out", "-")
    assert "本月尚未结束" in r.output and "数据截至 2026-11-20 18:00" in r.output


@pytest.mark.parametrize("month, message", [("2026-13", "is not a month"), ("26-10", "is not a month"),
                                            ("2026-12", "has not begun"), ("２０２６-１０", "is not a month"),
                                            ("9999-12", "outside the years 2000 to 2099"),
                                            ("0001-01", "outside the years 2000 to 2099")])
def test_report_month_errors(repo, month, message):
    r = run(repo, "report", "--month", month, "--as-of", AS_OF, "--out", "-")
    assert r.exit_code == 2 and message in r.output


def test_the_site_carries_the_reports_and_counts_overdue_items_as_the_cli_does(tmp_path):

    from conftest import copy_repo

    repo = copy_repo(tmp_path, print_sheets=False)
    # a jointly held overdue item (门禁: the property company and the security captain)
    joint = "ledger/items/2026/261102-mh2a.yml"
    repo.write(joint, repo.read(joint).replace("    role: property\n", "    role: [property, security_captain]\n"))
    build_site(tmp_path)
    home = BeautifulSoup((tmp_path / "site/index.html").read_text(encoding="utf-8"), "html.parser")
    site_count = int(home.select_one("#kpi-overdue").get_text())
    text = zh(repo, "overdue", "--as-of", AS_OF).output
    assert text.startswith(f"超期事项 {site_count} 件（截至 2026-11-20 18:00）\n") and site_count == 4
    lines = [line for line in text.splitlines() if line.startswith("  2")]
    assert len(lines) == site_count  # each item once
    assert [line for line in lines if "261102-mh2a" in line][0].endswith("承办：物业服务中心、保安队长")
    groups = json.loads(run(repo, "overdue", "--as-of", AS_OF, "--format", "json").output)
    assert sum(len(g["items"]) for g in groups) == site_count + 1  # by role: under each of its two roles
    index = BeautifulSoup((tmp_path / "site/reports/index.html").read_text(encoding="utf-8"), "html.parser")
    links = [a["href"] for a in index.select("#reports a")]
    assert links == ["2026-11/", "2026-10/", "2026-09/"]  # reports: 3 in mkdocs.yml
    page = BeautifulSoup((tmp_path / "site/reports/2026-10/index.html").read_text(encoding="utf-8"), "html.parser")
    assert {tr["data-item"] for tr in page.select("#new-problem tr[data-item]")} == month_ids(repo, *TZ_OCT, "new")
    assert page.select_one('#new-problem a')["href"].startswith("../../i/")


def test_an_unwritable_output_is_a_clear_error(repo, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = run(repo, "report", "--month", "2026-10", "--as-of", AS_OF, "--out", str(blocker / "r.md"))
    assert r.exit_code == 1 and "cannot write" in r.output
    assert blocker.read_text() == "x"
