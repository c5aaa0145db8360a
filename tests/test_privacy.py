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


def _spaced_id(first17: str, sep: str) -> str:
    n = _id_with_checksum(first17)
    return f"{n[:6]}{sep}{n[6:14]}{sep}{n[14:]}"


GOOD_ID = _id_with_checksum("33010619850312002")
MISTYPED_ID = GOOD_ID[:15] + ("4" if GOOD_ID[15] != "4" else "5") + GOOD_ID[16:]  # one digit off: the checksum fails
FULL = str.maketrans("0123456789", "０１２３４５６７８９")

# (as written, code, what is reported — the span as written; None: the whole)
FORMS = [
    # phones, as people write them
    ("13912345678", "privacy-phone", None),
    ("139 1234 5678", "privacy-phone", None),
    ("139-1234-5678", "privacy-phone", None),
    ("+86 13812345678", "privacy-phone", None),
    ("tel:13912345678", "privacy-phone", "13912345678"),
    ("１３９１２３４５６７８", "privacy-phone", None),
    ("139.0571.0004", "privacy-phone", None),
    ("139/0571/0004", "privacy-phone", None),
    ("139  1234  5678", "privacy-phone", None),
    ("(139)0571 0004", "privacy-phone", None),
    ("139\u200b1234\u200b5678", "privacy-phone", None),
    ("一三九〇五七一〇〇〇四", "privacy-phone", None),
    ("壹叁玖零伍柒壹零零零肆", "privacy-phone", None),
    ("0571-88881234", "privacy-phone", None),
    ("(0571)8888 1234", "privacy-phone", None),
    ("+86 571 8888 1234", "privacy-phone", None),
    ("电话 8888 1234", "privacy-phone", "8888 1234"),
    # ID cards: spaced, dashed, full-width, one digit mistyped
    (GOOD_ID, "privacy-id-card", None),
    (_spaced_id("33010619850312002", " "), "privacy-id-card", None),
    (_spaced_id("11010519491231002", "-"), "privacy-id-card", None),
    (GOOD_ID.translate(FULL), "privacy-id-card", None),
    (MISTYPED_ID, "privacy-id-card", None),
    # e-mail
    ("zhang.san@example.com", "privacy-email", None),
    ("zhangsan＠qq．com", "privacy-email", None),
    ("zhangsan@qq。com", "privacy-email", None),
    ("ｚｈａｎｇｓａｎ@qq.com", "privacy-email", None),
    # QQ and WeChat
    ("QQ: 12345678", "privacy-qq", "12345678"),
    ("qq号123456789", "privacy-qq", "123456789"),
    ("扣扣 1234567", "privacy-qq", "1234567"),
    ("微信号 zhangsan88", "privacy-wechat", "zhangsan88"),
    ("weixin: zhangsan88", "privacy-wechat", "zhangsan88"),
    ("wechat zhangsan88", "privacy-wechat", "zhangsan88"),
    ("vx zhangsan88", "privacy-wechat", "zhangsan88"),
    ("加V zhangsan88", "privacy-wechat", "zhangsan88"),
    # plates
    ("浙A12345", "privacy-plate", None),
    ("浙AD12345", "privacy-plate", None),
    ("浙a12345", "privacy-plate", None),
    ("浙Ａ１２３４５", "privacy-plate", None),
    ("浙 A 12345", "privacy-plate", None),
    ("浙A·12345", "privacy-plate", None),
    # bank cards
    ("6222021234567890123", "privacy-bank-card", None),
    ("6222 0212 3456 7890 123", "privacy-bank-card", None),
    ("卡号 4111 1111 1111 1111", "privacy-bank-card", "4111 1111 1111 1111"),
    # rooms, with and without 室/单元
    ("302室", "privacy-room", None),
    ("3-2-301", "privacy-room", None),
    ("3幢2单元301", "privacy-room", None),
    ("6幢603", "privacy-room", None),
    ("3号楼211", "privacy-room", None),
    ("B座1210", "privacy-room", None),
    ("17栋3002业主", "privacy-room", "17栋3002"),
    ("35栋2407号", "privacy-room", None),
    ("3幢2单元5楼508", "privacy-room", None),
    ("12栋二单元1407", "privacy-room", None),
    ("5－1－305", "privacy-room", None),
    ("5/1/306", "privacy-room", None),
    ("三幢二单元五零七室", "privacy-room", None),
    ("10栋704房租户", "privacy-room", "10栋704房"),
    # names: after a label, surname + honorific or title, compound surnames, 老王
    ("举报人：张建国", "privacy-name", "张建国"),
    ("请求人：李明", "privacy-name", "李明"),
    ("联系人：王芳", "privacy-name", "王芳"),
    ("业主张建国反映", "privacy-name", "张建国"),
    ("户主刘德华", "privacy-name", "刘德华"),
    ("王阿姨", "privacy-name", None),
    ("李建国先生", "privacy-name", None),
    ("李工说", "privacy-name", "李工"),
    ("张总", "privacy-name", None),
    ("朱主任", "privacy-name", None),
    ("王经理", "privacy-name", None),
    ("刘老师", "privacy-name", None),
    ("欧阳先生", "privacy-name", None),
    ("司马阿姨", "privacy-name", None),
    ("诸葛经理", "privacy-name", None),
    ("阚师傅", "privacy-name", None),
    ("老王说", "privacy-name", "老王"),
]


