"""Volunteer commands: new, event, rate. They write exactly what the loader reads back,
keep every other byte of the file, refuse an invalid change without touching the file,
and keep call-back contacts out of the ledger."""
from __future__ import annotations

import os
import stat

import git
import pytest
from click.testing import CliRunner

from datetime import datetime, timedelta, timezone

from echowall import cli
from echowall.cli import main
from echowall.edit import append_to_list, item_text, scalar, verify_append
from echowall.yamlsrc import load_yaml

ROOF = "ledger/items/2026/260415-7kq2.yml"


def run(repo, *args, input=None):
    r = CliRunner().invoke(main, ["--root", str(repo.root), "--lang", "en", *args], input=input)
    assert "Traceback" not in r.output, r.output
    return r


def recent(hours: float) -> str:
    """`hours` before the real clock: volunteer commands refuse a --at more than
    backdate_days (3) back."""
    return (datetime.now(timezone(timedelta(hours=8))) - timedelta(hours=hours)).replace(microsecond=0).isoformat()


def new_item(repo, *extra):
    r = run(repo, "new", "--no-input", "--kind", "problem", "--title", "2幢1单元楼道灯不亮",
            "--description", "二楼到三楼的灯坏了", "--category", "repairs", "--building", "2", "--unit", "1",
            "--complexity", "simple", "--channel", "phone", "--filed", recent(10), *extra)
    return r


def removed_insertions(old: str, new: str) -> str:
    """`new` with the lines that were inserted taken out again (difflib), to compare with old."""
    import difflib

    out = []
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        assert op in ("equal", "insert"), (op, a[i1:i2], b[j1:j2])
        if op == "equal":
            out += b[j1:j2]
    return "".join(out)


def test_new_event_rate_keep_every_comment_and_byte(repo):
    r = new_item(repo, "--contact", "13800001111")
    assert r.exit_code == 0, r.output
    iid = r.output.split("事项编号 ")[1].split()[0]
    rel = f"ledger/items/20{iid[:2]}/{iid}.yml"
    assert run(repo, "event", iid, "dispatched", "--tier", "property", "--role", "property",
               "--at", recent(9)).exit_code == 0
    assert run(repo, "event", iid, "resolved", "--note", "换了灯泡", "--at", recent(8)).exit_code == 0
    assert run(repo, "rate", iid, "5", "--outcome", "fixed", "--at", recent(7)).exit_code == 0
    doc, problems = load_yaml(repo.read(rel), rel)
    assert problems == [] and [e["type"] for e in doc.data["events"]] == ["dispatched", "resolved"]
    assert doc.data["ratings"][0]["score"] == 5
    assert repo.check().problems == []
    # the demo's commented item: comments and every byte kept, the event appended
    old = repo.read(ROOF)
    r = run(repo, "event", "260415-7kq2", "progress", "--note", "施工单位已进场", "--expected", "2026-12-15",
            "--at", recent(2))
    assert r.exit_code == 0, r.output
    new = repo.read(ROOF)
    assert removed_insertions(old, new) == old
    assert [line for line in old.splitlines() if line.lstrip().startswith("#")] == \
        [line for line in new.splitlines() if line.lstrip().startswith("#")]
    r = run(repo, "rate", "260415-7kq2", "2", "--outcome", "partly", "--comment", "还在施工",
            "--at", recent(1))
    assert r.exit_code == 1  # a rating must follow a resolved event: refused
    assert repo.read(ROOF) == new


@pytest.mark.parametrize("args, code", [
    (["event", "260415-7kq2", "urged", "--note", "居民电话13912345678"], "privacy-phone"),
    (["event", "260415-7kq2", "urged", "--at", "2099-01-01T09:00:00+08:00"], "time-future"),
    # an unknown tier or role is refused before validation, with the list (test_zh_cli.py)
    (["event", "260415-7kq2", "progress"], "event-field-missing"),
    (["rate", "260415-7kq2", "4", "--outcome", "fixed", "--comment", "住302室"], "privacy-room"),
])
def test_a_refused_edit_leaves_the_file_byte_identical(repo, args, code):
    before = (repo.root / ROOF).read_bytes()
    mtime = (repo.root / ROOF).stat().st_mtime_ns
    r = run(repo, *args)
    assert r.exit_code == 1 and f"error[{code}]" in r.output and "was not changed" in r.output
    assert (repo.root / ROOF).read_bytes() == before
    assert (repo.root / ROOF).stat().st_mtime_ns == mtime
    assert not [p for p in (repo.root / "ledger/items/2026").iterdir() if p.name.startswith(".")]


