"""The CLI: exact output and exit codes (0 clean, 1 problems, 2 usage)."""
from __future__ import annotations

import json
import os
import re

import pytest
import zxingcpp
from click.testing import CliRunner
from PIL import Image

from conftest import REPO
from echowall.cli import main
from echowall.problems import Source, error, format_github

DM = "ledger/items/2026/260305-dm3a.yml"


def run(repo, *args):
    return CliRunner().invoke(main, ["--root", str(repo.root), "--lang", "en", *args], catch_exceptions=False)


def test_validate_demo_is_clean(repo):
    r = run(repo, "validate")
    assert r.exit_code == 0
    assert r.output.strip() == "ok: 35 items, 12 buildings, no problems"


def test_validate_text_lists_every_problem_with_place(repo):
    repo.edit(DM, "category: traffic", "category: nope")
    repo.edit(DM, "kind: problem", "kind: bug")
    r = run(repo, "validate")
    assert r.exit_code == 1
    lines = r.output.strip().splitlines()
    assert f"{DM}:{repo.line_of(DM, 'kind: bug')}:7: error[schema-enum] 'bug' is not allowed here; use one of: problem, need, resource" in lines
    assert lines[-1] == "1 error(s), 0 warning(s)"


def test_validate_json_has_exactly_the_agreed_keys(repo):
    repo.edit(DM, "category: traffic", "category: nope")
    r = run(repo, "validate", "--format", "json")
    assert r.exit_code == 1
    data = json.loads(r.output)
    assert data == [{
        "path": DM, "line": repo.line_of(DM, "category: nope"), "column": 11, "code": "ref-category",
        "severity": "error",
        "message": data[0]["message"],
        "params": {"category": "nope", "categories": ["sanitation", "repairs", "traffic", "parking", "fire",
                                                      "security", "drainage", "elderly", "culture", "neighbours"]},
    }]
    assert data[0]["message"].startswith("category 'nope' is not in ledger/estate.yml (known: sanitation, repairs,")


def test_validate_github_annotations(repo):
    repo.edit(DM, "category: traffic", "category: nope")
    r = run(repo, "validate", "--format", "github")
    line = repo.line_of(DM, "category: nope")
    assert r.output.startswith(f"::error file={DM},line={line},col=11,title=ref-category::category 'nope'")


def test_github_format_escapes_newlines_and_commas():
    out = format_github([error(Source("a,b.yml", 3, 1), "yaml-syntax", detail="two\nlines 100%")])
    assert out == "::error file=a%2Cb.yml,line=3,col=1,title=yaml-syntax::YAML syntax error: two%0Alines 100%25"


def test_strict_fails_on_warnings(repo):
    repo.write("ledger/items/2026/readme.txt", "notes")
    assert run(repo, "validate").exit_code == 0
    r = run(repo, "validate", "--strict")
    assert r.exit_code == 1
    assert "warning[file-unexpected]" in r.output


def test_usage_errors_exit_2(repo):
    assert run(repo, "validate", "--format", "xml").exit_code == 2
    assert run(repo, "build", "--as-of", "yesterday").exit_code == 2
    assert run(repo, "frobnicate").exit_code == 2


@pytest.mark.parametrize("cmd", ["validate", "build", "serve", "qr", "schema"])
def test_every_command_has_help_with_an_example(cmd):
    r = CliRunner().invoke(main, ["--lang", "en", cmd, "--help"])
    assert r.exit_code == 0 and "Example:" in r.output
    r = CliRunner().invoke(main, ["--lang", "zh", cmd, "--help"])
    assert r.exit_code == 0 and "例子：" in r.output


def test_every_command_is_in_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for cmd in main.commands:
        assert f"echowall {cmd}" in readme, cmd


def decode_svg_qr(svg: bytes) -> str:
    """Rasterise the SVG's outlines (nonzero winding at each module's centre, as a renderer
    fills the path) and decode the image with zxing-cpp."""
    text = svg.decode()
    size = int(re.search(r'viewBox="0 0 (\d+) (\d+)"', text).group(1))
    path = re.search(r'<path d="([^"]+)"', text).group(1)
    loops = [[tuple(map(int, pt.split())) for pt in loop.split("L")] for loop in re.findall(r"M([^Z]+)Z", path)]
    img = Image.new("L", (size, size), 255)
    for y in range(size):
        for x in range(size):
            cx, cy, winding = x + 0.5, y + 0.5, 0
            for loop in loops:
                for (x0, y0), (x1, y1) in zip(loop, loop[1:] + loop[:1]):
                    if x0 == x1 and min(y0, y1) < cy < max(y0, y1) and x0 > cx:  # vertical edge to the right
                        winding += 1 if y1 > y0 else -1
            if winding:
                img.putpixel((x, y), 0)
    img = img.resize((size * 8, size * 8), Image.NEAREST)
    results = zxingcpp.read_barcodes(img)
    assert len(results) == 1
    return results[0].text


def test_qr_writes_one_code_per_building_and_unit(repo, tmp_path):
    out = tmp_path / "qr"
    r = run(repo, "qr", "--out", str(out))
    assert r.exit_code == 0, r.output
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 12 + 34  # 12 buildings, 34 units
    assert decode_svg_qr((out / "3.svg").read_bytes()) == "https://echowall.example.org/shiqiao/b/3/"
    assert decode_svg_qr((out / "10-u4.svg").read_bytes()) == "https://echowall.example.org/shiqiao/b/10/#u4"


def test_qr_one_building_and_unknown_building(repo, tmp_path):
    out = tmp_path / "qr"
    assert run(repo, "qr", "--out", str(out), "--building", "4").exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["4-u1.svg", "4-u2.svg", "4.svg"]
    r = run(repo, "qr", "--out", str(out), "--building", "99")
    assert r.exit_code == 1 and "building '99' does not exist; did you mean 9幢?" in r.output


def test_schema_check(repo, tmp_path):
    out = tmp_path / "schema"
    assert run(repo, "schema", "--out", str(out)).exit_code == 0
    assert run(repo, "schema", "--out", str(out), "--check").exit_code == 0
    (out / "item.schema.json").write_text("{}")
    assert run(repo, "schema", "--out", str(out), "--check").exit_code == 1


def test_build_as_of_leaves_the_environment_as_it_was(repo, monkeypatch):
    """--as-of reaches the plugin explicitly; SOURCE_DATE_EPOCH is set only around the build
    (for MkDocs' sitemap) and put back, so later code in the process sees the real clock."""
    from xml.etree import ElementTree

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # 1970: would show every item as not filed yet
    r = run(repo, "build", "--as-of", "2026-11-20T18:00+08:00")
    assert r.exit_code == 0, r.output
    assert os.environ["SOURCE_DATE_EPOCH"] == "0"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    r = run(repo, "build", "--as-of", "2026-11-20T18:00+08:00")
    assert r.exit_code == 0, r.output
    assert "SOURCE_DATE_EPOCH" not in os.environ
    sitemap = ElementTree.parse(repo.root / "site" / "sitemap.xml")
    lastmods = {e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}lastmod")}
    assert lastmods == {"2026-11-20"}
    data = json.loads((repo.root / "site" / "items.json").read_text(encoding="utf-8"))
    assert data["as_of"] == "2026-11-20T18:00:00+08:00"


def test_as_of_is_one_option_for_every_command():
    from echowall.cli import main as cli

    for name in ("build", "serve", "overdue", "report", "print"):
        opt = next(p for p in cli.commands[name].params if p.name == "as_of")
        assert opt.callback.__name__ == "_parse_as_of", name
