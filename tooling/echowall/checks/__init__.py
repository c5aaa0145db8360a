"""Checks: each `check_*(ledger, ctx) -> list[Problem]`, one module per concern.

`CHECKS` is a tuple (never mutated); `run_checks` runs them all and collects every problem.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..model import Ledger
from ..problems import Problem
from .ids import check_ids
from .media import check_media
from .privacy import check_privacy, check_privacy_settings
from .refs import check_estate, check_references
from .revenue import check_revenue
from .timeline import check_timeline


@dataclass(frozen=True)
class Context:
    now: datetime  # the real clock: "nothing in the future" is judged against it
    # False in a shard: what needs every item file (duplicate ids, photos no item lists)
    # is judged across all shards
    whole: bool = True
    # With --base: (account, entry id) of every revenue entry at the base. Rules added to
    # published data (the money controls) judge only entries absent from it; None without --base.
    published: frozenset | None = None
    base_revenue: object = None  # with --base: the base's RevenueSettings (the stricter of both apply)


CHECKS = (check_estate, check_ids, check_references, check_timeline, check_revenue, check_privacy,
          check_privacy_settings, check_media)
WHOLE_LEDGER = (check_estate, check_revenue, check_privacy_settings, check_media)  # about no item: run once, not per shard


def run_checks(ledger: Ledger, ctx: Context, items_only: bool = False) -> list[Problem]:
    out: list[Problem] = []
    for check in CHECKS:
        if not (items_only and check in WHOLE_LEDGER):
            out.extend(check(ledger, ctx))
    return out