def test_new_refuses_personal_data_and_writes_nothing(repo):
    r = new_item(repo, "--place", "3幢2单元301门口")
    assert r.exit_code == 1 and "error[privacy-room]" in r.output and "was not written" in r.output
    assert not list((repo.root / "ledger/items/2026").glob("261121-*.yml"))


def test_new_needs_its_fields_when_it_cannot_ask(repo):
    r = run(repo, "new", "--no-input", "--title", "灯不亮")
    assert r.exit_code == 2
    assert "missing --kind, --description, --category, --complexity, --channel" in r.output


def test_new_asks_in_a_terminal(repo, monkeypatch):
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    answers = "\n".join(["need", "老人助餐", "独居老人希望送餐上门", "elderly", "6", "2", "complex", "visit", ""]) + "\n"
    r = run(repo, "new", "--filed", "2026-11-21T09:00:00+08:00", input=answers)
    assert r.exit_code == 0, r.output
    iid = r.output.split("事项编号 ")[1].split()[0]
    doc, _ = load_yaml(repo.read(f"ledger/items/2026/{iid}.yml"), "x")
    assert {k: doc.data[k] for k in ("kind", "category", "building", "unit", "complexity", "channel")} == {
        "kind": "need", "category": "elderly", "building": "6", "unit": "2", "complexity": "complex",
        "channel": "visit"}
    assert not (repo.root / "private").exists()  # no contact given, no register


def test_contacts_go_to_the_private_register_only(repo):
    r = new_item(repo, "--contact", "13800001111 王阿姨")
    assert r.exit_code == 0, r.output
    iid = r.output.split("事项编号 ")[1].split()[0]
    assert "13800001111" not in repo.read(f"ledger/items/2026/{iid}.yml")
    reg = repo.root / "private" / "callbacks.csv"
    filed = load_yaml(repo.read(f"ledger/items/2026/{iid}.yml"), "x")[0].data["filed"]  # e.g. 2026-12-01T06:51:00+08:00
    assert reg.read_text(encoding="utf-8").splitlines()[1].startswith(f"{iid},{filed[:16]}+08:00,13800001111 王阿姨")
    assert stat.S_IMODE(reg.stat().st_mode) == 0o600


def test_validation_refuses_a_tracked_register(repo):
    g = git.Repo.init(repo.root)
    (repo.root / ".gitignore").write_text("/private/\n")
    new_item(repo, "--contact", "13800001111")
    assert [p.code for p in repo.check().problems] == []
    g.git.add("-f", "private/callbacks.csv")
    problems = repo.check().problems
    assert [(p.code, p.path) for p in problems] == [("private-tracked", "private/callbacks.csv")]
    g.git.rm("--cached", "private/callbacks.csv")
    (repo.root / ".gitignore").write_text("")
    assert [(p.code, p.path) for p in repo.check().problems] == [("private-not-ignored", "private/callbacks.csv")]


@pytest.mark.parametrize("item_id", ["261199-zzzz", "../../etc/passwd", "260415-7kq2/x", "2604*", "26041?-7kq2"])
def test_event_on_an_unknown_item(repo, item_id):
    r = run(repo, "event", item_id, "urged")
    assert r.exit_code == 1 and f"no item '{item_id}'" in r.output


TRICKY = ["no", "on", "yes", "off", "true", "False", "null", "~", "12:30", "0777", "1e3", "0x1F", "1_000", ".inf",
          "3", "- x", "-x", "#x", "x #y", "a: b", "a:", "[x]", "{x}", "@x", "`x", "'x", '"x', "%x", "!x", "&x", "*x",
          "|x", ">x", "?", "-", ":x", "2026-01-01", "2026-11-21T09:00:00+08:00", " lead", "trail ", "多行\n文本",
          "ends with newline\n", "\ttab", "a\u2028b", "tab\tinside", "back\\slash", "=SUM(A1)", "x\r\ny"]


