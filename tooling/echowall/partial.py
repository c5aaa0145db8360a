"""Checking part of the ledger: the files a change touches, and what they refer to.

The registry's scopes (checks/__init__.py) say what each check needs. A change to some item
files is judged by the `file` and `references` checks on those files alone, with every
other item known by its file name (a directory listing: ids are file names) — never a parse
of every file:

- `check_items(root, ledger_dir, paths, overrides)`: what the volunteer commands run on
  the one file they write (`new`, `event`, `rate`), before writing it;
- `validate_changed(root, ledger_dir, base)`: `echowall validate --changed-only --base REV`,
  the files that differ from the base revision (git's blob ids say which), plus the
  `ledger` checks, which read no item file, plus the history of the changed files.

A change to estate.yml or buildings.yml (what every item is judged by), to a photo (whose
owner may be any item), or a moved ledger folder is judged by the whole check instead.

For a change to one file of a ledger that was clean, the verdict on that file equals the
whole check's (tests/test_partial.py shows it for random edits). Where the rest of the
ledger has problems of its own, one difference is known: an item file that fails the
format is left out of the whole check's duplicate-id test, while a listing knows it by name.
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from .checks import BASE, FILE, LEDGER, REFERENCES, Context, run_checks
from .load import load_ledger
from .model import build_model
from .problems import Problem, Source, sort_problems

SETTINGS = ("estate.yml", "buildings.yml")  # every item is judged by them: a change needs the whole check


def _others(raw, read: set[str], ledger) -> tuple:
    """(id, path, place, ref, place) of the item files not read that could clash with the
    ones read, from the listing: the id is the file name, so only files named like an id
    read here can share it. A file that may hold one of their refs (its bytes contain the
    ref's id) is read for its ref, so a duplicate ref is found without parsing the rest."""
    ids = {it.id for it in ledger.items}
    needles = [r.encode("utf-8") for r in _refs(ledger)]
    out = []
    for path in raw.item_files:
        if path in read:
            continue
        stem = path.rsplit("/", 1)[-1][:-len(".yml")]
        ref = _ref_of(raw.root / path, path, needles) if needles else ()
        if stem in ids or ref:
            out.append((stem, path, Source(path), ref, Source(path)))
    return tuple(out)


def _ref_of(file: Path, rel: str, needles: list[bytes]) -> tuple:
    from .load import read_doc

    try:
        data = file.read_bytes()
    except OSError:
        return ()
    if not any(n in data for n in needles):
        return ()
    doc, _ = read_doc(file, rel)
    ref = doc.data.get("ref") if doc is not None and isinstance(doc.data, dict) else None
    if isinstance(ref, dict) and isinstance(ref.get("source"), str) and isinstance(ref.get("id"), str):
        return (ref["source"], ref["id"])
    return ()


def _refs(ledger) -> set[str]:
    return {it.ref[1] for it in ledger.items if it.ref}


def check_items(root: Path | str, ledger_dir: str, paths, overrides: dict | None = None,
                now: datetime | None = None) -> list[Problem]:
    """The problems of the item files `paths` (relative to root): the `file` and
    `references` checks, with `overrides` (path -> text) in place of the disk's."""
    root = Path(root).resolve()
    paths = frozenset(paths)
    raw = load_ledger(root, ledger_dir, overrides, only_items=paths, revenue=False)
    return _judge(raw, paths, now)


def check_change(root: Path | str, ledger_dir: str, rel: str, new_text: str,
                 now: datetime | None = None) -> tuple[list[Problem], list[Problem]]:
    """check_items of `rel` as it is on disk (nothing when it does not exist yet) and with
    `new_text` in its place: the settings and the listing are read once for both."""
    from dataclasses import replace

    from .load import read_doc

    root = Path(root).resolve()
    paths = frozenset([rel])
    after = load_ledger(root, ledger_dir, {rel: new_text}, only_items=paths, revenue=False)
    if not (root / rel).is_file():
        return [], _judge(after, paths, now)
    doc, problems = read_doc(root / rel, rel)
    before = replace(after, items=[doc] if doc is not None else [],
                     problems=[p for p in after.problems if p.path != rel] + problems)
    return _judge(before, paths, now), _judge(after, paths, now)


def _judge(raw, paths: frozenset, now: datetime | None) -> list[Problem]:
    ledger, _ = build_model(raw)
    ctx = Context(now=now or datetime.now(timezone.utc), whole=False, root=raw.root,
                  others=_others(raw, set(paths), ledger))
    return sort_problems(p for p in run_checks(ledger, ctx, scopes=(FILE, REFERENCES)) if p.path in paths)


class NeedsWholeCheck(Exception):
    """The change touches what every item is judged by: only the whole check answers."""


def validate_changed(root: Path | str, ledger_dir: str, base: str, now: datetime | None = None):
    """`validate --changed-only --base REV`: pipeline.Validated for the files changed since
    `base`; NeedsWholeCheck when the change needs the whole check (the CLI then runs it)."""
    from .history import load_base
    from .pipeline import Validated

    root = Path(root).resolve()
    now = now or datetime.now(timezone.utc)
    base_ledger = load_base(root, ledger_dir, base)
    changed = base_ledger.changed
    if changed is None:
        raise NeedsWholeCheck("the ledger folder moved")
    media = f"{ledger_dir}/media/"
    if any(p in (f"{ledger_dir}/{s}" for s in SETTINGS) or p.startswith(media) for p in changed):
        raise NeedsWholeCheck("settings or photos changed")
    items = f"{ledger_dir}/items/"
    touched = frozenset(p for p in changed if p.startswith(items))
    raw = load_ledger(root, ledger_dir, only_items=touched)
    ledger, _ = build_model(raw)
    ctx = Context(now=now, whole=False, root=root, base=base_ledger,
                  published=base_ledger.revenue_entries(), base_revenue=base_ledger.revenue_settings(),
                  others=_others(raw, set(touched), ledger),
                  media_of=frozenset(PurePosixPath(p).stem for p in touched))
    problems = [p for p in run_checks(ledger, ctx, scopes=(FILE, REFERENCES)) if p.path in touched or
                not p.path.startswith(items)]
    problems += run_checks(ledger, ctx, scopes=(LEDGER, BASE))
    return Validated(sort_problems(problems), len(ledger.items), len(ledger.buildings))
