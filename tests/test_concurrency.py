"""Two commands at the same moment: volunteer commands take turns on one ledger (no change
lost, no file replaced), keep every byte of the file they edit (CRLF stays CRLF), and
`echowall build` swaps the site in without a moment where site/ is missing."""
from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from conftest import copy_repo
from echowall import cli, filing
from echowall.cli import main
from echowall.lock import folder_lock
from echowall.yamlsrc import load_yaml

ROOF_ID = "260415-7kq2"
ROOF = f"ledger/items/2026/{ROOF_ID}.yml"


def _invoke(root: Path, args: list, barrier, conn) -> None:
    barrier.wait()  # every process is started and ready: go together
    r = CliRunner().invoke(main, ["--root", str(root), "--lang", "en", *args])
    conn.send((r.exit_code, r.output))
    conn.close()


def at_once(root: Path, *commands: list) -> list[tuple[int, str]]:
    """Each command in its own process (forked: no start-up cost to spread them apart),
    released at one moment by a barrier; [(exit code, output)] in the order given."""
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(len(commands))
    procs, pipes = [], []
    for args in commands:
        recv, send = ctx.Pipe(duplex=False)
        p = ctx.Process(target=_invoke, args=(root, args, barrier, send))
        p.start()
        procs.append(p)
        pipes.append(recv)
    results = [r.recv() for r in pipes]
    for p in procs:
        p.join()
    return results


def inserted(old: bytes, new: bytes) -> bytes:
    """The one run of bytes `new` has that `old` has not; fails unless `new` is `old` with a
    single run inserted (every old byte kept, in place)."""
    i = 0
    while i < len(old) and old[i] == new[i]:
        i += 1
    j = 0
    while j < len(old) - i and old[len(old) - 1 - j] == new[len(new) - 1 - j]:
        j += 1
    assert i + j == len(old), "bytes of the old file were changed or lost"
    return new[i:len(new) - j]


def events(repo, rel=ROOF) -> list[dict]:
    doc, problems = load_yaml(repo.read(rel), rel)
    assert problems == []
    return doc.data["events"]


def test_twenty_pairs_of_simultaneous_events_keep_all_forty(tmp_path):
    repo = copy_repo(tmp_path, print_sheets=False)
    before = len(events(repo))
    for i in range(20):
        results = at_once(repo.root, ["event", ROOF_ID, "urged", "--note", f"urge {i}a"],
                          ["event", ROOF_ID, "urged", "--note", f"urge {i}b"])
        assert [code for code, _ in results] == [0, 0], results
        assert all(out.startswith("added urged to") for _, out in results), results
    notes = [e.get("note") for e in events(repo)[before:]]
    assert sorted(notes) == sorted(f"urge {i}{s}" for i in range(20) for s in "ab")
    assert [p for p in repo.check().problems if p.severity == "error"] == []


def photo(tmp_path) -> Path:
    path = tmp_path / "photo.png"
    Image.new("RGB", (40, 30), (200, 100, 50)).save(path)
    return path


def test_an_event_and_a_photo_at_once_keep_both(tmp_path):
    repo = copy_repo(tmp_path, print_sheets=False)
    src = photo(tmp_path)
    for i in range(3):
        results = at_once(repo.root, ["event", ROOF_ID, "urged", "--note", f"urge {i}"],
                          ["media", "add", str(src), "--item", ROOF_ID])
        assert [code for code, _ in results] == [0, 0], results
    doc, _ = load_yaml(repo.read(ROOF), ROOF)
    assert [e.get("note") for e in doc.data["events"][-3:]] == [f"urge {i}" for i in range(3)]
    assert doc.data["photos"] == ["2026/260415-7kq2-1.jpg"] + [f"2026/{ROOF_ID}-{n}.png" for n in (2, 3, 4)]
    for n in (2, 3, 4):
        assert repo.path(f"ledger/media/2026/{ROOF_ID}-{n}.png").is_file()
    assert [p for p in repo.check().problems if p.severity == "error"] == []


NEW = ["new", "--no-input", "--kind", "problem", "--description", "二楼到三楼的灯坏了", "--category", "repairs",
       "--building", "2", "--unit", "1", "--complexity", "simple", "--channel", "phone",
       "--filed", "2026-11-21T09:00:00+08:00", "--id", "261121-k7qd"]


