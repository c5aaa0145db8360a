"""Site search: the tokens pages are found by, what Pagefind indexes and leaves out, the
extended binary, a failed index leaving the old site, the header override against Material's
own, and no trace of Material's search plugin. The browser side is in test_browser.py (the
demo's queries) and test_search_quality.py (a 500-item corpus)."""
from __future__ import annotations

import difflib
import json
import os
import re
import stat
import tempfile
from importlib import metadata
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import AS_OF, REPO, copy_repo

from echowall import searchindex
from echowall.cli import main
from echowall.search import META_SIGNS, building_names, chinese_number, filter_token, meta_value, tokens

GOLDEN = REPO / "tests/golden/header.diff"


# -- tokens ---------------------------------------------------------------------------------
def test_tokens_cover_every_pair_of_neighbours_and_ascii_runs():
    assert tokens("加装电梯") == ["加装", "装电", "电梯"]
    assert tokens("5幢顶楼漏水，下雨天") == ["5幢", "幢顶", "顶楼", "楼漏", "漏水", "下雨", "雨天"]
    assert tokens("12幢3单元") == ["12幢", "幢3", "3单", "单元", "12"]
    assert tokens("灯") == ["灯"] and tokens("ＷｉＦｉ坏了") == ["wifi坏", "坏了", "wifi"]  # NFKC, lower case
    assert tokens("  ，。！ ") == [] and tokens("") == []
    # a substring of two units or more of a text is covered by the text's tokens
    text = "6幢2单元加装电梯，住户同意率过了三分之二"
    for query in ("加装电梯", "电梯", "6幢", "2单元", "三分之二", "住户同意"):
        assert set(tokens(query)) <= set(tokens(text)), query


def test_item_ids_are_one_token_and_their_halves():
    assert tokens("与260420-wm6g重复")[:1] == ["260420wm6g"]
    assert {"260420wm6g", "260420", "wm6g"} <= set(tokens("260420-wm6g"))
    assert tokens("260415-7kq2abcd")[0] == "2604157kq2abcd"  # ids have 4 to 8 characters after the dash
    assert "2604157kq2" not in tokens("x260415-7kq2")  # not an id inside a longer word


def test_buildings_are_found_by_the_names_residents_use():
    assert building_names("5幢") == ["5幢", "5栋", "5号楼", "五幢", "五栋", "五号楼"]
    assert building_names("12号楼")[:4] == ["12号楼", "12幢", "12栋", "十二幢"]
    assert building_names("A座") == ["a座"]
    assert [chinese_number(n) for n in (10, 20, 21, 100, 105, 110)] == ["十", "二十", "二十一", "一百", "一百零五", "一百一十"]


def test_filter_tokens_and_metadata_cannot_meet_a_query():
    for value in ("resolved", "5", "", "停车与充电"):
        token = filter_token("b", value)
        assert re.fullmatch(r"_b_[a-p]*_", token)
        assert not set(tokens(token)) & {token}
    # metadata is spelled in signs: Pagefind, which indexes metadata as words once it has dropped
    # all but letters, digits and underscores, keeps no word of it
    for value in ("处理中", "260415-7kq2", "5幢3单元", "2026-04-15", "A_b ｚ"):
        spelled = meta_value(value)
        assert spelled[0] == "~" and set(spelled[1:]) <= set(META_SIGNS) and not re.search(r"\w", spelled)
    assert len(set(META_SIGNS)) == 16 and not set(META_SIGNS) & set("<>&\"'\\ ")  # as is in HTML and JSON
    assert filter_token("s", "a") != filter_token("s", "aa")


# -- what is indexed ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import build_site

    root = tmp_path_factory.mktemp("search")
    copy_repo(root, print_sheets=False)
    build_site(root)
    return root / "site"


def fragments(site: Path) -> dict[str, dict]:
    """{url: what Pagefind keeps of a page} from the index's fragment files."""
    import gzip

    out = {}
    for f in (site / "pagefind/fragment").iterdir():
        data = gzip.decompress(f.read_bytes()).decode("utf-8")
        assert data.startswith("pagefind_dcd")
        page = json.loads(data[len("pagefind_dcd"):])
        out[page["url"]] = page
    return out


def unsign(value: str) -> str:
    return bytes(META_SIGNS.index(a) << 4 | META_SIGNS.index(b) for a, b in zip(value[1::2], value[2::2])).decode()


