"""`echowall media clean`: the migration for ledgers whose photos predate the photo rules.
A dry run unless --apply; with it, every photo ends as `media add` writes it, item files
change only in the photo names, and a second run finds nothing to do."""
from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from conftest import item_text
from echowall.cli import main
from echowall.edit import EditError, replace_in_list, verify_replace
from echowall.imagefile import structure_problems
from echowall.media import strip_image
from test_media_bytes import HTML, after_jfif, exif_with_gps, jpeg_segment

A = "ledger/items/2026/261101-abcd.yml"
B = "ledger/items/2026/261102-efgh.yml"


def run(repo, *args):
    r = CliRunner().invoke(main, ["--root", str(repo.root), "--lang", "en", "media", "clean", *args])
    assert "Traceback" not in r.output, r.output
    return r


def jpeg(colour=(200, 100, 50), **save) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buf, "JPEG", **save)
    return buf.getvalue()


def snapshot(repo) -> dict:
    base = repo.path("ledger")
    return {p.relative_to(base).as_posix(): (os.readlink(p) if p.is_symlink() else p.read_bytes())
            for p in sorted(base.rglob("*")) if p.is_file() or p.is_symlink()}


@pytest.fixture
def v1(empty_items):
    """A ledger as v1 allowed it: a hidden photo with GPS listed by an item, a photo with
    an HTML page after its end, a name of one's own in upper case, another item's photo,
    stray files, a hidden folder."""
    r = empty_items
    r.write(A, item_text(extra=(
        "photos:\n"
        "  - .gps.jpg          # from the red team\n"
        "  - 2026/261101-abcd-1.jpg\n"
        "  - \"2026/Roof Photo.JPG\"\n"
        "events: []\n")))
    r.write(B, item_text(id="261102-efgh", filed="2026-11-02T09:00:00+08:00",
                         extra="photos: [2026/261101-abcd-1.jpg]  # the same leak, seen from below\n"))
    r.write("ledger/media/.gps.jpg", jpeg(exif=exif_with_gps()))
    r.write("ledger/media/2026/261101-abcd-1.jpg", strip_image(jpeg())[0] + HTML)
    r.write("ledger/media/2026/Roof Photo.JPG", strip_image(jpeg((1, 2, 3)))[0])
    r.write("ledger/media/2026/stray.jpg", jpeg())
    r.write("ledger/media/.DS_Store", b"\0\0\0\1Bud1")
    r.write("ledger/media/2026/.thumbs/261101-abcd-1.jpg", jpeg(exif=exif_with_gps()))
    return r


def test_a_dry_run_by_default_changes_nothing_and_says_what_it_would_do(v1):
    before = snapshot(v1)
    r = run(v1)
    assert r.exit_code == 0, r.output
    assert snapshot(v1) == before
    lines = r.output.splitlines()
    assert ("would rename (re-encoded) ledger/media/.gps.jpg -> ledger/media/2026/261101-abcd-2.jpg, listed in "
            f"{A}:12  [media-exif, media-name, ref-photo-name]") in lines
    assert "would rewrite ledger/media/2026/261101-abcd-1.jpg  [media-trailing-data]" in lines
    assert "would remove ledger/media/2026/stray.jpg  [media-name, media-unreferenced]" in lines
    assert lines[-1] == "media clean: 7 change(s) to make; nothing was changed — run `echowall media clean --apply`"


def test_apply_leaves_a_ledger_that_validates_and_item_files_changed_only_in_photo_names(v1):
    old_a, old_b = v1.read(A), v1.read(B)
    r = run(v1, "--apply")
    assert r.exit_code == 0, r.output
    assert v1.check().problems == []
    media = sorted(p.relative_to(v1.path("ledger/media")).as_posix()
                   for p in v1.path("ledger/media").rglob("*"))
    assert media == ["2026", "2026/261101-abcd-1.jpg", "2026/261101-abcd-2.jpg", "2026/261101-abcd-3.jpg",
                     "2026/261102-efgh-1.jpg"]  # the hidden folder went with its file
    # the entries keep their order; comments and every other byte stay
    assert v1.read(A) == old_a.replace(".gps.jpg", "2026/261101-abcd-2.jpg") \
        .replace('"2026/Roof Photo.JPG"', "2026/261101-abcd-3.jpg")
    assert v1.read(B) == old_b.replace("[2026/261101-abcd-1.jpg]", "[2026/261102-efgh-1.jpg]")
    for name in media[1:]:
        data = v1.path(f"ledger/media/{name}").read_bytes()
        assert structure_problems(data) == [] and b"PhoneMaker" not in data and HTML not in data
    # the photo that only had a wrong name keeps its bytes: no second lossy encode
    assert v1.path("ledger/media/2026/261101-abcd-3.jpg").read_bytes() == strip_image(jpeg((1, 2, 3)))[0]
    assert "media clean: 7 change(s) made" in r.output


def test_a_second_run_finds_nothing_to_do(v1):
    assert run(v1, "--apply").exit_code == 0
    after = snapshot(v1)
    r = run(v1, "--apply")
    assert r.exit_code == 0 and snapshot(v1) == after
    assert r.output == "media clean: every photo is already as `echowall media add` writes it\n"


def test_the_demo_ledger_needs_no_cleaning(repo):
    before = snapshot(repo)
    r = run(repo, "--apply")
    assert r.exit_code == 0 and "already" in r.output
    assert snapshot(repo) == before


