"""`echowall import`: each source's fixture (tests/fixtures/import/, written for the project)
into a ledger that validates; a second import changes nothing; an updated export appends
only its new events (and `validate --base` agrees); old cases land as history, out of the
rates; personal data stops the run into a review file, and --apply-review completes it;
hostile exports give a problem at their row and column and write nothing."""
from __future__ import annotations

import io
import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

import jsonschema
import pytest
import yaml

from conftest import copy_repo, git_pull_request
from echowall.derive import derive_model
from echowall.importers.command import run
from echowall.importers.convert import item_id
from echowall.pipeline import check_ledger

FIX = Path(__file__).parent / "fixtures" / "import"
CST = timezone(timedelta(hours=8))
NOW = datetime(2026, 11, 20, 18, 0, tzinfo=CST)  # the clock of the import and the checks

REF_SOURCES = """
ref_sources:
  - {id: hotline, name: 12345热线, pattern: "^FZ[0-9]{11}$"}
  - {id: form, name: 在线报事表单, pattern: "^[0-9]{1,8}$"}
  - {id: open311, name: 市级Open311, pattern: "^SR-[0-9]{4}-[0-9]{4}$"}
  - {id: nyc311, name: NYC 311, pattern: "^[0-9]{8}$"}
"""


def estate_edit(repo):
    """The demo with a start date (2026-03-01: its own items are all under the promise) and
    the sources the fixtures come from."""
    repo.edit("ledger/estate.yml", "promise:\n  complex_days: 3\n",
              "promise:\n  terms:\n    - {from: 2026-03-01, complex_days: 3}\n")
    repo.write("ledger/estate.yml", repo.read("ledger/estate.yml") + REF_SOURCES)


@pytest.fixture
def est(tmp_path):
    repo = copy_repo(tmp_path, print_sheets=False)
    estate_edit(repo)
    return repo


def snapshot(root: Path) -> dict:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "ledger").rglob("*")) if p.is_file()}


def imp(repo, file, source=None, mapping=None, dry_run=False, review=None, lang="en"):
    lines, code = run(repo.root, "ledger", lang, Path(file) if file else None, source, mapping, dry_run,
                      Path(review) if review else None, now=NOW)
    return code, "\n".join(text for text, _ in lines)


def clean(repo):
    errors = check_ledger(repo.root, now=NOW).errors
    assert errors == [], "\n".join(map(str, errors))


SOURCES = [("hotline-12345.csv", "12345", 4, 3), ("form-wjx.csv", "form", 3, 0), ("form-tencent.csv", "form", 2, 0),
           ("form-jinshuju.csv", "form", 2, 0), ("open311-requests.json", "open311", 2, 2),
           ("open311-requests.xml", "open311", 2, 2), ("nyc311.csv", "csv", 2, 2)]


@pytest.mark.parametrize("name,source,count,history", SOURCES)
def test_each_source_imports_its_fixture_and_a_second_import_is_a_no_op(est, name, source, count, history):
    before = snapshot(est.root)
    code, out = imp(est, FIX / name, source)
    assert code == 0, out
    after = snapshot(est.root)
    new = sorted(set(after) - set(before))
    assert len(new) == count and not [k for k in before if before[k] != after[k]]
    clean(est)
    ledger = check_ledger(est.root, now=NOW).ledger
    items = [it for it in ledger.items if it.path in new]
    assert sum(ledger.estate.is_history(it.filed) for it in items) == history
    for it in items:  # the id is the filing day and a hash of the ref: found again next time
        assert it.id == item_id(it.filed.astimezone(CST).date(), it.ref[0], it.ref[1])
        assert "_x000D_" not in it.description and it.description == it.description.strip()
    code, out = imp(est, FIX / name, source)
    assert code == 0 and "nothing to import" in out
    assert snapshot(est.root) == after


