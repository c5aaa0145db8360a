"""What `echowall import` does, as a function: the CLI passes its arguments and prints the
lines this returns (message keys of messages.yml rendered in the site's language)."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from ..messages import render
from ..problems import format_text
from .review import read_review, review_path, write_review
from .run import _digest, plan_import, write_plan


def _say(lang: str, key: str, **params) -> str:
    return render(key, params, lang)


def run(root: Path, ledger_dir: str, lang: str, file: Path | None, source: str | None, mapping: Path | None,
        dry_run: bool, review: Path | None, now: datetime | None = None) -> tuple[list[tuple[str, bool]], int]:
    """(lines to print — text and whether it goes to stderr —, exit code): 0 imported (or
    nothing to do), 1 problems or findings to review (nothing written), 2 usage."""
    now = now or datetime.now(timezone.utc)
    out: list[tuple[str, bool]] = []
    decisions = None
    review_file = None
    if review is not None:
        if file is not None or source is not None or mapping is not None:
            return [(_say(lang, "import-usage.review"), True)], 2
        got, problems = read_review(review, str(review))
        if problems:
            return [(format_text(problems, lang), True), (_say(lang, "import-stopped"), True)], 1
        file, source = Path(got["file"]), got["from"]
        mapping = None if not got["mapping"] or got["mapping"].startswith("templates/") else Path(got["mapping"])
        decisions, review_file = got["decisions"], review
        if not file.is_absolute() and not file.exists():
            file = root / file
        if _digest(file) != got["sha256"]:
            return [(_say(lang, "import-review-changed", file=str(file)), True)], 1
    if file is None or source is None:
        return [(_say(lang, "import-usage"), True)], 2
    if source not in ("form", "12345", "open311", "csv"):
        return [(_say(lang, "import-usage"), True)], 2
    if not file.is_file():
        return [(_say(lang, "import-no-file", file=str(file)), True)], 2
    plan = plan_import(root, ledger_dir, file, source, mapping, now, decisions, shown=str(file))
    if plan.problems:
        out.append((format_text(plan.problems, lang), True))
        out.append((_say(lang, "import-stopped"), True))
        return out, 1
    if plan.findings:
        from .run import private_ignored

        records = len({f.record for f in plan.findings})
        if not private_ignored(root):
            from ..problems import Source, error

            out.append((format_text([error(Source(".gitignore"), "import-private", folder="private/")], lang), True))
            return out, 1
        if dry_run:
            out.append((_say(lang, "import-findings.dry-run", count=len(plan.findings), records=records), True))
            return out, 1
        path = write_review(root, plan, str(file), source, plan.mapping)
        rel = path.relative_to(root).as_posix()
        out.append((_say(lang, "import-findings", count=len(plan.findings), records=records, review=rel), True))
        return out, 1
    summary = dict(new=len(plan.new), history=plan.history, appended=plan.events, items=len(plan.changed),
                   unchanged=plan.unchanged, records=plan.records, dropped=plan.dropped)
    if dry_run:
        out.append((_say(lang, "import-dry-run", **summary), False))
        return out, 0
    if not plan.new and not plan.changed:
        out.append((_say(lang, "import-nothing", records=plan.records), False))
    else:
        try:
            write_plan(root, plan, now)
        except OSError as exc:
            return [(_say(lang, "import-write-failed", strerror=exc.strerror or str(exc)), True)], 1
        out.append((_say(lang, "import-done", **summary), False))
        if plan.contacts:
            out.append((_say(lang, "import-contacts", count=len(plan.contacts)), False))
    if review_file is not None:
        try:
            review_file.unlink()
            out.append((_say(lang, "import-review-deleted", review=str(review_file)), False))
        except OSError:
            pass
    return out, 0


__all__ = ["run", "review_path"]
