"""The ledger as it was at a Git revision (`echowall validate --base REV`), read with
gitpython without touching the working tree. Only the files the history check compares are
read: estate.yml, buildings.yml, items/**.yml and revenue/**.yml under the ledger folder.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .load import MAX_FILE_BYTES
from .yamlsrc import Doc, load_yaml


class BaseError(ValueError):
    """The base revision cannot be read (no Git repository, unknown revision)."""


@dataclass
class BaseLedger:
    rev: str
    commit: str
    buildings: Doc | None = None
    estate: Doc | None = None  # its settings bound what a change may do in the same pull request
    items: dict = field(default_factory=dict)  # path (relative to the repository root) -> Doc
    revenue: dict = field(default_factory=dict)

    def revenue_settings(self):
        """The base's revenue settings (model.RevenueSettings), or None when its estate.yml
        is missing or did not pass the format."""
        from .model import revenue_settings_of

        return revenue_settings_of(self.estate) if self.estate is not None else None

    def revenue_entries(self) -> frozenset:
        """(account folder, entry id) of every revenue entry at the base: what was published."""
        out = set()
        for path, doc in self.revenue.items():
            entries = doc.data.get("entries") if isinstance(doc.data, dict) else None
            for e in entries if isinstance(entries, list) else ():
                if isinstance(e, dict) and isinstance(e.get("id"), str):
                    out.add((PurePosixPath(path).parent.name, e["id"]))
        return frozenset(out)


def load_base(root: Path | str, ledger_dir: str, rev: str) -> BaseLedger:
    import git

    root = Path(root).resolve()
    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise BaseError(f"--base needs a Git repository, and {root} is not in one") from None
    try:
        commit = repo.commit(rev)
    except (git.BadName, ValueError, git.GitCommandError):
        raise BaseError(f"unknown revision '{rev}' (fetch it first, e.g. git fetch origin main)") from None
    top = Path(repo.working_tree_dir).resolve()
    prefix = root.relative_to(top).as_posix() if root != top else ""
    ledger = PurePosixPath(prefix, ledger_dir).as_posix() if prefix else ledger_dir
    base = BaseLedger(rev=rev, commit=commit.hexsha)
    try:
        tree = commit.tree / ledger
    except KeyError:
        return base  # no ledger at the base: everything is new
    for blob in tree.traverse():
        if blob.type != "blob" or not blob.path.endswith(".yml") or blob.size > MAX_FILE_BYTES:
            continue
        rel_to_ledger = PurePosixPath(blob.path).relative_to(ledger)
        rel = PurePosixPath(ledger_dir, rel_to_ledger).as_posix()  # as the loader names files
        parts = rel_to_ledger.parts
        if parts[0] not in ("items", "revenue", "buildings.yml", "estate.yml"):
            continue
        try:
            text = blob.data_stream.read().decode("utf-8")
        except UnicodeDecodeError:
            continue
        doc, problems = load_yaml(text, rel)
        if doc is None or problems:
            continue  # it was broken at the base: nothing published to protect
        if parts[0] == "items":
            base.items[rel] = doc
        elif parts[0] == "revenue":
            base.revenue[rel] = doc
        elif parts[0] == "estate.yml":
            base.estate = doc
        else:
            base.buildings = doc
    return base
