"""Site search: Pagefind indexes the built site's item and building pages.

Runs after the pages are written — in the plugin's post-build step, so `mkdocs build`,
`mkdocs serve` and `echowall build` (which builds into a temporary folder and swaps it in
afterwards: a failed index leaves the old site) all index the same way. The binary is
Pagefind's extended build from the `pagefind[extended]` wheel, run directly and checked to be
the extended one (the `pagefind` package would quietly fall back to another binary on PATH).

What a page is found by is decided by the pages themselves: only the element marked
`data-pagefind-body` is read (item and building pages have one, holding the tokens of
search.py); lists, reports, statistics and the theme around pages are never indexed.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from . import messages

OUTPUT = "pagefind"  # the folder under the site
GLOB = "{i,b}/*/index.html"  # item and building pages; the rest has no data-pagefind-body anyway
# The tokens are made by search.py, not by Pagefind: "und" is a language Pagefind neither
# segments nor stems, at build time or in the browser.
LANGUAGE = "und"
# What the site's search script loads is pagefind.js, its worker, the WebAssembly and the
# index; Pagefind's ready-made interfaces are not used and are not published.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
TIMEOUT = 1800  # seconds; 20,000 items take well under a minute


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


def index_site(site: Path, binary: Path | None = None) -> Indexed:
    """Index the built site at `site` into `site/pagefind/` (replacing what was there)."""
    site = Path(site)
    binary = binary or pagefind_binary()
    out = site / OUTPUT
    if out.is_symlink() or out.is_file():
        out.unlink()
    shutil.rmtree(out, ignore_errors=True)
    cmd = [str(binary), "--site", str(site), "--glob", GLOB, "--force-language", LANGUAGE,
           "--output-subdir", OUTPUT]
    try:
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
    except OSError as exc:
        raise SearchIndexError("search-run", path=str(binary), error=exc.strerror or str(exc)) from None
    except subprocess.TimeoutExpired:
        raise SearchIndexError("search-timeout", seconds=TIMEOUT) from None
    output = (run.stdout or "") + (run.stderr or "")
    if run.returncode != 0:
        raise SearchIndexError("search-failed", status=run.returncode, output=_tail(output))
    if "(Extended)" not in output:
        # the wheel's binary, but not the build that says it is the extended one
        raise SearchIndexError("search-binary-not-extended", path=str(binary))
    m = re.search(r"Indexed (\d+) pages?", output)
    if not m or not (out / "pagefind.js").is_file():
        raise SearchIndexError("search-failed", status=run.returncode, output=_tail(output))
    for name in UNUSED:
        (out / name).unlink(missing_ok=True)
    return Indexed(pages=int(m.group(1)), binary=binary)


def _tail(output: str, lines: int = 12) -> str:
    return "\n".join(output.strip().splitlines()[-lines:])
