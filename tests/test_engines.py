"""The demo builds the same under MkDocs and under ProperDocs (a continuation of MkDocs 1.6,
`properdocs build`), and another plugin sees every generated page's body where MkDocs'
documented events say a page's content is there (on_page_content and after)."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from conftest import AS_OF, copy_repo
from echowall.derive import resolve_as_of


def files_of(site):
    return {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}


def without_generator(html: bytes) -> str:
    """The page as parsed, less `<meta name="generator">` (which names the engine)."""
    page = BeautifulSoup(html.decode("utf-8"), "html.parser")
    for meta in page.find_all("meta", attrs={"name": "generator"}):
        meta.decompose()
    return str(page)


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The demo built once by MkDocs in this process, with an observing plugin beside ours,
    and once by `properdocs build` in another process."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.plugins import BasePlugin

    root = tmp_path_factory.mktemp("engines")
    copy_repo(root, print_sheets=False)
    epoch = str(int(resolve_as_of(AS_OF).timestamp()))
    env = dict(os.environ, SOURCE_DATE_EPOCH=epoch, NO_MKDOCS_2_WARNING="1")

    class Observer(BasePlugin):
        seen: dict = {}

        def on_page_content(self, html, *, page, config, files):
            self.seen[page.file.src_uri] = html
            return html

    old = {k: os.environ.get(k) for k in ("SOURCE_DATE_EPOCH", "NO_MKDOCS_2_WARNING")}
    os.environ.update(SOURCE_DATE_EPOCH=epoch, NO_MKDOCS_2_WARNING="1")
    try:
        cfg = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / "mkdocs-site"))
        cfg.plugins["observer"] = Observer()
        build(cfg)
    finally:
        for k, v in old.items():
            os.environ.pop(k, None) if v is None else os.environ.__setitem__(k, v)
    properdocs = [sys.executable, "-m", "properdocs", "build", "-q", "-f", str(root / "mkdocs.yml"),
                  "-d", str(root / "properdocs-site")]
    r = subprocess.run(properdocs, env=env, capture_output=True, text=True, cwd=str(root))
    assert r.returncode == 0, r.stderr
    return root / "mkdocs-site", root / "properdocs-site", Observer.seen


def test_mkdocs_and_properdocs_build_the_same_files(sites):
    mkdocs_site, properdocs_site, _ = sites
    a, b = files_of(mkdocs_site), files_of(properdocs_site)
    assert a.keys() == b.keys() and len(a) > 100
    items = [p for p in a if p.startswith("i/") and p.endswith("/index.html")]
    assert len(items) == 35
    generators = set()
    for path in sorted(a):
        if path.endswith(".html"):
            pages = [BeautifulSoup(x[path].read_bytes(), "html.parser") for x in (a, b)]
            generators |= {p.find("meta", attrs={"name": "generator"})["content"].split(",")[0] for p in pages}
            assert without_generator(a[path].read_bytes()) == without_generator(b[path].read_bytes()), path
        else:
            assert a[path].read_bytes() == b[path].read_bytes(), path
    assert len(generators) == 2  # the engines differ where they say so, and only there


def test_other_plugins_see_the_body_of_every_generated_page(sites):
    """Our on_page_content runs first (event priority 100): a plugin after it gets the page's
    HTML, the item's id and title in its heading."""
    _, _, seen = sites
    items = {uri: html for uri, html in seen.items() if uri.startswith("i/")}
    assert len(items) == 35
    for uri, html in items.items():
        h1 = BeautifulSoup(html, "html.parser").h1
        assert h1 is not None and h1.select_one(".ew-id").get_text() == uri[2:-3], uri
    assert BeautifulSoup(seen["b/5.md"], "html.parser").select_one("#building-open") is not None
