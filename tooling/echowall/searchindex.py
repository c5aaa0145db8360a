"""Site search: Pagefind indexes one small document per item and building page.

What a page is found by is its *search document* (site_templates/site/search.html.j2,
rendered with the page's own context): the page's tokens (search.py) by weight and what a
result shows, nothing else — lists, reports, statistics and the theme around pages are
never indexed. The documents are made from the site plan, not cut out of the built pages,
so the index does not wait for the site: `SearchIndexer.start()` (the plugin's on_files)
forks a process that renders the documents, stages them in a temporary folder and becomes
Pagefind (exec), at nice 10 beside MkDocs' page loop; `finish()` (on_post_build) waits
for it and moves the index into `site/pagefind/` at one step. Where a fork is not safe
(`mkdocs serve`) or not there, `finish()` does all of it in turn. A failure says why and
leaves no index behind; `echowall build` then leaves the old site as it was.

Why not the built pages: Pagefind spent half its time parsing 18 KB pages for the 1 KB it
reads, and a folder per page costs more than the page here (README, "Search", the budget).
The documents are staged flat (`i/<id>.html`), so a result's URL ends in `.html`; the
browser script turns it into the page's URL (`i/<id>/`).

The binary is Pagefind's extended build from the `pagefind[extended]` wheel, run directly
and checked to be the extended one (the `pagefind` package would quietly fall back to
another binary on PATH).
"""
from __future__ import annotations

import atexit
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from . import messages

OUTPUT = "pagefind"  # the folder under the site
GLOB = "{i,b}/*.html"  # the staged documents (stage())
# The tokens are made by search.py, not by Pagefind: "und" is a language Pagefind neither
# segments nor stems, at build time or in the browser.
LANGUAGE = "und"
# What the site's search script loads is pagefind.js, its worker, the WebAssembly and the
# index; Pagefind's ready-made interfaces are not used and are not published.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
TIMEOUT = 1800  # seconds; 20,000 items take well under a minute
LOG = "pagefind.log"  # in the staging folder: what Pagefind said
FAILED = "failed.txt"  # in the staging folder: why the documents could not be made

Docs = Callable[[], Iterable[tuple[str, str]]]  # -> (page path without .md: "i/<id>", document)


