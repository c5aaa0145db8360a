"""Privacy rules: each kind of personal data refused at its exact line and column, in items
and revenue entries; the estate's public numbers and organisation names allowed; precision
and recall over the corpus in tests/privacy_corpus.py and over the demo ledger."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from conftest import item_text, only
from echowall.pipeline import check_ledger
from echowall.privacy import find_personal_data, id_card_valid
from privacy_corpus import _id_with_checksum, clean_texts, dirty_texts

NOW = datetime(2026, 11, 22, tzinfo=timezone.utc)
ITEM = "ledger/items/2026/261101-abcd.yml"
PUB26 = "ledger/revenue/public/2026.yml"


def problems(repo):
    return check_ledger(repo.root, now=NOW).problems


def place_of(repo, rel, needle):
    for i, line in enumerate(repo.read(rel).splitlines(), 1):
        col = line.find(needle)
        if col >= 0:
            return i, col + 1
    raise AssertionError(needle)


@pytest.mark.parametrize("written, code", [
    ("13912345678", "privacy-phone"),
    ("139 1234 5678", "privacy-phone"),
    ("139-1234-5678", "privacy-phone"),
    ("+86 13812345678", "privacy-phone"),
    ("0571-88881234", "privacy-phone"),
    ("(0571)8888 1234", "privacy-phone"),
    (_id_with_checksum("33010619850312002"), "privacy-id-card"),
    ("zhang.san@example.com", "privacy-email"),
    ("302室", "privacy-room"),
    ("3-2-301", "privacy-room"),
    ("3幢2单元301", "privacy-room"),
    ("浙A12345", "privacy-plate"),
    ("浙AD12345", "privacy-plate"),
    ("微信号 zhangsan88", "privacy-wechat"),
    ("王阿姨", "privacy-name"),
    ("李建国先生", "privacy-name"),
])
def test_each_kind_is_refused_at_its_line_and_column(empty_items, written, code):
    repo = empty_items
    if code == "privacy-id-card":
        assert id_card_valid(written)
    desc = f"|\n  楼道灯坏了好几天。\n  有事请找 {written} 谢谢\n"
    repo.write(ITEM, item_text().replace("description: 三楼楼道灯坏了", f"description: {desc.rstrip()}"))
    found = [p for p in problems(repo) if p.code.startswith("privacy-")]
    needle = written.split(" ")[-1] if code == "privacy-wechat" else written
    line, col = place_of(repo, ITEM, needle)
    assert [(p.code, p.path, p.source.line, p.source.column) for p in found] == [(code, ITEM, line, col)]
    assert "the ledger is public" in found[0].message


def test_every_free_text_field_of_an_item_is_checked(empty_items):
    repo = empty_items
    extra = ("events:\n  - at: 2026-11-01T10:00:00+08:00\n    type: dispatched\n    tier: property\n"
             "    role: property\n    note: 已通知，回电13912345678\n"
             "  - at: 2026-11-01T12:00:00+08:00\n    type: resolved\n    note: 已修好\n"
             "ratings:\n  - at: 2026-11-02T10:00:00+08:00\n    score: 5\n    outcome: fixed\n    channel: phone\n"
             "    comment: 满意，有事加微信：lisi_2020\n")
    text = item_text(extra=extra).replace("title: 楼道灯不亮", "title: 302室门口楼道灯不亮")
    text = text.replace("unit: \"1\"\n", "unit: \"1\"\nplace: 车位 浙A12345 旁边\n")
    repo.write(ITEM, text)
    found = {(p.code, p.source.line) for p in problems(repo) if p.code.startswith("privacy-")}
    assert found == {
        ("privacy-room", repo.line_of(ITEM, "title:")),
        ("privacy-plate", repo.line_of(ITEM, "place:")),
        ("privacy-phone", repo.line_of(ITEM, "回电13912345678")),
        ("privacy-wechat", repo.line_of(ITEM, "lisi_2020")),
    }


def test_revenue_text_is_checked_too(repo):
    text = repo.read(PUB26).replace("description: 东门人车分流改造", "description: 联系人13912345678，东门人车分流改造", 1)
    repo.write(PUB26, text)
    line, col = place_of(repo, PUB26, "13912345678")
    only(problems(repo), "privacy-phone", PUB26, line)
    assert [p.source.column for p in problems(repo) if p.code == "privacy-phone"] == [col]


def test_public_numbers_and_organisations_are_allowed(empty_items):
    repo = empty_items
    desc = "请拨打服务站电话0571-0000 1234或物业值班电话 0571-0000 1235；湖畔酒店、石桥中学可以协助。网格员工作微信 shiqiao-grid"
    repo.write(ITEM, item_text().replace("description: 三楼楼道灯坏了", f"description: {desc}"))
    assert [p for p in problems(repo) if p.code.startswith("privacy-")] == []


def test_the_same_number_twice_is_reported_at_each_place(empty_items):
    repo = empty_items
    repo.write(ITEM, item_text().replace("description: 三楼楼道灯坏了",
                                         "description: |\n  电话13912345678\n  再说一遍 13912345678"))
    lines = sorted(p.source.line for p in problems(repo) if p.code == "privacy-phone")
    first = repo.line_of(ITEM, "电话13912345678")
    assert lines == [first, first + 1]


def test_id_card_checksum_keeps_dates_and_amounts_out():
    good = _id_with_checksum("11010519491231002")
    assert id_card_valid(good)
    assert [h.code for h in find_personal_data(f"身份证{good}")] == ["privacy-id-card"]
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")  # one wrong check digit
    assert not id_card_valid(bad) and find_personal_data(f"流水号{bad}") == []
    assert not id_card_valid(_id_with_checksum("11010519491331002"))  # month 13: not a birth date


def test_demo_ledger_has_no_false_positives(repo):
    assert [p for p in problems(repo) if p.code.startswith("privacy-")] == []


ALLOWED = frozenset({"057100001234", "057100001235"})


def test_corpus_precision_no_false_positive_on_clean_texts():
    texts = clean_texts()
    assert len(texts) >= 300
    flagged = [(t, [h.text for h in find_personal_data(t, ALLOWED)]) for t in texts
               if find_personal_data(t, ALLOWED)]
    assert flagged == []


def test_corpus_recall_every_planted_item_is_found():
    cases = dirty_texts()
    assert len(cases) >= 200
    missed = [(t, code) for t, code, _ in cases if not any(h.code == code for h in find_personal_data(t, ALLOWED))]
    assert missed == []