def test_two_new_with_one_id_at_once_one_wins_and_is_kept(tmp_path):
    repo = copy_repo(tmp_path, print_sheets=False)
    rel = "ledger/items/2026/261121-k7qd.yml"
    for _ in range(3):
        results = at_once(repo.root, [*NEW, "--title", "甲：楼道灯不亮"], [*NEW, "--title", "乙：楼道灯不亮"])
        codes = sorted(code for code, _ in results)
        assert codes == [0, 1], results
        winner = next(out for code, out in results if code == 0)
        loser = next(out for code, out in results if code == 1)
        assert loser.strip() == "echowall: item '261121-k7qd' already exists; nothing was written"
        assert "Traceback" not in loser
        title = "甲" if results[0][0] == 0 else "乙"
        assert f"wrote {rel}" in winner
        assert f"title: {title}：楼道灯不亮" in repo.read(rel)  # the winner's file, not replaced
        repo.path(rel).unlink()
    assert not [p for p in repo.path("ledger/items/2026").iterdir() if p.name.startswith(".")]


def test_new_never_replaces_a_file_that_appears_after_the_check(tmp_path, monkeypatch):
    """Even without the lock (another program writing the ledger), `new` creates its file
    only if the name is free."""
    from contextlib import nullcontext

    repo = copy_repo(tmp_path, print_sheets=False)
    rel = "ledger/items/2026/261121-k7qd.yml"
    import echowall.files as files

    real = files.write_new

    def racing(path, data):  # someone else's file lands between the check and the write
        path.write_text("someone else's\n", encoding="utf-8")
        return real(path, data)

    monkeypatch.setattr(filing, "ledger_lock", lambda root, ledger_dir: nullcontext())
    monkeypatch.setattr(files, "write_new", racing)
    r = CliRunner().invoke(main, ["--root", str(repo.root), "--lang", "en", *NEW, "--title", "楼道灯不亮"])
    assert r.exit_code == 1
    assert r.output.strip() == "echowall: item '261121-k7qd' already exists; nothing was written"
    assert repo.read(rel) == "someone else's\n"


def test_a_held_lock_makes_the_command_wait_then_fail_in_one_line(tmp_path, monkeypatch):
    repo = copy_repo(tmp_path, print_sheets=False)
    monkeypatch.setattr(filing, "LOCK_WAIT", 0.3)
    old = repo.path(ROOF).read_bytes()
    commands = [["event", ROOF_ID, "urged"], ["rate", ROOF_ID, "3", "--outcome", "partly"],
                [*NEW, "--title", "楼道灯不亮"], ["media", "add", str(photo(tmp_path)), "--item", ROOF_ID]]
    with folder_lock(repo.path("ledger"), wait=0):
        for args in commands:
            start = time.monotonic()
            r = CliRunner().invoke(main, ["--root", str(repo.root), "--lang", "en", *args])
            assert time.monotonic() - start >= 0.3
            assert r.exit_code == 1, r.output
            assert r.output == ("echowall: another echowall command is changing ledger/ (waited 0.3 s); "
                                "nothing was changed — try again in a moment\n")
    assert repo.path(ROOF).read_bytes() == old
    assert not repo.path("ledger/items/2026/261121-k7qd.yml").exists()
    assert not list(repo.path("ledger/media/2026").glob(f"{ROOF_ID}-2.*"))
    # the lock is the folder's own: released, the next command goes through
    assert CliRunner().invoke(main, ["--root", str(repo.root), "--lang", "en", *commands[0]]).exit_code == 0


def test_a_killed_commands_temporary_file_is_removed_by_the_next(tmp_path):
    repo = copy_repo(tmp_path, print_sheets=False)
    stale = repo.path(f"ledger/items/2026/.{ROOF_ID}.yml.tmp-99999")
    stale.write_text("half an item")
    other = repo.path("ledger/items/2026/.notes.tmp-1")  # not ours: stays
    other.write_text("x")
    assert CliRunner().invoke(main, ["--root", str(repo.root), "--lang", "en", "event", ROOF_ID, "urged"]).exit_code == 0
    assert not stale.exists() and other.exists()


def _crlf(text: str, final_newline: bool = True) -> bytes:
    data = text.replace("\n", "\r\n").encode("utf-8")
    return data if final_newline else data.rstrip(b"\r\n")


