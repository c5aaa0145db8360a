"""The private call-back register: who to call back about which item. It lives outside the
ledger, in private/callbacks.csv (ignored by Git), because the ledger is public. Only the
volunteer commands write it; validation fails if it is ever tracked by Git.
"""
from __future__ import annotations

import csv
import os
from datetime import datetime
from pathlib import Path

from .problems import Problem, Source, error

REGISTER_DIR = "private"
REGISTER = f"{REGISTER_DIR}/callbacks.csv"
HEADER = ("item", "recorded_at", "contact", "note")


def register_path(root: Path) -> Path:
    return Path(root) / REGISTER


def append_contact(root: Path, item: str, contact: str, when: datetime, note: str = "") -> Path:
    """Add one row; the folder is private to this user (0700), the file too (0600)."""
    path = register_path(root)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    new = not path.exists()
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        if new:
            w.writerow(HEADER)
        w.writerow((item, when.isoformat(timespec="minutes"), contact, note))
    return path


def check_register(root: Path) -> list[Problem]:
    """Refuse a tracked register (it would publish every contact), and warn when Git would
    pick it up with the next `git add`."""
    if not (Path(root) / REGISTER_DIR).exists():
        return []  # a tracked register is checked out, so it would be here
    try:
        import git
    except ImportError:  # pragma: no cover
        return []
    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return []
    top = Path(repo.working_tree_dir).resolve()
    folder = (Path(root).resolve() / REGISTER_DIR)
    try:
        rel = folder.relative_to(top).as_posix()
    except ValueError:
        return []
    out: list[Problem] = []
    try:
        tracked = [p for p in repo.git.ls_files("--", rel).splitlines() if p]
    except git.GitCommandError:
        tracked = []
    for p in tracked:
        out.append(error(Source(p), "private-tracked",
                         path=p, folder=REGISTER_DIR))
    if not tracked and (folder / "callbacks.csv").exists():
        try:
            ignored = repo.ignored(f"{rel}/callbacks.csv")
        except git.GitCommandError:
            ignored = ["?"]
        if not ignored:
            out.append(error(Source(f"{rel}/callbacks.csv"), "private-not-ignored",
                             rel=rel, folder=REGISTER_DIR))
    return out
