"""Ledger text is plain characters: control characters, separators, bidi overrides and
non-characters are refused at their line (`text-control`); what is allowed (a tab, a line
break in a description, emoji, a `$`) is shown as typed — in a chart too, never as TeX.
Whatever a command prints of ledger text or of its arguments never reaches the terminal as
a control sequence, and an argument that is not UTF-8 is a one-line usage error."""
from __future__ import annotations

import ast
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import AS_OF, item_text, only
from conftest import yaml_quote as q
from echowall import cli
from echowall.cli import main
from echowall.derive import resolve_as_of
from echowall.pipeline import prepare
from echowall.text import printable, refused_char

P = "ledger/items/2026/261101-abcd.yml"
TITLE = "title: 楼道灯不亮"
DESCRIPTION = "description: 三楼楼道灯坏了"


def write_item(r, old: str, new: str, extra: str = "") -> None:
    text = item_text(extra=extra)
    assert old in text
    r.write(P, text.replace(old, new))


# -- refused, each at its line -------------------------------------------------------------

@pytest.mark.parametrize("value, variant, char", [
    ("灯\x1b[31m不亮", "", "U+001B"),  # an ANSI colour sequence
    ("灯\x07不亮", "", "U+0007"),  # bell
    ("灯\r不亮", "", "U+000D"),  # carriage return: overwrites the line on a terminal
    ("灯\x7f不亮", "", "U+007F"),
    ("灯\x9b31m不亮", "", "U+009B"),  # C1 CSI: an 8-bit escape sequence
    ("灯\x85不亮", "", "U+0085"),  # NEL
    ("灯\n不亮", "line-break", "U+000A"),  # a title is one line
    ("灯\u2028不亮", "separator", "U+2028"),
    ("灯\u202e亮不", "bidi", "U+202E"),  # right-to-left override ("Trojan Source")
    ("灯\u2066不亮\u2069", "bidi", "U+2066"),
    ("灯\uffff不亮", "not-a-character", "U+FFFF"),
    ("灯\ufdd0不亮", "not-a-character", "U+FDD0"),
])
def test_control_characters_in_a_title_are_refused(empty_items, value, variant, char):
    r = empty_items
    write_item(r, TITLE, "title: " + q(value))
    p = only(r.check().problems, "text-control", P, r.line_of(P, "title:"))
    assert p.variant == variant
    assert dict(p.params) == {"char": char, "position": 2}


def test_a_character_typed_as_itself_is_placed_at_its_column(empty_items):
    r = empty_items
    write_item(r, DESCRIPTION, "description: |\n  第一行\n  第二行有\u202e反转的字")
    p = only(r.check().problems, "text-control", P, r.line_of(P, "第二行"))
    assert p.column == len("  第二行有") + 1


def test_every_text_field_is_checked(empty_items):
    """Item text, event notes, rating comments, estate and building names, revenue text."""
    r = empty_items
    write_item(r, DESCRIPTION, "description: " + q("三楼\x1b[2J") + "\nplace: " + q("东门\u202e"),
               extra="events:\n  - at: 2026-11-01T10:00:00+08:00\n    type: resolved\n    note: " + q("好了\x00")
                     + "\nratings:\n  - at: 2026-11-02T10:00:00+08:00\n    score: 5\n    outcome: fixed\n"
                     "    channel: phone\n    comment: " + q("谢谢\x9b") + "\n")
    r.edit("ledger/estate.yml", "name: 设施维修", "name: " + q("设施\u2029维修"))
    r.edit("ledger/buildings.yml", "name: 2幢", "name: " + q("2幢\x1b]0;pwned\x07"))
    problems = r.check().problems
    for needle in ("description:", "place:", "note:", "comment:"):
        only(problems, "text-control", P, r.line_of(P, needle))
    only(problems, "text-control", "ledger/estate.yml", r.line_of("ledger/estate.yml", "name: \"设施"))
    only(problems, "text-control", "ledger/buildings.yml", r.line_of("ledger/buildings.yml", "name: \"2幢"))


def test_revenue_text_is_checked(repo):
    rev = "ledger/revenue/public/2026.yml"
    line = next(x for x in repo.read(rev).splitlines() if x.strip().startswith("evidence:"))
    repo.edit(rev, line, line.split("evidence:")[0] + "evidence: " + q("回执单\x1b[8m"))
    only(repo.check().problems, "text-control", rev, repo.line_of(rev, "回执单"))


# -- close cases, accepted -----------------------------------------------------------------

@pytest.mark.parametrize("title", [
    "楼道灯\t不亮",  # a tab
    "楼道灯不亮 😀",  # an emoji
    "家庭 👨\u200d👩\u200d👧 活动",  # an emoji sequence with zero-width joiners
    "מעלית\u200f 电梯",  # a right-to-left mark (a mark, not an override)
    "电费 $5 一度 $\\frac{1}{$",  # dollar signs and TeX: text
    "<b>灯</b> & 'x'",  # looks like HTML: escaped on the page, never refused
])
def test_close_cases_in_a_title_are_accepted(empty_items, title):
    r = empty_items
    write_item(r, TITLE, "title: " + q(title))
    assert [str(p) for p in r.check().problems] == []


