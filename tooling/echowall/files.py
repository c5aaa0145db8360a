"""Writing a file so that no reader ever sees half of it: the bytes go to a temporary file
beside the target (same folder, so the rename stays on one file system), are flushed to
the disk, and only then take the target's name — replacing it (`write_replace`) or only if
the name is still free (`write_new`). A failure removes the temporary file and leaves the
target as it was. Raises OSError; the caller words it.
"""
from __future__ import annotations

import errno
import os
from pathlib import Path

TEMP_MARK = ".tmp-"  # .<name>.tmp-<pid>: a dot file, so the ledger loader skips it


def temp_path(path: Path) -> Path:
    return path.with_name(f".{path.name}{TEMP_MARK}{os.getpid()}")


def _write_temp(path: Path, data: bytes, mode: int | None) -> Path:
    tmp = temp_path(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())  # on the disk before the name points at it
        if mode is not None:
            os.chmod(tmp, mode)
    except BaseException:
        _unlink_quietly(tmp)
        raise
    return tmp


def _unlink_quietly(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass  # the folder itself is the problem; the caller reports the first error


def write_replace(path: Path, data: bytes, keep_mode: bool = False) -> None:
    """Put `data` at `path`, replacing what is there in one rename (its mode kept if asked)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = None
    if keep_mode:
        try:
            mode = path.stat().st_mode & 0o777
        except FileNotFoundError:
            pass
    tmp = _write_temp(path, data, mode)
    try:
        os.replace(tmp, path)
    except BaseException:
        _unlink_quietly(tmp)
        raise


def write_new(path: Path, data: bytes) -> None:
    """Create `path` holding `data`; FileExistsError if the name is taken, even by another
    process at the same moment — never replaces. The finished temporary file is hard-linked
    to the name (link(2) refuses an existing name and is atomic), so a reader sees the whole
    file or none; where the file system has no hard links, O_EXCL creates it instead."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _write_temp(path, data, None)
    try:
        try:
            os.link(tmp, path)
            return
        except FileExistsError:
            raise
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS, errno.EMLINK):
                raise
        _create_exclusive(path, data)
    finally:
        _unlink_quietly(tmp)


def _create_exclusive(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        _unlink_quietly(path)  # ours: O_EXCL made it
        raise


def remove_stale_temps(path: Path) -> list[Path]:
    """Temporary files that killed writers left beside `path`. Only call it while holding the
    lock that every writer of `path` holds: then no other writer's file is in progress."""
    removed = []
    prefix = f".{path.name}{TEMP_MARK}"
    try:
        candidates = [p for p in path.parent.iterdir() if p.name.startswith(prefix)]
    except OSError:
        return removed
    for p in candidates:
        if p.name[len(prefix):].isdigit() and not p.is_dir():
            try:
                p.unlink()
                removed.append(p)
            except OSError:
                pass
    return removed
