"""Redaction: the one permitted edit of published text, visible and bounded.

- `redactions_of(data)`: every field of a ledger document that carries the marker, with the
  reason from the file's `redactions:` log (or "" for markers that predate the log) — what
  the site counts per page and lists on one page.
- `redact(text, path, span, reason, at, note)`: the file's text with `span` replaced by the
  marker inside one field, and the log entry appended; every other byte kept (checked by
  parsing the result).
- `suggestions(doc)`: what the privacy rules flag in a document's free text, as
  (field path, flagged text, problem code) — `echowall redact --suggest`.

Pure: text in, text out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .yamlsrc import Doc, load_yaml

REDACTED = "［已隐去］"
REASONS = ("personal_data", "legal")

# Where a redaction may stand: free text (any span, reason personal_data or legal) and
# references (only exactly over what the privacy rules flag). Anything else is exact.
ITEM_TEXT = ("title", "description", "place")
EVENT_TEXT = ("note",)
RATING_TEXT = ("comment",)
ENTRY_TEXT = ("description", "counterparty")
ENTRY_REFS = ("evidence", "approval")


def dotted(path: tuple) -> str:
    """("events", 3, "note") -> "events.3.note": the redaction log's field path."""
    return ".".join(str(p) for p in path)


class RedactError(ValueError):
    """The redaction cannot be made as asked (no such field, text not in it, …)."""


@dataclass(frozen=True)
class Redaction:
    path: str  # the field, e.g. events.3.note
    count: int  # markers in it
    reason: str  # personal_data | legal | "" (before the log existed)
    at: str = ""  # when it was logged, as written
    note: str = ""


def _strings(value, path=()):
    if isinstance(value, dict):
        for k, v in value.items():
            if k != "redactions":
                yield from _strings(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, path + (i,))
    elif isinstance(value, str):
        yield path, value


def redactions_of(data) -> tuple:
    """Every field with markers, in file order; the reason is the last log entry for it."""
    if not isinstance(data, dict):
        return ()
    log = {}
    for e in data.get("redactions") or ():
        if isinstance(e, dict) and isinstance(e.get("path"), str):
            log[e["path"]] = e
    out = []
    for path, value in _strings(data):
        n = value.count(REDACTED)
        if n:
            e = log.get(dotted(path), {})
            out.append(Redaction(dotted(path), n, str(e.get("reason", "")), str(e.get("at", "")),
                                 str(e.get("note", ""))))
    return tuple(out)


def parse_path(text: str) -> tuple:
    """"events.3.note" -> ("events", 3, "note")."""
    if not text or not re.fullmatch(r"[A-Za-z_]+(\.(\d+|[A-Za-z_]+))*", text):
        raise RedactError(f"'{text}' is not a field path like description or events.3.note")
    return tuple(int(p) if p.isdigit() else p for p in text.split("."))


def _get(data, path):
    for p in path:
        if isinstance(data, dict) and isinstance(p, str) and p in data:
            data = data[p]
        elif isinstance(data, list) and isinstance(p, int) and 0 <= p < len(data):
            data = data[p]
        else:
            return None
    return data


def redactable(path: tuple) -> bool:
    """Free text and references; never ids, dates, amounts, scores or outcomes."""
    field = path[-1] if path else None
    if len(path) == 1:
        return field in ITEM_TEXT or field == "note"
    if path[0] == "events":
        return field in EVENT_TEXT
    if path[0] == "ratings":
        return field in RATING_TEXT
    if path[0] == "entries":
        return field in ENTRY_TEXT + ENTRY_REFS
    return False


def redact(text: str, rel: str, path: tuple, span: str, reason: str, at: str, note: str = "") -> str:
    """`text` with every occurrence of `span` inside the field at `path` replaced by the
    marker, and a log entry appended to `redactions:`."""
    from .edit import EditError, append_to_list
    from .checks.history import first_difference

    if reason not in REASONS:
        raise RedactError(f"reason must be one of {', '.join(REASONS)}")
    if not span or REDACTED in span:
        raise RedactError("give the text to hide (not empty, not the marker itself)")
    if not redactable(path):
        raise RedactError(f"{dotted(path)} cannot be redacted: only free text (title, description, place, "
                          "notes, comments; in revenue entries description, counterparty, evidence, approval)")
    doc, problems = load_yaml(text, rel)
    if problems or not isinstance(doc.data, dict):
        raise RedactError(f"{rel} does not parse; fix it first")
    value = _get(doc.data, path)
    if not isinstance(value, str):
        raise RedactError(f"{rel} has no text at {dotted(path)}")
    if span not in value:
        raise RedactError(f"'{span}' is not in {dotted(path)}")
    want = value.replace(span, REDACTED)
    new_text = _replace_in_place(text, doc, path, span)
    new_doc, problems = load_yaml(new_text, rel)
    if problems or _get(new_doc.data, path) != want:
        raise RedactError(f"cannot redact {dotted(path)} in place (the text is split or escaped in the file); "
                          "edit it by hand and add the log entry")
    check = dict(new_doc.data)
    check_old = dict(doc.data)
    d = first_difference(check_old, check)
    if d is not None:
        raise RedactError(f"redacting would also change {dotted(d)}; edit it by hand")
    entry = {"at": at, "path": dotted(path), "reason": reason}
    if note:
        entry["note"] = note
    try:
        return append_to_list(new_text, "redactions", entry, ())
    except EditError as exc:
        raise RedactError(str(exc)) from None


def _replace_in_place(text: str, doc: Doc, path: tuple, span: str) -> str:
    """Replace `span` only between where the value starts and where the next value starts."""
    start = doc.marks.get(path)
    if start is None:
        raise RedactError(f"no value at {dotted(path)}")
    later = sorted(m for m in list(doc.marks.values()) + list(doc.key_marks.values()) if m > start)
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))

    def offset(mark):
        line, col = mark
        return offsets[line - 1] + col - 1

    a = offset(start)
    b = offset(later[0]) if later else len(text)
    return text[:a] + text[a:b].replace(span, REDACTED) + text[b:]


def suggestions(doc: Doc, allowed_numbers=frozenset(), allowed_values=frozenset()) -> list[tuple]:
    """[(path, flagged text, problem code, line)] for every privacy hit in redactable text."""
    from .privacy import find_personal_data

    out = []
    for path, value in _strings(doc.data):
        if not redactable(path):
            continue
        for hit in find_personal_data(value, allowed_numbers, allowed_values):
            out.append((path, hit.text, hit.code, doc.at(*path).line))
    return out
