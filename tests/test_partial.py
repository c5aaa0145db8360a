"""The fast paths judge a one-file change as the whole check does.

`validate --changed-only --base` and the volunteer commands' check (partial.check_items) read
only the changed file, other items known by their file names. For random single-file edits
of the demo ledger (a new event, a changed field, a broken reference, a duplicate id, broken
YAML, a new file), the problems they report for that file equal the whole check's problems
for it — with --base and without."""
from __future__ import annotations

import shutil
from datetime import datetime, timezone

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import git_pull_request
from echowall.checks import REGISTRY, SCOPES
from echowall.cli import main
from echowall.partial import NeedsWholeCheck, check_items, validate_changed
from echowall.pipeline import check_ledger

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=timezone.utc)
ROOF = "ledger/items/2026/260415-7kq2.yml"


@pytest.fixture(scope="module")
def pr(tmp_path_factory):
    return git_pull_request(tmp_path_factory.mktemp("partial"), print_sheets=False)


def _items(repo):
    return sorted(p.relative_to(repo.root).as_posix() for p in repo.path("ledger/items").rglob("*.yml"))


EVENTS = st.sampled_from([
    {"at": "2026-11-19T09:00:00+08:00", "type": "urged"},
    {"at": "2026-11-19T09:00:00+08:00", "type": "progress", "note": "施工中"},
    {"at": "2026-11-19T09:00:00+08:00", "type": "dispatched", "tier": "property", "role": "property"},
    {"at": "2026-11-19T09:00:00+08:00", "type": "dispatched", "tier": "property", "role": "nobody"},
    {"at": "2027-05-01T09:00:00+08:00", "type": "urged"},  # in the future
    {"at": "2026-01-01T09:00:00+08:00", "type": "urged"},  # before filing, back-dated
    {"at": "2026-11-19T09:00:00+08:00", "type": "matched", "note": "配对", "item": "260101-zzzz"},
])
FIELDS = st.sampled_from([
    ("building", '"5"'), ("building", '"99"'), ("unit", '"7"'), ("category", "repairs"), ("category", "nothing"),
    ("title", "请回电13912345678"), ("complexity", "project"), ("channel", "fax"), ("filed", "2026-13-01"),
])


@st.composite
def edits(draw, files):
    """(path, new text or None to delete, description) of one single-file change."""
    path = draw(st.sampled_from(files))
    kind = draw(st.sampled_from(["event", "field", "dup-id", "dup-file", "yaml", "new", "drop-line"]))
    return path, kind, draw(EVENTS), draw(FIELDS), draw(st.sampled_from(files)), draw(st.integers(0, 30))


def _apply(repo, path, kind, event, field, other, n):
    """Make the change on disk; the path that changed."""
    text = repo.read(path)
    other_id = other.rsplit("/", 1)[-1][:-4]
    if kind == "event":
        from echowall.edit import append_to_list

        return repo.write(path, append_to_list(text, "events", dict(event), before=("ratings", "links")))
    if kind == "field":
        key, value = field
        lines = [f"{key}: {value}" if line.startswith(f"{key}:") else line for line in text.split("\n")]
        return repo.write(path, "\n".join(lines))
    if kind == "dup-id":
        return repo.write(path, text.replace(f"id: {path.rsplit('/', 1)[-1][:-4]}\n", f"id: {other_id}\n", 1))
    if kind == "dup-file":  # the same item under another year: the id is its file name, twice
        return repo.write(f"ledger/items/2025/{other_id}.yml", repo.read(other))
    if kind == "yaml":
        return repo.write(path, text + "events: [unclosed\n")
    if kind == "new":
        return repo.write("ledger/items/2026/261119-n3w1.yml", text.replace(
            f"id: {path.rsplit('/', 1)[-1][:-4]}\n", "id: 261119-n3w1\n", 1))
    lines = text.split("\n")
    del lines[n % len(lines)]
    return repo.write(path, "\n".join(lines))


def _verdict(problems, path):
    return sorted((p.code, p.line, p.column, p.message) for p in problems if p.path == path)


def test_every_check_is_in_the_registry_once_with_a_known_scope():
    names = [c.name for c in REGISTRY]
    assert len(names) == len(set(names))
    assert {c.scope for c in REGISTRY} <= set(SCOPES)
    assert {"schema", "refs", "history", "register", "settings", "unique"} <= set(names)