def test_what_each_source_carries_lands_in_its_field(est):
    assert imp(est, FIX / "hotline-12345.csv", "12345")[0] == 0
    assert imp(est, FIX / "form-wjx.csv", "form")[0] == 0
    assert imp(est, FIX / "nyc311.csv", "csv")[0] == 0
    items = {it.ref: it for it in check_ledger(est.root, now=NOW).ledger.items if it.ref}
    roof = items[("hotline", "FZ25031200101")]
    assert roof.description == "来电反映5幢3单元顶楼下雨渗水，\n墙面发霉。"  # Excel's _x000D_ is a line break
    assert roof.channel == "hotline" and roof.category == "repairs"
    assert [(e.type, e.by) for e in roof.events] == [("resolved", "某某物业服务有限公司")]
    assert [(r.score, r.outcome, r.channel) for r in roof.ratings] == [(5, "fixed", "phone")]
    lamp = items[("hotline", "FZ25061800233")]  # the sheet gave dates only: kept as dates
    assert lamp.filed_day_only and lamp.events[0].day_only
    assert re.search(r"^filed: 2025-06-18$", Path(est.root / lamp.path).read_text(encoding="utf-8"), re.M)
    form = items[("form", "1")]
    assert (form.building, form.unit, form.channel, form.place) == ("5", "2", "form", "楼道")
    assert items[("form", "3")].building == "1"  # full-width １ from the link parameter
    heat = items[("nyc311", "90000001")]
    # 01/15/2025 02:30:00 PM in the mapping's zone (New York), written in the estate's
    assert heat.filed == datetime(2025, 1, 15, 14, 30, tzinfo=ZoneInfo("America/New_York"))
    assert re.search(r"^filed: 2025-01-16T03:30\+08:00$", (est.root / heat.path).read_text(encoding="utf-8"), re.M)


def test_contacts_go_only_to_the_private_register(est):
    assert imp(est, FIX / "form-wjx.csv", "form")[0] == 0
    register = (est.root / "private" / "callbacks.csv").read_text(encoding="utf-8")
    assert "13800000001" in register
    assert not any(b"13800000001" in data for data in snapshot(est.root).values())
    assert imp(est, FIX / "form-wjx.csv", "form")[0] == 0  # again: no second row
    assert (est.root / "private" / "callbacks.csv").read_text(encoding="utf-8") == register


def test_a_form_export_as_xlsx_imports_like_its_csv(est, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "提交答卷时间", "所用时间", "building", "unit", "1、您要反映的事项类型", "2、请描述具体情况"])
    ws.append([1, datetime(2026, 11, 3, 19, 42, 10), "85秒", 5, 2, "楼道/设施损坏", "灯不亮_x000D_\n老人摔过一次  "])
    ws.append([2, datetime(2025, 6, 1), "60秒", "3幢", None, "环境卫生", "垃圾桶满了"])
    ws.cell(3, 2).number_format = "yyyy-mm-dd"  # a date cell: no time to invent
    path = tmp_path / "wjx.xlsx"
    wb.save(path)
    code, out = imp(est, path, "form")
    assert code == 0, out
    clean(est)
    items = {it.ref: it for it in check_ledger(est.root, now=NOW).ledger.items if it.ref}
    assert items[("form", "1")].description == "灯不亮\n老人摔过一次"
    assert items[("form", "1")].filed == datetime(2026, 11, 3, 19, 42, 10, tzinfo=CST)
    assert items[("form", "2")].filed_day_only and items[("form", "2")].building == "3"


def test_an_updated_export_appends_only_the_new_events_and_validate_base_agrees(tmp_path):
    def edit(repo):
        estate_edit(repo)
        repo.write(".gitignore", "/private/\n")  # the call-back register stays out of Git

    repo = git_pull_request(tmp_path, print_sheets=False, main_edit=edit, branch=None)
    assert imp(repo, FIX / "hotline-12345.csv", "12345")[0] == 0
    repo.git.git.add(A=True)
    repo.git.index.commit("first import")
    before = snapshot(repo.root)
    code, out = imp(repo, FIX / "hotline-12345-update.csv", "12345")
    assert code == 0, out
    after = snapshot(repo.root)
    changed = [k for k in before if before[k] != after[k]]
    assert len(changed) == 1 and len(set(after) - set(before)) == 1  # one item grew, one record is new
    old, new = before[changed[0]].decode(), after[changed[0]].decode()
    assert new.startswith(old[: old.index("events:")])  # nothing before the lists changed
    grown = yaml.safe_load(new)
    assert [e["type"] for e in grown["events"]] == ["progress", "resolved"] and grown["ratings"][0]["score"] == 5
    problems = check_ledger(repo.root, now=NOW, base="HEAD").errors
    assert problems == [], "\n".join(map(str, problems))
    assert imp(repo, FIX / "hotline-12345-update.csv", "12345")[1].startswith("nothing to import")


