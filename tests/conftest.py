"""Shared fixtures: a private copy of the demo repository, edited per test, and helpers that
find the exact line a test expects a problem on."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

from echowall.pipeline import check_ledger

REPO = Path(__file__).resolve().parents[1]
AS_OF = "2026-11-20T18:00+08:00"

# Hypothesis runs the same examples on every machine (derandomize: the seed comes from the
# test itself) and keeps no example database, in the repository or elsewhere, so a run is
# reproducible and leaves nothing behind; 25 examples, because an example here may build a
# site. HYPOTHESIS_PROFILE=explore searches afresh with 300 examples, for a developer
# hunting bugs: then pin what it finds as an explicit test case.
settings.register_profile("echowall", derandomize=True, database=None, deadline=None, print_blob=False,
                          max_examples=25)
settings.register_profile("explore", derandomize=False, database=None, deadline=None, max_examples=300)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "echowall"))
# What Hypothesis still writes (its cache of the constants it reads in our code) goes to
# the system's temporary folder, not .hypothesis/ in the repository.
if not os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
    set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "echowall-hypothesis")


def mkdocs_build(root: Path, site: Path, strict=True) -> subprocess.CompletedProcess:
    """`mkdocs build` of the repository copy at `root`, as of AS_OF, in a fresh process."""
    from echowall.derive import resolve_as_of

    env = dict(os.environ, SOURCE_DATE_EPOCH=str(int(resolve_as_of(AS_OF).timestamp())), NO_MKDOCS_2_WARNING="1")
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(site)]
    if strict:
        cmd.append("--strict")
    return subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=str(root.parent))


def build_site(root: Path) -> Path:
    """A strict build into root/site that must succeed; returns the site folder."""
    r = mkdocs_build(root, root / "site")
    assert r.returncode == 0, r.stderr
    return root / "site"


class Repo:
    """A copy of the repository's site inputs (mkdocs.yml, site_templates/, ledger/) in tmp."""

    def __init__(self, root: Path):
        self.root = root

    def path(self, rel: str) -> Path:
        return self.root / rel

    def read(self, rel: str) -> str:
        return self.path(rel).read_text(encoding="utf-8")

    def write(self, rel: str, text: str | bytes) -> str:
        p = self.path(rel)
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            p.write_bytes(text)
        else:
            p.write_text(text, encoding="utf-8")
        return rel

    def edit(self, rel: str, old: str, new: str) -> str:
        text = self.read(rel)
        assert text.count(old) == 1, f"{old!r} must occur exactly once in {rel}"
        self.write(rel, text.replace(old, new))
        return rel

    def line_of(self, rel: str, needle: str) -> int:
        """1-based line of the single line containing `needle`."""
        hits = [i for i, line in enumerate(self.read(rel).splitlines(), 1) if needle in line]
        assert len(hits) == 1, f"{needle!r} is on lines {hits} of {rel}"
        return hits[0]

    def check(self):
        return check_ledger(self.root)


def copy_repo(dest: Path, print_sheets: bool = True) -> Repo:
    """The demo repository copied to `dest`; print_sheets=False turns the PDFs off (tests
    that do not look at them build faster)."""
    for name in ("mkdocs.yml",):
        shutil.copy2(REPO / name, dest / name)
    for name in ("site_templates", "ledger"):
        shutil.copytree(REPO / name, dest / name)
    repo = Repo(dest)
    if not print_sheets:
        repo.edit("mkdocs.yml", "print: true ", "print: false ")
    return repo


@pytest.fixture
def repo(tmp_path) -> Repo:
    return copy_repo(tmp_path)


@pytest.fixture
def empty_items(repo) -> Repo:
    """The demo estate and buildings, with no items (and no revenue or photos, which belong
    to them): for small inline ledgers."""
    shutil.rmtree(repo.path("ledger/items"))
    shutil.rmtree(repo.path("ledger/revenue"))
    shutil.rmtree(repo.path("ledger/media"))
    repo.path("ledger/items/2026").mkdir(parents=True)
    return repo


def find(problems, code):
    hits = [p for p in problems if p.code == code]
    assert hits, f"no {code} among: " + "; ".join(str(p) for p in problems)
    return hits


def only(problems, code, path, line):
    """Assert that a problem with this code is reported at exactly this path and line."""
    hits = find(problems, code)
    places = [(p.path, p.line) for p in hits]
    assert (path, line) in places, f"{code} at {places}, expected ({path}, {line})"
    return next(p for p in hits if (p.path, p.line) == (path, line))


ITEM = """\
id: {id}
kind: problem
title: 楼道灯不亮
description: 三楼楼道灯坏了
category: repairs
building: "2"
unit: "1"
complexity: {complexity}
filed: {filed}
channel: qr
"""


def item_text(id="261101-abcd", complexity="simple", filed="2026-11-01T09:00:00+08:00", extra=""):
    return ITEM.format(id=id, complexity=complexity, filed=filed) + extra


def yaml_quote(text: str) -> str:
    """A YAML double-quoted scalar that reads back as exactly `text`: escapes for the
    characters a YAML file cannot hold as themselves (controls, C1, surrogates, U+FFFE/F)."""
    out = []
    for ch in text:
        o = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif o < 0x20 or 0x7F <= o <= 0x9F or 0xD800 <= o <= 0xDFFF or o in (0xFFFE, 0xFFFF):
            out.append(f"\\x{o:02x}" if o <= 0xFF else f"\\u{o:04x}")
        elif o in (0x2028, 0x2029, 0xFEFF):  # line breaks to YAML; a BOM to some readers
            out.append(f"\\u{o:04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def git_pull_request(tmp_path: Path, print_sheets: bool = True, main_edit=None, subfolder: str = "",
                     branch: str | None = "pr") -> "Repo":
    """The demo committed on `main` of a new Git repository in tmp_path (after `main_edit`,
    if given; in `subfolder` of the work tree, as a repository holding several estates
    would), and `branch` checked out for a pull request's changes (None: stay on main): the
    setting of every `validate --base` test. The repo's Git handle is `.git`."""
    import git

    root = tmp_path / subfolder if subfolder else tmp_path
    root.mkdir(parents=True, exist_ok=True)
    repo = copy_repo(root, print_sheets=print_sheets)
    g = git.Repo.init(tmp_path, initial_branch="main")
    with g.config_writer() as c:
        c.set_value("user", "name", "Test").set_value("user", "email", "test@example.invalid")
    if main_edit is not None:
        main_edit(repo)
    g.git.add(A=True)
    g.index.commit("demo ledger")
    if branch:
        g.git.checkout(b=branch)
    repo.git = g
    return repo
