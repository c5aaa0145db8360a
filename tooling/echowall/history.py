"""The ledger as it was at a Git revision (`echowall validate --base REV`), read with
gitpython without touching the working tree. Only the files the history check compares are
read: buildings.yml, items/**.yml and revenue/**.yml under the ledger folder, and mkdocs.yml
(its site_url is printed in every QR code).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .load import MAX_FILE_BYTES
from .siteconfig import CONFIG_FILE, SiteDoc, parse_site_config
from .yamlsrc import Doc, load_yaml


class BaseError(ValueError):
    """The base revision cannot be read (no Git repository, unknown revision)."""


@dataclass
class BaseLedger:
    rev: str
    commit: str
    buildings: Doc | None = None
    items: dict = field(default_factory=dict)  # path (relative to the repository root) -> Doc
    revenue: dict = field(default_factory=dict)
    site_config: SiteDoc | None = None  # mkdocs.yml at the base (None: none, a link, or broken)


def load_base(root: Path | str, ledger_dir: str, rev: str, config_file: str = CONFIG_FILE) -> BaseLedger:
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
    in_repo = PurePosixPath(prefix, config_file).as_posix() if prefix else config_file
    base.site_config = _base_site_config(commit, in_repo, config_file)
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
        if parts[0] not in ("items", "revenue", "buildings.yml"):
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
        else:
            base.buildings = doc
    return base


def _base_site_config(commit, path: str, rel: str) -> SiteDoc | None:
    """mkdocs.yml in the base commit: a regular file that parses (a tag MkDocs resolves is
    fine); anything else had nothing to compare."""
    try:
        blob = commit.tree / path
    except KeyError:
        return None
    if blob.type != "blob" or blob.mode == 0o120000 or blob.size > MAX_FILE_BYTES:
        return None  # 0o120000: a symbolic link, whose content is only a path
    try:
        text = blob.data_stream.read().decode("utf-8")
    except UnicodeDecodeError:
        return None
    site, problems = parse_site_config(None, rel, text)
    return None if site is None or any(p.code.startswith(("yaml-", "file-")) for p in problems) else site