def test_history_is_out_of_the_rates_and_the_overdue_list(est):
    as_of = datetime(2026, 11, 20, 18, 0, tzinfo=CST)
    k0 = derive_model(check_ledger(est.root, now=NOW).ledger, as_of).kpis
    for name, source in (("hotline-12345.csv", "12345"), ("open311-requests.json", "open311"),
                         ("nyc311.csv", "csv")):
        assert imp(est, FIX / name, source)[0] == 0
    model = derive_model(check_ledger(est.root, now=NOW).ledger, as_of)
    k1 = model.kpis
    old = [s for s in model.states.values() if s.item.ref and s.history]
    assert len(old) == 7 and all(s.promise is None and not s.overdue for s in old)
    # seven old cases, three of them still open: none counts; the one live 12345 case does
    assert (k1.filed, k1.open) == (k0.filed + 1, k0.open + 1)
    assert (k1.closure.numerator, k1.closure.denominator) == (k0.closure.numerator, k0.closure.denominator + 1)
    assert (k1.satisfaction.numerator, k1.satisfaction.denominator) == (k0.satisfaction.numerator,
                                                                        k0.satisfaction.denominator)
    # the live case (filed 2026-11-15, no answer) is overdue by the 20th; the old ones never are
    assert (k1.response.numerator, k1.response.denominator) == (k0.response.numerator, k0.response.denominator + 1)
    assert k1.overdue == k0.overdue + 1


PHONE_FORM = ("序号,提交答卷时间,building,unit,1、您要反映的事项类型,2、请描述具体情况\r\n"
              "11,2026/11/10 9:00:00,5,2,楼道/设施损坏,灯坏了，请联系13912345678王阿姨\r\n"
              "12,2026/11/10 9:05:00,5,2,环境卫生,垃圾没清，电话13912345679\r\n"
              "13,2026/11/10 9:10:00,5,1,环境卫生,楼道堆物\r\n")


def test_personal_data_stops_the_run_into_a_review_then_one_command_completes_it(est, tmp_path):
    export = tmp_path / "form.csv"
    export.write_text(PHONE_FORM, encoding="utf-8")
    before = snapshot(est.root)
    code, out = imp(est, export, "form")
    assert code == 1 and "apply-review" in out
    assert snapshot(est.root) == before  # all or nothing: not even the clean record
    review_file = next((est.root / "private").glob("import-review-*.yml"))
    review = yaml.safe_load(review_file.read_text(encoding="utf-8"))
    spans = {(f["record"], f["field"], f["rule"], f["text"], f["row"]) for f in review["findings"]}
    assert spans == {("11", "description", "privacy-phone", "13912345678", 2),
                     ("11", "description", "privacy-name", "王阿姨", 2),
                     ("12", "description", "privacy-phone", "13912345679", 3)}
    assert review["import"]["sha256"] and all(f["action"] == "redact" for f in review["findings"])
    # the volunteer leaves record 12 out instead
    text = review_file.read_text(encoding="utf-8")
    i = text.index("13912345679")
    review_file.write_text(text[:i] + text[i:].replace("action: redact", "action: drop", 1), encoding="utf-8")
    code, out = imp(est, None, review=review_file)
    assert code == 0, out
    assert not review_file.exists()  # it quoted personal data
    clean(est)
    items = {it.ref[1]: it for it in check_ledger(est.root, now=NOW).ledger.items if it.ref}
    assert items["11"].description == "灯坏了，请联系［已隐去］［已隐去］" and "12" not in items and "13" in items


def test_a_review_is_never_applied_to_another_export(est, tmp_path):
    export = tmp_path / "form.csv"
    export.write_text(PHONE_FORM, encoding="utf-8")
    assert imp(est, export, "form")[0] == 1
    review_file = next((est.root / "private").glob("import-review-*.yml"))
    export.write_text(PHONE_FORM.replace("楼道堆物", "楼道堆物很多"), encoding="utf-8")
    before = snapshot(est.root)
    code, out = imp(est, None, review=review_file)
    assert code == 1 and "changed since the review" in out and snapshot(est.root) == before


