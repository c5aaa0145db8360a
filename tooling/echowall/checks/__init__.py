"""Checks: one registry, one runner.

Every check is a `Check`: a name, a scope and a function `(ledger, ctx) -> list[Problem]`.
`REGISTRY` is a tuple (never mutated); `run_checks` runs the entries whose scope is asked
for and collects every problem. `echowall validate --list-checks` prints the registry, each
check's one-line description coming from messages.yml (`check.<name>`).

The scope says what a check needs to judge a file, and so what the fast paths may skip:

- `file`: the file alone (its YAML, its format, its time order, its texts);
- `references`: the file plus listings — the ids of items (file names under items/), of
  buildings and units (buildings.yml), of roles, tiers and categories (estate.yml), of
  photos (ledger/media/) — never a parse of every item;
- `ledger`: the settings, revenue, media and site files as a whole (estate.yml,
  buildings.yml, every revenue period, every photo's bytes, mkdocs.yml, the private
  register): none of them is an item file;
- `base`: the files a change touched, against the base revision (`--base`).

A volunteer command (`new`, `event`, `rate`) runs the `file` and `references` checks on the
one file it writes; `validate --changed-only` those on the changed files plus the `ledger`
checks whose inputs changed, plus `base`; `validate` runs them all.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

from ..model import Ledger
from ..problems import Problem
from .ids import check_ids, check_unique
from .media import check_media
from .privacy import check_privacy, check_privacy_settings
from .refs import check_estate, check_references
from .revenue import check_revenue
from .timeline import check_timeline

FILE = "file"
REFERENCES = "references"
LEDGER = "ledger"
BASE = "base"
SCOPES = (FILE, REFERENCES, LEDGER, BASE)


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
    # A fast path's listing of the item files it did not read: (id, path, None, ref, None)
    # per file, as checks.ids.id_entries gives for the ones it read (ids are file names)
    others: tuple | None = None
    root: Path | None = None  # the repository root (register, settings)
    config_file: str = "mkdocs.yml"
    base: object = None  # history.BaseLedger with --base
    media_of: frozenset | None = None  # a fast path: judge only the photos of these item ids


@dataclass(frozen=True)
class Check:
    name: str  # its description is messages.yml `check.<name>`
    scope: str
    run: Callable[[Ledger, Context], list]

    @property
    def description_key(self) -> str:
        return f"check.{self.name}"


def check_files(ledger, ctx) -> list[Problem]:
    """What the loader found: unreadable, binary or oversized files, YAML syntax, symbolic
    links, missing estate.yml or buildings.yml."""
    return list(ledger.raw.problems)


def check_schema(ledger, ctx) -> list[Problem]:
    """The format (schema.py) of every document read; build_model judged it as it built the
    model (a document that fails it is left out of the model)."""
    return list(ledger.schema_problems)


def check_register(ledger, ctx) -> list[Problem]:
    from ..register import check_register as register

    return register(ctx.root) if ctx.root is not None else []


def check_settings(ledger, ctx) -> list[Problem]:
    from ..siteconfig import check_site

    if ctx.root is None:
        return []
    base_site = ctx.base.site_config if ctx.base is not None else None
    return check_site(ctx.root, ctx.config_file, base_site, with_base=ctx.base is not None)


def check_history(ledger, ctx) -> list[Problem]:
    from .history import check_history as history

    return history(ctx.base, ledger.raw, now=ctx.now) if ctx.base is not None else []


REGISTRY = (
    Check("files", FILE, check_files),
    Check("schema", FILE, check_schema),
    Check("ids", FILE, check_ids),
    Check("timeline", FILE, check_timeline),
    Check("privacy", FILE, check_privacy),
    Check("refs", REFERENCES, check_references),
    Check("unique", REFERENCES, check_unique),
    Check("estate", LEDGER, check_estate),
    Check("revenue", LEDGER, check_revenue),
    Check("privacy-settings", LEDGER, check_privacy_settings),
    Check("media", LEDGER, check_media),
    Check("register", LEDGER, check_register),
    Check("settings", LEDGER, check_settings),
    Check("history", BASE, check_history),
)


def run_checks(ledger: Ledger, ctx: Context, scopes=SCOPES) -> list[Problem]:
    """Every problem the registry's checks of these scopes find, in registry order."""
    out: list[Problem] = []
    for check in REGISTRY:
        if check.scope in scopes:
            out.extend(check.run(ledger, ctx))
    return out
