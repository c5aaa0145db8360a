"""Putting a finished build in the place of site/ in one step, so that a reader — the web
server, the Pages upload, someone polling site/index.html — never finds site/ missing or
half-written.

Where the kernel can exchange two names (Linux: renameat2 with RENAME_EXCHANGE, on ext4,
xfs, btrfs, tmpfs and most local file systems) the new folder and site/ trade places in one
step; the old site, now under the temporary name, is then deleted. Elsewhere (macOS, the
BSDs, a file system that refuses the exchange) site is a symbolic link to a versioned
folder, and each build replaces the link with one rename(2).

Names beside the site folder (`site` here), all ignored by Git through /site.*:

    site.tmp-<pid>       a build in progress; after an exchange, the old site on its way out
    site.live-<ns>       the folder `site` points to (link scheme only; ns: 16+ digits)
    site.tmp-link-<pid>  a new link about to replace `site` (link scheme only)
    site.tmp-old-<pid>   a real site/ folder moved aside when a system without the exchange
                         switches to the link scheme (the one moment site/ is absent, once)

Every one of them except the folder `site` points to is a leftover of an earlier or killed
build; `remove_leftovers` deletes them. The names are narrow on purpose (site.tmp-…, and
site.live- with a nanosecond clock), so a folder a person made, such as site.old-2023, stays. Call it only while holding the build lock
(lock.folder_lock on the folder that holds site/), so no running build's folder is taken.
"""
from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import sys
import time
from functools import lru_cache
from pathlib import Path

_LEFTOVER = re.compile(r"\.tmp-(?:old-|link-)?[0-9]+|\.live-[0-9]{16,}")
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # linux/fs.h


def build_folder(target: Path) -> Path:
    """Where this process builds the next site."""
    return target.with_name(f"{target.name}.tmp-{os.getpid()}")


@lru_cache(maxsize=1)
def _renameat2():
    """libc's renameat2, or None (not Linux, or a C library older than glibc 2.28)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    return fn


def exchange(a: Path, b: Path) -> bool:
    """Swap the names `a` and `b` in one step; False when this system or file system cannot
    (nothing was changed then). Other failures raise OSError."""
    fn = _renameat2()
    if fn is None:
        return False
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def swap_in(new: Path, target: Path) -> None:
    """Make the finished folder `new` the site at `target` in one step; what was there is
    left as a leftover for remove_leftovers. Raises OSError, with `target` as it was.
    Without renameat2 even the first build makes `site` a link, so later ones can swap."""
    if os.path.lexists(target):
        if exchange(new, target):
            return
    elif _renameat2() is not None:
        os.rename(new, target)  # the first build: nothing to replace
        return
    live = target.with_name(f"{target.name}.live-{time.time_ns()}")
    os.rename(new, live)
    link = target.with_name(f"{target.name}.tmp-link-{os.getpid()}")
    if os.path.lexists(link):
        os.unlink(link)
    os.symlink(live.name, link)  # relative: the folder and its versions can move together
    if target.is_symlink() or not os.path.lexists(target):
        os.replace(link, target)
        return
    # A real folder cannot be replaced by a link in one rename: move it aside first. This
    # happens once, the first time a system without the exchange builds over a folder.
    old = target.with_name(f"{target.name}.tmp-old-{os.getpid()}")
    os.rename(target, old)
    try:
        os.replace(link, target)
    except BaseException:
        os.rename(old, target)
        raise


def _live(target: Path) -> Path | None:
    if not target.is_symlink():
        return None
    try:
        return target.resolve(strict=True)
    except (OSError, RuntimeError):
        return None


def leftovers(target: Path) -> list[Path]:
    """Every name an earlier (finished, failed or killed) build left beside `target`."""
    live = _live(target)
    prefix = target.name
    try:
        names = sorted(p for p in target.parent.iterdir()
                       if p.name.startswith(prefix) and _LEFTOVER.fullmatch(p.name[len(prefix):]))
    except OSError:
        return []
    return [p for p in names if p.is_symlink() or live is None or p.resolve() != live]


def remove_leftovers(target: Path) -> list[Path]:
    """Delete the leftovers beside `target`; those that cannot be deleted now stay for the
    next build. Returns what was removed."""
    removed = []
    for p in leftovers(target):
        try:
            if p.is_symlink() or not p.is_dir():
                p.unlink()
            else:
                shutil.rmtree(p)
            removed.append(p)
        except OSError:
            pass
    return removed
