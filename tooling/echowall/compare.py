"""Comparing a published value with its new version: the first difference, and redaction.

Neutral ground: the history check (checks/history.py), the volunteer commands' writers
(edit.py) and `echowall redact` (redaction.py) all compare documents the same way, and none
of them imports another for it.

A redaction replaces one or more non-empty spans of a published text by the marker
［已隐去］; everything else that differs is a difference.
"""
from __future__ import annotations

REDACTED = "［已隐去］"  # the marker; redaction.py (where it may stand, redact()) takes it from here


def redacted_spans(old: str, new: str) -> list[tuple[int, int]] | None:
    """The spans of `old` that markers replaced when `new` is `old` with one or more
    non-empty spans replaced by the marker; None when it is not such a redaction."""
    if REDACTED not in new or not isinstance(old, str):
        return None
    parts = new.split(REDACTED)
    first, last, middle = parts[0], parts[-1], parts[1:-1]
    if not old.startswith(first):
        return None
    spans = []
    pos = len(first)
    for part in middle:  # leftmost match keeps the most room for what follows
        i = old.find(part, pos + 1)
        if i == -1:
            return None
        spans.append((pos, i))
        pos = i + len(part)
    end = len(old) - len(last)
    if end < pos + 1 or not old.endswith(last):
        return None
    spans.append((pos, end))
    return spans


def is_redaction(old: str, new: str) -> bool:
    """`new` is `old` with one or more non-empty spans replaced by the marker."""
    return redacted_spans(old, new) is not None


def first_difference(old, new, path=()) -> tuple | None:
    """The path of the first value that differs other than by redaction, or None."""
    return first_change(old, new, path, lambda p: "text", [])


def first_change(old, new, path, kind_of, redactions):
    """The path of the first difference under `path`; a string changed by redaction where
    `kind_of(path)` names a kind ("text" or "ref") is no difference, and is recorded in
    `redactions` as (path, old, new, spans, kind)."""
    if isinstance(old, dict) and isinstance(new, dict):
        for k in old:
            if k not in new:
                return path + (k,)
            d = first_change(old[k], new[k], path + (k,), kind_of, redactions)
            if d is not None:
                return d
        for k in new:
            if k not in old:
                return path + (k,)
        return None
    if isinstance(old, list) and isinstance(new, list):
        for i, (a, b) in enumerate(zip(old, new)):
            d = first_change(a, b, path + (i,), kind_of, redactions)
            if d is not None:
                return d
        return None if len(old) == len(new) else path + (min(len(old), len(new)),)
    if type(old) is not type(new):
        return path
    if old == new:
        return None
    kind = kind_of(path) if isinstance(old, str) else None
    if kind is not None:
        spans = redacted_spans(old, new)
        if spans is not None:
            redactions.append((path, old, new, spans, kind))
            return None
    return path


def flagged(old: str, spans) -> bool:
    """Every character of every span but white space lies inside something the privacy
    rules flag (punctuation too: `开始？` -> `开始［已隐去］` changes a question)."""
    from .privacy import find_personal_data

    hits = [(h.start, h.end) for h in find_personal_data(old)]
    for s, e in spans:
        for i in range(s, e):
            if not old[i].isspace() and not any(a <= i < b for a, b in hits):
                return False
    return True