class SearchIndexError(Exception):
    """Indexing failed: a message code and its parameters (messages.yml)."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params

    def __str__(self) -> str:
        return messages.render(self.code, self.params)


@dataclass(frozen=True)
class Indexed:
    pages: int  # pages in the index
    binary: Path


def pagefind_binary() -> Path:
    """The extended Pagefind binary shipped in the pagefind-bin-extended wheel."""
    try:
        from pagefind_bin_extended import get_executable
        path = Path(get_executable())
    except (ImportError, FileNotFoundError):
        raise SearchIndexError("search-binary") from None
    if not path.name.startswith("pagefind_extended"):
        raise SearchIndexError("search-binary-not-extended", path=str(path))
    return path


def command(binary: Path, staged: Path, out: Path) -> list[str]:
    """Pagefind over the staged documents, the index into `out`."""
    return [str(binary), "--site", str(staged), "--glob", GLOB, "--force-language", LANGUAGE,
            "--output-path", str(out)]


def stage(docs: Iterable[tuple[str, str]], folder: Path) -> int:
    """Write the documents as `folder/i/<id>.html` and `folder/b/<id>.html`, one at a time
    (none is held); their number. Flat: a folder per document costs more than the document."""
    made: set[Path] = set()
    n = 0
    for path, text in docs:
        file = folder / f"{path}.html"
        if file.parent not in made:
            file.parent.mkdir(parents=True, exist_ok=True)
            made.add(file.parent)
        with open(file, "w", encoding="utf-8") as f:
            f.write(text)
        n += 1
    return n


_live: set["SearchIndexer"] = set()  # started, not finished: stopped and removed at exit (Ctrl-C)
atexit.register(lambda: [indexer.close() for indexer in list(_live)])


class SearchIndexer:
    """The search index of a site being built into `site` (see the module's docstring):
    start() when the site is planned, finish() when its pages are written, close() if the
    build stops. `docs` gives the documents; it runs in the forked process (or in finish())."""

    def __init__(self, site: Path | str, docs: Docs, background: bool = True, binary: Path | None = None):
        self.site = Path(site)
        self.docs = docs
        self.background = background and hasattr(os, "fork")
        self.binary = binary
        self.staged: Path | None = None
        self.out: Path | None = None
        self.pid: int | None = None

    def start(self) -> "SearchIndexer":
        self.binary = self.binary or pagefind_binary()
        self.site.mkdir(parents=True, exist_ok=True)
        self.staged = Path(tempfile.mkdtemp(prefix="echowall-search-"))
        _live.add(self)
        # beside site/pagefind/, so the index moves in by a rename
        self.out = self.site / f".{OUTPUT}-{os.getpid()}"
        _remove(self.out)
        if self.background:
            pid = os.fork()
            if pid == 0:  # pragma: no cover (the child never returns; its work is checked by finish())
                _child(self.docs, self.staged, command(self.binary, self.staged, self.out))
            self.pid = pid
        return self

    def finish(self) -> Indexed:
        """Wait for the index and put it at `site/pagefind/` (replacing what was there)."""
        if self.staged is None:
            self.start()
        try:
            if self.pid is not None:
                status = self._wait()
                failed = self.staged / FAILED
                if failed.is_file():
                    raise SearchIndexError("search-docs", error=failed.read_text(encoding="utf-8").strip())
                output = _read(self.staged / LOG)
            else:
                status, output = self._run_here()
            indexed = self._check(status, output)
            target = self.site / OUTPUT
            _remove(target)
            os.replace(self.out, target)
            for name in UNUSED:
                (target / name).unlink(missing_ok=True)
            return indexed
        finally:
            self.close()

    def close(self) -> None:
        """Stop the indexing process if it runs; remove what it made that is not in place."""
        _live.discard(self)
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:
                pass
            self.pid = None
        for folder in (self.staged, self.out):
            if folder is not None:
                _remove(folder)
        self.staged = self.out = None

    def _wait(self) -> int:
        _hurry(self.pid)
        deadline = time.monotonic() + TIMEOUT
        while True:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.pid = None
                return os.waitstatus_to_exitcode(status)
            if time.monotonic() > deadline:
                raise SearchIndexError("search-timeout", seconds=TIMEOUT)
            time.sleep(0.02)

    def _run_here(self) -> tuple[int, str]:
        try:
            stage(self.docs(), self.staged)
        except Exception as exc:  # as in the forked process
            raise SearchIndexError("search-docs", error=f"{type(exc).__name__}: {exc}") from None
        cmd = command(self.binary, self.staged, self.out)
        try:
            run = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
        except OSError as exc:
            raise SearchIndexError("search-run", path=str(self.binary), error=exc.strerror or str(exc)) from None
        except subprocess.TimeoutExpired:
            raise SearchIndexError("search-timeout", seconds=TIMEOUT) from None
        return run.returncode, (run.stdout or "") + (run.stderr or "")

    def _check(self, status: int, output: str) -> Indexed:
        if status == EXEC_FAILED:
            raise SearchIndexError("search-run", path=str(self.binary), error=output.strip())
        if status != 0:
            raise SearchIndexError("search-failed", status=status, output=_tail(output))
        if "(Extended)" not in output:
            # the wheel's binary, but not the build that says it is the extended one
            raise SearchIndexError("search-binary-not-extended", path=str(self.binary))
        m = re.search(r"Indexed (\d+) pages?", output)
        if not m or not (self.out / "pagefind.js").is_file():
            raise SearchIndexError("search-failed", status=status, output=_tail(output))
        return Indexed(pages=int(m.group(1)), binary=self.binary)


EXEC_FAILED = 71  # the forked process could not start Pagefind (its log says why)


def _child(docs: Docs, staged: Path, cmd: list[str]) -> None:  # pragma: no cover (runs forked)
    """The forked process: the documents, then Pagefind in its place. Never returns."""
    try:
        try:
            os.nice(10)  # MkDocs' page loop is the critical path
        except OSError:
            pass
        stage(docs(), staged)
        log = os.open(staged / LOG, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(log, 1)
        os.dup2(log, 2)
    except BaseException as exc:  # a template an estate edited, a full disk: said by finish()
        try:
            (staged / FAILED).write_text(f"{type(exc).__name__}: {exc}", encoding="utf-8")
        finally:
            os._exit(1)
    try:
        os.execv(cmd[0], cmd)
    except BaseException as exc:
        try:
            os.write(2, f"{exc.strerror if isinstance(exc, OSError) else exc}\n".encode())
        finally:
            os._exit(EXEC_FAILED)


def _hurry(pid: int) -> None:
    """The build waits for the index now: it is the critical path, so its threads get back
    the priority the build has, where the system lets a process raise it (root, or
    RLIMIT_NICE; else they stay at nice 10 — on a busy shared machine that is slow)."""
    try:
        threads = os.listdir(f"/proc/{pid}/task")
    except OSError:  # not Linux, or finished
        return
    mine = os.getpriority(os.PRIO_PROCESS, 0)
    for tid in threads:
        try:
            os.setpriority(os.PRIO_PROCESS, int(tid), mine)
        except (OSError, ValueError):
            return


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    else:
        shutil.rmtree(path, ignore_errors=True)


def _tail(output: str, lines: int = 12) -> str:
    return "\n".join(output.strip().splitlines()[-lines:])
