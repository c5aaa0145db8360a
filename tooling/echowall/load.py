"""ledger/ -> parsed documents and problems. Reads files; judges only what a file *is*.

The layout (see docs/ledger-format.md):

    ledger/estate.yml                  facts about the estate, roles, tiers, categories
    ledger/buildings.yml               buildings and their units
    ledger/items/<year>/<id>.yml       one problem, need or resource each
    ledger/revenue/<account>/<period>.yml   public revenue (checked by its own module)
    ledger/media/                      photos attached to items
"""
from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problem, Source, error, warning
from .yamlsrc import Doc, load_yaml

MAX_FILE_BYTES = 256 * 1024  # an item is a few KB; anything this big is refused before parsing


@dataclass
class RawLedger:
    root: Path  # the repository root; every path in a problem is relative to it
    ledger_dir: Path
    estate: Doc | None = None
    buildings: Doc | None = None
    items: list[Doc] = field(default_factory=list)
    revenue: list[Doc] = field(default_factory=list)
    item_files: list[str] = field(default_factory=list)  # every item file found, readable or not
    problems: list[Problem] = field(default_factory=list)


def _rel(root: Path, p: Path) -> str:
    try:
        return p.relative_to(root).as_posix()
    except ValueError:
        return p.as_posix()


def read_doc(path: Path, rel: str, override: str | None = None) -> tuple[Doc | None, list[Problem]]:
    """Read and parse one file, turning every way it can be unreadable into a problem.
    `override` is the text to check instead of what is on disk (a change not yet written)."""
    where = Source(rel, 1, 1)
    if override is not None:
        data = override.encode("utf-8")
        size = len(data)
    else:
        try:
            size = path.stat().st_size
        except OSError as exc:
            return None, [error(Source(rel), "file-unreadable", strerror=exc.strerror)]
    if size > MAX_FILE_BYTES:
        return None, [error(Source(rel), "file-too-large",
                            size_kb=size // 1024, max_kb=MAX_FILE_BYTES // 1024)]
    if override is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            return None, [error(Source(rel), "file-unreadable", strerror=exc.strerror)]
    if b"\0" in data:
        return None, [error(where, "file-binary")]
    if data.startswith(b"\xef\xbb\xbf"):
        return None, [error(where, "file-bom")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [error(Source(rel, line, col), "file-encoding")]
    doc, problems = load_yaml(text, rel)
    if problems and doc is not None and doc.data is None:
        return None, problems  # unparseable: the syntax problem says it all ("empty" would mislead)
    return doc, problems


def resolve_link(path: Path) -> Path | None:
    """Where a path really leads, or None when it is a symbolic link loop (a → b → a): Python
    before 3.13 raises RuntimeError for that, later versions OSError (ELOOP)."""
    try:
        return path.resolve()
    except RuntimeError:
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None
        raise


def _link_problem(path: Path, rel: str, ledger: Path) -> Problem | None:
    """Every symbolic link is refused (even to a file inside: the history check reads
    files, not links); one that loops says so."""
    if not path.is_symlink():
        return None
    try:
        looped = resolve_link(path) is None
    except OSError:
        looped = False
    if looped:
        return error(Source(rel), "file-symlink-loop")
    return error(Source(rel), "file-symlink")


def _ledger_files(root: Path, ledger: Path, folder: Path, problems: list[Problem]) -> list[str]:
    """Every *.yml under folder (paths relative to root, sorted as the walk meets them:
    folders in name order, files in name order); symbolic links are refused, never
    followed. One scandir per folder and plain strings: listing 20,000 items is a
    directory read, not 20,000 path objects and stat calls."""
    out: list[str] = []
    top = str(root)
    start = str(folder)
    if not os.path.isdir(start):
        return out

    def rel(path: str) -> str:
        if path.startswith(top + os.sep):
            return path[len(top) + 1:].replace(os.sep, "/")
        return _rel(root, Path(path))

    def walk(dirpath: str) -> None:
        try:
            with os.scandir(dirpath) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            return
        folders = []
        for e in entries:
            if e.is_symlink():
                if e.name.startswith(".") and not _is_dir_link(e.path):
                    continue
                if _is_dir_link(e.path):
                    problems.append(error(Source(rel(e.path)), "file-symlink", 'folder'))
                else:
                    problems.append(_link_problem(Path(e.path), rel(e.path), ledger))
                continue
            if e.is_dir(follow_symlinks=False):
                folders.append(e.path)
                continue
            name = e.name
            if name.startswith("."):
                continue
            r = rel(e.path)
            if name.endswith(".yaml"):
                problems.append(error(Source(r), "file-name"))
            elif not name.endswith(".yml"):
                problems.append(warning(Source(r), "file-unexpected"))
            else:
                out.append(r)
        for d in folders:
            walk(d)

    walk(start)
    return out


def _is_dir_link(path: str) -> bool:
    try:
        return os.path.isdir(path)
    except OSError:
        return False


def list_item_files(root: Path | str, ledger_dir: str = "ledger") -> list[str]:
    """The item files load_ledger would read, relative to root, in its order."""
    root = Path(root).resolve()
    lroot = root / ledger_dir
    return sorted(_ledger_files(root, lroot, lroot / "items", []))


def load_ledger(root: Path | str, ledger_dir: str = "ledger", overrides: dict | None = None,
                only_items: frozenset | None = None, revenue: bool = True) -> RawLedger:
    """Read ledger/ under the repository `root`. Never raises for anything in the files.
    `overrides` maps paths (relative to root) to text to check instead of the disk's:
    the volunteer commands validate a change before they write it. A shard of a parallel
    check reads only the item files in `only_items` (all are still listed, so every item id
    is known) and, with revenue=False, no revenue files."""
    root = Path(root).resolve()
    overrides = overrides or {}
    lroot = (root / ledger_dir)
    raw = RawLedger(root=root, ledger_dir=lroot)
    if not lroot.is_dir():
        raw.problems.append(error(Source(_rel(root, lroot)), "ledger-missing",
                                  root=_rel(root, lroot)))
        return raw
    if lroot.is_symlink():
        raw.problems.append(error(Source(_rel(root, lroot)), "file-symlink", "folder"))
        return raw
    for name in ("estate", "buildings"):
        p = lroot / f"{name}.yml"
        rel = _rel(root, p)
        bad_link = _link_problem(p, rel, lroot)
        if bad_link is not None:
            raw.problems.append(bad_link)
            continue
        if not p.is_file():
            raw.problems.append(error(Source(rel), "file-missing", rel=rel))
            continue
        doc, problems = read_doc(p, rel, overrides.get(rel))
        raw.problems.extend(problems)
        setattr(raw, name, doc)
    for folder in ("items", "revenue") if revenue else ("items",):
        files = _ledger_files(root, lroot, lroot / folder, raw.problems)
        known = set(files)
        prefix = _rel(root, lroot / folder) + "/"
        files += [rel for rel in overrides if rel.startswith(prefix) and rel not in known]
        for rel in sorted(files):
            if folder == "items":
                raw.item_files.append(rel)
                if only_items is not None and rel not in only_items:
                    continue
            doc, problems = read_doc(root / rel, rel, overrides.get(rel))
            raw.problems.extend(problems)
            if doc is not None:
                (raw.items if folder == "items" else raw.revenue).append(doc)
    return raw



def symlinks_in(root: Path | str, ledger_dir: str = "ledger") -> list[tuple[str, Path]]:
    """Every symbolic link under the ledger folder: (path relative to root, where it points)."""
    root = Path(root)
    lroot = root / ledger_dir
    found = []
    if lroot.is_symlink():
        found.append((_rel(root, lroot), lroot.resolve()))
        return found
    for dirpath, dirnames, filenames in os.walk(lroot, followlinks=False):
        base = Path(dirpath)
        for name in sorted(dirnames + filenames):
            p = base / name
            if p.is_symlink():
                found.append((_rel(root, p), p.resolve()))
        dirnames[:] = sorted(d for d in dirnames if not (base / d).is_symlink())
    return sorted(found)
