"""Screenshots for docs/ from a built demo site (run after `make site`):

    .venv/bin/python scripts/screenshots.py [site] [docs]

- docs/print/: the print sheets rendered to PNG (poster, labels, status sheet, revenue notice);
- docs/phone/: pages as a phone shows them (Chromium via Playwright at 390 × 844, the site
  served from the folder; nothing else is fetched), when Chromium is there.
"""
import mimetypes
import os
import shutil
import sys
from pathlib import Path

import pypdfium2 as pdfium

site = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
docs = Path(sys.argv[2] if len(sys.argv) > 2 else "docs")
SITE = "https://echowall.example.org/shiqiao/"
PAGES = {  # name: (path, full page?)
    "building-first-screen": ("b/5/", False),
    "item-unassigned": ("i/261110-pt3b/", True),
    "item-reopened": ("i/260415-7kq2/", False),
    "home": ("", False),
    "revenue-period": ("revenue/public/2026/", False),
    "stats": ("stats/", True),
}

dest = docs / "print"
dest.mkdir(parents=True, exist_ok=True)
for name, pdf in (("poster", "print/b/3/poster.pdf"), ("labels", "print/labels.pdf"),
                  ("status", "print/b/6/status.pdf"), ("notice", "revenue/public/2026.pdf")):
    page = pdfium.PdfDocument(site / pdf)[0]
    page.render(scale=90 / 72).to_pil().convert("L").save(dest / f"{name}.png", optimize=True)
    print(dest / f"{name}.png")

chromium = os.environ.get("ECHOWALL_CHROMIUM") or shutil.which("chromium")
if not chromium:
    sys.exit("no Chromium: the phone screenshots were skipped (scripts/system-deps.sh --browser)")
from playwright.sync_api import sync_playwright  # noqa: E402


def serve(route):
    target = site / route.request.url.split("#")[0].split("?")[0][len(SITE):]
    if target.is_dir():
        target = target / "index.html"
    if not target.is_file():
        return route.fulfill(status=404, body="not found")
    return route.fulfill(status=200, body=target.read_bytes(),
                         content_type=mimetypes.guess_type(target.name)[0] or "application/octet-stream")


dest = docs / "phone"
dest.mkdir(parents=True, exist_ok=True)
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox"])
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1, is_mobile=True,
                              has_touch=True, locale="zh-CN")
    ctx.route(SITE + "**", serve)
    ctx.route(lambda u: not u.startswith(SITE), lambda route: route.abort())
    page = ctx.new_page()
    for name, (path, full) in PAGES.items():
        page.goto(SITE + path, wait_until="networkidle")
        page.screenshot(path=str(dest / f"{name}.png"), full_page=full)
        print(dest / f"{name}.png")
    browser.close()
