"""Every problem code the validator can emit is documented in docs/ledger-format.md."""
from __future__ import annotations

import re

from conftest import REPO


def codes_in_source() -> set[str]:
    codes = set()
    for path in (REPO / "tooling" / "echowall").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        codes |= set(re.findall(r'(?:error|warning|problem)\([^()]*?(?:\([^()]*\))?[^()]*?,\s*"([a-z][a-z0-9-]+)"', text))
        codes |= {f"{w}-duplicate" for w in re.findall(r'_dupes\([^,]+,\s*"([a-z]+)"', text)}
    return codes


def test_every_problem_code_is_documented():
    codes = codes_in_source()
    assert len(codes) > 40  # the regex above finds them all, not none
    doc = (REPO / "docs" / "ledger-format.md").read_text(encoding="utf-8")
    missing = sorted(c for c in codes if f"`{c}`" not in doc)
    assert missing == []