@pytest.mark.parametrize("written, code, flagged", FORMS)
def test_each_form_is_refused_at_its_line_and_column(empty_items, written, code, flagged):
    repo = empty_items
    written = written.replace("\\u200b", "\u200b")
    flagged = (flagged or written).replace("\\u200b", "\u200b")
    if code == "privacy-id-card" and written == GOOD_ID:
        assert id_card_valid(written)
    desc = f"|\n  楼道灯坏了好几天。\n  有事请找 {written} 谢谢\n"
    repo.write(ITEM, item_text().replace("description: 三楼楼道灯坏了", f"description: {desc.rstrip()}"))
    found = [p for p in problems(repo) if p.code.startswith("privacy-")]
    line, col = place_of(repo, ITEM, flagged)
    assert [(p.code, p.path, p.source.line, p.source.column, dict(p.params)["text"]) for p in found] == \
        [(code, ITEM, line, col, flagged)]
    assert "the ledger is public" in found[0].message


# near misses: none of these is personal data
NEAR_MISSES = [
    "工单号FZ16113000393已转办", "FZ16113000393", "案件编号13912345678", "12345热线工单号 2026112000123",
    "快递单号SF1391234567890", "订单号20250113567890123已退款", "流水号" + GOOD_ID[:-1] + ("0" if GOOD_ID[-1] != "0" else "1"),
    "不动产权证号330106198503120021", "营业执照注册号330106000123456", "合同号 13912345678",
    "发票 No.26042217", "施工合同 SQ-2026-004", "银行回单 20260105-9280",
    "每月领取养老金。", "请你方水电师傅上门维修", "我方经理已到场", "人社局517室", "写字楼403房", "居委会2楼203室",
    "通湖路188号", "人民路100号院门口", "2026-04-22 08:30", "8:30-17:30", "每月电费约1,280.50元",
    "已有18户中的15户签字", "1号楼至12号楼共34个单元、1020户", "对120具灭火器进行检查", "5幢 2026年3月",
    "施工单位已进场", "主张总是对的", "城管监管队长", "周边单位片长", "石桥中学的老师", "张某反映", "王某某来电",
    "王府井百货", "老马路边的路灯", "浙江A级景区", "vx123 型号的灯具", "加入业主微信群“石桥邻里”", "3小时后",
    "小于5米", "谢谢师傅", "QQ群 123456789", "版本 v1.2.3", "电话打不通", "报警电话110", "第301次业主代表会议",
    "那书记可太忙啦", "已经困扰居民许久", "物业服务热线400-826-1235", "尾号5678的手机", "138****0004",
    "微信支付交易单号4404685019684233582746196", "统一社会信用代码91330106MA2B3C4D5E", "杭政办〔2024〕12号",
    "B2-078号车位", "固件版本1.0.27", "每平方米每月2.3元", "联系方式：物业服务中心",
]


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_near_misses_are_not_refused(empty_items, text):
    repo = empty_items
    repo.write(ITEM, item_text().replace("description: 三楼楼道灯坏了", f"description: '{text}'"))
    assert [(p.code, dict(p.params).get("text")) for p in problems(repo) if p.code.startswith("privacy-")] == []


def test_the_fold_is_one_to_one_so_every_hit_is_placed_in_the_original_text():
    from echowall.privacy import fold

    text = "电话：１３９－\u200b０５７１－\u20600004，住三幢二单元五零七室，邮箱 a＠b．cn"
    f = fold(text)
    assert len(f.text) == len(text) - 2  # only the two invisible characters are dropped
    assert f.text.startswith("电话:139-0571-0004") and "3幢2单元507室" in f.text
    hits = find_personal_data(text)
    assert [(h.code, h.text) for h in hits] == [
        ("privacy-phone", "１３９－\u200b０５７１－\u20600004"), ("privacy-room", "三幢二单元五零七室"),
        ("privacy-email", "a＠b．cn")]
    assert all(text[h.start:h.end] == h.text for h in hits)


def test_a_number_split_over_two_lines_is_one_number_placed_at_its_start(empty_items):
    repo = empty_items
    repo.write(ITEM, item_text().replace("description: 三楼楼道灯坏了", "description: |\n  楼道灯坏了，回电139\n  1234 5678 谢谢"))
    found = [p for p in problems(repo) if p.code.startswith("privacy-")]
    line, col = place_of(repo, ITEM, "139")
    assert [(p.code, p.source.line, p.source.column, dict(p.params)["text"]) for p in found] == \
        [("privacy-phone", line, col, "139\n1234 5678")]


