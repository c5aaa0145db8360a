"""The stages wired together: load -> model -> checks, and derive. Pure: no printing, no exiting."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .checks import BASE, FILE, LEDGER, REFERENCES, Context, run_checks
from .derive import Model, derive_model
from .load import load_ledger
from .model import Ledger, build_model
from .problems import ERROR, Problem, sort_problems


@dataclass
class Checked:
    ledger: Ledger
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]


def check_ledger(root: Path | str, ledger_dir: str = "ledger", now: datetime | None = None,
                 base: str | None = None, overrides: dict | None = None,
                 config_file: str = "mkdocs.yml") -> Checked:
    """Read and check the whole ledger, and mkdocs.yml (`config_file` at the root) with the
    template folders: every check of the registry (checks.REGISTRY); every problem is
    collected, none raised.

    With `base` (a Git revision), also check that the published history was only appended
    to and site_url did not move unannounced; history.BaseError says when that revision
    cannot be read.
    """
    base_ledger = None
    if base is not None:
        from .history import load_base

        base_ledger = load_base(root, ledger_dir, base, config_file)
    raw = load_ledger(root, ledger_dir, overrides)
    ledger, _ = build_model(raw)
    problems = run_checks(ledger, _context(root, now, base_ledger, config_file))
    return Checked(ledger, sort_problems(problems))


class PendingCheck:
    """check_ledger split in two: the ledger read and modelled in this process (a build
    needs it), every check of the registry run on it in a forked process meanwhile (on a
    machine with a second CPU; else when the result is asked for). `result()` waits for it."""

    def __init__(self, ledger: Ledger, pool):
        self.ledger = ledger
        self._pool = pool
        self._checked: Checked | None = None

    def result(self) -> Checked:
        if self._checked is None:
            try:
                self._checked = Checked(self.ledger, self._pool.get(0))
            finally:
                self._pool.close()
        return self._checked

    def close(self) -> None:
        self._pool.close()


def start_check(root: Path | str, ledger_dir: str = "ledger", config_file: str = "mkdocs.yml") -> PendingCheck:
    """check_ledger's result, its checks made while the caller goes on with the ledger
    (derives, plans): the same problems in the same order (the same function, run on the
    same records in a forked copy of this process; only the problems come back)."""
    from .parallel import JobPool

    raw = load_ledger(root, ledger_dir)
    ledger, _ = build_model(raw)
    context = _context(root, None, None, config_file)
    jobs = [lambda: sort_problems(run_checks(ledger, context))]
    try:
        pool = JobPool(jobs, 1, background=True)
    except OSError:  # no process to be had (a limit): the checks run here when asked for
        pool = JobPool(jobs, 1)
    return PendingCheck(ledger, pool)


def _context(root, now: datetime | None, base_ledger, config_file: str = "mkdocs.yml", **kw) -> Context:
    return Context(now=now or datetime.now(timezone.utc), root=Path(root), config_file=config_file,
                   base=base_ledger,
                   published=base_ledger.revenue_entries() if base_ledger is not None else None,
                   base_revenue=base_ledger.revenue_settings() if base_ledger is not None else None, **kw)


SHARD_MIN_FILES = 500  # fewer item files per worker than this are quicker checked in one process


@dataclass
class Validated:
    problems: list[Problem]
    items: int  # items read cleanly
    buildings: int


def validate_ledger(root: Path | str, ledger_dir: str = "ledger", now: datetime | None = None,
                    base: str | None = None, workers: int = 1) -> Validated:
    """check_ledger's problems, and no model: with workers > 1 the item files are cut into
    contiguous shards, each read, modelled and checked by a forked worker that sends back
    only its problems, its item ids and its photos (a model would cost more to send than
    to build). Duplicate ids and photos no item lists are then judged across all shards
    here. The same problems as check_ledger, in the same order (tested). History (`base`)
    is checked in one process."""
    from .checks.ids import check_duplicate_ids
    from .checks.media import check_unreferenced, media_files
    from .load import list_item_files
    from .parallel import run_jobs

    now = now or datetime.now(timezone.utc)
    files = list_item_files(root, ledger_dir)
    shards = min(workers, max(1, len(files) // SHARD_MIN_FILES))
    if shards <= 1:
        checked = check_ledger(root, ledger_dir, now=now, base=base)
        return Validated(checked.problems, len(checked.ledger.items), len(checked.ledger.buildings))
    base_ledger = None
    if base is not None:  # read here, before the fork: every worker sees it
        from .history import load_base

        base_ledger = load_base(root, ledger_dir, base)
    step = -(-len(files) // shards)
    parts = [frozenset(files[i:i + step]) for i in range(0, len(files), step)]
    jobs = [lambda k=k: _check_shard(root, ledger_dir, now, parts[k], k == 0, base_ledger) for k in range(len(parts))]
    if base_ledger is not None:
        jobs.append(lambda: (check_base(root, ledger_dir, now, base_ledger, files), [], 0, 0, set()))
    results = run_jobs(jobs, len(parts))
    problems = [p for shard_problems, _, _, _, _ in results for p in shard_problems]
    problems += check_duplicate_ids([e for _, entries, _, _, _ in results for e in entries])
    root = Path(root).resolve()
    problems += check_unreferenced(root, media_files(root / ledger_dir), set().union(*(r[4] for r in results)))
    return Validated(sort_problems(problems), sum(r[2] for r in results), results[0][3])


def check_base(root, ledger_dir: str, now: datetime, base_ledger, files) -> list[Problem]:
    """The `base` checks (history) alone: the item files new at the head or changed since
    the base are read, no other (the rest are the bytes that were published)."""
    touched = frozenset(p for p in files if p not in base_ledger.item_paths or p in base_ledger.items)
    raw = load_ledger(root, ledger_dir, only_items=touched)
    ledger, _ = build_model(raw)
    return run_checks(ledger, _context(root, now, base_ledger), scopes=(BASE,))


def _check_shard(root, ledger_dir: str, now: datetime, part: frozenset, first: bool, base_ledger=None):
    """One shard: everything about its item files; the first shard also everything about
    the rest of the ledger (estate, buildings, revenue, media, the private register, mkdocs.yml)."""
    from .checks.ids import id_entries
    from .checks.media import photo_refs

    raw = load_ledger(root, ledger_dir, only_items=part, revenue=first)
    ledger, _ = build_model(raw)
    problems = run_checks(ledger, _context(root, now, base_ledger, whole=False),
                          scopes=(FILE, REFERENCES, LEDGER) if first else (FILE, REFERENCES))
    if not first:  # what is not about its own files, the first shard says
        problems = [p for p in problems if p.source.path in part]
    return problems, id_entries(ledger), len(ledger.items), len(ledger.buildings), photo_refs(raw)


def prepare(checked: Checked, as_of: datetime) -> Model:
    """Derive the model for rendering. Only call it on a ledger without errors."""
    from .money import derive_revenue

    model = derive_model(checked.ledger, as_of)
    model.revenue = derive_revenue(checked.ledger, as_of)
    return model
