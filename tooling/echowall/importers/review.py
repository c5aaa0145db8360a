"""The review file: personal data an import found, span by span, for a person to decide.

It lives under private/ (ignored by Git, like the call-back register: it quotes what it
found), names the export by its SHA-256 so a decision is never applied to another file, and
lists each finding with its rule and an action — `redact` (the span becomes ［已隐去］, the
default) or `drop` (the record stays out of this import). `echowall import --apply-review
FILE` reads it back and completes the import.
"""
from __future__ import annotations

import os
from pathlib import Path

import yaml

from ..problems import Problem, Source, error
from ..register import REGISTER_DIR

ACTIONS = ("redact", "drop")
MAX_REVIEW_BYTES = 16 * 1024 * 1024

HEAD = """\
# echowall import review — it quotes personal data: keep it in private/ (never in Git) and
# let it be deleted once the import is done (echowall deletes it after --apply-review).
# For each finding choose the action:
#   redact  the span is replaced by ［已隐去］ in the ledger (the default)
#   drop    the whole record is left out of this import (file it by hand later)
# Then run:  echowall import --apply-review {path}
"""


def review_path(root: Path, digest: str) -> Path:
    return Path(root) / REGISTER_DIR / f"import-review-{digest[:12]}.yml"


def write_review(root: Path, plan, file: str, source: str, mapping: str | None) -> Path:
    path = review_path(root, plan.digest)
    data = {
        "import": {"file": file, "from": source, "mapping": mapping, "sha256": plan.digest},
        "findings": [{"record": f.record, "row": f.line, "column": f.column, "field": ".".join(map(str, f.path)),
                      "rule": f.rule, "text": f.text, "context": f.context, "action": f.action}
                     for f in plan.findings],
    }
    rel = path.relative_to(root).as_posix()
    text = HEAD.format(path=rel) + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    from ..files import write_replace

    write_replace(path, text.encode("utf-8"))
    os.chmod(path, 0o600)
    return path


def read_review(path: Path, shown: str) -> tuple[dict | None, list[Problem]]:
    """The import's parameters and {(record, field, text): action}, or the problems."""
    try:
        if path.stat().st_size > MAX_REVIEW_BYTES:
            return None, [error(Source(shown), "import-review", "shape")]
        data = yaml.safe_load(path.read_bytes().decode("utf-8"))
    except OSError as exc:
        return None, [error(Source(shown), "import-file", "unreadable", strerror=exc.strerror or str(exc))]
    except (yaml.YAMLError, UnicodeDecodeError):
        return None, [error(Source(shown), "import-review", "shape")]
    head = data.get("import") if isinstance(data, dict) else None
    findings = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(head, dict) or not isinstance(findings, list) or not all(
            isinstance(head.get(k), str) for k in ("file", "from", "sha256")):
        return None, [error(Source(shown), "import-review", "shape")]
    decisions, out = {}, []
    for i, f in enumerate(findings):
        if not isinstance(f, dict) or not all(isinstance(f.get(k), str) for k in ("record", "field", "text")):
            out.append(error(Source(shown), "import-review", "finding", number=i + 1))
            continue
        action = f.get("action")
        if action not in ACTIONS:
            out.append(error(Source(shown), "import-review", "action", number=i + 1, action=str(action),
                             actions=list(ACTIONS)))
            continue
        decisions[(f["record"], f["field"], f["text"])] = action
    if out:
        return None, out
    return {"file": head["file"], "from": head["from"], "mapping": head.get("mapping"), "sha256": head["sha256"],
            "decisions": decisions}, []
