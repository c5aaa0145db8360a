"""In a real browser at phone size (Playwright driving Debian's chromium): scan the QR code
on a building's poster, land on the building page, see its open items, search in Chinese,
follow an item — with no console errors and nothing fetched from the network. Screenshots
go to out/screenshots/ (ECHOWALL_SCREENSHOTS to change).

The site is served from the built folder at its real address (https://echowall.example.org/
shiqiao/, the URL the QR codes print) by intercepting requests in the browser: every other
request is refused and counted.
"""
from __future__ import annotations

import mimetypes
import os
import shutil
from pathlib import Path

import pytest
import zxingcpp

from conftest import REPO, build_site, copy_repo

SITE = "https://echowall.example.org/shiqiao/"
CHROMIUM = os.environ.get("ECHOWALL_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser")
    copy_repo(root)
    build_site(root)
    return root / "site"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), (
        f"no Chromium at {CHROMIUM}: run `bash scripts/system-deps.sh --browser` (make test does) "
        "or set ECHOWALL_CHROMIUM")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def shots() -> Path:
    d = Path(os.environ.get("ECHOWALL_SCREENSHOTS") or REPO / "out" / "screenshots")
    d.mkdir(parents=True, exist_ok=True)
    return d


def qr_url_from_poster(site: Path) -> str:
    """The URL printed in building 5's poster, read back the way a phone camera does."""
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument((site / "print/b/5/poster.pdf").read_bytes())[0]
    found = zxingcpp.read_barcodes(page.render(scale=80 / 72).to_pil())
    assert len(found) == 1
    return found[0].text


def test_phone_scan_search_follow(site, browser):
    url = qr_url_from_poster(site)
    assert url == SITE + "b/5/"
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                              has_touch=True, locale="zh-CN")
    outside: list[str] = []
    missing: list[str] = []

    def serve(route):
        path = route.request.url.split("#")[0].split("?")[0][len(SITE):]
        target = site / path
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            missing.append(route.request.url)
            return route.fulfill(status=404, body="not found")
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        return route.fulfill(status=200, body=target.read_bytes(), content_type=ctype)

    ctx.route(SITE + "**", serve)
    ctx.route(lambda u: not u.startswith(SITE), lambda route: (outside.append(route.request.url), route.abort()))
    page = ctx.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    # 1. the building page, from the poster's QR code
    page.goto(url, wait_until="networkidle")
    assert page.locator("h1").inner_text() == "石桥新村 · 5幢"
    open_count = int(page.locator("#building-open").inner_text())
    cards = page.locator("table.ew-items tbody tr")
    assert cards.count() >= open_count == 1
    first = cards.first
    assert first.is_visible() and "5幢顶楼漏水" in first.inner_text()
    box = first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # a card, not a cramped 6-column table
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390  # nothing runs off the screen
    page.screenshot(path=str(shots() / "building-5-phone.png"), full_page=True)

    # 2. a Chinese search in the header (Pagefind): 5幢漏水, typed without a space, finds the
    # leaking roof first
    page.locator("label.md-header__button[for='__search']").click()
    box = page.locator("input[data-ew-search-input]")
    box.wait_for(state="visible")
    box.fill("5幢漏水")
    result = page.locator(".md-search-result__item a").first
    result.wait_for(timeout=15_000)
    assert "5幢顶楼漏水" in result.inner_text() and "260415-7kq2" in result.inner_text()
    assert result.get_attribute("href").endswith("/i/260415-7kq2/")
    page.wait_for_timeout(600)  # let the search overlay finish sliding in
    page.screenshot(path=str(shots() / "search-phone.png"))

    # 3. follow it to the item page
    result.click()
    page.wait_for_url("**/i/260415-7kq2/**")
    assert page.locator("h1").inner_text().startswith("260415-7kq2")
    assert page.locator(".ew-timeline li").count() >= 5
    page.screenshot(path=str(shots() / "item-phone.png"), full_page=True)

    assert errors == []
    assert outside == [] and missing == []
    ctx.close()


def test_qr_images_have_alt_text_and_headings_are_in_order(site):
    from bs4 import BeautifulSoup

    for page in [site / "index.html", site / "b/5/index.html", site / "i/260415-7kq2/index.html",
                 site / "revenue/public/2025/index.html", site / "stats/index.html"]:
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for img in doc.select("article img"):
            assert img.get("alt"), (page, img)
        levels = [int(h.name[1]) for h in doc.select("article h1, article h2, article h3, article h4")]
        assert levels[0] == 1 and levels.count(1) == 1, page
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), (page, levels)


