"""Personal data in every place a ledger publishes, end to end: planted in item text (in
the forms people write it), estate.yml, buildings.yml, a revenue counterparty, a photo's
file name and YAML comments, each is reported at its code, path, line and column; after
`echowall redact --suggest --write` the ledger is clean, builds, and no file under site/
(pages, feeds, exports, search index, copied photos) holds any of it."""
from __future__ import annotations

import json
import shutil
from datetime import datetime, timezone

import pytest
from click.testing import CliRunner

from conftest import build_site, copy_repo
from echowall.cli import main

NOW = datetime(2026, 11, 22, tzinfo=timezone.utc)
ROOF = "ledger/items/2026/260415-7kq2.yml"
PUB26 = "ledger/revenue/public/2026.yml"
ESTATE = "ledger/estate.yml"
BUILDINGS = "ledger/buildings.yml"
ZW = "\u200b"

# (what is planted, the problem code, the text reported — the span as written)
DESCRIPTION = [
    ("联系人：张建国", "privacy-name", "张建国"),
    ("电话１３９ ０５７１ ０００４", "privacy-phone", "１３９ ０５７１ ０００４"),
    (f"或138{ZW}1234{ZW}5678", "privacy-phone", f"138{ZW}1234{ZW}5678"),
    ("座机一三七〇五七一〇〇〇四", "privacy-phone", "一三七〇五七一〇〇〇四"),
    ("身份证330106 19850312 0021", "privacy-id-card", "330106 19850312 0021"),
    ("邮箱 zhangsan＠qq．com", "privacy-email", "zhangsan＠qq．com"),
    ("QQ: 12345678", "privacy-qq", "12345678"),
    ("vx zhangsan88", "privacy-wechat", "zhangsan88"),
    ("车牌浙a·12345", "privacy-plate", "浙a·12345"),
    ("住6幢603", "privacy-room", "6幢603"),
    ("卡号6222 0212 3456 7890 123", "privacy-bank-card", "6222 0212 3456 7890 123"),
    ("李工说明天来", "privacy-name", "李工"),
]
SPLIT = ("回电139", "2345 6789")  # a number broken over two lines of the block
COMMENT_ITEM = ("# 报修人 13812345679 (call back)", "privacy-phone", "13812345679")
COMMENT_ESTATE = ("# 联系人：赵敏 zhaomin@example.com", "privacy-email", "zhaomin@example.com")
INTAKE_NOTE = ("有事找欧阳经理", "privacy-name", "欧阳经理")
BUILDING_NAME = ("12幢（楼长王大爷）", "privacy-name", "王大爷")
COUNTERPARTY = ("张建华", "privacy-name", "张建华")
ENTRY_DESCRIPTION = ("退押金，经办139.0571.0005", "privacy-phone", "139.0571.0005")
PHOTO = "2026/260415-7kq2-13912345670.jpg"


def plant(repo):
    desc = "\n".join("  " + planted for planted, _, _ in DESCRIPTION)
    repo.edit(ROOF, "  家里用盆接水。老房子屋面防水层可能老化了。\n",
              "  家里用盆接水。老房子屋面防水层可能老化了。\n" + desc + f"\n  {SPLIT[0]}\n  {SPLIT[1]}\n")
    repo.edit(ROOF, "category: repairs\n", f"category: repairs  {COMMENT_ITEM[0]}\n")
    shutil.copy(repo.path("ledger/media/2026/260415-7kq2-1.jpg"), repo.path("ledger/media/" + PHOTO))
    repo.edit(ROOF, "  - 2026/260415-7kq2-1.jpg\n", f"  - 2026/260415-7kq2-1.jpg\n  - {PHOTO}\n")
    repo.edit(ESTATE, "city: 杭州市\n", f"city: 杭州市\n{COMMENT_ESTATE[0]}\n")
    repo.edit(ESTATE, "    note: 添加网格员工作微信，发文字、语音或照片都可以\n",
              f"    note: 添加网格员工作微信，发文字、语音或照片都可以，{INTAKE_NOTE[0]}\n")
    repo.edit(BUILDINGS, "    name: 12幢\n", f"    name: {BUILDING_NAME[0]}\n")
    repo.edit(PUB26, "    description: 1月电梯及道闸广告位租金\n",
              f"    description: 1月电梯及道闸广告位租金。{ENTRY_DESCRIPTION[0]}\n")
    repo.edit(PUB26, "    evidence: 银行回单 20260110-4865\n    counterparty: 某传媒广告公司\n",
              f"    evidence: 银行回单 20260110-4865\n    counterparty: {COUNTERPARTY[0]}\n")


def where(repo, rel, needle):
    for i, line in enumerate(repo.read(rel).split("\n"), 1):
        col = line.find(needle)
        if col >= 0:
            return i, col + 1
    raise AssertionError(f"{needle!r} not in {rel}")


