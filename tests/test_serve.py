"""`echowall serve` shows the ledger's problems in the browser instead of hanging, and the
site again once they are fixed (issue 19): driven as a volunteer would, in a real process
on a free port, read over HTTP and parsed as HTML."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from bs4 import BeautifulSoup

from conftest import copy_repo

ROOF = "ledger/items/2026/260415-7kq2.yml"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8")


def wait_for(url: str, want, seconds: float = 90) -> tuple[int, BeautifulSoup]:
    """GET `url` until want(soup) holds (the server may still be starting or building)."""
    end = time.monotonic() + seconds
    last = None
    while time.monotonic() < end:
        try:
            status, text = fetch(url)
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            last = exc
            time.sleep(0.3)
            continue
        soup = BeautifulSoup(text, "html.parser")
        if want(soup):
            return status, soup
        last = text[:300]
        time.sleep(0.3)
    raise AssertionError(f"{url} never became what was wanted; last: {last}")


def problems_on(soup):
    return [(li["data-path"], li["data-line"], li.select_one(".code").get_text(), li.select_one(".message").get_text())
            for li in soup.select("#echowall-problems li.problem")]


def test_serve_shows_the_problems_then_the_site_after_the_fix(tmp_path):
    repo = copy_repo(tmp_path, print_sheets=False)
    repo.edit("mkdocs.yml", "search: true ", "search: false ")
    good = repo.read(ROOF)
    line = repo.line_of(ROOF, "building:")
    repo.edit(ROOF, 'building: "5"', 'building: "13"')  # the volunteer's invalid edit
    port = free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.Popen([sys.executable, "-m", "echowall.cli", "--root", str(repo.root), "serve",
                             "--dev-addr", f"127.0.0.1:{port}", "--as-of", "2026-11-20T18:00+08:00"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}/shiqiao/"
    try:
        # the item's own address and the home page both answer with the list, in Chinese
        status, soup = wait_for(base + "i/260415-7kq2/", lambda s: s.select_one("#echowall-problems"))
        assert status == 404  # that page does not exist while the ledger has errors
        assert soup.html["lang"] == "zh-CN"
        assert soup.h1.get_text() == "台账有问题，网站暂时没有更新"
        assert problems_on(soup) == [(ROOF, str(line), "error[ref-building]", "楼幢“13”不在 ledger/buildings.yml 里")]
        assert soup.select_one(".where").get_text() == f"{ROOF}:{line}:11"
        status, soup = wait_for(base, lambda s: s.select_one("#echowall-problems"))
        assert status == 200 and len(problems_on(soup)) == 1
        assert any("fetch(location.href" in s.get_text() for s in soup.find_all("script"))  # it asks again

        repo.write(ROOF, good)  # fixed: the next build is the site again
        status, soup = wait_for(base + "i/260415-7kq2/", lambda s: not s.select_one("#echowall-problems"))
        assert status == 200
        assert soup.h1.get_text() == "260415-7kq2 5幢顶楼漏水，下雨天墙面渗水"
        # and broken again, it goes back to the list (nothing of the old site is left to mislead)
        repo.edit(ROOF, "kind: problem", "kind: problme")
        status, soup = wait_for(base + "i/260415-7kq2/", lambda s: s.select_one("#echowall-problems"))
        (p,) = problems_on(soup)
        assert p[2] == "error[schema-enum]" and p[3].startswith("这里不能写“problme”")
    finally:
        proc.terminate()
        try:
            out, _ = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
    assert "Traceback" not in out, out
    assert "台账有 1 个错误" in out