def test_badges_have_enough_contrast():
    """WCAG AA (4.5:1) for the status colours on white, read from the stylesheet."""
    import re

    css = (REPO / "site_templates/pages/assets/echowall.css").read_text(encoding="utf-8")
    colours = dict(re.findall(r"--ew-(ok|warn|bad):\s*(#[0-9a-fA-F]{6})", css))

    def lum(hex_):
        rgb = [int(hex_[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    assert set(colours) == {"ok", "warn", "bad"}
    for name, c in colours.items():
        assert (1.05) / (lum(c) + 0.05) >= 4.5, name


# -- search: the demo's queries, as a resident types them ----------------------------------------
import sys  # noqa: E402

sys.path.insert(0, str(REPO / "benchmarks"))
import searchprobe  # noqa: E402

# query -> items (or b/<id>) that must be in the first five results; FIRST: what must be first
DEMO_QUERIES = {
    "电梯": {"260615-dt5p", "260618-dt6q"},
    "加装电梯": {"260615-dt5p", "260618-dt6q"},
    "食堂": {"260318-st2b", "261119-wf5d", "260320-hk8c"},
    "供水": {"260812-wt2u"},
    "路灯": {"260506-cm2j"},
    "漏水": {"260415-7kq2"},
    "5幢漏水": {"260415-7kq2"},
    "5幢 漏水": {"260415-7kq2"},
    "停车": {"260721-pk9s", "260420-wm6g", "261120-gd6e"},
    "充电": {"260520-dc4m", "260603-cd7n"},
    "260415-7kq2": {"260415-7kq2"},
    "3幢": {"b/3", "260408-lt5f", "260930-hw8n"},
    "5号楼": {"b/5", "260415-7kq2"},
    "更换了声控灯": {"260702-ld2q"},
}
FIRST = {"5幢漏水": "260415-7kq2", "5幢 漏水": "260415-7kq2", "260415-7kq2": "260415-7kq2",
         "3幢": "b/3", "5号楼": "b/5", "漏水": "260415-7kq2"}


def _hit(h: dict) -> str:
    return h.get("id") or "b/" + h["url"].rstrip("/").rsplit("/", 1)[-1]


@pytest.mark.parametrize("segmenter", [True, False], ids=["Intl.Segmenter", "no-Segmenter"])
def test_the_demos_queries_find_their_items_in_the_first_five(site, browser, segmenter):
    served = searchprobe.Served(browser, site, segmenter=segmenter, locale="zh-CN")
    page = searchprobe.open_search(served)
    assert page.evaluate("typeof Intl.Segmenter") == ("function" if segmenter else "undefined")
    wrong = {}
    for query, expected in DEMO_QUERIES.items():
        top = [_hit(h) for h in searchprobe.run_query(page, query, k=5)["top"]]
        if not expected <= set(top) or (query in FIRST and top[0] != FIRST[query]):
            wrong[query] = top
    assert wrong == {}
    assert searchprobe.run_query(page, "火箭发射")["total"] == 0
    assert served.outside == [] and served.missing == []
    served.close()


def test_the_browser_cuts_text_into_the_same_tokens_as_the_build(site, browser):
    """search.py's tokens() and the search script's, over every text of the demo ledger and
    the awkward cases (full-width, ids, mixed scripts, punctuation)."""
    from echowall.pipeline import check_ledger
    from echowall.search import tokens

    texts = ["ＷｉＦｉ坏了", "与260420-wm6g重复，x260415-7kq2", "12幢3单元 5号楼", "55分贝！", "〇一二", "Ａ座  b座",
             "260415-7kq2abcd", "𠀀字", "é café"]
    for item in check_ledger(REPO).ledger.items:
        texts += [item.title, item.description, item.place or "", *(e.note for e in item.events if e.note)]
    served = searchprobe.Served(browser, site, locale="zh-CN")
    page = searchprobe.open_search(served)
    got = page.evaluate("texts => texts.map(t => window.echowallSearch.tokens(t))", texts)
    assert [(t, g) for t, g in zip(texts, got) if g != tokens(t)] == []
    served.close()


def test_the_filters_narrow_the_results(site, browser):
    served = searchprobe.Served(browser, site, locale="zh-CN", viewport={"width": 390, "height": 844})
    page = searchprobe.open_search(served, "b/5/")
    page.locator("label.md-header__button[for='__search']").click()
    page.locator("input[data-ew-search-input]").fill("漏水")
    page.locator(".md-search-result__item a").first.wait_for(timeout=15_000)
    page.locator("details.ew-search-filters summary").click()
    building = page.locator("select[name=building]")
    page.wait_for_function("document.querySelectorAll('select[name=building] option').length > 1")
    building.select_option(label="7幢 (1)")
    page.wait_for_function("document.querySelector('[data-ew-search]').dataset.ewResults === '0'")
    building.select_option(label="5幢 (1)")
    page.wait_for_function("document.querySelector('[data-ew-search]').dataset.ewResults === '1'")
    assert "260415-7kq2" in page.locator(".md-search-result__item a").first.inner_text()
    page.screenshot(path=str(shots() / "search-filters-phone.png"))
    assert served.outside == [] and served.missing == []
    served.close()


# -- a 70-year-old on a phone: every page type at 390×844 -------------------------------------------
PAGE_TYPES = {  # one page of each template (every list is list.md.j2, roles and categories groups.md.j2)
    "home": "", "buildings": "b/", "building": "b/5/", "item": "i/260415-7kq2/", "item-unassigned": "i/261110-pt3b/",
    "list": "lists/overdue/", "groups": "lists/roles/", "matches": "lists/matches/", "stats": "stats/",
    "reports": "reports/", "report": "reports/2026-11/", "revenue": "revenue/", "revenue-period": "revenue/public/2025/",
    "print": "print/", "about": "about/", "downloads": "downloads/", "redactions": "redactions/",
}
# the smallest font size of any visible text in the page's article, and where it is
SMALLEST_TEXT = """() => {
  const walk = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
  let min = 1e9, where = '';
  while (walk.nextNode()) {
    const node = walk.currentNode, el = node.parentElement;
    if (!node.textContent.trim() || !el.getClientRects().length || el.closest('[hidden]')) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < min) { min = size; where = el.tagName + '.' + el.className + ' ' + node.textContent.trim().slice(0, 20); }
  }
  return [min, where];
}"""


def phone(browser, site):
    served = searchprobe.Served(browser, site, locale="zh-CN", viewport={"width": 390, "height": 844},
                                is_mobile=True, has_touch=True)
    return served, served.ctx.new_page()


def test_every_page_type_fits_a_phone_reads_large_and_passes_axe(site, browser):
    """No sideways scrolling, text at least 18 px, and axe-core (bundled with
    axe-playwright-python: offline) finds no serious or critical violation, on every page type."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    served, page = phone(browser, site)
    wide, small, violations = {}, {}, {}
    for name, path in PAGE_TYPES.items():
        page.goto(SITE + path, wait_until="load")
        width = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
        if width[0] > width[1]:
            wide[name] = width
        size, where = page.evaluate(SMALLEST_TEXT)
        if size < 18:
            small[name] = (size, where)
        found = [(v["id"], v["impact"], v["nodes"][0]["target"]) for v in axe.run(page).response["violations"]
                 if v["impact"] in ("serious", "critical")]
        if found:
            violations[name] = found
    assert (wide, small, violations) == ({}, {}, {})
    assert served.outside == [] and served.missing == []
    served.close()


def test_the_landing_page_puts_a_call_button_on_the_first_screen(site, browser):
    served, page = phone(browser, site)
    page.goto(SITE + "b/5/", wait_until="load")
    call = page.locator("#report a[href^='tel:']").first
    box = call.bounding_box()
    assert call.get_attribute("href") == "tel:057100001234"
    assert box["y"] + box["height"] <= 844 and box["height"] >= 44 and box["x"] + box["width"] <= 390
    form = page.locator("#report .ew-route-web a").first.bounding_box()
    assert form["y"] + form["height"] <= 844 and form["height"] >= 44
    # every button and every item link in a list is at least 44 px tall
    for locator in (page.locator("a.ew-btn"), page.locator("table.ew-items a"), page.locator("a.ew-metoo")):
        heights = [b["height"] for b in (locator.nth(i).bounding_box() for i in range(locator.count())) if b]
        assert heights and min(heights) >= 44, heights
    page.screenshot(path=str(shots() / "building-5-first-screen.png"))
    served.close()


def test_the_large_text_switch_works_and_is_remembered(site, browser):
    served, page = phone(browser, site)
    size = "() => parseFloat(getComputedStyle(document.querySelector('article p')).fontSize)"
    page.goto(SITE + "b/5/", wait_until="load")
    assert page.evaluate(size) == 18
    switch = page.locator("button[data-ew-large]")
    assert switch.get_attribute("aria-pressed") == "false" and switch.bounding_box()["height"] >= 44
    switch.click()
    assert page.evaluate(size) >= 22 and switch.get_attribute("aria-pressed") == "true"
    page.reload(wait_until="load")
    assert page.evaluate(size) >= 22 and page.locator("button[data-ew-large]").get_attribute("aria-pressed") == "true"
    page.goto(SITE + "i/261110-pt3b/", wait_until="load")  # another page: still large, nothing runs off
    assert page.evaluate(size) >= 22
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    page.screenshot(path=str(shots() / "item-large-text-phone.png"))
    page.locator("button[data-ew-large]").click()
    page.reload(wait_until="load")
    assert page.evaluate(size) == 18
    served.close()


def test_the_revenue_detail_fits_a_desktop(site, browser):
    served = searchprobe.Served(browser, site, locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = served.ctx.new_page()
    page.goto(SITE + "revenue/public/2025/", wait_until="load")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 1280
    table, article = (page.locator(sel).bounding_box() for sel in ("#entries", "article"))
    assert table["x"] + table["width"] <= article["x"] + article["width"] + 1
    # the amount stays on one line
    amounts = page.locator("#entries td.ew-money")
    lines = "e => { const r = document.createRange(); r.selectNodeContents(e); return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; }"
    assert amounts.count() > 5 and {amounts.nth(i).evaluate(lines) for i in range(amounts.count())} == {1}
    served.close()
