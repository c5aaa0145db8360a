"""Every file under ledger/media/ is published: only clean JPEG/PNG/WebP photos of a
bounded size, no symbolic links out."""
from __future__ import annotations

import os
from pathlib import Path

from ..media import image_problems
from ..problems import Problem, Source, error


def check_media(ledger, ctx) -> list[Problem]:
    out: list[Problem] = []
    media = Path(ledger.raw.ledger_dir) / "media"
    if not media.is_dir():
        return out
    root = Path(ledger.root)
    for dirpath, dirnames, filenames in os.walk(media, followlinks=False):
        dirnames.sort()
        for name in sorted(filenames):
            p = Path(dirpath) / name
            rel = p.relative_to(root).as_posix()
            if name.startswith("."):
                continue
            if p.is_symlink():
                out.append(error(Source(rel), "media-symlink"))
                continue
            for code, variant, params in image_problems(p):
                out.append(error(Source(rel), code, variant, **params))
    return out
