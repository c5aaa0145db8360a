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
                 base: str | None = None, overrides: dict | None = None) -> Checked:
    """Read and check the whole ledger; every problem is collected, none raised.

    With `base` (a Git revision), also check that the published history was only appended
    to; history.BaseError says when that revision cannot be read.
    """
    base_ledger = None
    if base is not None:
        from .history import load_base

        base_ledger = load_base(root, ledger_dir, base)
    raw = load_ledger(root, ledger_dir, overrides)
    ledger, problems = build_model(raw)
    problems = raw.problems + problems
    problems += run_checks(ledger, Context(now=now or datetime.now(timezone.utc)))
    from .register import check_register

    problems += check_register(Path(root))
    if base_ledger is not None:
        from .checks.history import check_history

        problems += check_history(base_ledger, raw)
    return Checked(ledger, sort_problems(problems))


def prepare(checked: Checked, as_of: datetime) -> Model:
    """Derive the model for rendering. Only call it on a ledger without errors."""
    from .money import derive_revenue

    model = derive_model(checked.ledger, as_of)
    model.revenue = derive_revenue(checked.ledger, as_of)
    return model