HEAD_12345 = "工单编号,来电时间,诉求内容,诉求分类,办理结果,办结时间\r\n"
ROW = "FZ26111000001,2026-11-10 09:00,楼道灯不亮,设施维修,,\r\n"


@pytest.mark.parametrize("body,code,line,column", [
    ("工单编号,诉求内容,诉求分类\r\nFZ26111000001,灯不亮,设施维修\r\n", "import-column", 1, 0),
    (HEAD_12345 + "FZ26111000001,2026-13-45 09:00,灯不亮,设施维修,,\r\n", "import-date", 2, 2),
    (HEAD_12345 + "FZ26111000001,昨天下午,灯不亮,设施维修,,\r\n", "import-date", 2, 2),
    (HEAD_12345 + ROW + "FZ26111000001,2026-11-11 09:00,又坏了,设施维修,,\r\n", "import-duplicate-id", 3, 1),
    (HEAD_12345 + "13912345678,2026-11-10 09:00,灯不亮,设施维修,,\r\n", "import-ref-personal", 2, 1),
    (HEAD_12345 + "FZ123,2026-11-10 09:00,灯不亮,设施维修,,\r\n", "import-ref-pattern", 2, 1),
    (HEAD_12345 + "FZ26111000001,2026-11-10 09:00,\"=cmd|' /C calc'!A0\",设施维修,,\r\n", "import-formula", 2, 3),
    (HEAD_12345 + "FZ26111000001,2026-11-10 09:00,\"+cmd|' /C calc'!A0\",设施维修,,\r\n", "import-formula", 2, 3),
    (HEAD_12345 + "FZ26111000001,2026-11-10 09:00," + "长" * 5000 + ",设施维修,,\r\n", "import-too-long", 2, 3),
    (HEAD_12345 + "FZ26111000001,2026-11-10 09:00," + "长" * 200_000 + ",设施维修,,\r\n", "import-file", 2, 0),
    (HEAD_12345 + "FZ26111000001,2026-11-10,灯不亮,设施维修,,\r\n", "import-date-only", 2, 2),
    (HEAD_12345 + "FZ26111000001,2026-11-10 09:00,灯不亮,设施维修,换了灯泡,2026-11-09 09:00\r\n",
     "import-date", 2, 6),
    (HEAD_12345 + "FZ26111000001,2026-11-10 09:00,灯不亮,设施维修,换了灯泡,2026-11-01 09:00\r\n",
     "import-date", 2, 6),
    (HEAD_12345 + "FZ26111000001,2030-11-10 09:00,灯不亮,设施维修,,\r\n", "import-date", 2, 2),
    (HEAD_12345 + "FZ26111000001,2026-11-10 09:00,灯不亮,设施维修,换了灯泡,\r\n", "import-missing", 2, 6),
    (HEAD_12345 + "FZ26111000001,2026-11-10 09:00,灯不亮,设施维修,换了灯泡,2026-11-12 09:00\r\n",
     "import-backdated", 2, 0),
])
def test_a_hostile_export_is_a_problem_at_its_row_and_column_and_writes_nothing(est, tmp_path, body, code, line,
                                                                                  column):
    export = tmp_path / "sheet.csv"
    export.write_text(body, encoding="utf-8")
    before = snapshot(est.root)
    lines, rc = run(est.root, "ledger", "en", export, "12345", None, False, None,
                    now=datetime(2026, 11, 20, 18, 0, tzinfo=CST) if code == "import-backdated" else NOW)
    out = "\n".join(t for t, _ in lines)
    assert rc == 1, out
    assert f"{export}:{line}:{column or 1}: error[{code}]" in out if line else f"error[{code}]" in out
    assert "Traceback" not in out and snapshot(est.root) == before


def test_unmapped_categories_stop_the_import_listing_every_one(est, tmp_path):
    export = tmp_path / "sheet.csv"
    export.write_text(HEAD_12345 + "FZ26111000001,2026-11-10 09:00,灯不亮,路面坑洼,,\r\n"
                      "FZ26111000002,2026-11-10 10:00,吵,噪音扰民,,\r\nFZ26111000003,2026-11-10 11:00,吵,噪音扰民,,\r\n",
                      encoding="utf-8")
    code, out = imp(est, export, "12345", lang="zh")
    assert code == 1 and "import-unmapped" in out and "噪音扰民、路面坑洼" in out and "2 个词" in out
    # a zero-width space or full-width letters do not make a mapped word unmapped
    export.write_text(HEAD_12345 + "FZ26111000001,2026-11-18 09:00,灯不亮,设施\u200b维修,,\r\n"
                      "FZ26111000002,2026-11-18 10:00,灯不亮, 路灯照明 ,,\r\n", encoding="utf-8")
    code, out = imp(est, export, "12345")
    assert code == 0, out