@settings(max_examples=14, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_single_file_change_gets_the_whole_checks_verdict(pr, data):
    files = _items(pr)
    path, kind, event, field, other, n = data.draw(edits(files))
    saved = {p: pr.read(p) for p in files}
    try:
        changed = _apply(pr, path, kind, event, field, other, n)
        changed = changed if isinstance(changed, str) and changed.startswith("ledger/") else path
        changed = next((p for p in _items(pr) if p not in saved), changed)
        whole = check_ledger(pr.root, now=NOW, base="main").problems
        fast = validate_changed(pr.root, "ledger", "main", now=NOW).problems
        assert _verdict(fast, changed) == _verdict(whole, changed), (kind, changed)
        whole_now = check_ledger(pr.root, now=NOW).problems
        assert _verdict(check_items(pr.root, "ledger", [changed], now=NOW), changed) == _verdict(whole_now, changed)
    finally:
        for p in _items(pr):
            if p not in saved:
                pr.path(p).unlink()
        for p, text in saved.items():
            if pr.read(p) != text:
                pr.write(p, text)
        shutil.rmtree(pr.path("ledger/items/2025"), ignore_errors=True)


def test_a_duplicate_id_by_file_name_is_found_by_the_listing(pr):
    """Copied under another year: the listing knows the other file by its name alone."""
    try:
        pr.write("ledger/items/2025/260415-7kq2.yml", pr.read(ROOF))
        fast = validate_changed(pr.root, "ledger", "main", now=NOW).problems
        dup = [p for p in fast if p.code == "id-duplicate"]
        assert [(p.path, p.line) for p in dup] == [("ledger/items/2025/260415-7kq2.yml", 1)]
    finally:
        shutil.rmtree(pr.path("ledger/items/2025"))


def test_a_change_to_the_settings_needs_the_whole_check(pr):
    old = pr.read("ledger/buildings.yml")
    try:
        pr.write("ledger/buildings.yml", old + "\n")
        with pytest.raises(NeedsWholeCheck):
            validate_changed(pr.root, "ledger", "main", now=NOW)
        r = CliRunner().invoke(main, ["--root", str(pr.root), "validate", "--changed-only", "--base", "main"])
        assert r.exit_code == 0, r.output  # answered by the whole check
    finally:
        pr.write("ledger/buildings.yml", old)


def test_changed_only_reports_a_broken_reference_with_exit_1(pr):
    old = pr.read(ROOF)
    try:
        pr.edit(ROOF, 'building: "5"', 'building: "55"')
        r = CliRunner().invoke(main, ["--root", str(pr.root), "validate", "--changed-only", "--base", "main",
                                      "--format", "json"])
        assert r.exit_code == 1
        import json

        got = [(p["path"], p["line"], p["code"]) for p in json.loads(r.output)]
        assert (ROOF, 8, "ref-building") in got and (ROOF, 8, "history-changed") in got
    finally:
        pr.write(ROOF, old)


def test_changed_only_needs_base_and_list_checks_prints_every_check(pr):
    r = CliRunner().invoke(main, ["--root", str(pr.root), "--lang", "en", "validate", "--changed-only"])
    assert r.exit_code == 2 and "--changed-only needs --base" in r.output
    r = CliRunner().invoke(main, ["--root", str(pr.root), "validate", "--list-checks"])
    assert r.exit_code == 0
    rows = [line.split(None, 2) for line in r.output.strip().splitlines()]
    assert [row[0] for row in rows] == [c.name for c in REGISTRY]
    assert [row[1] for row in rows] == [c.scope for c in REGISTRY]
    assert all(len(row) == 3 and row[2] for row in rows)


def test_the_base_is_read_only_where_the_change_is(pr, monkeypatch):
    """validate --base parses at the base only the files git says differ (plus the settings
    and revenue periods); the rest are the bytes that were published."""
    from echowall import history

    seen = []
    real = history.load_yaml
    monkeypatch.setattr(history, "load_yaml", lambda text, rel: (seen.append(rel), real(text, rel))[1])
    old = pr.read(ROOF)
    try:
        pr.edit(ROOF, "type: dispatched\n", "type: dispatched\n    note: 改\n")
        base = history.load_base(pr.root, "ledger", "main")
        assert [r for r in seen if "/items/" in r] == [ROOF]
        assert len(base.item_paths) == len(_items(pr)) and list(base.items) == [ROOF]
        assert base.changed == {ROOF}
        problems = check_ledger(pr.root, now=NOW, base="main").problems
        assert [(p.code, p.path) for p in problems if p.code.startswith("history-")] == [("history-edited", ROOF)]
    finally:
        pr.write(ROOF, old)
