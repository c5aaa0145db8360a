"""Every byte of a photo accounted for: a file in ledger/media/ is exactly what `echowall
media add` writes — its name, an item that lists it, and only the blocks our encoder writes,
with nothing after the end. Each rule fails on the attacker's forms and passes the closest
legitimate file."""
from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image, ImageCms
from PIL.TiffImagePlugin import IFDRational

from conftest import item_text, only
from echowall.imagefile import structure_problems
from echowall.media import strip_image

ITEM = "ledger/items/2026/261101-abcd.yml"
NAME = "2026/261101-abcd-1"  # the first photo media add gives item 261101-abcd


def encoded(fmt="JPEG", mode="RGB", size=(64, 48), **save) -> bytes:
    colour = {"RGB": (200, 100, 50), "CMYK": (20, 60, 90, 5)}.get(mode)
    img = Image.new(mode, size, colour)
    buf = io.BytesIO()
    img.save(buf, fmt, **save)
    return buf.getvalue()


def clean(fmt="JPEG", mode="RGB", **kw) -> bytes:
    """What media add writes for a photo of this format and mode."""
    return strip_image(encoded(fmt, mode, **kw))[0]


def srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def exif_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (IFDRational(30), IFDRational(15), IFDRational(0))
    return exif.tobytes()


