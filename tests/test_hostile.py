"""Everything a volunteer (or an attacker) can type into a ledger file gets one clear problem
with file and line, exit 1, and no traceback. Speed is measured in benchmarks/ (hostile)."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from echowall.cli import main
from hostile_cases import CASES, make


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input_is_one_clear_problem(empty_items, case):
    make(case, empty_items.root)
    r = CliRunner().invoke(main, ["--root", str(empty_items.root), "validate"])
    assert r.exit_code == 1, r.output
    assert "Traceback" not in r.output and r.exception is None or isinstance(r.exception, SystemExit)
    where = f"{case.path}:{case.line}:" if case.line else f"{case.path}: "
    assert any(line.startswith(where) and f"error[{case.code}]" in line for line in r.output.splitlines()), r.output