def test_what_it_cannot_fix_is_left_and_listed_with_exit_1(v1):
    v1.edit(B, "[2026/261101-abcd-1.jpg]", "[2026/261101-abcd-1.jpg, 2026/261102-efgh-9.jpg]")  # not there
    v1.write("ledger/media/2026/261101-abcd-4.jpg", strip_image(jpeg())[0][:200])  # cut short
    v1.edit(A, "events: []", "  - 2026/261101-abcd-4.jpg\nevents: []")
    r = run(v1, "--apply")
    assert r.exit_code == 1
    assert f"left: {B}:11:" in r.output and "'2026/261102-efgh-9.jpg' does not exist" in r.output
    assert "left: ledger/media/2026/261101-abcd-4.jpg: error[media-structure] the file is cut short" in r.output
    assert "2 photo(s) or photos entries left for you to fix" in r.output
    problems = v1.check().problems  # everything else was fixed
    assert sorted({p.code for p in problems}) == ["media-structure", "ref-photo"]


def test_an_item_file_that_does_not_parse_stops_it_before_anything_changes(v1):
    v1.write(B, v1.read(B) + "title: [unclosed\n")
    before = snapshot(v1)
    r = run(v1, "--apply")
    assert r.exit_code == 1 and "yaml-syntax" in r.output
    assert "the photos they list are unknown; fix that first — nothing was changed" in r.output
    assert snapshot(v1) == before


def test_a_symbolic_link_nobody_lists_is_removed_not_followed(empty_items, tmp_path):
    r = empty_items
    target = tmp_path / "outside.jpg"
    target.write_bytes(jpeg())
    link = r.path("ledger/media/2026/261101-abcd-1.jpg")
    link.parent.mkdir(parents=True)
    os.symlink(target, link)
    assert run(r, "--apply").exit_code == 0
    assert not link.is_symlink() and target.read_bytes() == jpeg()


def test_a_listed_symbolic_link_is_left(empty_items, tmp_path):
    r = empty_items
    r.write(A, item_text(extra="photos:\n  - 2026/261101-abcd-1.jpg\n"))
    target = tmp_path / "outside.jpg"
    target.write_bytes(jpeg())
    r.path("ledger/media/2026").mkdir(parents=True)
    os.symlink(target, r.path("ledger/media/2026/261101-abcd-1.jpg"))
    out = run(r, "--apply")
    assert out.exit_code == 1 and "media-symlink" in out.output
    assert r.path("ledger/media/2026/261101-abcd-1.jpg").is_symlink()


def test_a_png_named_jpg_keeps_its_number_with_its_own_extension(empty_items):
    r = empty_items
    r.write(A, item_text(extra="photos:\n  - 2026/261101-abcd-1.jpg\n"))
    buf = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buf, "PNG")
    r.write("ledger/media/2026/261101-abcd-1.jpg", buf.getvalue())
    assert run(r, "--apply").exit_code == 0
    assert "  - 2026/261101-abcd-1.png\n" in r.read(A)
    assert r.check().problems == []


def test_an_appended_exif_segment_is_stripped_in_place(empty_items):
    r = empty_items
    r.write(A, item_text(extra="photos:\n  - 2026/261101-abcd-1.jpg\n"))
    stripped = strip_image(jpeg())[0]
    rel = r.write("ledger/media/2026/261101-abcd-1.jpg",
                  after_jfif(stripped, jpeg_segment(0xE1, b"Exif\0\0" + exif_with_gps())))
    before = r.read(A)
    out = run(r, "--apply")
    assert out.output.splitlines()[0] == f"rewrote {rel}  [media-exif]"
    assert r.read(A) == before and r.check().problems == []


# -- the one edit it makes to an item file -----------------------------------------------------

@pytest.mark.parametrize("text, index, value, expected", [
    ("photos:\n  - a.jpg   # keep me\n  - b.jpg\n", 0, "2026/261101-abcd-1.jpg",
     "photos:\n  - 2026/261101-abcd-1.jpg   # keep me\n  - b.jpg\n"),
    ("photos: ['a.jpg', \"b.jpg\"]\nevents: []\n", 1, "2026/261101-abcd-2.png",
     "photos: ['a.jpg', 2026/261101-abcd-2.png]\nevents: []\n"),
    ("photos:\n- \"x: y.jpg\"\n", 0, "a: b", "photos:\n- \"a: b\"\n"),
    ("photos: [a.jpg]\n", 0, "a, b", 'photos: ["a, b"]\n'),
])
def test_replace_in_list_changes_that_value_only(text, index, value, expected):
    new = replace_in_list(text, "photos", index, value)
    assert new == expected
    verify_replace(text, new, "photos", index, value, "x.yml")


@pytest.mark.parametrize("text, index", [("photos: |\n  a\n", 0), ("photos:\n  - a\n", 1), ("photos:\n  - a\n", -1),
                                         ("photos:\n  - {a: b}\n", 0), ("photos:\n  - a\n    b\n", 0), ("- a\n", 0)])
def test_replace_in_list_refuses_what_it_cannot_edit(text, index):
    with pytest.raises(EditError):
        replace_in_list(text, "photos", index, "b")


def test_media_clean_is_in_the_help(repo):
    r = CliRunner().invoke(main, ["--lang", "en", "media", "clean", "--help"])
    assert r.exit_code == 0 and "--apply" in r.output and "Example:" in r.output


def test_paths_are_relative_to_the_root_not_the_working_directory(v1, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path.parent)
    assert run(v1, "--apply").exit_code == 0
    assert Path(v1.path("ledger/media/2026/261101-abcd-2.jpg")).is_file()
