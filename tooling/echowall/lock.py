"""Locks between processes: one volunteer command at a time per ledger, one build at a time
per site folder.

A lock is flock(2) on the folder itself (the ledger folder; the folder that holds site/),
never a lock file: there is nothing to ignore, publish or leave behind, the kernel drops a
killed process's lock with it, and a script can take the same lock with util-linux's
flock(1), e.g. `flock ledger git pull --rebase` keeps volunteer commands out while Git
rewrites files. One lock for the whole ledger rather than one per item because every
command validates the whole ledger with its change (ids, references, photo numbers): two
commands must not each check a ledger the other is changing.
"""
from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

POLL_SECONDS = 0.05


class LockBusy(Exception):
    """Another process held the lock for the whole wait."""

    def __init__(self, folder: Path, waited: float):
        super().__init__(f"{folder} is locked")
        self.folder = folder
        self.waited = waited


class LockUnavailable(Exception):
    """The folder cannot be opened or locked (missing, no permission, a file system without
    flock)."""

    def __init__(self, folder: Path, strerror: str):
        super().__init__(f"cannot lock {folder}: {strerror}")
        self.folder = folder
        self.strerror = strerror


@contextmanager
def folder_lock(folder: Path, wait: float) -> Iterator[None]:
    """Hold an exclusive lock on `folder` for the length of the block; if another process
    holds it, try again every POLL_SECONDS for up to `wait` seconds, then raise LockBusy.
    Forked children share the lock (the same open file); exec'd programs do not get it."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(folder, flags)
    except OSError as exc:
        raise LockUnavailable(folder, exc.strerror or str(exc)) from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockBusy(folder, wait) from None
                time.sleep(POLL_SECONDS)
            except OSError as exc:  # e.g. ENOLCK: the file system does not lock
                raise LockUnavailable(folder, exc.strerror or str(exc)) from None
        yield
    finally:
        os.close(fd)  # releases the lock
