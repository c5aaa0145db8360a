"""The lock: what is installed is exactly what requirements/ pins, the two lock files agree,
and pyproject.toml's ranges stop before the next major of everything.

The drift workflow (.github/workflows/drift.yml) installs the newest versions instead and
deselects test_installed_versions_match_the_lock; everything else runs there too."""
from __future__ import annotations

import re
import tomllib
from importlib import metadata

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import REPO

# Not from the lock: the venv's installer, and the project itself (installed with --no-deps).
NOT_LOCKED = {"pip", "echowall"}


def read_lock(path) -> dict[str, str]:
    """{canonical name: version} of the entries of a uv/pip-compile lock that apply here."""
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Za-z0-9_.-]+)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$", line)
        if not m:
            continue
        name, version, marker = m.groups()
        if marker and not Marker(marker).evaluate():
            continue
        pins[canonicalize_name(name)] = version
    return pins


def lock_hashes(path) -> dict[str, int]:
    """{name: number of --hash lines} for every entry."""
    counts, name = {}, None
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Za-z0-9_.-]+)==", line)
        if m:
            name = canonicalize_name(m.group(1))
            counts.setdefault(name, 0)
        elif name and line.strip().startswith("--hash=sha256:"):
            counts[name] += 1
    return counts


def test_read_lock_parses_pins_and_markers(tmp_path):
    lock = tmp_path / "l.txt"
    lock.write_text(
        "# comment\n"
        "PyYAML==6.0.4 \\\n    --hash=sha256:aa\n"
        "soupsieve==2.10 ; python_full_version < '3.0' \\\n    --hash=sha256:bb\n"
        "soupsieve==4.1.3 ; python_full_version >= '3.0' \\\n    --hash=sha256:cc\n"
        "    # via beautifulsoup4\n",
        encoding="utf-8",
    )
    assert read_lock(lock) == {"pyyaml": "6.0.4", "soupsieve": "4.1.3"}


def test_installed_versions_match_the_lock():
    """Every locked package is installed at its locked version, and nothing unlocked is
    installed (a leftover or a hand-installed package would make CI differ from a clone)."""
    locked = read_lock(REPO / "requirements" / "test.txt")
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    wrong = {n: (v, installed.get(n)) for n, v in locked.items() if installed.get(n) != v}
    extra = sorted(set(installed) - set(locked) - NOT_LOCKED)
    assert wrong == {}, "installed differs from requirements/test.txt (locked, installed); run make test again"
    assert extra == [], "installed but not in requirements/test.txt (make clean, then make test)"


def test_every_lock_entry_has_hashes():
    for name in ("site.txt", "test.txt"):
        counts = lock_hashes(REPO / "requirements" / name)
        assert len(counts) > 20
        assert [n for n, c in counts.items() if c == 0] == [], name


def test_site_lock_is_the_test_lock_without_test_tools():
    site = read_lock(REPO / "requirements" / "site.txt")
    test = read_lock(REPO / "requirements" / "test.txt")
    assert {n: v for n, v in site.items() if test.get(n) != v} == {}
    assert "pytest" not in site and "playwright" not in site  # make site installs no test tools
    assert {"mkdocs", "mkdocs-material", "pyyaml", "setuptools"} <= set(site)


def test_the_lock_covers_pyproject():
    """A dependency added to pyproject.toml without `make lock` fails here, not on a clone."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    site = read_lock(REPO / "requirements" / "site.txt")
    test = read_lock(REPO / "requirements" / "test.txt")
    for spec, lock in [(s, site) for s in project["dependencies"]] + [
        (s, test) for s in project["optional-dependencies"]["test"]
    ]:
        req = Requirement(spec)
        name = canonicalize_name(req.name)
        assert name in lock, f"{name} is in pyproject.toml but not locked: run make lock"
        assert req.specifier.contains(lock[name], prereleases=True), f"{name}=={lock[name]} is outside {req.specifier}"


def test_every_range_stops_before_the_next_major():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    unbounded = []
    for spec in project["dependencies"] + project["optional-dependencies"]["test"]:
        req = Requirement(spec)
        if canonicalize_name(req.name) == "tzdata":  # data only, released by date
            continue
        if not any(s.operator in ("<", "<=", "==", "~=") for s in req.specifier):
            unbounded.append(req.name)
    assert unbounded == []
    assert Requirement(next(s for s in project["dependencies"] if s.startswith("mkdocs>"))).specifier.contains("2.0") is False


def test_make_installs_from_the_lock_with_hashes():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "--require-hashes --no-deps -r requirements/site.txt" in makefile
    assert "--require-hashes --no-deps -r requirements/test.txt" in makefile
    assert "-e '.[test]'" not in makefile
