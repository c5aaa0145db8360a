"""Redaction: the one permitted edit of published text, visible and bounded.

- `redactions_of(data)`: every field of a ledger document that carries the marker, with the
  reason from the file's `redactions:` log (or "" for markers that predate the log) — what
  the site counts per page and lists on one page.
- `redact(text, path, span, reason, at, note)`: the file's text with `span` replaced by the
  marker inside one field, and the log entry appended; every other byte kept (checked by
  parsing the result).
- `suggestions(doc)`: what the privacy rules flag in a document's free text, as
  (field path, flagged text, problem code) — `echowall redact --suggest`.
- `plan_fixes(raw)`: everything `echowall redact --suggest --write` changes to clear every
  privacy finding in the ledger: free text redacted and logged; values in estate.yml and
  buildings.yml (settings, not history) and YAML comments replaced by the marker; photos
  whose names carry personal data renamed to the item id and a number.

Pure: text in, text out (the plan says which files to write and rename; the CLI does it).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import os
from pathlib import Path

from .compare import REDACTED  # noqa: F401  (the marker; defined on the neutral ground compare.py)
from .messages import MessageError, Phrase
from .yamlsrc import Doc, load_yaml

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


class RedactError(MessageError):
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
        raise RedactError("redact-path", value=text)
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
    from .compare import first_difference

    if reason not in REASONS:
        raise RedactError("redact-reason", reasons=list(REASONS))
    if not span or REDACTED in span:
        raise RedactError("redact-empty")
    if not redactable(path):
        raise RedactError("redact-not-text", path=dotted(path))
    doc, problems = load_yaml(text, rel)
    if problems or not isinstance(doc.data, dict):
        raise RedactError("redact-unparsable", file=rel)
    value = _get(doc.data, path)
    if not isinstance(value, str):
        raise RedactError("redact-no-text", file=rel, path=dotted(path))
    if span not in value:
        raise RedactError("redact-not-found", text=span, path=dotted(path))
    want = value.replace(span, REDACTED)
    new_text = _replace_in_place(text, doc, path, span)
    new_doc, problems = load_yaml(new_text, rel)
    if problems or _get(new_doc.data, path) != want:
        raise RedactError("redact-in-place", path=dotted(path))
    check = dict(new_doc.data)
    check_old = dict(doc.data)
    d = first_difference(check_old, check)
    if d is not None:
        raise RedactError("redact-also-changes", path=dotted(d))
    entry = {"at": at, "path": dotted(path), "reason": reason}
    if note:
        entry["note"] = note
    try:
        return append_to_list(new_text, "redactions", entry, ())
    except EditError as exc:
        raise RedactError(exc.code, **exc.params) from None


def _replace_in_place(text: str, doc: Doc, path: tuple, span: str) -> str:
    """Replace `span` only between where the value starts and where the next value starts."""
    start = doc.marks.get(path)
    if start is None:
        raise RedactError("redact-no-value", path=dotted(path))
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
    if "\n" not in span:
        return text[:a] + text[a:b].replace(span, REDACTED) + text[b:]
    # a span over a line break (a number split across two lines of a block scalar): in the
    # file the next line carries the block's indentation
    rx = re.compile("\n[ \t]*".join(re.escape(part) for part in span.split("\n")))
    return text[:a] + rx.sub(lambda m: REDACTED, text[a:b]) + text[b:]


def suggestions(doc: Doc, allowed_numbers=frozenset(), allowed_values=frozenset(), public=None) -> list[tuple]:
    """[(path, flagged text, problem code, line)] for every privacy hit in redactable text."""
    from .checks.privacy import find
    from .privacy import Public

    public = public or Public(frozenset(allowed_numbers), frozenset(allowed_values))
    out = []
    for path, value in _strings(doc.data):
        if not redactable(path):
            continue
        for hit in find(value, public, str(path[-1])):
            out.append((path, hit.text, hit.code, doc.at(*path).line))
    return out


def redact_setting(text: str, rel: str, path: tuple, span: str) -> str:
    """A value of estate.yml or buildings.yml (settings, not history) with `span` replaced by
    the marker; every other byte kept, checked by parsing the result."""
    doc, problems = load_yaml(text, rel)
    value = _get(doc.data, path) if not problems else None
    if not isinstance(value, str) or span not in value:
        raise RedactError("redact-not-found", text=span, path=dotted(path))
    new_text = _replace_in_place(text, doc, path, span)
    new_doc, problems = load_yaml(new_text, rel)
    if problems or _get(new_doc.data, path) != value.replace(span, REDACTED):
        raise RedactError("redact-in-place.setting", path=dotted(path))
    from .compare import first_difference

    d = first_difference(doc.data, new_doc.data)
    if d is not None:
        raise RedactError("redact-also-changes", path=dotted(d))
    return new_text


def redact_comment(text: str, line: int, column: int, span: str) -> str:
    """`text` with `span`, found at `line`:`column` inside a comment, replaced by the marker
    (a comment is no value: nothing else can change, and no log is needed)."""
    lines = text.split("\n")
    if not 1 <= line <= len(lines) or lines[line - 1][column - 1:column - 1 + len(span)] != span:
        raise RedactError("redact-not-at", text=span, line=line, column=column)
    row = lines[line - 1]
    lines[line - 1] = row[:column - 1] + REDACTED + row[column - 1 + len(span):]
    return "\n".join(lines)


def replace_value(text: str, rel: str, path: tuple, new: str) -> str:
    """A scalar value replaced by another written the same way (a photo's path), checked."""
    doc, problems = load_yaml(text, rel)
    old = _get(doc.data, path) if not problems else None
    if not isinstance(old, str):
        raise RedactError("redact-no-text", file=rel, path=dotted(path))
    start = doc.marks.get(path)
    lines = text.split("\n")
    row = lines[start[0] - 1]
    at = row.find(old, start[1] - 1)
    if at < 0:
        raise RedactError("redact-rename", old=old, file=rel)
    lines[start[0] - 1] = row[:at] + new + row[at + len(old):]
    new_text = "\n".join(lines)
    new_doc, problems = load_yaml(new_text, rel)
    if problems or _get(new_doc.data, path) != new:
        raise RedactError("redact-rename", old=old, file=rel)
    return new_text


@dataclass
class Fix:
    """One finding and what clears it: `where` is a field path, `comment` or `file name`;
    `command` redacts it alone ("" when only --write does, or nothing can)."""

    path: str  # the file, relative to the repository root
    line: int
    where: str
    text: str
    code: str
    command: str = ""
    problem: str = ""  # why --write cannot clear it ("" when it can)


@dataclass
class Plan:
    fixes: list
    writes: dict  # path -> new text
    renames: list  # (old path, new path), relative to the repository root


def plan_fixes(raw, at: str) -> Plan:
    """What clears every privacy finding of the ledger `raw` (load.RawLedger)."""
    from .checks.privacy import comments, find, media_names, public_of, published_texts

    public = public_of(raw.estate)
    root = Path(raw.root)
    plan = Plan([], {}, [])
    media = Path(raw.ledger_dir) / "media"
    taken = {name for _, name in media_names(raw.ledger_dir, root)}
    renamed: dict[str, str] = {}  # name under media/ -> new name

    def new_name(name: str, item_id: str) -> str:
        if name in renamed:
            return renamed[name]
        folder, _, base = name.rpartition("/")
        ext = os.path.splitext(base)[1].lower()
        stem = item_id or "photo"
        n = 1
        while True:
            candidate = f"{folder}/{stem}-{n}{ext}" if folder else f"{stem}-{n}{ext}"
            if candidate not in taken:
                break
            n += 1
        taken.add(candidate)
        renamed[name] = candidate
        return candidate

    docs = [(d, False) for d in raw.items + raw.revenue] + [(d, True) for d in (raw.estate, raw.buildings) if d]
    for doc, setting in sorted(docs, key=lambda x: x[0].path):
        if not isinstance(doc.data, (dict, list)):
            continue
        original = doc.text
        text = original
        item_id = doc.data.get("id") if "/items/" in doc.path and isinstance(doc.data, dict) else ""
        target = item_id or doc.path
        for path, value, fix, field in published_texts(doc, setting):
            hits = find(value, public, field)
            if not hits:
                continue
            line = doc.at(*path).line
            done = set()
            for hit in hits:
                f = Fix(doc.path, line, dotted(path), hit.text, hit.code)
                plan.fixes.append(f)
                if hit.text in done:
                    continue  # the same text twice in one field: redacted together
                done.add(hit.text)
                try:
                    if field == "photo":
                        name = value.replace("\\", "/")
                        new = new_name(name, str(item_id))
                        if (media / name).is_file() and (name, new) not in [(o, n) for o, n in plan.renames]:
                            plan.renames.append((name, new))
                        text = replace_value(text, doc.path, path, new)
                        break  # the whole name is replaced
                    elif setting:
                        text = redact_setting(text, doc.path, path, hit.text)
                    elif redactable(path):
                        f.command = (f"echowall redact {target} {dotted(path)} {_quote(hit.text)} "
                                     "--reason personal_data")
                        text = redact(text, doc.path, path, hit.text, "personal_data", at)
                    else:
                        f.problem = Phrase("redact-not-free-text", path=dotted(path))
                except RedactError as exc:
                    f.problem = Phrase(exc.code, **exc.params)
        for line, col, comment in comments(Doc(doc.path, text=text, hash_spans=load_yaml(text, doc.path)[0].hash_spans)):
            for hit in reversed(find(comment[1:], public)):  # right to left: columns stay put
                f = Fix(doc.path, line, "comment", hit.text, hit.code)
                plan.fixes.append(f)
                try:
                    text = redact_comment(text, line, col + 1 + hit.start, hit.text)
                except RedactError as exc:
                    f.problem = Phrase(exc.code, **exc.params)
        if text != original:
            plan.writes[doc.path] = text
    media_rel = Path(raw.ledger_dir).relative_to(root).as_posix() + "/media/"
    for rel, name in media_names(raw.ledger_dir, root):
        stem = os.path.splitext(name)[0]
        hits = find(stem, public, "photo")
        if hits and name not in renamed:
            for hit in hits:
                plan.fixes.append(Fix(rel, 0, "file name", hit.text, hit.code))
            plan.renames.append((name, new_name(name, "")))
    plan.renames = [(media_rel + o, media_rel + n) for o, n in plan.renames]
    return plan


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(text)