def test_an_open311_xml_with_a_doctype_is_refused_unexpanded(est, tmp_path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
                    "<service_requests><request><service_request_id>&lol2;</service_request_id></request>"
                    "</service_requests>", encoding="utf-8")
    code, out = imp(est, bomb, "open311")
    assert code == 1 and "error[import-file]" in out and "document type" in out


def test_an_unknown_source_in_the_mapping_and_a_mapping_to_an_unknown_category(est, tmp_path):
    mapping = (Path(__file__).parents[1] / "tooling/echowall/importers/templates/12345.yml").read_text(encoding="utf-8")
    bad = tmp_path / "m.yml"
    bad.write_text(mapping.replace("source: hotline ", "source: citizen ").replace("电梯: repairs", "电梯: lifts"),
                   encoding="utf-8")
    code, out = imp(est, FIX / "hotline-12345.csv", "12345", mapping=bad)
    assert code == 1 and re.search(r"m\.yml:\d+:\d+: error\[import-source\]", out)
    bad.write_text(mapping.replace("电梯: repairs", "电梯: lifts"), encoding="utf-8")
    code, out = imp(est, FIX / "hotline-12345.csv", "12345", mapping=bad)
    line = next(i for i, t in enumerate(bad.read_text(encoding="utf-8").splitlines(), 1) if "电梯: lifts" in t)
    assert code == 1 and f"m.yml:{line}:" in out and "error[import-mapping]" in out


def test_the_command_is_a_thin_wrapper(est):
    from click.testing import CliRunner

    from echowall.cli import main

    r = CliRunner().invoke(main, ["--root", str(est.root), "import", str(FIX / "form-wjx.csv"), "--from", "form",
                                  "--dry-run"])
    assert r.exit_code == 0 and "试运行" in r.output  # the demo site is in Chinese
    r = CliRunner().invoke(main, ["--root", str(est.root), "import", str(FIX / "form-wjx.csv")])
    assert r.exit_code == 2 and "--from" in r.output


# -- the date-only rule ------------------------------------------------------------------

def test_a_date_only_filed_is_for_history_items_only(est):
    est.write("ledger/items/2025/250601-abcd.yml", "id: 250601-abcd\nkind: problem\ntitle: 旧事\ndescription: 旧事\n"
              "category: repairs\ncomplexity: complex\nfiled: 2025-06-01\nchannel: phone\n")
    est.write("ledger/items/2026/261101-abcd.yml", "id: 261101-abcd\nkind: problem\ntitle: 新事\ndescription: 新事\n"
              "category: repairs\ncomplexity: complex\nfiled: 2026-11-01\nchannel: phone\n"
              "events:\n  - at: 2026-11-02\n    type: progress\n    note: 已派人\n")
    problems = check_ledger(est.root, now=NOW).errors
    assert [(p.code, p.path, p.line) for p in problems] == [
        ("time-date-only", "ledger/items/2026/261101-abcd.yml", 7),
        ("time-date-only", "ledger/items/2026/261101-abcd.yml", 10)]
    assert "2026-03-01" in problems[0].text("zh")


def test_every_source_together_builds_and_history_shows_as_history(est):
    """All fixtures in one ledger: a strict `mkdocs build` (search off: the pages are what is
    checked); an old case's page says 历史记录, gives its dates as dates and names who acted."""
    from bs4 import BeautifulSoup

    from conftest import build_site

    for name, source, *_ in SOURCES:
        assert imp(est, FIX / name, source)[0] == 0, name
    est.edit("mkdocs.yml", "search: true ", "search: false ")
    site = build_site(est.root)
    lamp = next(it for it in check_ledger(est.root, now=NOW).ledger.items if it.ref == ("hotline", "FZ25061800233"))
    page = BeautifulSoup((site / "i" / lamp.id / "index.html").read_text(encoding="utf-8"), "html.parser")
    rows = {tr.th.get_text(strip=True): tr.td.get_text(" ", strip=True) for tr in page.select("tr") if tr.th and tr.td}
    assert rows["反映时间"] == "2025-06-18 · 12345热线" and rows["承诺期限"].startswith("历史记录")
    events = [li.get_text(" ", strip=True) for li in page.select("li.ew-ev")]
    assert events[1].startswith("办结 2025-06-20 (+2天) · 西溪街道城管科")
    assert (site / "requests.xml").is_file() and (site / "discovery.json").is_file()


