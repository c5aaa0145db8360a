"""What the volunteer commands write: a new item file, an event or a rating appended to one.

Edits are made to the *text*, not by re-dumping a parsed document: the new lines are
inserted after the last event (or rating), in the file's own indentation, so every other
byte — comments, key order, quoting, line breaks — stays exactly as it was. Values are
written so that the loader (PyYAML, YAML 1.1) reads back exactly the string that was meant:
anything it would read as something else (`no`, `on`, `12:30`, `0777`, `~`, `"3"`) is
quoted. Every edit is checked by parsing the result: the old content unchanged, the new
entry equal to what was asked for.

Pure: text in, text out. Validation and writing happen in the CLI.
"""
from __future__ import annotations

import json
import re
import secrets
from datetime import datetime

import yaml
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from .compare import first_difference
from .messages import MessageError
from .yamlsrc import load_yaml

_resolver = Resolver()
_STR = "tag:yaml.org,2002:str"
_PLAIN_OK = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`].*$|^-[^\s].*$")
ID_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # no 0/o, 1/l/i: ids are read aloud and copied by hand


class EditError(MessageError):
    """The edit cannot be made (not a mapping, the writer would change existing content):
    a message code and parameters."""


def _plain_reads_back(value: str) -> bool:
    if value != value.strip() or not value or "\n" in value:
        return False
    if _resolver.resolve(ScalarNode, value, (True, False)) != _STR:
        return False  # YAML 1.1 would read it as a bool, number, null or date
    if not _PLAIN_OK.match(value) or ": " in value or " #" in value or value.endswith(":"):
        return False
    try:
        return yaml.safe_load(f"k: {value}\n") == {"k": value}
    except yaml.YAMLError:
        return False


def _timestamp(value: str) -> bool:
    """A date or date-time as the format writes them: plain, like the demo (the loader keeps
    timestamps as the text typed)."""
    from .schema import parse_date, parse_datetime

    tag = _resolver.resolve(ScalarNode, value, (True, False))
    return tag == "tag:yaml.org,2002:timestamp" and (parse_datetime(value) or parse_date(value)) is not None


def _double_quoted(value: str) -> str:
    text = json.dumps(value, ensure_ascii=False)  # JSON strings are YAML double-quoted scalars…
    for ch, esc in (("\u0085", "\\N"), ("\u2028", "\\L"), ("\u2029", "\\P"), ("\ufeff", "\\uFEFF")):
        text = text.replace(ch, esc)  # …once YAML's own line breaks are escaped too
    return text


def scalar(value, indent: int) -> str:
    """`value` as it goes after `key: `; `indent` is the column of the key (for block text)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(scalar(v, indent) for v in value) + "]"
    value = str(value)
    if _plain_reads_back(value) or _timestamp(value):
        return value
    if "\n" in value.rstrip("\n") and not value.startswith((" ", "\t")) and "\r" not in value \
            and all(line == line.rstrip(" \t") for line in value.split("\n")) and not value.endswith("\n\n"):
        chomp = "" if value.endswith("\n") else "-"
        pad = " " * (indent + 2)
        body = "\n".join(pad + line if line else "" for line in value.rstrip("\n").split("\n"))
        return f"|{chomp}\n{body}"
    return _double_quoted(value)


def mapping_lines(data: dict, indent: int, first_prefix: str = "") -> list[str]:
    """`key: value` lines at `indent`; the first line may carry a list dash (`first_prefix`)."""
    lines = []
    for i, (k, v) in enumerate(data.items()):
        lead = first_prefix if i == 0 and first_prefix else " " * indent
        lines.append(f"{lead}{k}: {scalar(v, indent)}")
    return lines


# -- appending to a list (events, ratings) -------------------------------------------------

def _compose(text: str):
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise EditError("edit-yaml", detail=str(exc)) from None


def _entry_lines(entry, dash_col: int, key_col: int) -> list[str]:
    if isinstance(entry, dict):
        return mapping_lines(entry, key_col, " " * dash_col + "-" + " " * (key_col - dash_col - 1))
    return [" " * dash_col + "- " + scalar(entry, dash_col + 2)]


# YAML's line breaks, as the parser counts lines (so node marks index this split)
_BREAK = re.compile("(\r\n|[\r\n\x85\u2028\u2029])")


def _lines(text: str) -> tuple[list[str], list[str]]:
    """The lines of `text` and the break that ends each ('' after the last): joined back
    pairwise they are `text` again, byte for byte."""
    parts = _BREAK.split(text)
    return parts[0::2], parts[1::2] + [""]


def line_ending(text: str) -> str:
    """The file's own line ending: the most common of CRLF, LF and CR in it (the first seen
    wins a tie); LF for a file of one line."""
    counts: dict[str, int] = {}
    for brk in _BREAK.findall(text):
        if brk in ("\r\n", "\n", "\r"):
            counts[brk] = counts.get(brk, 0) + 1
    return max(counts, key=counts.get) if counts else "\n"


def _insert(text: str, at: int, new_lines: list[str]) -> str:
    """`text` with `new_lines` inserted before its line `at` (or after its last line), each
    ended by the file's own line ending; nothing else changes (a last line without a line
    break gets one, so the new lines start on their own)."""
    lines, breaks = _lines(text)
    eol = line_ending(text)
    block = "".join(line + eol for line in "\n".join(new_lines).split("\n"))  # block text too
    if at < len(lines):
        offset = sum(len(line) + len(brk) for line, brk in zip(lines[:at], breaks[:at]))
        return text[:offset] + block + text[offset:]
    # after the last line: one that ends without a line break gets the file's own first
    return text + (eol if lines[-1] else "") + block


def append_to_list(text: str, key: str, entry, before: tuple = ()) -> str:
    """Append `entry` (a mapping, or a plain value) to the top-level list `key`, creating it
    (before the first key of `before` that exists, else at the end) when there is none.
    Every byte of `text` is kept: the new lines are inserted whole, with the file's own
    line ending (CRLF stays CRLF)."""
    root = _compose(text)
    if root is None or not isinstance(root, yaml.MappingNode):
        raise EditError("edit-not-mapping")
    lines, _ = _lines(text)
    pairs = {k.value: (k, v) for k, v in root.value if isinstance(k, ScalarNode)}
    if key in pairs and isinstance(pairs[key][1], yaml.SequenceNode) and pairs[key][1].value:
        seq = pairs[key][1]
        if seq.flow_style:
            raise EditError("edit-flow-list", key=key)
        last = seq.value[-1]
        item_line = lines[last.start_mark.line]
        dash_col = item_line.index("-") if "-" in item_line[: last.start_mark.column] else seq.start_mark.column
        key_col = last.start_mark.column
        end = last.end_mark
        at = end.line if end.column == 0 else end.line + 1  # the line after the last entry's content
        return _insert(text, at, _entry_lines(entry, dash_col, key_col))
    if key in pairs:
        raise EditError("edit-not-list", key=key)
    block = [f"{key}:"] + _entry_lines(entry, 2, 4)
    for b in before:
        if b in pairs:
            at = pairs[b][0].start_mark.line
            # keep a comment that introduces `b` attached to it
            while at > 0 and lines[at - 1].lstrip().startswith("#"):
                at -= 1
            return _insert(text, at, block)
    return _insert(text, len(lines), block)


def verify_append(old_text: str, new_text: str, key: str, entry: dict, path: str) -> None:
    """The new text holds the old content unchanged plus exactly `entry` at the end of `key`."""
    old, p1 = load_yaml(old_text, path)
    new, p2 = load_yaml(new_text, path)
    if p2 or not isinstance(new.data, dict) or not isinstance(old.data, dict):
        raise EditError("edit-unparsable")
    items = new.data.get(key) or []
    if not items or first_difference(entry, items[-1]) is not None:
        raise EditError("edit-read-back", key=key)
    rest = dict(new.data)
    rest[key] = items[:-1]
    before = dict(old.data)
    before.setdefault(key, [])
    if first_difference(before, rest) is not None:
        raise EditError("edit-changed-content")


# -- replacing one value of a list (a photo's name) ----------------------------------------

def replace_in_list(text: str, key: str, index: int, value: str) -> str:
    """`text` with entry `index` of the top-level list `key` — a plain value, on one line or
    in [ … ] — replaced by `value`; every other byte stays."""
    root = _compose(text)
    if root is None or not isinstance(root, yaml.MappingNode):
        raise EditError("edit-not-mapping")
    pairs = {k.value: v for k, v in root.value if isinstance(k, ScalarNode)}
    seq = pairs.get(key)
    if not isinstance(seq, yaml.SequenceNode) or not 0 <= index < len(seq.value):
        raise EditError("edit-no-entry", key=key, number=index + 1)
    node = seq.value[index]
    if not isinstance(node, ScalarNode) or node.start_mark.line != node.end_mark.line:
        raise EditError("edit-not-one-line", key=key, number=index + 1)
    start, end = node.start_mark.index, node.end_mark.index
    written = scalar(value, node.start_mark.column)
    if seq.flow_style and (not _plain_reads_back(value) or any(c in value for c in ",[]{}")):
        written = _double_quoted(value)  # inside [ … ] neither a block scalar nor a bare comma can stand
    return text[:start] + written + text[end:]


def verify_replace(old_text: str, new_text: str, key: str, index: int, value, path: str) -> None:
    """The new text holds the old content with exactly entry `index` of `key` now `value`."""
    old, p1 = load_yaml(old_text, path)
    new, p2 = load_yaml(new_text, path)
    if p2 or not isinstance(new.data, dict) or not isinstance(old.data, dict):
        raise EditError("edit-unparsable")
    items = new.data.get(key)
    if not isinstance(items, list) or len(items) <= index or items[index] != value:
        raise EditError("edit-read-back", key=key)
    expected = dict(old.data)
    expected[key] = list(old.data[key])
    expected[key][index] = value
    if first_difference(expected, new.data) is not None or first_difference(new.data, expected) is not None:
        raise EditError("edit-changed-content")


# -- new items -----------------------------------------------------------------------------

ITEM_ORDER = ("id", "kind", "title", "description", "category", "building", "unit", "place", "complexity",
              "filed", "channel")


def new_id(filed_local: datetime, taken) -> str:
    """YYMMDD of the filing day, '-', four characters: unique among `taken`."""
    stem = filed_local.strftime("%y%m%d")
    for _ in range(1000):
        candidate = f"{stem}-{''.join(secrets.choice(ID_ALPHABET) for _ in range(4))}"
        if candidate not in taken:
            return candidate
    raise EditError("edit-no-free-id")  # pragma: no cover - 31^4 ids a day


def item_text(fields: dict) -> str:
    data = {k: fields[k] for k in ITEM_ORDER if fields.get(k) not in (None, "")}
    head = "# yaml-language-server: $schema=../../../schema/item.schema.json\n"
    return head + "\n".join(mapping_lines(data, 0)) + "\n"