def validate(repo):
    r = CliRunner().invoke(main, ["--root", str(repo.root), "validate", "--format", "json"])
    return r.exit_code, json.loads(r.output or "[]")


@pytest.fixture
def planted(tmp_path):
    repo = copy_repo(tmp_path, print_sheets=False)
    plant(repo)
    return repo


def test_every_planted_form_in_every_place_is_reported_at_its_line_and_column(planted):
    repo = planted
    code, problems = validate(repo)
    assert code == 1
    found = {(p["code"], p["path"], p["line"], p["column"], p["params"].get("text"), p["params"].get("fix"))
             for p in problems}
    expected = set()
    for _, c, text in DESCRIPTION:
        expected.add((c, ROOF, *where(repo, ROOF, text), text, "privacy-fix.text"))
    line, col = where(repo, ROOF, SPLIT[0])
    expected.add(("privacy-phone", ROOF, line, col + 2, "139\n2345 6789", "privacy-fix.text"))
    expected.add((COMMENT_ITEM[1], ROOF, *where(repo, ROOF, COMMENT_ITEM[2]), COMMENT_ITEM[2], "privacy-fix.comment"))
    expected.add(("privacy-phone", ROOF, *where(repo, ROOF, "13912345670"), "13912345670", "privacy-fix.photo"))
    expected.add(("privacy-phone", "ledger/media/" + PHOTO, 0, 0, "13912345670", "privacy-fix.photo"))
    expected.add((COMMENT_ESTATE[1], ESTATE, *where(repo, ESTATE, COMMENT_ESTATE[2]), COMMENT_ESTATE[2],
                  "privacy-fix.comment"))
    expected.add(("privacy-name", ESTATE, *where(repo, ESTATE, "赵敏"), "赵敏", "privacy-fix.comment"))
    expected.add((INTAKE_NOTE[1], ESTATE, *where(repo, ESTATE, INTAKE_NOTE[2]), INTAKE_NOTE[2], "privacy-fix.setting"))
    expected.add((BUILDING_NAME[1], BUILDINGS, *where(repo, BUILDINGS, BUILDING_NAME[2]), BUILDING_NAME[2],
                  "privacy-fix.setting"))
    expected.add((COUNTERPARTY[1], PUB26, *where(repo, PUB26, COUNTERPARTY[2]), COUNTERPARTY[2], "privacy-fix.text"))
    expected.add((ENTRY_DESCRIPTION[1], PUB26, *where(repo, PUB26, ENTRY_DESCRIPTION[2]), ENTRY_DESCRIPTION[2],
                  "privacy-fix.text"))
    # the photo's name is also not one `media add` makes: the photo rules say so too
    expected.add(("ref-photo-name", ROOF, *where(repo, ROOF, "13912345670")[:1], 5, None, None))
    expected.add(("media-name", "ledger/media/" + PHOTO, 0, 0, None, None))
    assert found == expected
    # the site's language is Chinese: each message names what was found and what to do
    r = CliRunner().invoke(main, ["--root", str(repo.root), "validate"])
    assert "“13812345679”像是手机号码" in r.output and "请从注释里删掉" in r.output
    assert "“6幢603”像是房号" in r.output and "echowall redact --suggest --write" in r.output


def test_redact_suggest_write_clears_every_place_and_the_site_holds_none_of_it(planted):
    repo = planted
    r = CliRunner().invoke(main, ["--root", str(repo.root), "redact", "--suggest", "--write"])
    assert r.exit_code == 0, r.output
    assert "cannot be fixed" not in r.output, r.output
    code, problems = validate(repo)
    assert (code, problems) == (0, [])
    assert not repo.path("ledger/media/" + PHOTO).exists()
    assert repo.path("ledger/media/2026/260415-7kq2-2.jpg").is_file()
    site = build_site(repo.root)
    secrets = [text for _, _, text in DESCRIPTION] + [
        "13923456789", "139\n2345", "13812345679", "13912345670", "zhaomin@example.com", "赵敏", "欧阳经理",
        "王大爷", "张建华", "139.0571.0005", "13905710004", "13812345678", "13705710004", "330106198503120021",
        "zhangsan@qq.com", "6222021234567890123"]
    leaks = []
    for p in site.rglob("*"):
        if p.is_file():
            if any(s.replace("/", "") in p.name for s in ("13912345670",)):
                leaks.append((p, "file name"))
            data = p.read_bytes()
            for s in secrets:
                if s.encode() in data:
                    leaks.append((p.relative_to(site), s))
    assert leaks == []
    assert (site / "search" / "search_index.json").is_file() or (site / "pagefind").is_dir()