def test_line_breaks_and_tabs_in_multi_line_text_are_accepted(empty_items):
    r = empty_items
    write_item(r, DESCRIPTION, "description: |\n  第一行\n  \t缩进的第二行\n\n  第四行",
               extra="events:\n  - at: 2026-11-01T10:00:00+08:00\n    type: resolved\n    note: " + q("换了灯泡\n明天复查")
                     + "\n")
    checked = r.check()
    assert [str(p) for p in checked.problems] == []
    assert checked.ledger.items[0].description == "第一行\n\t缩进的第二行\n\n第四行\n"


def test_rule_helper_agrees_with_the_documented_list():
    allowed = "\t😀\u200d\u200e\u200f\u00a0\ufeff$\\<&" + "".join(map(chr, range(0x20, 0x7F)))
    assert refused_char(allowed, multiline=False) is None
    assert refused_char("a\nb", multiline=True) is None and refused_char("a\nb", multiline=False) == 1
    for o in [*range(0, 9), *range(0x0B, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, *range(0x202A, 0x202F),
              *range(0x2066, 0x206A), 0xD800, 0xDFFF, 0xFDD0, 0xFDEF, 0xFFFE, 0xFFFF, 0x1FFFE, 0x10FFFF]:
        assert refused_char("x" + chr(o), multiline=True) == 1, hex(o)


# -- charts: text, never TeX -----------------------------------------------------------------

def _drawn_labels(svg: bytes) -> dict[str, list[str]]:
    """{text as written in the SVG's comment: the glyph ids drawn for it}. Matplotlib writes
    each text as a comment followed by one <use> per glyph."""
    root = ET.fromstring(svg, parser=ET.XMLParser(target=ET.TreeBuilder(insert_comments=True)))
    out = {}
    for parent in root.iter():
        kids = list(parent)
        for i, kid in enumerate(kids):
            if kid.tag is ET.Comment and i + 1 < len(kids):
                out[kid.text.strip()] = [u.get("{http://www.w3.org/1999/xlink}href")
                                         for u in kids[i + 1].iter("{http://www.w3.org/2000/svg}use")]
    return out


def test_a_dollar_sign_in_a_name_is_drawn_as_typed_in_the_chart(repo):
    """`$\\frac{1}{$` made matplotlib's mathtext fail the build; now each character is
    one glyph of the CJK font, the two dollar signs included."""
    from matplotlib.font_manager import get_font

    from echowall.labels import load_labels
    from echowall.plan import SiteConfig
    from echowall.render.files import render_charts
    from echowall.render.sheets import find_font

    name = "$\\frac{1}{$"
    repo.edit("ledger/estate.yml", "name: 设施维修", "name: " + q(name))
    repo.edit("ledger/buildings.yml", "name: 5幢", "name: " + q("5幢$x^2$"))
    checked = repo.check()
    assert checked.errors == []
    font_path = find_font(None)
    model = prepare(checked, resolve_as_of(AS_OF))
    charts = render_charts(model, SiteConfig(font=str(font_path)), load_labels(repo.root / "site_templates", "zh", model.ledger))
    font = get_font(str(font_path))
    glyphs = lambda text: [f"#{font.postscript_name}-{font.get_char_index(ord(c)):x}" for c in text]  # noqa: E731
    assert _drawn_labels(charts["stats/categories.svg"])[name] == glyphs(name)
    assert _drawn_labels(charts["stats/buildings.svg"])["5幢$x^2$"] == glyphs("5幢$x^2$")


def test_allowed_oddities_leave_the_feed_well_formed_and_as_typed(empty_items):
    """Control characters made feed.xml malformed; they are refused now, and what is allowed
    (tab, line breaks, emoji, a BOM-like U+FEFF, a private-use character, `$`, markup) comes
    out of the Atom feed as typed."""
    from echowall.labels import load_labels
    from echowall.plan import SiteConfig, states_in_order
    from echowall.render.files import render_exports

    r = empty_items
    title = "灯\t不亮 $x$ 😀\ufeff\U000f0000 <b>&amp;"
    write_item(r, TITLE, "title: " + q(title))
    checked = r.check()
    assert checked.errors == []
    model = prepare(checked, resolve_as_of(AS_OF))
    labels = load_labels(r.root / "site_templates", "zh", model.ledger)
    files = render_exports(model, SiteConfig(site_url="https://echowall.example.org/shiqiao/"), labels, states_in_order(model))
    feed = ET.fromstring(files["feed.xml"])
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert any(t.endswith("] " + title) for t in titles), titles


# -- the terminal --------------------------------------------------------------------------

def test_printable_escapes_what_a_terminal_would_act_on():
    assert printable("灯\x1b[2J\u202e\x9b\r好\t\n") == "灯\\x1b[2J\\u202e\\x9b\\x0d好\t\n"
    assert printable("a\nb", one_line=True) == "a\\x0ab"
    assert printable("😀 $x$ 电梯") == "😀 $x$ 电梯"


def test_validate_shows_a_value_with_escapes_never_raw(empty_items):
    r = empty_items
    write_item(r, "kind: problem", "kind: " + q("\x1b]0;owned\x07\x1b[2J\u202e"))
    for fmt in ("text", "github", "json"):
        res = CliRunner().invoke(main, ["--root", str(r.root), "--lang", "en", "validate", "--format", fmt])
        assert res.exit_code == 1
        assert refused_char(res.output, multiline=True) is None, repr(res.output)
        if fmt == "text":
            assert f"{P}:2:7: error[schema-enum] '\\x1b]0;owned\\x07\\x1b[2J\\u202e' is not allowed" in res.output
        if fmt == "json":
            (p,) = [p for p in json.loads(res.output) if p["code"] == "schema-enum"]
            assert p["params"]["value"] == "\x1b]0;owned\x07\x1b[2J\u202e"  # the same value, escaped as JSON


def test_overdue_with_an_escape_sequence_in_a_title_refuses_without_passing_it_on(empty_items):
    r = empty_items
    write_item(r, TITLE, "title: " + q("灯\x1b[2J\x1b[H不亮"))
    res = CliRunner().invoke(main, ["--root", str(r.root), "--lang", "en", "overdue", "--as-of", AS_OF])
    assert res.exit_code == 1
    assert "\x1b" not in res.output and "error[text-control]" in res.output


def test_overdue_prints_allowed_text_as_typed(empty_items):
    r = empty_items
    write_item(r, TITLE, "title: " + q("灯\t不亮 $5 😀\u200f"))
    res = CliRunner().invoke(main, ["--root", str(r.root), "--lang", "en", "overdue", "--as-of", AS_OF])
    assert res.exit_code == 0, res.output
    assert "灯\t不亮 $5 😀\u200f" in res.output


def _an_hour_ago() -> str:
    """Within the back-dating allowance of the real clock (volunteer commands refuse older)."""
    from datetime import datetime, timedelta, timezone

    return (datetime.now(timezone(timedelta(hours=8))) - timedelta(hours=1)).replace(microsecond=0).isoformat()


def test_a_volunteer_command_refuses_a_control_character_and_shows_it_escaped(empty_items):
    r = empty_items
    write_item(r, "kind: problem", "kind: problem")
    before = r.read(P)
    res = CliRunner().invoke(main, ["--root", str(r.root), "--lang", "en", "event", "261101-abcd", "progress", "--note",
                                    "已派人\x1b[31m", "--at", _an_hour_ago()])
    assert res.exit_code == 1 and "error[text-control]" in res.output and "\x1b" not in res.output
    assert r.read(P) == before


def test_every_command_prints_through_the_escaping_echo():
    """cli.py calls click.echo in one place only, the _echo that escapes."""
    tree = ast.parse(Path(cli.__file__).read_text(encoding="utf-8"))
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
             and n.func.attr in ("echo", "secho") and getattr(n.func.value, "id", "") == "click"]
    assert len(calls) == 1
    echo = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "_echo")
    assert calls[0] in list(ast.walk(echo))


