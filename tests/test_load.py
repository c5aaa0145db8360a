"""The loader: every way a file can be unreadable is a problem with a place, never a crash."""
from __future__ import annotations

import os

from conftest import find, item_text, only
from echowall.load import MAX_FILE_BYTES
import yaml

from echowall import yamlsrc
from echowall.yamlsrc import load_yaml

P = "ledger/items/2026/261101-abcd.yml"


def test_positions_are_kept_for_nested_values():
    doc, problems = load_yaml("a: 1\nevents:\n  - at: x\n    type: resolved\n", "f.yml")
    assert problems == []
    assert doc.at("events", 0, "type") == ("f.yml", 4, 11)
    assert doc.at("events", 0) == ("f.yml", 3, 5)
    assert doc.key_at("events", 0, "type") == ("f.yml", 4, 5)
    # a missing path falls back to its nearest parent
    assert doc.at("events", 0, "nope") == ("f.yml", 3, 5)


def test_yaml_11_scalars_are_kept_as_typed():
    doc, _ = load_yaml("a: no\nb: 0777\nc: 12:30\nd: 2026-04-15\ne: '12:30'\n", "f.yml")
    assert doc.data == {"a": False, "b": 511, "c": 750, "d": "2026-04-15", "e": "12:30"}
    assert doc.typed("a") == "no" and doc.typed("c") == "12:30" and doc.typed("e") is None


def test_syntax_error_has_line(empty_items):
    r = empty_items
    r.write(P, item_text() + "title: [unclosed\n")
    only(r.check().problems, "yaml-syntax", P, 12)


def test_tabs_are_a_syntax_problem_that_says_so(empty_items):
    r = empty_items
    r.write(P, item_text() + "events:\n\t- at: 2026-11-01T10:00+08:00\n")
    p = only(r.check().problems, "yaml-syntax", P, 12)
    assert "tab" in p.message


def test_duplicate_key(empty_items):
    r = empty_items
    r.write(P, item_text() + "title: 又一个标题\n")
    p = only(r.check().problems, "yaml-duplicate-key", P, 11)
    assert "first at line 3" in p.message


def test_not_utf8(empty_items):
    r = empty_items
    r.write(P, item_text().encode("utf-8") + "place: 楼道\n".encode("gbk"))
    only(r.check().problems, "file-encoding", P, 11)


def test_bom(empty_items):
    r = empty_items
    r.write(P, b"\xef\xbb\xbf" + item_text().encode())
    only(r.check().problems, "file-bom", P, 1)


def test_binary(empty_items):
    r = empty_items
    r.write(P, b"\x89PNG\r\n\x1a\n\0\0\0")
    only(r.check().problems, "file-binary", P, 1)