@pytest.mark.parametrize("value", TRICKY)
def test_every_string_reads_back_as_written(value):
    text = item_text({"id": "261121-abcd", "kind": "problem", "title": value, "description": value,
                      "category": "repairs", "complexity": "simple", "filed": "2026-11-21T09:00:00+08:00",
                      "channel": "phone"})
    doc, problems = load_yaml(text, "x.yml")
    assert problems == [] and doc.data["title"] == value and doc.data["description"] == value
    entry = {"at": "2026-11-21T10:00:00+08:00", "type": "resolved", "note": value}
    new = append_to_list(text, "events", entry)
    verify_append(text, new, "events", entry, "x.yml")
    doc, problems = load_yaml(new, "x.yml")
    assert problems == [] and doc.data["events"][0]["note"] == value
    new2 = append_to_list(new, "events", dict(entry, note=value + "2"))
    assert load_yaml(new2, "x.yml")[0].data["events"][1]["note"] == value + "2"


def test_quoting_decisions():
    assert scalar("no", 0) == '"no"' and scalar("3", 0) == '"3"' and scalar("12:30", 0) == '"12:30"'
    assert scalar("楼道灯不亮", 0) == "楼道灯不亮"
    assert scalar("2026-11-21T09:00:00+08:00", 0) == "2026-11-21T09:00:00+08:00"
    assert scalar(["grid_leader", "owners_head"], 0) == "[grid_leader, owners_head]"


def test_append_creates_the_list_before_links_keeping_their_comment():
    text = ("id: 261121-abcd\nkind: problem\ntitle: x\n# related reports\nlinks:\n"
            "  - item: 260415-7kq2\n    relation: related\n")
    entry = {"at": "2026-11-21T10:00:00+08:00", "type": "progress", "note": "x"}
    new = append_to_list(text, "events", entry, before=("ratings", "links"))
    verify_append(text, new, "events", entry, "x")
    assert new.index("events:") < new.index("# related reports") < new.index("links:")
    assert removed_insertions(text, new) == text


@pytest.mark.parametrize("text, before, block", [
    # CRLF: the new lines end in CRLF, every old byte stays
    ("id: x\r\nevents:\r\n  - at: a\r\n    type: b\r\nlinks: []\r\n", "links", "  - at: c\r\n    type: d\r\n"),
    # the list at the end, without a final line break: the last line is ended first
    ("id: x\r\nevents:\r\n  - at: a\r\n    type: b", None, "\r\n  - at: c\r\n    type: d\r\n"),
    # mixed: the most common ending wins
    ("id: x\nevents:\r\n  - at: a\r\n    type: b\r\n", None, "  - at: c\r\n    type: d\r\n"),
    # the list created at the end, after blank lines, which stay
    ("id: x\r\n\r\n", None, "events:\r\n  - at: c\r\n    type: d\r\n"),
    # a line break YAML counts and str.split("\n") would not (U+2028 inside a quoted note)
    ('id: x\nevents:\n  - at: a\n    note: "one\u2028two"\n    type: b\nlinks: []\n', "links",
     "  - at: c\n    type: d\n"),
], ids=["crlf", "no-final-break", "mixed", "created-after-blank-lines", "u2028"])
def test_append_keeps_every_byte_and_the_files_line_ending(text, before, block):
    entry = {"at": "c", "type": "d"}
    new = append_to_list(text, "events", entry, before=("links",))
    assert new == (text.replace(before, block + before, 1) if before else text + block)
    verify_append(text, new, "events", entry, "x")


def test_the_atomic_write_keeps_the_file_mode(repo):
    os.chmod(repo.root / ROOF, 0o640)
    r = run(repo, "event", "260415-7kq2", "urged", "--at", recent(1))
    assert r.exit_code == 0, r.output
    assert stat.S_IMODE((repo.root / ROOF).stat().st_mode) == 0o640