def test_an_event_older_than_the_items_last_one_is_refused_not_inserted(est, tmp_path):
    assert imp(est, FIX / "hotline-12345.csv", "12345")[0] == 0
    text = (FIX / "hotline-12345.csv").read_text(encoding="utf-8-sig")
    # the progress of FZ25091000345 (2025-09-12) becomes a reply dated before it
    old = "办理中,西溪街道综合执法队,已联系商户整改，持续跟进。,2025-09-12 11:00:00"
    assert old in text
    export = tmp_path / "older.csv"
    export.write_text(text.replace(old, old.replace("办理中", "已办结").replace("09-12", "09-11")), encoding="utf-8")
    before = snapshot(est.root)
    code, out = imp(est, export, "12345")
    assert code == 1 and f"{export}:5:1: error[import-conflict]" in out and snapshot(est.root) == before


def test_a_review_with_an_unknown_action_is_refused(est, tmp_path):
    export = tmp_path / "form.csv"
    export.write_text(PHONE_FORM, encoding="utf-8")
    assert imp(est, export, "form")[0] == 1
    review_file = next((est.root / "private").glob("import-review-*.yml"))
    review_file.write_text(review_file.read_text(encoding="utf-8").replace("action: redact", "action: keep", 1),
                           encoding="utf-8")
    before = snapshot(est.root)
    code, out = imp(est, None, review=review_file)
    assert code == 1 and "error[import-review]" in out and "'keep'" in out and snapshot(est.root) == before


@pytest.mark.parametrize("name,data,source,variant", [
    ("broken.xlsx", b"PK\x03\x04" + b"\x00" * 64, "12345", "xlsx"),
    ("binary.csv", b"\x00\x01\x02" * 100, "12345", "binary"),
    ("latin.csv", "工单编号".encode("utf-16"), "12345", "encoding"),
    ("empty.csv", b"", "12345", "empty"),
    ("object.json", b'{"hello": 1}', "open311", "json"),
    ("scalar.json", b'"requests"', "open311", "json"),
    ("deep.json", b"[" * 100_000, "open311", "json"),
    ("cut.xml", b"<service_requests><request><service_request_id>1", "open311", "xml"),
    ("list.json", b'[1, 2]', "open311", "record"),
])
def test_an_export_that_is_not_one_is_a_problem_at_the_file(est, tmp_path, name, data, source, variant):
    from echowall.messages import template

    export = tmp_path / name
    export.write_bytes(data)
    before = snapshot(est.root)
    code, out = imp(est, export, source)
    assert code == 1 and "error[import-file]" in out and "Traceback" not in out and snapshot(est.root) == before
    words = template(f"import-file.{variant}", "en").split("{")[0]
    assert words in out


def test_a_gb18030_csv_from_excel_on_chinese_windows_imports(est, tmp_path):
    export = tmp_path / "gbk.csv"
    export.write_bytes((FIX / "form-tencent.csv").read_text(encoding="utf-8-sig").encode("gb18030"))
    code, out = imp(est, export, "form")
    assert code == 0, out
    assert {it.ref[1] for it in check_ledger(est.root, now=NOW).ledger.items if it.ref} == {"101", "102"}


def test_contacts_are_refused_where_git_would_pick_them_up(tmp_path):
    repo = git_pull_request(tmp_path, print_sheets=False, main_edit=estate_edit, branch=None)  # no .gitignore
    before = snapshot(repo.root)
    code, out = imp(repo, FIX / "form-wjx.csv", "form")
    assert code == 1 and ".gitignore: error[import-private]" in out
    assert snapshot(repo.root) == before and not (repo.root / "private").exists()