def jpeg_segment(marker: int, body: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def after_jfif(data: bytes, insert: bytes) -> bytes:
    """A JPEG with `insert` placed right after its JFIF header (where EXIF usually sits)."""
    return data[:20] + insert + data[20:]


def after_ihdr(data: bytes, insert: bytes) -> bytes:
    return data[:33] + insert + data[33:]


@pytest.fixture
def photo_repo(empty_items):
    """One item listing one photo under the name media add gives it; tests write the bytes."""
    r = empty_items
    r.write(ITEM, item_text(extra=f"photos:\n  - {NAME}.jpg\n"))
    return r


def put(repo, data: bytes, ext=".jpg") -> str:
    """Write `data` as the item's photo (renaming the reference for the extension)."""
    if ext != ".jpg":
        repo.edit(ITEM, f"{NAME}.jpg", f"{NAME}{ext}")
    return repo.write(f"ledger/media/{NAME}{ext}", data)


# -- what media add writes passes ------------------------------------------------------------

@pytest.mark.parametrize("fmt, mode, ext, save", [
    ("JPEG", "RGB", ".jpg", {}),
    ("JPEG", "L", ".jpg", {}),
    ("JPEG", "CMYK", ".jpg", {}),
    ("JPEG", "RGB", ".jpg", {"progressive": True, "icc_profile": "sRGB", "dpi": (300, 300)}),
    ("PNG", "RGB", ".png", {}),
    ("PNG", "RGBA", ".png", {}),
    ("PNG", "LA", ".png", {}),
    ("PNG", "P", ".png", {"transparency": 0}),
    ("PNG", "I;16", ".png", {}),
    ("PNG", "1", ".png", {}),
    ("WEBP", "RGB", ".webp", {}),
    ("WEBP", "RGBA", ".webp", {"icc_profile": "sRGB"}),
    ("WEBP", "LA", ".webp", {}),
])
def test_a_photo_media_add_writes_passes_every_rule(photo_repo, fmt, mode, ext, save):
    if save.get("icc_profile") == "sRGB":
        save = dict(save, icc_profile=srgb_profile())
    data = clean(fmt, mode, **save)
    assert structure_problems(data) == []
    put(photo_repo, data, ext)
    assert photo_repo.check().problems == []


def test_media_add_keeps_the_colours_of_a_profile_and_writes_none():
    source = encoded("PNG", icc_profile=srgb_profile())
    data = strip_image(source)[0]
    with Image.open(io.BytesIO(data)) as img, Image.open(io.BytesIO(source)) as before:
        assert "icc_profile" in before.info and "icc_profile" not in img.info
        assert img.getpixel((0, 0)) == before.getpixel((0, 0)) == (200, 100, 50)


# -- the red team's file: a hidden photo with GPS, listed by an item ---------------------------

def test_a_hidden_photo_with_gps_is_refused_by_name_content_and_reference(photo_repo):
    r = photo_repo
    r.edit(ITEM, f"{NAME}.jpg", ".gps.jpg")
    rel = r.write("ledger/media/.gps.jpg", encoded(exif=exif_with_gps()))
    problems = r.check().problems
    assert only(problems, "media-name", rel, 0).variant == "hidden"
    assert "GPS" in only(problems, "media-exif", rel, 0).message
    only(problems, "ref-photo-name", ITEM, r.line_of(ITEM, "- .gps.jpg"))
    r.edit(ITEM, "- .gps.jpg", "- 2026/x.jpg")  # listed no more: unreferenced as well
    only(r.check().problems, "media-unreferenced", rel, 0)


@pytest.mark.parametrize("name", [
    ".gps.jpg",
    "2026/.261101-abcd-1.jpg",
    "2026/.hidden/261101-abcd-1.jpg",
    "2026/roof.jpg",
    "2026/261101-abcd-1.JPG",
    "2026/261101-abcd-1.jpeg",
    "2026/261101-abcd-01.jpg",
    "2026/261101-abcd-0.jpg",
    "2026/261101-abcd.jpg",
    "2026/261101-abcd-1.jpg.jpg",
    "2026/sub/261101-abcd-1.jpg",
    "261101-abcd-1.jpg",
    "２０２６/261101-abcd-1.jpg",  # full-width digits
    "2026/261101-аbcd-1.jpg",  # a Cyrillic а
    "2026/261101-abcd\u200b-1.jpg",  # zero-width space
    "2026/261101-abcd-1\u202egpj.jpg",  # right-to-left override
    "2026/261101-ABCD-1.jpg",
])
def test_names_media_add_does_not_make_are_refused(photo_repo, name):
    r = photo_repo
    r.edit(ITEM, f"{NAME}.jpg", f'"{name}"')
    rel = r.write(f"ledger/media/{name}", clean())
    problems = r.check().problems
    only(problems, "media-name", rel, 0)
    if "\u202e" in name:  # the item's text itself is refused first (a bidi override), at the line
        only(problems, "text-control", ITEM, r.line_of(ITEM, name))
    else:
        only(problems, "ref-photo-name", ITEM, r.line_of(ITEM, name))
    assert not [p for p in problems if p.code in ("media-unreferenced", "ref-photo")]


def test_a_path_with_dot_dot_is_not_a_photo_name(photo_repo):
    r = photo_repo
    r.edit(ITEM, f"{NAME}.jpg", f"2026/../{NAME}.jpg")
    put(r, clean())
    problems = r.check().problems
    only(problems, "ref-photo", ITEM, r.line_of(ITEM, "2026/../"))
    only(problems, "media-unreferenced", f"ledger/media/{NAME}.jpg", 0)


def test_a_photo_of_another_item_or_year_is_not_this_items(photo_repo):
    r = photo_repo
    other = "ledger/items/2026/261102-efgh.yml"
    r.write(other, item_text(id="261102-efgh", filed="2026-11-02T09:00:00+08:00",
                             extra=f"photos:\n  - {NAME}.jpg\n  - 2025/261102-efgh-1.jpg\n"))
    put(r, clean())
    r.write("ledger/media/2025/261102-efgh-1.jpg", clean())
    problems = r.check().problems
    only(problems, "ref-photo-name", other, r.line_of(other, f"- {NAME}.jpg"))
    only(problems, "ref-photo-name", other, r.line_of(other, "- 2025/"))
    assert [p.code for p in problems] == ["ref-photo-name", "ref-photo-name"]  # the files are fine


def test_a_listed_photo_under_its_own_name_passes_and_an_unlisted_one_does_not(photo_repo):
    r = photo_repo
    put(r, clean())
    rel = r.write("ledger/media/2026/261101-abcd-2.jpg", clean())
    problems = r.check().problems
    assert [(p.code, p.path, p.line) for p in problems] == [("media-unreferenced", rel, 0)]
    r.edit(ITEM, f"  - {NAME}.jpg\n", f"  - {NAME}.jpg\n  - 2026/261101-abcd-2.jpg\n")
    assert r.check().problems == []


def test_a_listing_file_or_readme_in_media_is_refused(photo_repo):
    r = photo_repo
    put(r, clean())
    for rel in ("ledger/media/.DS_Store", "ledger/media/2026/.gitkeep", "ledger/media/README.md"):
        r.write(rel, b"")
        problems = r.check().problems
        only(problems, "media-name", rel, 0)
        only(problems, "media-unreferenced", rel, 0)


# -- the bytes ---------------------------------------------------------------------------------

HTML = b"<html><script>alert(document.cookie)</script></html>"


@pytest.mark.parametrize("fmt, ext, make, code, variant", [
    # data after the end marker: an HTML polyglot, a second image
    ("JPEG", ".jpg", lambda d: d + HTML, "media-trailing-data", ""),
    ("JPEG", ".jpg", lambda d: d + d, "media-trailing-data", ""),
    ("JPEG", ".jpg", lambda d: d + b"\0", "media-trailing-data", ""),
    ("PNG", ".png", lambda d: d + HTML, "media-trailing-data", ""),
    ("WEBP", ".webp", lambda d: d + HTML, "media-trailing-data", ""),
    # metadata put back after stripping
    ("JPEG", ".jpg", lambda d: after_jfif(d, jpeg_segment(0xE1, b"Exif\0\0" + exif_with_gps())), "media-exif", ""),
    ("JPEG", ".jpg", lambda d: after_jfif(d, jpeg_segment(0xFE, "3幢2单元301".encode())), "media-exif", ""),
    ("PNG", ".png", lambda d: after_ihdr(d, png_chunk(b"tEXt", b"Comment\0room 301")), "media-exif", ""),
    ("PNG", ".png", lambda d: after_ihdr(d, png_chunk(b"eXIf", exif_with_gps())), "media-exif", ""),
    # colour profiles (their tags hold text)
    ("JPEG", ".jpg", lambda d: after_jfif(d, jpeg_segment(0xE2, b"ICC_PROFILE\0\1\1" + srgb_profile()[:4000])),
     "media-icc", ""),
    ("PNG", ".png", lambda d: after_ihdr(d, png_chunk(b"iCCP", b"p\0\0" + zlib.compress(srgb_profile()))),
     "media-icc", ""),
    # blocks our encoder never writes
    ("JPEG", ".jpg", lambda d: after_jfif(d, jpeg_segment(0xEB, HTML)), "media-segment", ""),
    ("JPEG", ".jpg", lambda d: after_jfif(d, jpeg_segment(0xE0, b"JFXX\0\x10" + HTML)), "media-segment", ""),
    ("PNG", ".png", lambda d: after_ihdr(d, png_chunk(b"prVt", HTML)), "media-segment", ""),
    ("PNG", ".png", lambda d: after_ihdr(d, png_chunk(b"prVt", b"")), "media-segment", ""),  # zero-length
    ("PNG", ".png", lambda d: after_ihdr(d, png_chunk(b"tIME", b"\x07\xea\x0b\x14\x0a\x00\x00")), "media-segment", ""),
    ("WEBP", ".webp", lambda d: _riff_append(d, b"JUNK", HTML), "media-segment", ""),
    ("WEBP", ".webp", lambda d: _riff_append(d, b"EXIF", exif_with_gps()), "media-exif", ""),
    # malformed, cut short
    ("JPEG", ".jpg", lambda d: d[:-40], "media-structure", "truncated"),
    ("JPEG", ".jpg", lambda d: d[:30], "media-structure", "truncated"),
    ("PNG", ".png", lambda d: d[:-12], "media-structure", "truncated"),
    ("WEBP", ".webp", lambda d: d[:-8], "media-structure", "truncated"),
    ("JPEG", ".jpg", lambda d: d[:2] + d[20:], "media-structure", "missing"),
    ("JPEG", ".jpg", lambda d: d[:2] + jpeg_segment(0xE0, d[6:20] + b"\0" * 3) + d[20:], "media-structure", "invalid"),
    ("PNG", ".png", lambda d: d[:44] + bytes([d[44] ^ 1]) + d[45:], "media-structure", "invalid"),  # a CRC
    ("PNG", ".png", lambda d: _png_idat_tail(d, HTML), "media-structure", "invalid"),
    # tables defined twice (room for 64 bytes each), or as 16-bit tables quality 85 never needs
    ("JPEG", ".jpg", lambda d: after_jfif(d, d[20:20 + 69]), "media-structure", "invalid"),
    ("JPEG", ".jpg", lambda d: after_jfif(d, jpeg_segment(0xDB, b"\x12" + bytes(128))), "media-structure", "invalid"),
    ("JPEG", ".jpg", lambda d: after_jfif(d, jpeg_segment(0xDB, b"\x02" + bytes(64))), "media-structure", "invalid"),
    ("WEBP", ".webp", lambda d: _webp_raw_alpha(d, 5), "media-structure", "invalid"),
])
def test_bytes_our_encoder_does_not_write_are_refused(photo_repo, fmt, ext, make, code, variant):
    good = clean(fmt, mode="RGB")
    put(photo_repo, good, ext)
    assert photo_repo.check().problems == []  # the close legitimate case
    rel = put_bytes(photo_repo, make(good), ext)
    p = only(photo_repo.check().problems, code, rel, 0)
    assert p.variant == variant
    assert "echowall media" in p.message


def put_bytes(repo, data: bytes, ext: str) -> str:
    return repo.write(f"ledger/media/{NAME}{ext}", data)


def _riff_append(data: bytes, kind: bytes, body: bytes) -> bytes:
    chunk = kind + struct.pack("<I", len(body)) + body + (b"\0" if len(body) % 2 else b"")
    out = data + chunk
    return out[:4] + struct.pack("<I", len(out) - 8) + out[8:]


def _webp_raw_alpha(data: bytes, extra: int) -> bytes:
    """A 64 x 48 WebP with an uncompressed alpha chunk `extra` bytes longer than its pixels."""
    vp8 = data[12:]
    alpha = b"\0" + b"\xff" * (64 * 48 + extra)
    head = b"VP8X" + struct.pack("<I", 10) + bytes([0x10, 0, 0, 0]) + (63).to_bytes(3, "little") \
        + (47).to_bytes(3, "little")
    body = head + b"ALPH" + struct.pack("<I", len(alpha)) + alpha + (b"\0" if len(alpha) % 2 else b"") + vp8
    out = b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WEBP" + body
    if extra == 0:
        assert structure_problems(out) == []
    return out


def test_a_webp_with_exactly_its_alpha_passes_the_walk():
    _webp_raw_alpha(clean("WEBP"), 0)


def _png_idat_tail(data: bytes, tail: bytes) -> bytes:
    """The same pixels, with `tail` hidden after the zlib stream inside IDAT (Pillow still
    opens the file without a word)."""
    with Image.open(io.BytesIO(data)) as img:
        rows = img.tobytes()
        width, height = img.size
    raw = b"".join(b"\0" + rows[y * width * 3:(y + 1) * width * 3] for y in range(height))
    idat = png_chunk(b"IDAT", zlib.compress(raw) + tail)
    out = data[:33] + idat + png_chunk(b"IEND", b"")
    with Image.open(io.BytesIO(out)) as img:
        img.load()  # a decoder is satisfied
    return out


def test_the_second_image_after_the_first_is_reported_where_it_starts(photo_repo):
    good = clean()
    rel = put(photo_repo, good + clean("JPEG", "L"))
    p = only(photo_repo.check().problems, "media-trailing-data", rel, 0)
    assert dict(p.params)["offset"] == len(good)


def test_a_palette_png_from_an_older_media_add_is_refused_until_cleaned(photo_repo):
    old = encoded("PNG", "P", optimize=True)  # v1 kept palettes, whose unused entries can hold anything
    rel = put(photo_repo, old, ".png")
    assert dict(only(photo_repo.check().problems, "media-structure", rel, 0).params)["segment"] == "IHDR"


def test_structure_walk_reports_each_kind_once():
    data = after_jfif(clean(), jpeg_segment(0xEB, b"a") + jpeg_segment(0xEC, b"b") + jpeg_segment(0xEB, b"c")
                      + jpeg_segment(0xE1, b"Exif\0\0" + exif_with_gps())
                      + jpeg_segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0<x/>"))
    found = structure_problems(data + HTML)
    assert [c for c, _, _ in found] == ["media-segment", "media-exif", "media-trailing-data"]
    assert found[0][2] == {"segments": ["APP11", "APP12"], "offset": 20}
    assert found[1][2] == {"kinds": ["exif", "xmp"]}


@pytest.mark.parametrize("data", [b"", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"RIFF\0\0\0\0WEBP",
                                  b"\x89PNG\r\n\x1a\n" + b"\xff" * 12, b"\xff\xd8\xff\xe0\xff\xff"])
def test_the_walk_never_raises_on_garbage(data):
    assert isinstance(structure_problems(data), list)


def test_a_media_folder_that_is_a_symbolic_link_is_refused(empty_items, tmp_path):
    from click.testing import CliRunner

    from echowall.cli import main

    r = empty_items
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "261101-abcd-1.jpg").write_bytes(clean())
    r.path("ledger/media").symlink_to(tmp_path / "elsewhere")
    assert [(p.code, p.path, p.line) for p in r.check().problems] == [("media-symlink", "ledger/media", 0)]
    out = CliRunner().invoke(main, ["--root", str(r.root), "--lang", "en", "media", "clean", "--apply"])
    assert out.exit_code == 1 and "ledger/media is a symbolic link; make it a folder" in out.output
    assert (tmp_path / "elsewhere" / "261101-abcd-1.jpg").read_bytes() == clean()


def test_known_limit_bytes_at_the_end_of_the_jpeg_scan_are_not_found():
    """Documented in docs/ledger-format.md: finding them needs a Huffman decode of every
    block. Pinned here so that a change to it is seen, and to keep the limit honest: the
    bytes must not contain 0xFF (which would end the scan and be found)."""
    good = clean()
    hidden = good[:-2] + HTML + good[-2:]
    assert structure_problems(hidden) == []


@pytest.mark.parametrize("fmt, ext", [("JPEG", ".jpg"), ("PNG", ".png"), ("WEBP", ".webp")])
def test_mangled_photos_never_raise(fmt, ext):
    """Flipped, inserted and deleted bytes, and cut-off files: always a list of problems."""
    import random

    from echowall.media import data_problems

    rnd = random.Random(fmt)
    base = clean(fmt, "RGB")
    for _ in range(150):
        d = bytearray(base)
        for _ in range(rnd.randint(1, 4)):
            k, op = rnd.randrange(len(d) or 1), rnd.random()
            if op < 0.4 and d:
                d[k] = rnd.randrange(256)
            elif op < 0.6:
                d[k:k] = rnd.randbytes(rnd.randint(1, 8))
            elif op < 0.8:
                del d[k:k + rnd.randint(1, 16)]
            else:
                del d[k:]
        assert isinstance(data_problems(bytes(d), ext), list)