@pytest.mark.parametrize("final_newline", [True, False], ids=["crlf", "crlf-no-final-newline"])
@pytest.mark.parametrize("command", ["event", "rate", "media"])
def test_a_crlf_file_stays_crlf_byte_for_byte(tmp_path, command, final_newline):
    repo = copy_repo(tmp_path, print_sheets=False)
    if command == "rate":  # a rating follows a resolved event
        rel = "ledger/items/2026/260305-dm3a.yml"
        item = "260305-dm3a"
        args = ["rate", item, "4", "--outcome", "fixed", "--comment", "回访：好了"]
    else:
        rel, item = ROOF, ROOF_ID
        args = (["event", item, "urged", "--note", "又问了一次"] if command == "event"
                else ["media", "add", str(photo(tmp_path)), "--item", item])
    old = _crlf(repo.read(rel), final_newline)
    repo.write(rel, old)
    r = CliRunner().invoke(main, ["--root", str(repo.root), "--lang", "en", *args])
    assert r.exit_code == 0, r.output
    new = repo.path(rel).read_bytes()
    block = inserted(old, new)
    assert b"\n" not in block.replace(b"\r\n", b"")  # every inserted line ends in CRLF
    assert new.count(b"\n") == new.count(b"\r\n")
    assert {"event": "又问了一次", "rate": "回访：好了", "media": f"{ROOF_ID}-2.png"}[command] in block.decode()
    assert [p for p in repo.check().problems if p.severity == "error"] == []


@pytest.mark.parametrize("eol", ["\r\n", "\n"])
def test_appending_after_a_last_line_without_a_line_break(tmp_path, eol):
    """The list is the file's last key and its last line has no line break: the line is
    ended with the file's own line ending, then the new entry follows (and ends with one)."""
    from conftest import item_text

    repo = copy_repo(tmp_path, print_sheets=False)
    rel = "ledger/items/2026/261101-abcd.yml"
    text = item_text(extra="events:\n  - at: 2026-11-01T10:00:00+08:00\n    type: dispatched\n"
                           "    tier: property\n    role: property")
    old = text.replace("\n", eol).encode("utf-8")
    repo.write(rel, old)
    r = CliRunner().invoke(main, ["--root", str(repo.root), "--lang", "en", "event", "261101-abcd", "accepted", "--role", "property"])
    assert r.exit_code == 0, r.output
    new = repo.path(rel).read_bytes()
    block = inserted(old, new)
    assert new.startswith(old) and block.startswith(eol.encode() + b"  - at: ") and new.endswith(eol.encode())
    assert block.count(eol.encode()) == 4 and new.count(b"\n") == new.count(eol.encode())
    assert [e["type"] for e in events(repo, rel)] == ["dispatched", "accepted"]


def test_a_file_that_is_not_utf8_is_refused_in_one_line(tmp_path):
    repo = copy_repo(tmp_path, print_sheets=False)
    old = repo.read(ROOF).encode("gbk")
    repo.write(ROOF, old)
    r = CliRunner().invoke(main, ["--root", str(repo.root), "--lang", "en", "event", ROOF_ID, "urged"])
    assert r.exit_code == 1
    assert r.output == f"echowall: {ROOF} is not UTF-8 text; save it as UTF-8 (without BOM) first\n"
    assert repo.path(ROOF).read_bytes() == old


# -- echowall build: the site swapped in at one step ----------------------------------------

AS_OF = "2026-11-20T18:00+08:00"

# Reads site/index.html whole every 2 ms; in between, for 1 ms, looks it up as fast as it can
# (a swap done as two renames leaves site/ missing for microseconds: this catches it).
POLLER = r"""
import json, os, sys, time
site, ready, stop = sys.argv[1:4]
index = os.path.join(site, "index.html")
reads = lookups = missing = partial = 0
open(ready, "w").close()
while not os.path.exists(stop):
    try:
        with open(index, "rb") as f:
            data = f.read()
    except (FileNotFoundError, NotADirectoryError):
        missing += 1
    else:
        reads += 1
        if not data.rstrip().endswith(b"</html>"):
            partial += 1
    burst = time.monotonic() + 0.001
    while time.monotonic() < burst:
        lookups += 1
        if not os.path.exists(index):
            missing += 1
    time.sleep(0.001)
print(json.dumps({"reads": reads, "lookups": lookups, "missing": missing, "partial": partial}))
"""


