"""Every file under ledger/media/ is public (the repository is), so each must be exactly
what `echowall media add` writes: a clean JPEG/PNG/WebP of bounded size whose every byte
is in a block our encoder writes, under the name media add gives it
(`<year>/<item>-<n>.<ext>`), listed in an item's `photos`. No symbolic links, no hidden
files, nothing left over."""
from __future__ import annotations

import os
import posixpath
from pathlib import Path

from ..media import image_problems, parse_photo_name
from ..problems import Problem, Source, error


def media_files(ledger_dir: Path) -> list[tuple[str, Path]]:
    """(name relative to ledger/media/, path) of every file under it, symbolic links and
    hidden files included, in a stable order."""
    media = Path(ledger_dir) / "media"
    out: list[tuple[str, Path]] = []
    if not media.is_dir() or media.is_symlink():
        return out
    for dirpath, dirnames, filenames in os.walk(media, followlinks=False):
        dirnames.sort()
        for name in sorted(filenames + [d for d in dirnames if (Path(dirpath) / d).is_symlink()]):
            p = Path(dirpath) / name
            out.append((p.relative_to(media).as_posix(), p))
    return out


def photo_refs(raw) -> set[str]:
    """Every name listed under `photos` in an item file that parsed, valid or not (an item
    with a schema problem still owns its photos), as a path relative to ledger/media/; a
    name that climbs out with '..' refers to nothing (ref-photo says so)."""
    refs: set[str] = set()
    for doc in raw.items:
        photos = doc.data.get("photos") if isinstance(doc.data, dict) else None
        if isinstance(photos, list):
            refs.update(posixpath.normpath(p) for p in photos
                        if isinstance(p, str) and p and ".." not in p.split("/") and not p.startswith("/"))
    return refs


def check_media(ledger, ctx) -> list[Problem]:
    out: list[Problem] = []
    root = Path(ledger.root)
    media = Path(ledger.raw.ledger_dir) / "media"
    if media.is_symlink():  # the whole folder somewhere else: nothing in it is ours to judge
        return [error(Source(media.relative_to(root).as_posix()), "media-symlink")]
    files = media_files(ledger.raw.ledger_dir)
    if ctx.media_of is not None:  # a fast path: only the photos of the items it read
        files = [(name, p) for name, p in files if _owner(name) in ctx.media_of]
    for name, p in files:
        rel = p.relative_to(root).as_posix()
        if any(part.startswith(".") for part in name.split("/")):
            out.append(error(Source(rel), "media-name", "hidden"))
        elif parse_photo_name(name) is None:
            out.append(error(Source(rel), "media-name"))
        if p.is_symlink():
            out.append(error(Source(rel), "media-symlink"))
            continue
        for code, variant, params in image_problems(p):
            out.append(error(Source(rel), code, variant, **params))
    if ctx.whole or ctx.media_of is not None:
        out.extend(check_unreferenced(root, files, photo_refs(ledger.raw)))
    return out


def _owner(name: str) -> str | None:
    """The item a photo's name says it belongs to (only that item may list it)."""
    m = parse_photo_name(name)
    return m["item"] if m is not None else None


def check_unreferenced(root: Path, files, refs: set[str]) -> list[Problem]:
    """Files no item lists. Apart from the rest, so a ledger checked in shards is judged
    against the photos of every shard."""
    return [error(Source(p.relative_to(root).as_posix()), "media-unreferenced")
            for name, p in files if name not in refs]