def test_a_hash_inside_a_value_is_text_and_a_comment_after_it_is_a_comment(empty_items):
    repo = empty_items
    text = item_text().replace("title: 楼道灯不亮", "title: \"3#楼道灯不亮 # 13912345678\"  # 回电13812345678")
    repo.write(ITEM, text)
    found = sorted((p.code, p.source.column, dict(p.params)["text"], dict(p.params)["fix"])
                   for p in problems(repo) if p.code.startswith("privacy-"))
    line = repo.read(ITEM).split("\n")[2]
    assert found == sorted([("privacy-phone", line.index("13812345678") + 1, "13812345678", "privacy-fix.comment"),
                            ("privacy-phone", line.index("13912345678") + 1, "13912345678", "privacy-fix.text")])


def test_staff_listed_as_public_names_may_be_named(empty_items):
    repo = empty_items
    repo.write(ITEM, item_text().replace("description: 三楼楼道灯坏了", "description: 物业朱主任和李工已到场，朱建华主任答复"))
    assert {dict(p.params)["text"] for p in problems(repo) if p.code == "privacy-name"} == {"朱主任", "李工", "朱建华主任"}
    repo.edit("ledger/estate.yml", "  public_numbers:\n", "  public_names: [朱主任, 李工, 朱建华]\n  public_numbers:\n")
    assert [p for p in problems(repo) if p.code.startswith("privacy-")] == []


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


# -- ref: an outside record's public id, shape-checked, exempt from the number rules ------

REF_SOURCES = """ref_sources:
  - id: hotline
    name: 12345热线
    pattern: "^FZ[0-9]{11}$"
  - id: form
    name: 在线报事表单
    pattern: "^[0-9]{6,12}$"
"""


def with_ref(repo, source, rid, item_id="261101-abcd"):
    repo.write(f"ledger/items/2026/{item_id}.yml",
               item_text(id=item_id) + f"ref:\n  source: {source}\n  id: \"{rid}\"\n")
    return f"ledger/items/2026/{item_id}.yml"


@pytest.fixture
def refs(empty_items):
    empty_items.write("ledger/estate.yml", empty_items.read("ledger/estate.yml") + REF_SOURCES)
    return empty_items


def test_a_ref_in_its_declared_form_is_public_and_exempt_from_the_number_rules(refs):
    with_ref(refs, "hotline", "FZ16113000393")  # a mobile's shape after the letters: a case number
    with_ref(refs, "form", "2026112001", "261101-efgh")
    assert problems(refs) == []


def test_a_phone_or_id_shape_in_a_ref_is_still_refused(refs):
    rel = with_ref(refs, "form", "13912345678")
    line, col = place_of(refs, rel, "13912345678")
    assert [(p.code, p.path, p.line, p.column, dict(p.params)["fix"]) for p in problems(refs)] == \
        [("privacy-phone", rel, line, col, "privacy-fix.ref")]


def test_a_ref_names_a_declared_source_with_an_id_of_its_form_once(refs):
    rel = with_ref(refs, "hotline12345", "FZ16113000393")
    only(problems(refs), "ref-source", rel, refs.line_of(rel, "source: hotline12345"))
    rel = with_ref(refs, "hotline", "16113000393")
    p = only(problems(refs), "ref-id", rel, refs.line_of(rel, "id: \"16113000393\""))
    assert dict(p.params) == {"id": "16113000393", "source": "hotline", "pattern": "^FZ[0-9]{11}$"}
    rel = with_ref(refs, "hotline", "FZ16113000393")
    other = with_ref(refs, "hotline", "FZ16113000393", "261101-efgh")
    found = [(p.path, p.line) for p in problems(refs) if p.code == "ref-duplicate"]
    assert found == [(rel, refs.line_of(rel, "id: \"FZ")), (other, refs.line_of(other, "id: \"FZ"))]


def test_a_ref_pattern_that_is_not_a_regular_expression_is_reported(refs):
    refs.edit("ledger/estate.yml", 'pattern: "^FZ[0-9]{11}$"', 'pattern: "^FZ[0-9"')
    only(problems(refs), "ref-source", "ledger/estate.yml", refs.line_of("ledger/estate.yml", 'pattern: "^FZ[0-9"'))


# -- messages in the site's language ---------------------------------------------------------

def test_validate_speaks_the_sites_language_and_json_keeps_code_and_params(empty_items):
    import json

    from click.testing import CliRunner

    from echowall.cli import main

    repo = empty_items
    repo.write(ITEM, item_text().replace("description: 三楼楼道灯坏了", "description: 住302室"))
    run = lambda *a: CliRunner().invoke(main, ["--root", str(repo.root), "validate", *a])  # noqa: E731
    r = run()
    assert r.exit_code == 1 and "“302室”像是房号" in r.output and "合并前请删掉" in r.output
    zh = json.loads(run("--format", "json").output)
    repo.edit("mkdocs.yml", "language: zh", "language: en")
    r = run()
    assert "'302室' looks like a room number" in r.output and "take it out before this is merged" in r.output
    en = json.loads(run("--format", "json").output)
    assert [(p["code"], p["params"]) for p in zh] == [(p["code"], p["params"]) for p in en] == \
        [("privacy-room", {"text": "302室", "fix": "privacy-fix.text"})]
    assert "::error file=" in run("--format", "github").output