def small_repo(tmp_path: Path):
    """The demo estate with one item, no print sheets, one process: a quick build."""
    import shutil

    from conftest import item_text

    repo = copy_repo(tmp_path, print_sheets=False)
    shutil.rmtree(repo.path("ledger/items"))
    shutil.rmtree(repo.path("ledger/revenue"))
    shutil.rmtree(repo.path("ledger/media"))  # its photos belong to the items removed
    repo.write("ledger/items/2026/261101-abcd.yml", item_text())
    # rendered in the build process: forked workers at nice 10 wait long on a busy machine
    repo.edit("mkdocs.yml", "      reports: 3", "      reports: 3\n      jobs: 1")
    return repo


def build(root: Path, *extra):
    r = CliRunner().invoke(main, ["--root", str(root), "--lang", "en", "build", "--as-of", AS_OF, *extra])
    assert "Traceback" not in r.output, r.output
    return r


def beside(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name == "site" or p.name.startswith("site."))


@pytest.fixture
def without_exchange(monkeypatch):
    """A system without renameat2 (macOS, BSD, old C library): the link scheme."""
    from echowall import swap

    monkeypatch.setattr(swap, "_renameat2", lambda: None)


@pytest.mark.parametrize("scheme, builds", [("exchange", 10), ("link", 2)])
def test_a_reader_never_finds_the_site_missing_through_consecutive_builds(tmp_path, request, scheme, builds):
    import json
    import subprocess
    import sys

    if scheme == "link":
        request.getfixturevalue("without_exchange")
    repo = small_repo(tmp_path)
    assert build(repo.root).exit_code == 0  # there is a site to read from the start
    ready, stop = tmp_path / "ready", tmp_path / "stop"
    poller = subprocess.Popen([sys.executable, "-c", POLLER, str(repo.root / "site"), str(ready), str(stop)],
                              stdout=subprocess.PIPE, text=True)
    try:
        while not ready.exists():
            time.sleep(0.01)
        start = time.monotonic()
        for _ in range(builds):
            r = build(repo.root)
            assert r.exit_code == 0, r.output
        took = time.monotonic() - start
    finally:
        stop.touch()
        seen = json.loads(poller.communicate(timeout=30)[0])
    assert seen["missing"] == 0 and seen["partial"] == 0, seen
    assert seen["reads"] > took / 0.01, seen  # it kept reading all along
    if scheme == "exchange":
        assert beside(repo.root) == ["site"] and not (repo.root / "site").is_symlink()
    else:  # site -> site.live-<n>, nothing else
        live = [n for n in beside(repo.root) if n != "site"]
        assert len(live) == 1 and live[0].startswith("site.live-")
        assert (repo.root / "site").is_symlink() and (repo.root / "site").resolve().name == live[0]
        # the Pages upload (actions/upload-pages-artifact, `path: site`) archives it so
        tar = subprocess.run(["tar", "--dereference", "--hard-dereference", "--directory", str(repo.root / "site"),
                              "-cvf", str(tmp_path / "artifact.tar"), "--exclude=.git", "--exclude=.github", "."],
                             capture_output=True, text=True)
        assert tar.returncode == 0, tar.stderr
        assert "./index.html" in tar.stdout.split() and "./i/261101-abcd/index.html" in tar.stdout.split()


@pytest.mark.parametrize("scheme, start, gaps", [
    ("exchange", "folder", 0), ("exchange", "link", 0), ("exchange", "none", 0),
    ("link", "link", 0), ("link", "none", 0),
    ("link", "folder", 1),  # the one documented moment: a real folder becomes a link
])
def test_swap_in_leaves_a_whole_site_after_every_step(tmp_path, monkeypatch, scheme, start, gaps):
    """After each rename, link or exchange swap_in makes, site/index.html is there, old or
    new (a deterministic check of what the poller above samples)."""
    import os

    from echowall import swap

    if scheme == "link":
        monkeypatch.setattr(swap, "_renameat2", lambda: None)
    elif swap._renameat2() is None:
        pytest.skip("no renameat2 here")
    target = tmp_path / "site"

    def site(folder: Path, text: str):
        folder.mkdir()
        (folder / "index.html").write_text(text)

    if start == "folder":
        site(target, "old")
    elif start == "link":
        site(tmp_path / "site.live-1700000000000000000", "old")
        target.symlink_to("site.live-1700000000000000000")
    new = swap.build_folder(target)
    site(new, "new")
    seen = []

    def watched(fn):
        def step(*args, **kwargs):
            result = fn(*args, **kwargs)
            index = target / "index.html"
            seen.append((fn.__name__, index.read_text() if index.exists() else None))
            return result
        return step

    for name in ("rename", "replace", "symlink", "unlink"):
        monkeypatch.setattr(os, name, watched(getattr(os, name)))
    monkeypatch.setattr(swap, "exchange", watched(swap.exchange))
    swap.swap_in(new, target)
    monkeypatch.undo()
    assert seen
    expected = {"old", "new"} if start != "none" else {None, "new"}
    assert {text for _, text in seen} <= expected | {None}
    if start != "none":
        assert sum(text is None for _, text in seen) == gaps, seen
    assert (target / "index.html").read_text() == "new"
    swap.remove_leftovers(target)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == (["site"] if not target.is_symlink() else ["site", target.resolve().name])


