"""Photos: `echowall media add` removes every kind of metadata and attaches the photo;
validation refuses what could leak a location or does not belong in ledger/media/."""
from __future__ import annotations

import io
import os
import random

import pytest
from click.testing import CliRunner
from PIL import Image, PngImagePlugin
from PIL.TiffImagePlugin import IFDRational

from conftest import only
from echowall.cli import main
from echowall.media import MAX_MEDIA_BYTES, metadata_of
from echowall.yamlsrc import load_yaml

ITEM = "ledger/items/2026/260305-dm3a.yml"


def run(repo, *args):
    r = CliRunner().invoke(main, ["--root", str(repo.root), "--lang", "en", *args])
    assert "Traceback" not in r.output, r.output
    return r


def phone_photo(path, fmt="JPEG", size=(3000, 2000)):
    """A photo as a phone writes it: EXIF with maker, time, GPS and an orientation flag."""
    img = Image.new("RGB", size, (200, 100, 50))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0132] = "2026:11:20 10:00:00"
    exif[0x0112] = 6  # rotate 90° when shown
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (IFDRational(30), IFDRational(15), IFDRational(0))
    if fmt == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", "3幢2单元301 王阿姨家")
        img.save(path, "PNG", exif=exif, pnginfo=info)
    else:
        img.save(path, fmt, exif=exif)
    with Image.open(path) as check:
        assert metadata_of(check)
    return path


@pytest.mark.parametrize("fmt, ext", [("JPEG", ".jpg"), ("PNG", ".png"), ("WEBP", ".webp")])
def test_media_add_strips_metadata_and_attaches_the_photo(repo, tmp_path, fmt, ext):
    src = phone_photo(tmp_path / f"IMG_2041{ext}", fmt)
    r = run(repo, "media", "add", str(src), "--item", "260305-dm3a")
    assert r.exit_code == 0, r.output
    stored = repo.root / f"ledger/media/2026/260305-dm3a-1{ext}"
    with Image.open(stored) as img:
        assert img.format == fmt
        assert metadata_of(img) == [] and not img.getexif()
        assert img.size == (1365, 2048)  # turned upright (the orientation flag), then shrunk
    assert stored.stat().st_size <= MAX_MEDIA_BYTES
    doc, _ = load_yaml(repo.read(ITEM), ITEM)
    assert doc.data["photos"] == [f"2026/260305-dm3a-1{ext}"]
    assert repo.check().problems == []
    # a second photo gets the next number
    assert run(repo, "media", "add", str(src), "--item", "260305-dm3a").exit_code == 0
    doc, _ = load_yaml(repo.read(ITEM), ITEM)
    assert doc.data["photos"] == [f"2026/260305-dm3a-1{ext}", f"2026/260305-dm3a-2{ext}"]


def test_validation_refuses_a_photo_that_still_carries_exif(repo, tmp_path):
    rel = "ledger/media/2026/raw.jpg"
    (repo.root / "ledger/media/2026").mkdir(parents=True, exist_ok=True)
    phone_photo(repo.root / rel, size=(40, 30))
    p = only(repo.check().problems, "media-exif", rel, 0)
    assert "GPS" in p.message and "echowall media add" in p.message


@pytest.mark.parametrize("name, content, code", [
    ("2026/notes.txt", b"hello", "media-type"),
    ("2026/anim.gif", b"GIF89a", "media-type"),
    ("2026/fake.jpg", b"<?php system($_GET['c']); ?>", "media-type"),
    ("2026/png-named.jpg", None, "media-type"),
])
def test_only_real_jpeg_png_webp(repo, name, content, code):
    path = repo.root / "ledger/media" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if content is None:
        buf = io.BytesIO()
        Image.new("RGB", (8, 8)).save(buf, "PNG")
        content = buf.getvalue()
    path.write_bytes(content)
    only(repo.check().problems, code, f"ledger/media/{name}", 0)


def test_size_cap(repo):
    path = repo.root / "ledger/media/2026/huge.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(1)
    Image.frombytes("RGB", (1100, 1100), bytes(rnd.getrandbits(8) for _ in range(1100 * 1100 * 3))).save(path)
    assert path.stat().st_size > MAX_MEDIA_BYTES
    p = only(repo.check().problems, "media-too-large", "ledger/media/2026/huge.png", 0)
    assert "at most 2 MB" in p.message


def test_a_symlink_in_media_is_refused(repo, tmp_path):
    outside = tmp_path / "elsewhere.jpg"
    Image.new("RGB", (8, 8)).save(outside)
    (repo.root / "ledger/media/2026").mkdir(parents=True, exist_ok=True)
    os.symlink(outside, repo.root / "ledger/media/2026/link.jpg")
    only(repo.check().problems, "media-symlink", "ledger/media/2026/link.jpg", 0)


def test_a_photo_path_may_not_escape_media(repo):
    text = repo.read(ITEM)
    line = next(i for i, l in enumerate(text.splitlines(), 1) if l.startswith("channel:"))
    lines = text.splitlines()
    lines.insert(line, "photos:\n  - ../../mkdocs.yml.jpg")
    repo.write(ITEM, "\n".join(lines) + "\n")
    only(repo.check().problems, "ref-photo", ITEM, line + 2)


@pytest.mark.parametrize("content, message", [
    (b"not an image at all", "not a readable image"),
    (None, "GIF images are not accepted"),
])
def test_media_add_refuses_what_is_not_a_photo(repo, tmp_path, content, message):
    src = tmp_path / "x.bin"
    if content is None:
        Image.new("P", (8, 8)).save(src, "GIF")
    else:
        src.write_bytes(content)
    before = repo.read(ITEM)
    files = sorted((repo.root / "ledger/media").rglob("*"))
    r = run(repo, "media", "add", str(src), "--item", "260305-dm3a")
    assert r.exit_code == 1 and message in r.output
    assert repo.read(ITEM) == before and sorted((repo.root / "ledger/media").rglob("*")) == files


def test_media_add_for_an_unknown_item(repo, tmp_path):
    src = phone_photo(tmp_path / "a.jpg", size=(40, 30))
    r = run(repo, "media", "add", str(src), "--item", "261199-zzzz")
    assert r.exit_code == 1 and "no item '261199-zzzz'" in r.output


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_decompression_bomb_is_refused(repo, tmp_path):
    from echowall import media

    src = tmp_path / "bomb.png"
    Image.new("1", (9000, 9000)).save(src)  # tiny file, 81 million pixels
    r = run(repo, "media", "add", str(src), "--item", "260305-dm3a")
    assert r.exit_code == 1 and f"more than {media.MAX_PIXELS:,} pixels" in r.output
