"""End to end: `mkdocs build --strict` and `echowall build` of the demo, checked by parsing HTML."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

import re

from conftest import AS_OF, REPO as REPO_ROOT, copy_repo, mkdocs_build
from echowall.cli import main
from echowall.derive import resolve_as_of
from echowall.mkdocs_plugin import EchoWallPlugin
from echowall.pipeline import prepare
from echowall.render.pages import DEFANG


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo")
    repo = copy_repo(root)
    site = root / "site"
    r = mkdocs_build(root, site)
    assert r.returncode == 0, r.stderr
    return repo, site


def test_a_page_for_every_building_and_item(built):
    repo, site = built
    checked = repo.check()
    for b in checked.ledger.buildings:
        assert (site / "b" / b.id / "index.html").is_file()
        assert (site / "qr" / f"{b.id}.svg").is_file()
    for it in checked.ledger.items:
        assert (site / "i" / it.id / "index.html").is_file()
    for name in ("open", "resolved", "rated", "overdue", "estate", "matches"):
        assert (site / "lists" / name / "index.html").is_file()


def test_home_counts_match_the_ledger(built):
    _, site = built
    page = soup(site / "index.html")
    assert page.find(id="kpi-filed").get_text() == "31"  # problems and needs; resources do not count
    assert page.find(id="kpi-open").get_text() == "11"
    assert page.find(id="kpi-overdue").get_text() == "4"
    assert page.find(id="kpi-rated").get_text() == "18"
    assert "77.8%" in page.find(id="rate-satisfaction").get_text()  # 14 of 18 rated 4 or 5
    links = {a["href"] for a in page.find_all("a", href=True)}
    assert {"b/1/", "b/12/", "lists/open/", "lists/estate/"} <= links


def test_building_page_is_the_qr_landing_page(built):
    _, site = built
    page = soup(site / "b" / "5" / "index.html")
    unit3 = page.find(id="u3")
    table = unit3.find_next("table")
    rows = [a.get_text() for a in table.select("tbody tr td:first-child a")]
    assert rows == ["260415-7kq2"]
    img = page.select_one("figure.ew-qr img")
    assert img["src"] == "../../qr/5.svg" and "5幢" in img["alt"]
    assert page.select_one("figure.ew-qr figcaption").get_text() == "https://echowall.example.org/shiqiao/b/5/"
    # reporting first: the routes in estate.yml's order (the demo puts the phone first), the
    # phone a tel: button, the form pre-filled with the building; before the open items
    routes = page.select("#report .ew-route")
    assert [r.select_one("a, strong").get_text(" ", strip=True) for r in routes] == [
        "打电话反映 0571-0000 1234", "手机填表反映", "网格员工作微信", "党群服务站当面反映"]
    assert routes[0].a["href"] == "tel:057100001234"
    assert routes[1].a["href"] == "https://form.example.org/shiqiao/report?building=5&unit=&item="
    headings = [h.get("id") for h in page.select("article h2, article h3, #report")]
    assert headings.index("report") < headings.index("open") < headings.index("u1")
    # each unit has its own buttons, its form prefilled with the unit
    unit3_form = page.select_one("#report-u3 .ew-route-web a")["href"]
    assert unit3_form == "https://form.example.org/shiqiao/report?building=5&unit=3&item="
    assert page.select_one("#report-u3 .ew-route-call a")["href"] == "tel:057100001234"
    # the open item offers 我也遇到: the form prefilled with its number
    metoo = page.select_one("#open ~ table .ew-metoo")
    assert metoo["href"] == "https://form.example.org/shiqiao/report?building=5&unit=3&item=260415-7kq2"
    assert page.find("a", href="../../lists/estate/")
    # no forge link for residents here (volunteers find it on the about page)
    assert not page.select(".ew-forge, .ew-template") and "github.com" not in str(page.select_one("article"))


def test_item_page_timeline(built):
    repo, site = built
    page = soup(site / "i" / "260305-dm3a" / "index.html")
    assert page.h1.get_text(" ", strip=True) == "260305-dm3a 东门早晚高峰电瓶车与行人混行拥堵"
    steps = page.select("ol.ew-timeline > li")
    assert [li.select_one(".ew-ev-type").get_text() for li in steps] == ["点单（居民反映）", "派单", "接单", "上报", "进展", "办结"]
    assert "网格长、警长（民警、交警）、保安队长" in steps[1].get_text()  # joint dispatch
    assert page.select_one(".ew-score")["data-score"] == "5"
    assert page.select_one(".ew-status .ew-badge").get_text() == "已办结"
    src = page.select_one(".ew-source a")["href"]
    assert src == "https://github.com/example/shiqiao-echowall/blob/main/ledger/items/2026/260305-dm3a.yml"
    assert page.title.get_text().startswith("260305-dm3a 东门")


def test_item_pages_stay_out_of_navigation(built):
    _, site = built
    page = soup(site / "index.html")
    nav_links = [a["href"] for a in page.select("nav.md-nav a[href]")]
    assert not any("/i/" in h or h.startswith("i/") for h in nav_links)


def test_no_network_at_view_time(built):
    _, site = built
    page = soup(site / "index.html")
    fetched = page.select("link[rel~=stylesheet], link[rel~=preload], link[rel~=icon], script[src], img[src]")
    assert fetched
    for tag in fetched:
        url = tag.get("href") or tag.get("src") or ""
        assert not url.startswith(("http://", "https://", "//")), url


def test_broken_ledger_fails_strict_build_listing_all_problems(tmp_path):
    repo = copy_repo(tmp_path)
    repo.edit("ledger/items/2026/260305-dm3a.yml", "category: traffic", "category: nope")
    repo.edit("ledger/items/2026/260415-7kq2.yml", 'unit: "3"', 'unit: "9"')
    r = mkdocs_build(tmp_path, tmp_path / "site")
    assert r.returncode != 0
    assert "ref-category" in r.stderr and "ref-unit" in r.stderr
    assert "260305-dm3a.yml" in r.stderr and "260415-7kq2.yml" in r.stderr
    assert "Traceback" not in r.stderr


def test_echowall_build_is_atomic_and_deterministic(tmp_path):
    repo = copy_repo(tmp_path)
    run = lambda *a: CliRunner().invoke(main, ["--root", str(tmp_path), "--lang", "en", *a], catch_exceptions=False)  # noqa: E731
    old = os.environ.get("SOURCE_DATE_EPOCH")
    try:
        assert run("build", "--as-of", AS_OF).exit_code == 0
        first = {p.relative_to(tmp_path / "site"): p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file()}
        assert run("build", "--as-of", AS_OF).exit_code == 0
        second = {p.relative_to(tmp_path / "site"): p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file()}
        assert first.keys() == second.keys()
        assert [k for k in first if first[k] != second[k]] == []
        assert b"2026-11-20" in second[Path("sitemap.xml")]
        # the search index too: Pagefind's metadata, index pieces and fragments
        index = [k for k in first if k.parts[0] == "pagefind"]
        assert {k.parts[1] for k in index} >= {"index", "fragment", "pagefind.js"} and len(index) > 40
        # a broken ledger leaves the previous site exactly as it was
        (tmp_path / "site" / "marker").write_text("previous")
        repo.edit("ledger/items/2026/260305-dm3a.yml", "kind: problem", "kind: bug")
        r = run("build", "--as-of", AS_OF)
        assert r.exit_code == 1
        assert "schema-enum" in r.output and "left as it was" in r.output
        assert (tmp_path / "site" / "marker").read_text() == "previous"
        assert (tmp_path / "site" / "index.html").read_bytes() == second[Path("index.html")]
        assert not list(tmp_path.glob("site.*"))
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[点我](javascript:alert(1))",
    '"><svg onload=alert(1)>',
    "</title><script>alert(2)</script>",
    "**粗体** _斜体_ `代码` # 标题",
    "{{ 7*7 }} {% raw %}",
    "&lt;b&gt;entity&lt;/b&gt;",
]


def test_hostile_text_is_shown_as_text(tmp_path):
    """Every payload in one build: each in its own copy of an item (title, place and a
    two-line note), so one build shows them all on item pages, lists and the report."""
    import json as _json

    repo = copy_repo(tmp_path, print_sheets=False)  # print sheets have their own test
    text = repo.read("ledger/items/2026/260305-dm3a.yml")
    text = text[: text.index("links:")]
    ids = []
    for i, payload in enumerate(HOSTILE):
        item_id = f"260305-hs{i + 2}a"
        ids.append(item_id)
        q = lambda s: _json.dumps(s, ensure_ascii=False)  # noqa: E731
        new = text.replace("id: 260305-dm3a", f"id: {item_id}")
        new = new.replace("title: 东门早晚高峰电瓶车与行人混行拥堵", f"title: {q(payload)}")
        new = new.replace("place: 东门", f"place: {q(payload)}")
        new = new.replace("    note: 九长联席会议当场派单，三方联合处理", f"    note: {q(payload + chr(10) + payload)}")
        repo.write(f"ledger/items/2026/{item_id}.yml", new)
    assert len(set(ids)) == len(HOSTILE)
    site = tmp_path / "site"
    r = mkdocs_build(tmp_path, site, strict=True)
    assert r.returncode == 0, r.stderr
    pages = [site / "i" / i / "index.html" for i in ids] + [
        site / "index.html", site / "lists" / "estate" / "index.html", site / "reports" / "2026-11" / "index.html"]
    for page_path in pages:
        page = soup(page_path)
        assert not page.find("script", string=lambda s: s and "alert" in s)
        assert not page.find(attrs={"onerror": True}) and not page.find(attrs={"onload": True})
        assert not page.find("a", href=lambda h: h and h.strip().lower().startswith("javascript:"))
        assert not page.find("svg", attrs={"onload": True})
    listing = soup(site / "lists" / "estate" / "index.html").get_text(" ")
    for item_id, payload in zip(ids, HOSTILE):
        page = soup(site / "i" / item_id / "index.html")
        assert page.h1.get_text(" ", strip=True) == f"{item_id} {payload}"
        assert page.select_one(".ew-timeline .ew-ev-dispatched .ew-note").get_text("\n") == f"{payload}\n{payload}"
        assert payload in listing


def test_plugin_watches_ledger_and_templates_when_serving(tmp_path):
    plugin = EchoWallPlugin()
    plugin.load_config({})
    plugin.root = tmp_path

    class Server:
        watched: list = []

        def watch(self, path):
            self.watched.append(path)

    server = plugin.on_serve(Server(), config=None, builder=None)
    assert server.watched == [str(tmp_path / "ledger"), str(tmp_path / "site_templates")]


def resolve(page: Path, href: str) -> Path:
    """Where a relative link on a built page points, as a file (directory URLs -> index.html)."""
    target = (page.parent / href.split("#")[0]).resolve()
    return target / "index.html" if target.is_dir() else target


def test_print_sheets_are_built_and_linked(built):
    import pypdfium2 as pdfium
    import zxingcpp

    _, site = built
    page_path = site / "b" / "5" / "index.html"
    links = [a["href"] for a in soup(page_path).select(".ew-print-links a[href]")]
    assert links == ["../../print/b/5/poster.pdf", "../../print/b/5/status.pdf"]
    for href in links:
        assert resolve(page_path, href).read_bytes().startswith(b"%PDF-")
    poster = pdfium.PdfDocument(resolve(page_path, links[0]).read_bytes())
    first = zxingcpp.read_barcodes(poster[0].render(scale=60 / 72).to_pil())
    assert [r.text for r in first] == ["https://echowall.example.org/shiqiao/b/5/"]
    index = site / "print" / "index.html"
    hrefs = [a["href"] for a in soup(index).select("article a[href]") if a["href"].endswith(".pdf")]
    assert len(hrefs) == 3 + 2 * 12
    for href in hrefs:
        assert resolve(index, href).is_file(), href
    nav = [a["href"] for a in soup(site / "index.html").select("nav.md-nav a[href]")]
    assert "print/" in nav


def test_print_off_needs_no_font_and_links_nothing(tmp_path):
    repo = copy_repo(tmp_path, print_sheets=False)
    env_font = os.environ.get("ECHOWALL_FONT")
    os.environ["ECHOWALL_FONT"] = "/nonexistent/font.ttc"
    try:
        r = mkdocs_build(tmp_path, tmp_path / "site")
    finally:
        if env_font is None:
            os.environ.pop("ECHOWALL_FONT")
        else:
            os.environ["ECHOWALL_FONT"] = env_font
    assert r.returncode == 0, r.stderr
    site = tmp_path / "site"
    assert not list(site.rglob("*.pdf"))
    assert not soup(site / "b" / "5" / "index.html").select(".ew-print-links")
    assert "echowall print" in soup(site / "print" / "index.html").select_one("article").get_text()


def test_a_missing_font_stops_the_build_before_the_site_is_touched(tmp_path):
    copy_repo(tmp_path)
    site = tmp_path / "site"
    site.mkdir()
    (site / "marker").write_text("previous")
    env = os.environ.get("ECHOWALL_FONT")
    os.environ["ECHOWALL_FONT"] = "/nonexistent/font.ttc"
    try:
        r = mkdocs_build(tmp_path, site)
    finally:
        if env is None:
            os.environ.pop("ECHOWALL_FONT")
        else:
            os.environ["ECHOWALL_FONT"] = env
    assert r.returncode != 0
    assert "print sheets: the font /nonexistent/font.ttc does not exist" in r.stderr
    assert "fonts-wqy-microhei" in r.stderr and "Traceback" not in r.stderr
    assert (site / "marker").read_text() == "previous"


def test_item_photos_are_published_clean(built):
    from PIL import Image

    from echowall.media import metadata_of

    _, site = built
    page = site / "i" / "260415-7kq2" / "index.html"
    imgs = soup(page).select(".ew-photos img")
    assert [i["src"] for i in imgs] == ["../../media/2026/260415-7kq2-1.jpg"]
    assert imgs[0]["alt"].startswith("现场照片1：")
    with Image.open(resolve(page, imgs[0]["src"])) as img:
        assert img.format == "JPEG" and metadata_of(img) == []


def test_lists_are_paged_so_no_page_grows_with_the_ledger(repo, monkeypatch):
    """With 5 rows a page, every page of every list is at most 5 rows, and the prev/next
    links walk all pages in order."""
    import posixpath

    from echowall import plan
    from echowall.pipeline import prepare
    from echowall.plan import SiteConfig
    from echowall.sitebuild import render_site

    monkeypatch.setattr(plan, "PAGE_SIZE", 5)
    model = prepare(repo.check(), resolve_as_of(AS_OF))
    files = render_site(model, SiteConfig(site_url="https://x.invalid/"), repo.root / "site_templates")

    def url_of(path):  # use_directory_urls: lists/resolved/2.md -> lists/resolved/2/
        return path[:-3] + "/"

    resolved = [s for s in model.states.values() if s.status == "resolved"]
    pages = sorted(p for p in files if p == "lists/resolved.md" or p.startswith("lists/resolved/"))
    assert len(pages) == -(-len(resolved) // 5) >= 3
    seen, path = [], "lists/resolved.md"
    while path:
        page = BeautifulSoup(files[path].split("---", 2)[2], "html.parser")
        rows = page.select("table.ew-items tbody tr")
        assert 1 <= len(rows) <= 5
        seen += [r.select_one("a")["href"].rstrip("/").rsplit("/", 1)[1] for r in rows]
        nxt = page.select_one('a[rel="next"]')
        if nxt is None:
            break
        target = posixpath.normpath(posixpath.join(url_of(path), nxt["href"])) + ".md"
        prev = BeautifulSoup(files[target].split("---", 2)[2], "html.parser").select_one('a[rel="prev"]')
        back = posixpath.normpath(posixpath.join(url_of(target), prev["href"]))
        assert back + ("/" if not back.endswith("/") else "") in (url_of(path), url_of(path).rstrip("/") + "/")
        path = target
    assert sorted(seen) == sorted(s.item.id for s in resolved) and len(seen) == len(set(seen))


def test_three_lists_categories_roles_and_months(built):
    repo, site = built
    model = prepare(repo.check(), resolve_as_of(AS_OF))
    for kind in ("problem", "need", "resource"):
        page = soup(site / "lists" / kind / "index.html")
        ids = {a["href"].rstrip("/").rsplit("/", 1)[1] for a in page.select("table.ew-items tbody tr td:first-child a")}
        assert ids == {i for i, s in model.states.items() if s.item.kind == kind}
    roles = {tr["data-id"]: [td.get_text() for td in tr.select("td")] for tr in soup(site / "lists/roles/index.html").select("#groups tr[data-id]")}
    held = sum(1 for s in model.states.values() if s.is_open and "property" in s.holders)
    assert roles["property"][1] == str(held)
    cats = {tr["data-id"]: [td.get_text() for td in tr.select("td")] for tr in soup(site / "lists/categories/index.html").select("#groups tr[data-id]")}
    assert cats["repairs"][2] == str(sum(s.item.category == "repairs" for s in model.states.values()))
    months = {tr["data-key"]: [td.get_text() for td in tr.select("td")] for tr in soup(site / "index.html").select("#months tr[data-key]")}
    nov = sum(1 for s in model.states.values() if s.item.kind != "resource" and s.item.filed >= resolve_as_of("2026-11-01T00:00+08:00"))
    assert months["filed"][0] == str(nov)


def test_stats_page_and_charts_match_the_ledger(built):
    from xml.etree import ElementTree as ET

    repo, site = built
    model = prepare(repo.check(), resolve_as_of(AS_OF))
    tz = model.ledger.estate.tz
    counted = [s for s in model.states.values() if s.item.kind != "resource"]
    page = soup(site / "stats/index.html")
    rows = {tr["data-month"]: [td.get_text() for td in tr.select("td")] for tr in page.select("#monthly tr[data-month]")}
    for month, cells in rows.items():
        filed = sum(s.item.filed.astimezone(tz).strftime("%Y-%m") == month for s in counted)
        resolved = sum(s.resolved_at is not None and s.resolved_at.astimezone(tz).strftime("%Y-%m") == month
                       for s in counted)
        assert cells[1:3] == [str(filed), str(resolved)], month
    assert sum(int(td.get_text()) for td in page.select("#resolution td")) == sum(s.resolved_at is not None for s in counted)
    assert sum(int(td.get_text()) for td in page.select("#by-building td")) == len(counted)
    svg = ET.parse(site / "stats/filed-resolved.svg").getroot()
    gids = {g.get("id") for g in svg.iter("{http://www.w3.org/2000/svg}g") if g.get("id")}
    assert {f"month-a-{m}" for m in rows} <= gids and {f"month-b-{m}" for m in rows} <= gids
    for name in ("resolution", "categories", "buildings", "satisfaction"):
        assert (site / "stats" / f"{name}.svg").read_bytes().startswith(b"<?xml")
    assert all(img.get("alt") for img in page.select("figure img"))


def test_every_ui_string_has_an_english_translation():
    import yaml as _yaml

    table = _yaml.safe_load((REPO_ROOT / "site_templates/i18n.yml").read_text(encoding="utf-8"))
    assert set(table["zh"]) == set(table["en"])
    for key, text in table["en"].items():
        assert not re.search(r"[\u4e00-\u9fff]", str(text)), key
    # and templates carry no Chinese literals: every word comes from the table
    for path in (REPO_ROOT / "site_templates/site").glob("*.j2"):
        assert not re.search(r"[\u4e00-\u9fff（）、]", path.read_text(encoding="utf-8")), path.name


def test_english_by_one_setting(tmp_path):
    repo = copy_repo(tmp_path, print_sheets=False)
    repo.edit("mkdocs.yml", "  language: zh ", "  language: en ")
    r = mkdocs_build(tmp_path, tmp_path / "site")
    assert r.returncode == 0, r.stderr
    home = soup(tmp_path / "site/index.html")
    assert home.h1.get_text() == "石桥新村 Echo Wall"  # the estate's name is data, the rest is English
    assert home.select_one("#rate-satisfaction th").get_text() == "Satisfaction"
    assert [th.get_text() for th in home.select("#months tbody th")] == ["Filed", "Resolved", "Rated"]
    item = soup(tmp_path / "site/i/260415-7kq2/index.html")
    assert "Reopened" in item.get_text() or "In progress" in item.get_text()
    assert home.html.get("lang") == "en"


def test_translation_table_has_no_duplicate_keys():
    """PyYAML keeps the last of two equal keys silently; our own loader does not."""
    from echowall.yamlsrc import load_yaml

    path = REPO_ROOT / "site_templates/i18n.yml"
    _, problems = load_yaml(path.read_text(encoding="utf-8"), "site_templates/i18n.yml")
    assert [str(p) for p in problems] == []


def test_new_item_link_is_prefilled_on_github_and_a_template_elsewhere(repo):
    from urllib.parse import parse_qs, urlparse

    from echowall.plan import SiteConfig
    from echowall.sitebuild import render_site
    from echowall.yamlsrc import load_yaml

    model = prepare(repo.check(), resolve_as_of(AS_OF))
    gh = render_site(model, SiteConfig(repo_url="https://github.com/example/shiqiao-echowall"), repo.root / "site_templates")
    page = BeautifulSoup(gh["about.md"].split("---", 2)[2], "html.parser")
    url = urlparse(page.select_one(".ew-forge a")["href"])
    assert url.path == "/example/shiqiao-echowall/new/main/ledger/items/2026"
    q = parse_qs(url.query)
    assert q["filename"] == ["261120-xxxx.yml"]
    doc, problems = load_yaml(q["value"][0], "x.yml")
    assert problems == [] and "building" not in doc.data and doc.data["filed"] == "2026-11-20T09:00:00+08:00"
    assert page.select_one(".ew-template") is None
    gitea = render_site(model, SiteConfig(repo_url="https://git.example.org/shiqiao/echowall"), repo.root / "site_templates")
    page = BeautifulSoup(gitea["about.md"].split("---", 2)[2], "html.parser")
    assert page.select_one(".ew-forge") is None
    assert "kind: problem" in page.select_one(".ew-template code").get_text()


def test_workers_give_the_same_files_as_one_process(repo):
    """The render jobs run in forked workers; the merged result is the same, byte for byte
    and in the same order, as rendering them one after another."""
    from echowall.plan import SiteConfig
    from echowall.sitebuild import render_site

    model = prepare(repo.check(), resolve_as_of(AS_OF))
    cfg = SiteConfig(site_url="https://echowall.example.org/shiqiao/", font="")
    one = render_site(model, cfg, repo.root / "site_templates", workers=1)
    two = render_site(model, cfg, repo.root / "site_templates", workers=2)
    assert list(one) == list(two) and one == two


def test_every_theme_link_on_every_page_leads_to_a_page(built):
    """The nav, header and footer's relative links resolve from every page — in i/, b/,
    lists/<name>/2/, and the pages in the nav themselves."""
    import posixpath
    from urllib.parse import urlsplit

    _, site = built
    checked = 0
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        if rel == "404.html":
            continue  # MkDocs writes it with absolute links for any depth
        here = posixpath.dirname(rel)
        page = soup(html)
        links = page.select(".md-header a[href], .md-nav--primary a[href], .md-footer a[href]")
        assert links, rel
        for a in links:
            href = a["href"]
            if urlsplit(href).scheme or href.startswith("#"):
                continue
            target = posixpath.normpath(posixpath.join(here, urlsplit(href).path))
            assert (site / target / "index.html").is_file() or (site / target).is_file(), (rel, href)
            checked += 1
        scripts = [s["src"] for s in page.find_all("script", src=True)]
        for src in scripts:
            assert (site / posixpath.normpath(posixpath.join(here, src))).is_file(), (rel, src)
        config = page.find("script", id="__config")
        assert config is not None
        base = json.loads(config.string)["base"]
        assert (site / posixpath.normpath(posixpath.join(here, base)) / "index.html").is_file(), (rel, base)
    assert checked > 1000


def test_every_page_is_planned_with_its_front_matter_first(repo):
    """A build takes each page's front matter from the plan before the workers have rendered
    the page: every template is planned, and every page's front matter is YAML holding
    exactly its planned title, with nothing a <title> would read as markup."""
    import yaml

    from echowall.labels import load_labels
    from echowall.plan import SiteConfig, plan_site
    from echowall.render.pages import front_matter

    model = prepare(repo.check(), resolve_as_of(AS_OF))
    labels = load_labels(repo.root / "site_templates", "zh", model.ledger)
    pages = plan_site(model, SiteConfig(site_url="https://echowall.example.org/shiqiao/"), labels, model.as_of)
    used = {page.template for page in pages.values()}
    assert used == {p.name for p in (repo.root / "site_templates/site").glob("*.md.j2")}
    for path, page in pages.items():
        front = front_matter(page)
        assert front.startswith("---\n") and front.endswith("\n---\n"), path
        data = yaml.safe_load(front.strip().strip("-"))
        assert data == {"title": page.title.translate(DEFANG), **({"hide": list(page.hide)} if page.hide else {})}, path
        assert page.title, path
        assert not set(data["title"]) & set("<>&\"'"), path


def test_one_process_and_workers_build_the_same_site(built, tmp_path):
    """`jobs: 1` (as under mkdocs serve: every page rendered when MkDocs asks for it) and the
    default (forked workers, pages taken as they are built) give the same bytes."""
    _, site = built
    repo = copy_repo(tmp_path)
    repo.edit("mkdocs.yml", "      reports: 3", "      reports: 3\n      jobs: 1")
    r = mkdocs_build(tmp_path, tmp_path / "site")
    assert r.returncode == 0, r.stderr
    files = lambda root: {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}  # noqa: E731
    one, many = files(tmp_path / "site"), files(site)
    assert one.keys() == many.keys()
    assert [k for k in one if one[k] != many[k]] == []


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_edited_template_that_fails_stops_the_build_plainly(tmp_path, jobs):
    """A page template an estate broke fails the build where the page is rendered (in a
    worker, while MkDocs builds): one line naming the error, no traceback; `echowall build`
    keeps the previous site."""
    repo = copy_repo(tmp_path, print_sheets=False)
    repo.edit("mkdocs.yml", "      reports: 3", f"      reports: 3\n      jobs: {jobs}")
    repo.edit("site_templates/site/item.md.j2", "<h1>", "{{ no_such_thing.at_all }}<h1>")
    r = mkdocs_build(tmp_path, tmp_path / "site")
    assert r.returncode != 0
    assert re.search(r"echowall: rendering failed: item\.md\.j2:\d+ \(page i/\d{6}-\w{4}\.md\): "
                     r"UndefinedError: 'no_such_thing' is undefined", r.stderr), r.stderr
    assert "Traceback" not in r.stderr
    import shutil

    shutil.rmtree(tmp_path / "site", ignore_errors=True)  # what mkdocs build left half-written
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "marker").write_text("previous")
    import subprocess
    import sys

    cli = Path(sys.executable).parent / "echowall"
    out = subprocess.run([str(cli), "--root", str(tmp_path), "--lang", "en", "build", "--as-of", AS_OF],
                         capture_output=True, text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    assert out.returncode == 1, out.stderr
    assert "item.md.j2:" in out.stderr and "'no_such_thing' is undefined" in out.stderr
    assert "echowall: build failed (the error is above), site/ left as it was" in out.stderr
    assert "Aborted" not in out.stderr and "Traceback" not in out.stderr
    assert [p.name for p in (tmp_path / "site").iterdir()] == ["marker"]
    assert not list(tmp_path.glob("site.*"))


def test_a_page_template_that_still_writes_its_front_matter_is_named(tmp_path):
    """Titles come from the plan now: an estate's template copied from an older release,
    with its own {% block front %}, would show the front matter as text on the page."""
    repo = copy_repo(tmp_path, print_sheets=False)
    repo.edit("site_templates/site/stats.md.j2", "<h1>", "{% block front %}\n---\ntitle: x\n---\n{% endblock %}\n<h1>")
    r = mkdocs_build(tmp_path, tmp_path / "site")
    assert r.returncode != 0
    assert ("echowall: rendering failed: stats.md.j2 has a {% block front %}: page titles come from the "
            "site plan now (plan.py); remove the block") in r.stderr
    assert "Traceback" not in r.stderr


def test_a_template_syntax_error_names_file_and_line(tmp_path):
    repo = copy_repo(tmp_path, print_sheets=False)
    line = repo.line_of("site_templates/site/list.md.j2", "{{ m.item_table(rows, root) }}")
    repo.edit("site_templates/site/list.md.j2", "{{ m.item_table(rows, root) }}", "{% if %}")
    r = mkdocs_build(tmp_path, tmp_path / "site")
    assert r.returncode != 0
    assert f"echowall: rendering failed: list.md.j2:{line}: Expected an expression" in r.stderr
    assert "Traceback" not in r.stderr


def test_the_building_chart_keeps_the_buildings_with_most_items(repo, monkeypatch):
    """A district has hundreds of buildings: the chart shows the busiest few (the table
    beneath lists all)."""
    import xml.etree.ElementTree as ET

    from echowall.labels import load_labels
    from echowall.plan import SiteConfig
    from echowall.render.files import render_charts
    from echowall.report import estate_stats
    from echowall.render.sheets import find_font

    model = prepare(repo.check(), resolve_as_of(AS_OF))
    labels = load_labels(repo.root / "site_templates", "zh", model.ledger)
    svg = ET.fromstring(render_charts(model, SiteConfig(font=str(find_font(None))), labels, bars=3)["stats/buildings.svg"])
    bars = sorted(g.get("id") for g in svg.iter("{http://www.w3.org/2000/svg}g") if (g.get("id") or "").startswith("building-"))
    assert bars == ["building-0", "building-1", "building-2"]
    counts = sorted((n for _, n in estate_stats(model).by_building), reverse=True)
    assert len(counts) > 3 and counts[2] > 0
    from echowall.render.pages import busiest

    assert busiest([("1", 2), ("2", 5), ("3", 2), ("", 7), ("4", 1)], 3) == [("", 7), ("2", 5), ("1", 2)]


def test_downloads_are_linked(built):
    """Machine formats live on one 数据下载 page, not on residents' pages."""
    _, site = built  # exports are checked in test_exports
    page = BeautifulSoup((site / "downloads/index.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = [a["href"] for a in page.select("#downloads a")]
    assert hrefs == ["../items.json", "../items.csv", "../requests.json", "../services.json", "../feed.xml"]
    for h in hrefs:
        assert (site / "downloads" / h).resolve().is_file()
    feeds = [a["href"] for a in page.select("#building-feeds a")]
    assert feeds[0] == "../b/1/feed.xml" and len(feeds) == 12
    assert all((site / "downloads" / h).resolve().is_file() for h in feeds)
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.select_one('link[rel="alternate"][type="application/atom+xml"]')["href"].endswith("feed.xml")
    assert home.select_one(".ew-downloads-link a")["href"] == "downloads/"
    # no machine format is named on the residents' pages
    for rel in ("index.html", "b/5/index.html", "i/260415-7kq2/index.html"):
        text = BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser").select_one("article").get_text()
        assert not any(word in text for word in ("Open311", "Atom", "JSON", ".pdf", "services.json")), rel

# -- the item page answers a resident's questions, checked against the ledger ----------------------
def _plain(site, iid):
    page = soup(site / "i" / iid / "index.html")
    return page, {li["id"]: li for li in page.select("#plain li[id]")}


def _last_day(item, estate):
    """The promise's last day, computed here from the ledger's own fields."""
    from datetime import timedelta

    day = item.filed.astimezone(estate.tz).date()
    return day if item.complexity == "simple" else day + timedelta(days=estate.complex_days_on(day))


def test_item_pages_say_who_by_when_and_how_late(built):
    from datetime import date

    repo, site = built
    checked = repo.check()
    estate, items = checked.ledger.estate, {it.id: it for it in checked.ledger.items}
    today = date(2026, 11, 20)  # AS_OF, estate time

    # overdue: accepted by the property company, a simple matter filed 2 November
    it = items["261102-mh2a"]
    page, p = _plain(site, it.id)
    assert p["plain-who"]["data-roles"] == " ".join(it.events[1].roles) == "property"
    assert "物业服务中心" in p["plain-who"].get_text()
    due = _last_day(it, estate)
    assert p["plain-due"]["data-due"] == due.isoformat()
    assert int(p["plain-late"]["data-days"]) == (today - due).days == 18
    assert page.select_one(".ew-status .ew-promise").get_text() == "超期18天"
    done = [e for e in it.events if e.type not in ("urged", "supported")]  # what a handler did
    assert p["plain-last"]["data-type"] == done[-1].type == "accepted"
    assert p["plain-last"]["data-at"] == done[-1].at.astimezone(estate.tz).strftime("%Y-%m-%d %H:%M")
    assert int(p["plain-supported"]["data-n"]) == sum(e.type == "supported" for e in it.events) == 2
    assert page.select_one("#plain-urge ~ p a[href^='tel:']")["href"] == "tel:057100001234"

    # unassigned: nobody holds it; the office dispatches it, by the promise's day
    it = items["261110-pt3b"]
    page, p = _plain(site, it.id)
    assert it.events == ()
    assert p["plain-who"]["data-awaiting"] == "yes" and p["plain-who"]["data-roles"] == ""
    assert estate.contact.place in p["plain-who"].get_text()
    assert p["plain-due"]["data-due"] == _last_day(it, estate).isoformat() == "2026-11-13"
    assert int(p["plain-late"]["data-days"]) == (today - _last_day(it, estate)).days == 7
    assert p["plain-last"]["data-type"] == "" and "plain-supported" not in p
    metoo = page.select_one("#plain a.ew-metoo")["href"]
    assert metoo.endswith("item=261110-pt3b") and "building=&unit=" in metoo

    # reopened: the first episode kept its promise, yet no on-time badge
    it = items["260415-7kq2"]
    page, p = _plain(site, it.id)
    assert any(e.type == "reopened" for e in it.events)
    assert [b.get("data-badge") for b in page.select(".ew-status .ew-promise")] == []
    assert p["plain-who"]["data-roles"] == "grid_leader owners_head"
    assert "plain-late" not in p
    plan = [e for e in it.events if e.expected][-1]  # by when: the latest date the handler gave
    assert p["plain-expected"]["data-expected"] == plan.expected.isoformat() == "2026-12-15"
    assert p["plain-rating"]["data-score"] == str(it.ratings[-1].score) and "重新办理" in p["plain-rating"].get_text()
    assert int(p["plain-supported"]["data-n"]) == sum(e.type == "supported" for e in it.events) == 1
    row = soup(site / "lists/open/index.html").select_one("a[href$='i/260415-7kq2/']").find_parent("tr")
    assert row.select_one(".ew-supported")["data-n"] == "1" and not row.select(".ew-promise")

    # rated and resolved: the rating and when it was closed, nothing due, no urge buttons
    it = items["260702-ld2q"]
    page, p = _plain(site, it.id)
    assert p["plain-rating"]["data-score"] == str(it.ratings[-1].score)
    assert "已办结" in p["plain-who"].get_text() and "plain-due" not in p and "plain-late" not in p
    assert page.select_one("#plain-urge") is None
    assert page.select_one(".ew-status .ew-promise")["data-badge"] == "kept.resolve"


def test_counts_agree_and_rates_show_numerator_and_denominator(built):
    from echowall.derive import derive_counts

    repo, site = built
    home = soup(site / "index.html")
    lists = soup(site / "lists/open/index.html")
    note = lists.select_one(".ew-count-note")
    # the open list shows every open item, and says how many of them the home card counts
    assert int(note["data-counted"]) == int(home.find(id="kpi-open").get_text())
    assert int(note["data-shown"]) == int(lists.find(id="list-total").get_text().strip("共件"))
    assert note.a["href"].endswith("about/#count-def")
    about = soup(site / "about/index.html")
    assert about.find(id="count-def") and about.find(id="rate-response")
    for key in ("response", "closure", "satisfaction"):
        cell = home.select_one(f"#rate-{key} .ew-rate")
        num, den = map(int, cell.select_one(".ew-frac").get_text().split("/"))
        assert (cell.select_one(".ew-pct") is not None) == (den >= 10)
        assert cell.select_one(".ew-def-link")["href"] == f"about/#rate-{key}"
    assert home.select_one("#rate-satisfaction .ew-frac").get_text() == "14/18"
    assert derive_counts([]).shown == 0


def test_the_about_page_lists_every_route_and_explains_every_status(built):
    repo, site = built
    about = soup(site / "about/index.html")
    estate = repo.check().ledger.estate
    labels = [r.select_one("a, strong").get_text(" ", strip=True) for r in about.select(".ew-routes .ew-route")]
    assert [label.split(" ")[0] for label in labels] == [r.label for r in estate.intake]
    from echowall.plan import BADGE_KEYS, STATUS_ORDER

    assert [dd["data-status"] for dd in about.select("#status-defs dd")] == list(STATUS_ORDER)
    assert all(dd.get_text(strip=True) for dd in about.select("#status-defs dd"))
    assert [dd["data-badge"] for dd in about.select("#badge-defs dd")] == list(BADGE_KEYS)
    assert "第一次" in about.find(id="badge-defs").find_next("p").get_text()  # the reopened rule, said where badges are
    assert about.select_one(".ew-repo a")["href"] == "https://github.com/example/shiqiao-echowall"
    # and the header has no repository link on any page
    for rel in ("index.html", "b/5/index.html", "about/index.html"):
        assert not soup(site / rel).select(".md-header .md-source, .md-nav__source a")


def chart_text_px(svg: bytes, shown_px: float = 358) -> tuple[float, int, int]:
    """(smallest text in CSS px when the chart is shown `shown_px` wide, bars, tick labels).
    Text is drawn as glyph paths at scale(size/100) in the SVG's pt units (matplotlib)."""
    import re
    import xml.etree.ElementTree as ET

    root = ET.fromstring(svg)
    width = float(root.get("width").removesuffix("pt"))
    sizes = [float(x) * 100 for x in re.findall(rb"scale\(([0-9.]+) -[0-9.]+\)", svg)]
    ids = [g.get("id") or "" for g in root.iter("{http://www.w3.org/2000/svg}g")]
    ticks = sum(i.startswith("ytick_") for i in ids)
    bars = sum(1 for g in root.iter("{http://www.w3.org/2000/svg}g")
               if re.match(r"^(month-[ab]|satisfaction|resolution|category|building|bar-income|bar-expense|balance)-",
                           g.get("id") or ""))
    return min(sizes) * shown_px / width, bars, ticks


def test_charts_are_readable_on_a_phone_and_label_every_bar(built):
    """At a phone's 358 CSS px every chart's smallest text is at least 12 px; every bar has its
    label (horizontal bars, one row each), however many buildings."""
    _, site = built
    charts = sorted((site / "stats").glob("*.svg")) + sorted((site / "revenue").glob("*/*.svg"))
    assert len(charts) >= 7
    for path in charts:
        px, bars, ticks = chart_text_px(path.read_bytes())
        assert px >= 12, (path.name, px)
        rows_per_tick = 2 if path.name in ("filed-resolved.svg", "monthly.svg") else 1
        assert bars == ticks * rows_per_tick > 0, (path.name, bars, ticks)
    # the satisfaction chart writes the counts beside each month's rate
    px, bars, ticks = chart_text_px((site / "stats/satisfaction.svg").read_bytes())
    assert bars == ticks


def test_the_satisfaction_chart_writes_counts_and_the_percentage_only_from_min_sample(monkeypatch):
    from echowall.render import charts

    seen = {}
    monkeypatch.setattr(charts, "_hbars", lambda labels, series, title, font, **kw: seen.update(kw, series=series))
    charts.rate_bars(["2026-09", "2026-10", "2026-11"], [1, 0, 9], [2, 0, 12], "t", None, "satisfaction", 10)
    assert seen["notes"] == ["1/2", "", "9/12 75%"]
    assert seen["series"][0][1] == [50.0, None, 75.0] and seen["xmax"] == 100


def test_mkdocs_build_of_a_broken_ledger_leaves_the_previous_site(tmp_path):
    """`mkdocs build` (the plugin alone): the ledger's checks run beside the model's
    derivation, and their verdict still comes before MkDocs empties site/ — every problem
    listed with its file and line, the previous site untouched, no traceback (an invalid
    ledger the derivation trips on is said as its problems, not as the derivation's error)."""
    repo = copy_repo(tmp_path, print_sheets=False)
    item = "ledger/items/2026/260305-dm3a.yml"
    repo.edit(item, "kind: problem", "kind: bug")
    repo.edit("ledger/items/2026/260415-7kq2.yml", 'building: "5"', 'building: "55"')
    site = tmp_path / "site"
    site.mkdir()
    (site / "marker").write_text("previous")
    r = mkdocs_build(tmp_path, site)
    assert r.returncode != 0
    listed = [line for line in r.stderr.splitlines() if "schema-enum" in line]
    assert len(listed) == 1 and f"{item}:{repo.line_of(item, 'kind: bug')}:" in listed[0], r.stderr
    assert "ref-building" in r.stderr and "网站没有生成" in r.stderr  # the demo's language: zh
    assert "Traceback" not in r.stderr
    assert [p.name for p in site.iterdir()] == ["marker"]