def test_leftovers_of_killed_builds_are_removed_by_the_next(tmp_path):
    repo = small_repo(tmp_path)
    root = repo.root
    for name in ("site.tmp-12345", "site.tmp-old-678", "site.live-1700000000000000000"):
        (root / name / "i").mkdir(parents=True)
        (root / name / "i" / "index.html").write_text("<html></html>")
    (root / "site.tmp-link-99").symlink_to("site.live-1700000000000000000")
    mine = ("site.backup", "site.old-2023", "site.live-2", "sites")  # a person's: kept
    for name in mine:
        (root / name).mkdir()
    assert build(root).exit_code == 0
    assert beside(root) == ["site", "site.backup", "site.live-2", "site.old-2023"] and (root / "sites").is_dir()


def test_the_link_scheme_swaps_back_to_a_folder_where_the_exchange_works(tmp_path, monkeypatch):
    """A site built as a link (another machine, another file system) is exchanged for a real
    folder by the next build here; the link and its folder are removed."""
    from echowall import swap

    repo = small_repo(tmp_path)
    real = swap._renameat2
    monkeypatch.setattr(swap, "_renameat2", lambda: None)
    assert build(repo.root).exit_code == 0
    assert (repo.root / "site").is_symlink()
    monkeypatch.setattr(swap, "_renameat2", real)
    assert build(repo.root).exit_code == 0
    assert beside(repo.root) == ["site"] and not (repo.root / "site").is_symlink()
    assert (repo.root / "site" / "index.html").is_file()


@pytest.mark.parametrize("failure", ["ENOSPC", "interrupt"])
def test_a_failed_build_removes_its_folder_and_keeps_the_site(tmp_path, monkeypatch, failure):
    import errno

    import mkdocs.utils

    repo = small_repo(tmp_path)
    assert build(repo.root).exit_code == 0
    (repo.root / "site" / "marker").write_text("previous")
    before = {p.relative_to(repo.root / "site"): p.read_bytes() for p in (repo.root / "site").rglob("*") if p.is_file()}
    real = mkdocs.utils.write_file
    written = []

    def full_disk(content, output_path):  # the disk fills up after a few pages
        if len(written) == 5:
            if failure == "interrupt":
                raise KeyboardInterrupt
            raise OSError(errno.ENOSPC, "No space left on device", output_path)
        written.append(output_path)
        real(content, output_path)

    monkeypatch.setattr(mkdocs.utils, "write_file", full_disk)
    r = build(repo.root)
    assert r.exit_code == 1
    assert all(p.startswith(str(repo.root / "site.tmp-")) for p in written)  # built beside, not in site/
    if failure == "ENOSPC":
        last = r.output.strip().splitlines()[-1]
        assert last.startswith("echowall: build failed, site/ left as it was: No space left on device (")
        assert last.endswith("index.html)")
    assert beside(repo.root) == ["site"]
    after = {p.relative_to(repo.root / "site"): p.read_bytes() for p in (repo.root / "site").rglob("*") if p.is_file()}
    assert after == before


def test_a_second_build_at_the_same_time_fails_at_once(tmp_path):
    repo = small_repo(tmp_path)
    with folder_lock(repo.root, wait=0):  # what a running build holds: the folder of site/
        start = time.monotonic()
        r = build(repo.root)
    assert time.monotonic() - start < 5
    assert r.exit_code == 1
    assert r.output == (f"echowall: another `echowall build` is writing site/ in {repo.root}; "
                        f"site/ left as it was (try again when it has finished)\n")
    assert beside(repo.root) == []
