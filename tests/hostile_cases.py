"""Hostile ledger files, each with the problem it must produce (code, path, line).

Shared by tests/test_hostile.py (exit 1, no traceback, the exact problem) and
`benchmarks/run.py hostile` (each answered within a second, as a whole process).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from conftest import item_text

P = "ledger/items/2026/261101-abcd.yml"

ITEM = item_text()  # the tests' standard small item


def _alias_bomb() -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def _symlink(root: Path) -> None:
    outside = root / "outside.yml"
    outside.write_text(ITEM, encoding="utf-8")
    link = root / P
    link.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(outside, link)


def _item(old: str, new: str) -> str:
    assert old in ITEM, old
    return ITEM.replace(old, new)


@dataclass(frozen=True)
class Case:
    name: str
    code: str
    line: int
    content: bytes | str | None = None  # written to `path`
    setup: Callable | None = None  # or made by this
    path: str = P


CASES = [
    Case("alias bomb", "yaml-alias", 1, _alias_bomb()),
    Case("5 MB file", "file-too-large", 0, ITEM + "description: |\n" + ("  很长很长的一段文字，反复出现\n" * 120_000)),
    Case("10,000-deep nesting", "yaml-too-deep", 1, "a: " + "[" * 10_000 + "]" * 10_000 + "\n"),
    Case("tabs", "yaml-syntax", 5, _item("description: 三楼楼道灯坏了", "description:\n\t三楼楼道灯坏了")),
    Case("byte-order mark", "file-bom", 1, b"\xef\xbb\xbf" + ITEM.encode()),
    Case("Latin-1 bytes", "file-encoding", 3, _item("title: 楼道灯不亮", "title: café").encode().replace("é".encode(), b"\xe9")),
    Case("binary file", "file-binary", 1, b"\x89PNG\r\n\x1a\n\0\0\0IHDR"),
    Case("symlink out of ledger/", "file-symlink", 0, setup=_symlink),
    Case("id with ../", "schema-id", 1, _item("id: 261101-abcd", "id: ../../etc/passwd")),
    Case("id with /", "schema-id", 1, _item("id: 261101-abcd", "id: 261101/abcd")),
    Case("id with spaces", "schema-id", 1, _item("id: 261101-abcd", "id: 261101 abcd")),
    Case("look-alike Unicode id", "schema-id", 1, _item("id: 261101-abcd", "id: 261101-аbcd")),  # Cyrillic а
    Case("2026-02-30", "schema-datetime", 9, _item("filed: 2026-11-01T09:00:00+08:00", "filed: 2026-02-30T09:00:00+08:00")),
    Case("24:00", "schema-datetime", 9, _item("filed: 2026-11-01T09:00:00+08:00", "filed: 2026-11-01T24:00:00+08:00")),
    Case("number where text belongs", "schema-type", 3, _item("title: 楼道灯不亮", "title: 404")),
    Case("text where a number belongs", "schema-type", 17, ITEM + "events:\n  - at: 2026-11-01T10:00:00+08:00\n"
         "    type: resolved\n    note: 修好了\nratings:\n  - at: 2026-11-02T10:00:00+08:00\n    score: 'five'\n"
         "    outcome: fixed\n    channel: phone\n"),
    Case("YAML 1.1 no -> false", "schema-type", 3, _item("title: 楼道灯不亮", "title: no")),
    Case("YAML 1.1 0777 -> octal", "schema-type", 7, _item('unit: "1"', "unit: 0777")),
    # PyYAML (YAML 1.1) keeps 1e3 as text, ruamel (1.2) would read 1000.0: the writer quotes it
    Case("1e3 as a building id", "ref-building", 6, _item('building: "2"', "building: 1e3")),
    Case("YAML 1.1 12:30 -> 750", "schema-type", 8, _item("complexity: simple", "complexity: 12:30")),
]


def make(case: Case, root: Path) -> None:
    """Put the case into a ledger at `root` (a copy of the demo with no items)."""
    if case.setup is not None:
        case.setup(root)
        return
    p = root / case.path
    p.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(case.content, bytes):
        p.write_bytes(case.content)
    else:
        p.write_text(case.content, encoding="utf-8")