def test_too_large_is_refused_before_parsing(empty_items):
    r = empty_items
    r.write(P, item_text() + "description: |\n" + ("  很长的文字\n" * (MAX_FILE_BYTES // 10)))
    only(r.check().problems, "file-too-large", P, 0)


def test_alias_bomb_is_refused_quickly(empty_items):
    r = empty_items
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i-1}"] * 9) + "]")
    r.write(P, "\n".join(lines) + "\n")
    problems = r.check().problems  # how fast: benchmarks/run.py hostile
    only(problems, "yaml-alias", P, 1)
    only(problems, "yaml-alias", P, 2)


def test_deep_nesting(empty_items):
    r = empty_items
    r.write(P, "a: " + "[" * 10000 + "]" * 10000 + "\n")
    only(r.check().problems, "yaml-too-deep", P, 1)
    # at the bracket that opens level 33 (the mapping is level 1), whichever libyaml is installed
    assert [(p.line, p.column) for p in r.check().problems] == [(1, 3 + 32)]


def test_deep_block_nesting_is_our_check():
    text = "".join("  " * i + "k:\n" for i in range(40)) + "  " * 40 + "v: 1\n"
    doc, problems = yamlsrc.load_yaml(text, P)
    assert [(p.code, p.line, p.column) for p in problems] == [("yaml-too-deep", 33, 65)]


class _LimitedLoader(yaml.SafeLoader):
    """A parser with libyaml 0.2.5's own nesting limit, at 5 levels instead of 1,000."""

    def get_event(self):
        e = super().get_event()
        if isinstance(e, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            self._depth = getattr(self, "_depth", 0) + 1
            if self._depth > 5:
                raise yaml.scanner.ScannerError("while increasing flow level", e.start_mark,
                                                "exceeded maximum nesting depth", e.start_mark)
        return e


def test_libyaml_nesting_limit_becomes_too_deep(monkeypatch):
    """libyaml's own limit firing before ours is still yaml-too-deep, placed by our check."""
    monkeypatch.setattr(yamlsrc, "_Loader", _LimitedLoader)
    text = "a: " + "[" * 50 + "]" * 50 + "\n"
    doc, problems = yamlsrc.load_yaml(text, P)
    assert [(p.code, p.line, p.column) for p in problems] == [("yaml-too-deep", 1, 3 + 32)]
    # and a shallow file under the limited parser still loads
    doc, problems = yamlsrc.load_yaml("a: [[1]]\n", P)
    assert problems == [] and doc.data == {"a": [[1]]}


def test_nesting_limit_in_every_parser_is_placed_where_it_stopped(monkeypatch):
    monkeypatch.setattr(yamlsrc, "_Loader", _LimitedLoader)
    monkeypatch.setattr(yamlsrc, "_PureLoader", _LimitedLoader)
    doc, problems = yamlsrc.load_yaml("a: " + "[" * 50 + "]" * 50 + "\n", P)
    assert [(p.code, p.line, p.column) for p in problems] == [("yaml-too-deep", 1, 3 + 5)]


def test_unknown_tag(empty_items):
    r = empty_items
    r.write(P, item_text() + "place: !!python/object:os.system ls\n")
    only(r.check().problems, "yaml-tag", P, 11)


def test_two_documents(empty_items):
    r = empty_items
    r.write(P, item_text() + "---\nid: x\n")
    only(r.check().problems, "yaml-documents", P, 11)


def test_symlink_out_of_ledger(empty_items, tmp_path):
    r = empty_items
    outside = tmp_path / "secret.yml"
    outside.write_text("id: x\n")
    os.symlink(outside, r.path(P))
    only(r.check().problems, "file-symlink", P, 0)


def test_symlink_loops_are_a_problem_not_a_crash(empty_items):
    """a.yml -> b.yml -> a.yml, a link to itself, and estate.yml looping: each is
    file-symlink-loop at its path (Python < 3.13 raised RuntimeError resolving them)."""
    r = empty_items
    folder = r.path("ledger/items/2026")
    os.symlink("b.yml", folder / "a.yml")
    os.symlink("a.yml", folder / "b.yml")
    os.symlink("self", folder / "self")
    r.write(P, item_text())
    problems = r.check().problems
    for name in ("a.yml", "b.yml", "self"):
        only(problems, "file-symlink-loop", f"ledger/items/2026/{name}", 0)
    assert [p.code for p in problems if p.path == P] == []  # the real item next to them is read
    r.path("ledger/estate.yml").unlink()
    os.symlink("estate.yml", r.path("ledger/estate.yml"))
    only(r.check().problems, "file-symlink-loop", "ledger/estate.yml", 0)


def test_a_symlink_loop_through_the_commands(empty_items):
    from click.testing import CliRunner

    from echowall.cli import main

    r = empty_items
    os.symlink("b.yml", r.path("ledger/items/2026/a.yml"))
    os.symlink("a.yml", r.path("ledger/items/2026/b.yml"))
    res = CliRunner().invoke(main, ["--root", str(r.root), "--lang", "en", "validate"])
    assert res.exit_code == 1 and isinstance(res.exception, SystemExit)
    assert "ledger/items/2026/a.yml: error[file-symlink-loop]" in res.output
    # a photo that names a looping link in media/: refused, never followed
    r.write(P, item_text(extra="photos: [2026/loop.jpg]\n"))
    media = r.path("ledger/media/2026")
    media.mkdir(parents=True, exist_ok=True)
    os.symlink("loop.jpg", media / "loop.jpg")
    problems = r.check().problems
    only(problems, "media-symlink", "ledger/media/2026/loop.jpg", 0)
    only(problems, "ref-photo", P, r.line_of(P, "photos:"))
    # --root itself a loop: a usage error
    loop = r.root / "looproot"
    os.symlink("looproot", loop)
    res = CliRunner().invoke(main, ["--root", str(loop), "--lang", "en", "validate"])
    assert res.exit_code == 2 and "symbolic link loop" in res.output


def test_yaml_extension_and_stray_files(empty_items):
    r = empty_items
    r.write("ledger/items/2026/261101-abcd.yaml", item_text())
    r.write("ledger/items/2026/notes.txt", "hello")
    problems = r.check().problems
    only(problems, "file-name", "ledger/items/2026/261101-abcd.yaml", 0)
    p = only(problems, "file-unexpected", "ledger/items/2026/notes.txt", 0)
    assert p.severity == "warning"


def test_missing_estate(repo):
    repo.path("ledger/estate.yml").unlink()
    only(repo.check().problems, "file-missing", "ledger/estate.yml", 0)


def test_all_problems_are_collected(empty_items):
    r = empty_items
    r.write(P, item_text() + "title: 又一个\n")
    r.write("ledger/items/2026/261101-bbbb.yml", b"\xef\xbb\xbfid: x\n")
    r.write("ledger/items/2026/261101-cccc.yml", "a: [\n")
    codes = {p.code for p in r.check().problems}
    assert {"yaml-duplicate-key", "file-bom", "yaml-syntax"} <= codes
    find(r.check().problems, "yaml-syntax")
