"""The stages wired together: load -> model -> checks, and derive. Pure: no printing, no exiting."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .checks import Context, run_checks
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
    template folders; every problem is collected, none raised.

    With `base` (a Git revision), also check that the published history was only appended
    to and site_url did not move unannounced; history.BaseError says when that revision
    cannot be read.
    """
    from .siteconfig import check_site

    base_ledger = None
    if base is not None:
        from .history import load_base

        base_ledger = load_base(root, ledger_dir, base, config_file)
    raw = load_ledger(root, ledger_dir, overrides)
    ledger, problems = build_model(raw)
    problems = raw.problems + problems
    published = base_ledger.revenue_entries() if base_ledger is not None else None
    base_revenue = base_ledger.revenue_settings() if base_ledger is not None else None
    problems += run_checks(ledger, Context(now=now or datetime.now(timezone.utc), published=published,
                                           base_revenue=base_revenue))
    from .register import check_register

    problems += check_register(Path(root))
    problems += check_site(root, config_file, base_ledger.site_config if base_ledger else None,
                           with_base=base_ledger is not None)
    if base_ledger is not None:
        from .checks.history import check_history

        problems += check_history(base_ledger, raw, now=now or datetime.now(timezone.utc))
    return Checked(ledger, sort_problems(problems))


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
    if base is not None or shards <= 1:
        checked = check_ledger(root, ledger_dir, now=now, base=base)
        return Validated(checked.problems, len(checked.ledger.items), len(checked.ledger.buildings))
    step = -(-len(files) // shards)
    parts = [frozenset(files[i:i + step]) for i in range(0, len(files), step)]
    results = run_jobs([lambda k=k: _check_shard(root, ledger_dir, now, parts[k], k == 0)
                        for k in range(len(parts))], len(parts))
    problems = [p for shard_problems, _, _, _, _ in results for p in shard_problems]
    problems += check_duplicate_ids([e for _, entries, _, _, _ in results for e in entries])
    root = Path(root).resolve()
    problems += check_unreferenced(root, media_files(root / ledger_dir), set().union(*(r[4] for r in results)))
    return Validated(sort_problems(problems), sum(r[2] for r in results), results[0][3])


def _check_shard(root, ledger_dir: str, now: datetime, part: frozenset, first: bool):
    """One shard: everything about its item files; the first shard also everything about
    the rest of the ledger (estate, buildings, revenue, media, the private register, mkdocs.yml)."""
    from .checks.ids import id_entries
    from .checks.media import photo_refs
    from .register import check_register
    from .siteconfig import check_site

    raw = load_ledger(root, ledger_dir, only_items=part, revenue=first)
    ledger, problems = build_model(raw)
    problems = raw.problems + problems
    problems += run_checks(ledger, Context(now=now, whole=False), items_only=not first)
    if first:
        problems += check_register(Path(root))
        problems += check_site(root)
    else:  # what is not about its own files, the first shard says
        problems = [p for p in problems if p.source.path in part]
    return problems, id_entries(ledger), len(ledger.items), len(ledger.buildings), photo_refs(raw)


def prepare(checked: Checked, as_of: datetime) -> Model:
    """Derive the model for rendering. Only call it on a ledger without errors."""
    from .money import derive_revenue

    model = derive_model(checked.ledger, as_of)
    model.revenue = derive_revenue(checked.ledger, as_of)
    return model