# -- arguments and input that are not UTF-8 --------------------------------------------------

def test_an_argument_that_is_not_utf8_is_a_one_line_usage_error(empty_items):
    gbk = "中文".encode("gbk").decode("utf-8", "surrogateescape")  # what Python makes of GBK bytes in argv
    res = CliRunner().invoke(main, ["--root", str(empty_items.root), "--lang", "en", "event", "261101-abcd", "progress", "--note", gbk])
    assert res.exit_code == 2
    assert res.output == ("echowall: argument 9 (\\xd6\\xd0\\xce\\xc4) is not UTF-8 text; set the terminal to UTF-8 "
                          "(GBK and other encodings are not read)\n")


def test_a_gbk_argument_from_a_real_process(empty_items):
    r = subprocess.run([sys.executable, "-m", "echowall.cli", "--root", str(empty_items.root), "--lang", "en", "new", "--no-input",
                        "--title", "楼道灯不亮".encode("gbk")], capture_output=True)
    assert r.returncode == 2
    assert r.stderr.decode().count("\n") == 1 and b"not UTF-8 text" in r.stderr
    assert b"Traceback" not in r.stderr + r.stdout


def test_typed_input_that_is_not_utf8_is_a_usage_error(empty_items, monkeypatch):
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    res = CliRunner().invoke(main, ["--root", str(empty_items.root), "--lang", "en", "new", "--kind", "problem"],
                             input="楼道灯不亮\n".encode("gbk"))
    assert res.exit_code == 2, res.output
    assert "what was typed is not UTF-8 text" in res.output
    assert not list((empty_items.root / "ledger/items").rglob("*.yml"))
