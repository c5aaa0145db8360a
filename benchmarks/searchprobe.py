"""Site search in a real browser (Playwright driving Debian's chromium, no download): serve a
built site at its real address from the folder, run queries through the site's own search
script (assets/echowall-search.js) and read what a resident would see — and, cold, how many
bytes one query fetched. Used by tests/test_search_quality.py, tests/test_browser.py and the
scale benchmark.
"""
from __future__ import annotations

import mimetypes
import os
import shutil
import unicodedata
from contextlib import contextmanager
from pathlib import Path

SITE = "https://echowall.example.org/shiqiao/"
CHROMIUM = os.environ.get("ECHOWALL_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"no Chromium at {CHROMIUM}: run `bash scripts/system-deps.sh --browser` "
                           "(make test does) or set ECHOWALL_CHROMIUM")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


class Served:
    """A browser context that serves `site` at SITE and refuses everything else; `fetched`
    lists (url, bytes) of what it served, `outside` and `missing` what it refused."""

    def __init__(self, browser, site: Path, *, segmenter: bool = True, **context):
        self.site = Path(site)
        self.fetched: list[tuple[str, int]] = []
        self.outside: list[str] = []
        self.missing: list[str] = []
        self.segmenter = segmenter
        self.ctx = browser.new_context(**context)
        self.ctx.route(SITE + "**", self._serve)
        self.ctx.route(lambda u: not u.startswith(SITE),
                       lambda route: (self.outside.append(route.request.url), route.abort()))

    def _serve(self, route):
        path = route.request.url.split("#")[0].split("?")[0][len(SITE):]
        target = self.site / path
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            self.missing.append(route.request.url)
            return route.fulfill(status=404, body="not found")
        body = target.read_bytes()
        if not self.segmenter and target.suffix in (".js", ".html"):
            # a browser without Intl.Segmenter (older in-app browsers): gone from the page and
            # from Pagefind's worker too
            body = (b"delete Intl.Segmenter;\n" if target.suffix == ".js"
                    else b"<script>delete Intl.Segmenter;</script>\n") + body
        self.fetched.append((route.request.url, len(body)))
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        return route.fulfill(status=200, body=body, content_type=ctype)

    def close(self):
        self.ctx.close()


RUN = """async ([q, k]) => {
  const s = window.echowallSearch;
  const found = await s.search(q);
  const datas = await Promise.all(found.pages.slice(0, k).map(p => p.result.data()));
  const at = s.first(q, datas);
  if (at > 0) datas.unshift(datas.splice(at, 1)[0]);
  return {total: found.pages.length, tokens: found.tokens,
          top: datas.map(d => Object.assign({url: s.url(d.url)}, s.meta(d)))};
}"""


def open_search(served: Served, path: str = "about/"):
    """A page of the site, its search script ready."""
    page = served.ctx.new_page()
    page.goto(SITE + path, wait_until="networkidle")
    page.wait_for_function("window.echowallSearch !== undefined")
    return page


def run_query(page, query: str, k: int = 10) -> dict:
    """{total, tokens, top: [{url, title, id, kind, names, …}]} as the search box ranks them."""
    return page.evaluate(RUN, [query, k])


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def contains(text: str, query: str) -> bool:
    """Whether a text holds the query (each of its space-separated parts)."""
    text = normalize(text)
    return all(part in text for part in normalize(query).split())


def scores(results: dict[str, list[dict]], relevant) -> dict:
    """recall@10 over min(10, relevant) and precision@10 over what was returned, averaged over
    the queries with at least one relevant page. `relevant(query, hit) -> bool`,
    `relevant.count(query) -> int`."""
    recalls, precisions = [], []
    for q, top in results.items():
        n = relevant.count(q)
        if not n:
            continue
        hits = sum(1 for h in top[:10] if relevant(q, h))
        recalls.append(hits / min(10, n))
        precisions.append(hits / len(top[:10]) if top else 0.0)
    return {"queries": len(recalls), "recall": sum(recalls) / len(recalls),
            "precision": sum(precisions) / len(precisions)}
