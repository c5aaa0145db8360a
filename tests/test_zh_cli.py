"""Volunteers read Chinese, and type the words they use on the phone (issue 19): every
message in the site's language (zh by default, en by theme.language or --lang), the fix
said with it (the list, "您是不是要…"), names accepted where ids are expected — and the
file always stores the id."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from click.testing import CliRunner

from conftest import item_text
from echowall import aliases
from echowall.aliases import AliasError
from echowall.cli import main
from echowall.schema import EVENT_TYPES, OUTCOMES
from echowall.yamlsrc import load_yaml

CST = timezone(timedelta(hours=8))
ROOF = "ledger/items/2026/260415-7kq2.yml"


def run(repo, *args, lang=None, input=None):
    pre = ["--lang", lang] if lang else []
    r = CliRunner().invoke(main, ["--root", str(repo.root), *pre, *args], input=input)
    assert "Traceback" not in r.output, r.output
    return r


def recent(hours: float) -> str:
    return (datetime.now(CST) - timedelta(hours=hours)).replace(microsecond=0).isoformat()


def new(repo, *extra, lang=None, building="2", category="repairs"):
    args = ["new", "--no-input", "--kind", "problem", "--title", "楼道灯不亮", "--description", "灯坏了",
            "--complexity", "simple", "--channel", "phone", "--filed", recent(2)]
    if building is not None:
        args += ["--building", building]
    if category is not None:
        args += ["--category", category]
    return run(repo, *args, *extra, lang=lang)


def written(repo, r) -> dict:
    """The item `new` wrote (its receipt line names it), read back."""
    line = next(line for line in r.output.splitlines() if line.startswith("事项编号 "))
    iid = line.split()[1]
    rel = f"ledger/items/20{iid[:2]}/{iid}.yml"
    doc, problems = load_yaml(repo.read(rel), rel)
    assert problems == []
    return doc.data


def items(repo) -> set:
    return {p.name for p in (repo.root / "ledger/items").rglob("*.yml")}


# -- the cases in the issue, each with its Chinese message, suggestion and stored id ---------

def test_an_unknown_building_lists_the_buildings_in_chinese_and_writes_nothing(repo):
    before = items(repo)
    r = new(repo, building="13")
    assert r.exit_code == 1
    assert r.output == ("echowall: 楼幢“13”不存在。可选的楼幢：1幢、2幢、3幢、4幢、5幢、6幢、7幢、8幢、9幢、10幢、"
                        "11幢、12幢\n")
    assert items(repo) == before
    r = new(repo, building="13", lang="en")
    assert r.exit_code == 1
    assert r.output.startswith("echowall: building '13' does not exist; the buildings are: 1幢, 2幢, 3幢")


@pytest.mark.parametrize("typed", ["7幢", "7号楼", "７幢", "第七栋", "7\u200b幢", " 7 "])
def test_a_building_name_is_stored_as_its_id(repo, typed):
    r = new(repo, "--unit", "2单元", building=typed)
    assert r.exit_code == 0, r.output
    data = written(repo, r)
    assert (data["building"], data["unit"]) == ("7", "2")


def test_a_category_name_is_stored_as_its_id_and_a_near_miss_is_named(repo):
    r = new(repo, category="设施维修")
    assert r.exit_code == 0, r.output
    assert written(repo, r)["category"] == "repairs"
    before = items(repo)
    r = new(repo, category="设施维护")
    assert r.exit_code == 1 and items(repo) == before
    assert r.output.startswith("echowall: 分类“设施维护”不存在。您是不是要写：设施维修（repairs）？可选的分类：环境卫生（sanitation）、")
    r = new(repo, category="repair", lang="en")
    assert r.output.startswith("echowall: category 'repair' does not exist; did you mean 设施维修（repairs）? The categories are:")


def test_chinese_event_types_roles_tiers_and_outcomes_are_stored_as_ids(repo):
    r = new(repo)
    iid = written(repo, r)["id"]
    rel = f"ledger/items/20{iid[:2]}/{iid}.yml"
    r = run(repo, "event", iid, "派单", "--tier", "物业", "--role", "物业服务中心", "--at", recent(1.5))
    assert r.exit_code == 0, r.output
    assert r.output == f"已在 {rel} 里记下“派单”\n"
    r = run(repo, "event", iid, "办结", "--note", "换了灯泡", "--at", recent(1))
    assert r.exit_code == 0, r.output
    r = run(repo, "rate", iid, "5", "--outcome", "已解决", "--channel", "电话", "--at", recent(0.5))
    assert r.exit_code == 0, r.output
    assert r.output == f"已在 {rel} 里记下 5 分的评价\n"
    doc, _ = load_yaml(repo.read(rel), rel)
    ev = doc.data["events"]
    assert [(e["type"], e.get("tier"), e.get("role")) for e in ev] == [("dispatched", "property", "property"),
                                                                      ("resolved", None, None)]
    assert doc.data["ratings"][0]["outcome"] == "fixed" and doc.data["ratings"][0]["channel"] == "phone"


def test_an_unknown_event_type_suggests_the_word_and_lists_them(repo):
    before = repo.read(ROOF)
    r = run(repo, "event", "260415-7kq2", "派丹")
    assert r.exit_code == 2
    assert r.output.startswith("echowall: “派丹”不是事件类型。您是不是要写：派单（dispatched）？可用的事件类型：派单（dispatched）、"
                               "接单（accepted）、进展（progress）")
    assert repo.read(ROOF) == before
    r = run(repo, "event", "260415-7kq2", "派丹", lang="en")
    assert r.output.startswith("echowall: '派丹' is not an event type; did you mean 派单（dispatched）?")


def test_an_unknown_role_or_tier_is_refused_with_the_list_and_the_file_untouched(repo):
    before = (repo.root / ROOF).read_bytes()
    r = run(repo, "event", "260415-7kq2", "dispatched", "--tier", "nope", "--role", "property")
    assert r.exit_code == 1
    assert r.output.startswith("echowall: 层级“nope”不存在。可选的层级：物业（property）、网格长（grid）")
    r = run(repo, "event", "260415-7kq2", "dispatched", "--tier", "property", "--role", "网格")
    assert r.exit_code == 1
    assert "您是不是要写：网格长（grid_leader）？" in r.output
    assert (repo.root / ROOF).read_bytes() == before


def test_expected_in_chinese_is_stored_as_a_date_in_the_estates_time_zone(repo):
    r = run(repo, "event", "260415-7kq2", "进展", "--note", "施工单位已进场", "--expected", "12月15日",
            "--at", recent(1))
    assert r.exit_code == 0, r.output
    doc, _ = load_yaml(repo.read(ROOF), ROOF)
    last = doc.data["events"][-1]
    today = datetime.now(CST).date()
    want = date(today.year, 12, 15)
    want = want if want >= today else date(today.year + 1, 12, 15)
    assert (last["type"], str(last["expected"])) == ("progress", want.isoformat())


def test_a_chinese_at_is_read_in_the_estates_time_zone(repo):
    r = new(repo, "--unit", "1")
    iid = written(repo, r)["id"]
    r = run(repo, "event", iid, "催单", "--channel", "上门", "--at", "今天")
    assert r.exit_code == 0, r.output
    rel = f"ledger/items/20{iid[:2]}/{iid}.yml"
    doc, _ = load_yaml(repo.read(rel), rel)
    at = datetime.fromisoformat(str(doc.data["events"][-1]["at"]))
    assert at.utcoffset() == timedelta(hours=8)
    assert at.date() == datetime.now(CST).date()
    assert doc.data["events"][-1]["channel"] == "visit"


def test_a_date_that_does_not_exist_is_said_in_chinese(repo):
    r = run(repo, "event", "260415-7kq2", "progress", "--note", "x", "--expected", "2月30日")
    assert r.exit_code == 2
    assert r.output == "echowall: “2月30日”不是真实存在的日期（请检查月份和日子）\n"


def test_an_unquoted_building_in_the_web_editor_is_explained_in_chinese(empty_items):
    rel = empty_items.write("ledger/items/2026/261101-abcd.yml",
                            item_text().replace('building: "2"', "building: 2"))
    r = run(empty_items, "validate")
    assert r.exit_code == 1
    assert r.output.splitlines()[0] == (
        f"{rel}:6:11: error[schema-type] 这里要写编号，写的却是数字 2（不加引号时 YAML 会这样读 2；请加上引号：'2'）")
    assert r.output.splitlines()[-1] == "1 个错误，0 个警告"
    r = run(empty_items, "validate", lang="en")
    assert r.output.splitlines()[0] == (
        f"{rel}:6:11: error[schema-type] expected an id, got the number 2 "
        "(YAML reads the unquoted 2 that way; put it in quotes: '2')")
    assert r.output.splitlines()[-1] == "1 error(s), 0 warning(s)"


def test_theme_language_en_makes_english_the_default(repo):
    repo.edit("mkdocs.yml", "language: zh", "language: en")
    r = new(repo, building="13")
    assert r.output.startswith("echowall: building '13' does not exist;")
    r = run(repo, "validate")
    assert r.output.startswith("ok: ")
    assert run(repo, "validate", lang="zh").output.startswith("检查通过：")


def test_two_buildings_with_one_name_are_refused_with_both(repo):
    repo.edit("ledger/buildings.yml", "name: 12幢", "name: ７幢")  # 12 now reads as 7幢 too
    before = items(repo)
    r = new(repo, building="7幢")
    assert r.exit_code == 1 and items(repo) == before
    assert r.output == "echowall: “7幢”可以指不止一个楼幢：7幢、７幢（12）；请写楼幢编号\n"
    r = new(repo, building="7")  # the id is never ambiguous
    assert r.exit_code == 0 and written(repo, r)["building"] == "7"


def test_json_keeps_its_fields_and_codes_in_chinese(empty_items):
    import json

    empty_items.write("ledger/items/2026/261101-abcd.yml", item_text().replace('building: "2"', 'building: "13"'))
    r = run(empty_items, "validate", "--format", "json")
    assert r.exit_code == 1
    (p,) = json.loads(r.output)
    assert set(p) >= {"path", "line", "column", "code", "severity", "message"}
    assert p["code"] == "ref-building" and p["message"] == "楼幢“13”不在 ledger/buildings.yml 里"


def test_new_asks_in_chinese_and_takes_chinese_answers(repo, monkeypatch):
    """In a terminal: Chinese prompts, Chinese answers; an answer that names nothing is asked
    again with the reason (the list), and the file stores ids."""
    from echowall import cli

    monkeypatch.setattr(cli, "_interactive", lambda: True)
    answers = "\n".join(["需求", "老人助餐", "独居老人希望送餐上门", "养老", "养老助餐", "６号楼", "2单元", "复杂", "上门",
                         ""]) + "\n"
    r = run(repo, "new", "--filed", recent(1), input=answers)
    assert r.exit_code == 0, r.output
    assert "类型（问题、需求、资源）: " in r.output and "分类（写名称或编号都可以）: " in r.output
    assert "分类“养老”不存在。可选的分类：环境卫生（sanitation）、" in r.output  # then asked again
    data = written(repo, r)
    assert {k: data[k] for k in ("kind", "category", "building", "unit", "complexity", "channel")} == {
        "kind": "need", "category": "elderly", "building": "6", "unit": "2", "complexity": "complex",
        "channel": "visit"}


def test_an_item_number_typed_with_full_width_digits_is_found(repo):
    r = run(repo, "event", "２６０４１５－７ｋｑ２", "催单", "--at", recent(1))
    assert r.exit_code == 0, r.output
    assert r.output == f"已在 {ROOF} 里记下“催单”\n"



def test_clicks_usage_errors_in_chinese_and_english_as_click_says_them(repo):
    r = run(repo, "rate", "260415-7kq2", "5")
    assert r.exit_code == 2
    assert r.output == "echowall: 缺少 --outcome\n运行 `echowall rate -h` 可以看用法和例子\n"
    r = run(repo, "event", "260415-7kq2", "派单", "--rol", "网格长")
    assert r.output.startswith("echowall: 没有 --rol 这个选项；您是不是要写：--role？\n")
    r = run(repo, "evnt")
    assert r.exit_code == 2 and r.output.startswith("echowall: 没有“evnt”这个命令；您是不是要写：event？\n")
    r = run(repo, "media", "ad")
    assert r.exit_code == 2 and r.output.startswith("echowall: 没有“ad”这个命令；您是不是要写：add？\n")
    r = run(repo, "rate", "260415-7kq2", "5", lang="en")
    assert r.exit_code == 2 and "Error: Missing option '--outcome'." in r.output  # click's own words


def test_qr_and_print_take_building_names(repo, tmp_path):
    r = run(repo, "qr", "--building", "３号楼", "--out", str(tmp_path / "qr"))
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in (tmp_path / "qr").iterdir()) == ["3-u1.svg", "3-u2.svg", "3-u3.svg", "3.svg"]
    r = run(repo, "qr", "--building", "33", "--out", str(tmp_path / "qr2"))
    assert r.exit_code == 1 and r.output.startswith("echowall: 楼幢“33”不存在。您是不是要写：3幢？")
    assert not (tmp_path / "qr2").exists()

# -- aliases.py, the pure part ---------------------------------------------------------------

BUILDINGS = [(str(i), f"{i}幢") for i in range(1, 13)] + [("a", "A座")]


@pytest.mark.parametrize("typed, bid", [("7", "7"), ("7幢", "7"), ("7号楼", "7"), ("７号楼", "7"), ("7栋", "7"),
                                        ("第7幢", "7"), ("七幢", "7"), ("十二幢", "12"), ("12#", "12"),
                                        ("\ufeff7\u200d幢", "7"), ("A座", "a"), ("Ａ", "a")])
def test_building_names(typed, bid):
    assert aliases.building(typed, BUILDINGS) == bid


def test_near_misses_only_when_few():
    with pytest.raises(AliasError) as e:
        aliases.building("13", BUILDINGS)  # 1, 3, 10, 11, 12 are all one edit away: no guess
    assert e.value.code == "alias-building" and "near" not in e.value.params
    with pytest.raises(AliasError) as e:
        aliases.building("99", BUILDINGS)
    assert e.value.code == "alias-building.near" and e.value.params["near"] == ["9幢"]


@pytest.mark.parametrize("word, eid", [("派单", "dispatched"), ("接单", "accepted"), ("进展", "progress"),
                                       ("催单", "urged"), ("上报", "escalated"), ("办结", "resolved"),
                                       ("退回", "declined"), ("不予受理", "declined"), ("重新打开", "reopened"),
                                       ("对接", "matched"), ("撤回", "withdrawn"), ("dispatched", "dispatched"),
                                       ("ＤＩＳＰＡＴＣＨＥＤ", "dispatched")])
def test_event_words(word, eid):
    assert aliases.event_type(word, EVENT_TYPES) == eid
    assert set(aliases.EVENT_WORDS.values()) <= set(EVENT_TYPES)


@pytest.mark.parametrize("word, oid", [("已解决", "fixed"), ("部分解决", "partly"), ("未解决", "not_fixed")])
def test_outcome_words(word, oid):
    assert aliases.outcome(word, OUTCOMES) == oid


TODAY = date(2026, 12, 1)


@pytest.mark.parametrize("typed, day", [("12月15日", "2026-12-15"), ("2026年12月15日", "2026-12-15"),
                                        ("今天", "2026-12-01"), ("明天", "2026-12-02"), ("昨天", "2026-11-30"),
                                        ("１２月１５日", "2026-12-15"), ("2026-12-15", "2026-12-15"),
                                        ("11月3日", "2027-11-03"), ("12月15号", "2026-12-15")])
def test_days_lean_to_the_future_for_expected(typed, day):
    assert aliases.day(typed, TODAY) == day


def test_moments_lean_to_the_past_and_keep_the_estates_offset():
    now = datetime(2026, 1, 5, 10, 7, tzinfo=CST)
    assert aliases.moment("12月28日", now) == "2025-12-28T10:07:00+08:00"  # last December
    assert aliases.moment("昨天 14:30", now) == "2026-01-04T14:30:00+08:00"
    assert aliases.moment("今天下午3点", now) == "2026-01-05T15:00:00+08:00"
    assert aliases.moment("1月5日9点半", now) == "2026-01-05T09:30:00+08:00"
    assert aliases.moment("2026-01-05T09:30+08:00", now) is None  # ISO: read by the caller
    assert aliases.moment("上周", now) is None
    with pytest.raises(AliasError):
        aliases.moment("今天 25:00", now)


def test_every_value_of_the_format_has_a_chinese_word():
    """A value added to the format (e.g. the hotline channel the importer brought) must be
    typeable in Chinese too: every kind, complexity, channel, event type and outcome has a word."""
    from echowall.schema import CHANNELS, COMPLEXITIES, KINDS
    for words, ids in ((aliases.KIND_WORDS, KINDS), (aliases.COMPLEXITY_WORDS, COMPLEXITIES),
                       (aliases.CHANNEL_WORDS, CHANNELS), (aliases.EVENT_WORDS, EVENT_TYPES),
                       (aliases.OUTCOME_WORDS, OUTCOMES)):
        assert set(ids) - set(words.values()) == set()
    assert aliases.choice("热线", CHANNELS, "channel") == "hotline"
    assert aliases.choice("１２３４５", CHANNELS, "channel") == "hotline"


# --help in the site's language (help.* in messages.yml) -----------------------------------

def help_sections(output: str, lang: str) -> dict[str, dict[str, str]]:
    """The help's definition lists by section heading (选项 / Options, 命令 / Commands):
    {option spec or command name: its text, line breaks and spaces removed}."""
    from echowall.messages import render

    headings = {render(k, {}, lang) + ":": k for k in ("help-options", "help-commands")}
    out, section, term = {}, None, None
    for line in output.splitlines():
        if line in headings:
            section = out.setdefault(headings[line], {})
        elif section is not None and line.startswith("  ") and not line.startswith("   "):
            term, _, text = line[2:].partition("  ")
            section[term.strip()] = "".join(text.split())
        elif section is not None and line.startswith("   ") and term is not None:
            section[term] += "".join(line.split())
        elif not line:
            section, term = None, None
    return out


def squeezed(text: str) -> str:
    return "".join(text.split())


def test_new_help_is_in_chinese_by_default(repo):
    from echowall.messages import render
    from echowall.schema import CHANNELS

    r = run(repo, "new", "--help")
    assert r.exit_code == 0
    assert r.output.splitlines()[0] == "用法： main new [OPTIONS]"  # CliRunner calls the program main
    assert squeezed(render("help.new", {}, "zh")) in squeezed(r.output)
    options = help_sections(r.output, "zh")["help-options"]
    names = {spec.split()[0].rstrip(","): text for spec, text in options.items()}
    assert set(names) == {"--kind", "--title", "--description", "--category", "--building", "--unit",
                          "--place", "--complexity", "--channel", "--filed", "--id", "--contact",
                          "--no-input", "-h"}
    for name, text in names.items():
        key = "help-help" if name == "-h" else "help.new." + name.lstrip("-")
        assert text == squeezed(render(key, {"channels": list(CHANNELS)}, "zh")), name
    assert names["--building"] == "楼栋编号或名称（7、7幢、7号楼）；全小区的事就不写。"
    assert "hotline" in names["--channel"] and "热线" in names["--channel"]


def test_lang_en_gives_the_english_help(repo):
    from echowall.messages import render

    r = run(repo, "new", "--help", lang="en")
    assert r.exit_code == 0 and r.output.startswith("Usage: main new [OPTIONS]\n")
    options = {spec.split()[0].rstrip(","): text
               for spec, text in help_sections(r.output, "en")["help-options"].items()}
    assert options["--building"] == squeezed("Building id or name (7, 7幢, 7号楼); leave out for estate-wide matters.")
    assert options["--building"] == squeezed(render("help.new.building", {}, "en"))
    assert options["-h"] == squeezed("Show this message and exit.")
    assert "Example:" in r.output and "例子" not in r.output


def test_the_command_list_is_in_chinese(repo):
    r = run(repo, "--help")
    assert r.exit_code == 0
    sections = help_sections(r.output, "zh")
    commands = sections["help-commands"]
    assert set(commands) == set(main.commands)
    assert commands["new"] == "登记一个新事项"
    assert commands["validate"] == "检查整个台账，列出每个问题，带文件、行号和列号"
    assert {spec.split()[0]: t for spec, t in sections["help-options"].items()}["--lang"].startswith("提示和问题用什么语言")
    en = help_sections(run(repo, "--help", lang="en").output, "en")["help-commands"]
    assert en["new"].startswith("Fileanewitem")


def test_theme_language_en_makes_the_help_english_even_before_the_group_runs(repo, monkeypatch):
    repo.edit("mkdocs.yml", "language: zh", "language: en")
    assert run(repo, "--help").output.startswith("Usage: main [OPTIONS]")
    assert run(repo, "media", "add", "--help").output.startswith("Usage: main media add [OPTIONS] FILE")
    assert run(repo, "media", "add", "--help", lang="zh").output.startswith("用法： main media add")
    monkeypatch.chdir(repo.root)  # no --root: the current folder's mkdocs.yml
    assert CliRunner().invoke(main, ["--help"]).output.startswith("Usage: ")