def test_only_item_and_building_pages_are_indexed(built):
    entry = json.loads((built / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    items = {p.parent.name for p in (built / "i").glob("*/index.html")}
    buildings = {p.parent.name for p in (built / "b").glob("*/index.html")}
    assert entry["languages"]["und"]["page_count"] == len(items) + len(buildings) == 35 + 12
    # one search document each, staged flat (the browser script turns .html into the page's /)
    assert set(fragments(built)) == {f"/i/{i}.html" for i in items} | {f"/b/{b}.html" for b in buildings}
    # the built pages are not what search reads: none carries a search block
    assert not [p for p in built.rglob("*.html") if "data-pagefind" in p.read_text(encoding="utf-8")]
    # what Pagefind ships and the site does not use is not published; nothing is left beside it
    assert not [n for n in searchindex.UNUSED if (built / "pagefind" / n).exists()]
    assert {"pagefind.js", "pagefind-worker.js", "pagefind-entry.json"} <= {p.name for p in (built / "pagefind").iterdir()}
    assert not (built / "pagefind/filter").exists()  # filters are tokens: Pagefind's files are not stable
    assert [p.name for p in built.iterdir() if "pagefind" in p.name] == ["pagefind"]


def test_the_index_holds_an_items_tokens_and_what_a_result_shows(built):
    page = fragments(built)["/i/260415-7kq2.html"]
    words = page["content"].replace(".", " ").split()
    assert {"2604157kq2", "5幢", "漏水", "5号", "号楼", "防水", "修补"} <= set(words)  # id, title, building, notes
    assert "_s_" + "".join(chr(97 + (b >> 4)) + chr(97 + (b & 15)) for b in b"in_progress") + "_" in words
    assert set(page["meta"]) == {"title", "kind", "id", "status", "where", "date"}
    assert unsign(page["meta"]["id"]) == "260415-7kq2" and unsign(page["meta"]["where"]) == "5幢3单元"
    assert unsign(page["meta"]["kind"]) == "item" and unsign(page["meta"]["status"]) == "处理中"
    # the timeline's dates, the table's labels and the rest of the page are not what search reads
    assert not {"派单", "接单", "台账原文", "2026"} & set(words)
    building = fragments(built)["/b/5.html"]
    assert {"5幢", "五号", "号楼", "3单"} <= set(building["content"].replace(".", " ").split())
    assert unsign(building["meta"]["kind"]) == "building"
    filters = json.loads((built / "search-filters.json").read_text(encoding="utf-8"))
    assert [v[1] for v in filters["building"]][:3] == ["1幢", "2幢", "3幢"] and filters["building"][-1][1] == "全小区"
    assert sum(v[2] for v in filters["status"]) == 35


# -- the binary, and failures ------------------------------------------------------------------
def test_the_extended_binary_from_the_wheel_is_the_one_that_runs(built):
    binary = searchindex.pagefind_binary()
    assert binary.name == "pagefind_extended" and "pagefind_bin_extended" in str(binary)
    assert metadata.version("pagefind") == metadata.version("pagefind-bin-extended")


def _script(path: Path, text: str) -> Path:
    path.write_text("#!/bin/sh\n" + text, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


DOCS = lambda: iter([("i/260415-7kq2", "<html><body><p>漏水</p></body></html>")])  # noqa: E731
FAKE = 'while [ $# -gt 0 ]; do [ "$1" = --output-path ] && out=$2; shift; done\nmkdir -p "$out"; touch "$out/pagefind.js"\n'


@pytest.mark.parametrize("background", [True, False], ids=["forked", "in-turn"])
def test_a_binary_that_is_not_the_extended_one_is_refused(tmp_path, background, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    plain = _script(tmp_path / "pagefind", FAKE + 'echo "Running Pagefind v1.5.2"; echo "Indexed 1 page"\n')
    indexer = searchindex.SearchIndexer(tmp_path / "site", DOCS, background=background, binary=plain).start()
    with pytest.raises(searchindex.SearchIndexError) as exc:
        indexer.finish()
    assert exc.value.code == "search-binary-not-extended" and str(plain) in str(exc.value)
    assert list((tmp_path / "site").iterdir()) == [] and list((tmp_path / "tmp").iterdir()) == []
    # the extended one's words: the index is put in place, and nothing else is left
    extended = _script(tmp_path / "pagefind_extended", FAKE + 'echo "Running Pagefind v1.5.2 (Extended)"; echo "Indexed 1 page"\n')
    done = searchindex.SearchIndexer(tmp_path / "site", DOCS, background=background, binary=extended).finish()
    assert done.pages == 1 and [p.name for p in (tmp_path / "site").iterdir()] == ["pagefind"]
    assert list((tmp_path / "tmp").iterdir()) == []


def test_a_document_that_cannot_be_made_is_said_plainly(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()

    def docs():
        yield "i/260415-7kq2", "<html></html>"
        raise RuntimeError("search.html.j2:4 (search document of page b/5.md): UndefinedError: 'x' is undefined")

    for background in (True, False):
        with pytest.raises(searchindex.SearchIndexError) as exc:
            searchindex.SearchIndexer(tmp_path / "site", docs, background=background).start().finish()
        assert exc.value.code == "search-docs" and "search.html.j2:4 (search document of page b/5.md)" in str(exc.value)
        assert list((tmp_path / "site").iterdir()) == [] and list((tmp_path / "tmp").iterdir()) == []


def test_a_failed_index_leaves_the_previous_site(tmp_path, monkeypatch, caplog):
    copy_repo(tmp_path, print_sheets=False)
    run = lambda *a: CliRunner().invoke(main, ["--root", str(tmp_path), "--lang", "en", *a], catch_exceptions=False)  # noqa: E731
    old = os.environ.get("SOURCE_DATE_EPOCH")
    try:
        assert run("build", "--as-of", AS_OF).exit_code == 0
        before = (tmp_path / "site/index.html").read_bytes()
        assert (tmp_path / "site/pagefind/pagefind.js").is_file()
        broken = _script(tmp_path / "pagefind_extended", 'echo "Error: the disk is full" >&2; exit 3\n')
        monkeypatch.setattr(searchindex, "pagefind_binary", lambda: broken)
        r = run("build", "--as-of", AS_OF)
        assert r.exit_code == 1
        said = caplog.text  # MkDocs logs the plugin's error; the command says what became of site/
        assert "Pagefind could not index the site (exit status 3)" in said and "the disk is full" in said
        assert "left as it was" in r.output and "Traceback" not in r.output + said
        assert (tmp_path / "site/index.html").read_bytes() == before
        assert (tmp_path / "site/pagefind/pagefind.js").is_file()
        assert not list(tmp_path.glob("site.*"))
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


def test_search_off_builds_without_an_index_or_a_search_box(tmp_path):
    from bs4 import BeautifulSoup

    from conftest import build_site

    repo = copy_repo(tmp_path, print_sheets=False)
    repo.edit("mkdocs.yml", "      search: true", "      search: false")
    site = build_site(tmp_path)
    assert not (site / "pagefind").exists() and not (site / "search-filters.json").exists()
    assert "data-pagefind-body" not in (site / "i/260415-7kq2/index.html").read_text(encoding="utf-8")
    page = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.select("[data-ew-search]") == [] and page.select("label[for='__search']") == []


# -- the header and what is left of Material's search ----------------------------------------------
def header_diff() -> str:
    import material

    original = Path(material.__file__).parent / "templates/partials/header.html"
    ours = REPO / "site_templates/overrides/partials/header.html"
    return "".join(difflib.unified_diff(
        original.read_text(encoding="utf-8").splitlines(keepends=True),
        ours.read_text(encoding="utf-8").splitlines(keepends=True),
        "material/templates/partials/header.html", "site_templates/overrides/partials/header.html"))


def test_the_header_override_differs_from_materials_only_as_recorded():
    """An upgrade of Material that changes its header fails here with the new difference:
    look at it, carry Material's change into the override, then refresh the record with
    ECHOWALL_REFRESH_GOLDEN=1."""
    diff = header_diff()
    if os.environ.get("ECHOWALL_REFRESH_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(diff, encoding="utf-8")
    assert diff == GOLDEN.read_text(encoding="utf-8"), (
        f"Material {metadata.version('mkdocs-material')}'s partials/header.html and the override differ "
        f"otherwise than tests/golden/header.diff records:\n{diff}")


def test_nothing_uses_materials_search_plugin():
    used = []
    for path in [*REPO.glob("tooling/**/*.py"), *REPO.glob("tests/*.py"), *REPO.glob("benchmarks/*.py"),
                 REPO / "mkdocs.yml", *REPO.glob("site_templates/**/*.html")]:
        text = path.read_text(encoding="utf-8")
        if path.name == "test_search.py":
            continue
        if re.search(r"material\.plugins\.search|material/search|jieba", text):
            used.append(str(path.relative_to(REPO)))
    assert used == []
    import yaml

    plugins = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["plugins"]
    assert [next(iter(p)) if isinstance(p, dict) else p for p in plugins] == ["echowall"]
