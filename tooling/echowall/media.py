"""Photos attached to items: JPEG, PNG or WebP under ledger/media/, at most MAX_MEDIA_BYTES,
and without metadata — EXIF carries GPS positions, camera serials and times that would
locate a resident's home. `strip_image` re-encodes the pixels only; `image_problems` says
what is wrong with a file already in the ledger: every byte of it must be in a block that
strip_image writes (imagefile.py walks the blocks), under a name `echowall media add`
makes (`photo_name`).
"""
from __future__ import annotations

import io
import re
from pathlib import Path

from .imagefile import structure_problems
from .messages import MessageError, Phrase
from .schema import ITEM_ID_PATTERN

MAX_MEDIA_BYTES = 2 * 1024 * 1024  # a stored photo
MAX_INPUT_BYTES = 40 * 1024 * 1024  # what `echowall media add` accepts before re-encoding
MAX_SIDE = 2048  # pixels on the long side after re-encoding
MAX_PIXELS = 60_000_000  # refuse decompression bombs
FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
EXTENSIONS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
METADATA_KEYS = ("exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop", "iptc")

# The one name `echowall media add` gives a photo, relative to ledger/media/: the item's
# year folder, the item id, a number from 1, the format's own extension. ASCII only, so
# look-alike letters, full-width digits and invisible characters cannot pass.
PHOTO_NAME = re.compile(rf"(?P<year>[0-9]{{4}})/(?P<item>{ITEM_ID_PATTERN.strip('^$')})-(?P<n>[1-9][0-9]{{0,5}})"
                        r"\.(?P<ext>jpg|png|webp)")
PHOTO_EXTENSIONS = tuple(FORMATS.values())


def photo_name(year: str, item_id: str, n: int, ext: str) -> str:
    return f"{year}/{item_id}-{n}{ext}"


def parse_photo_name(name: str):
    """The match of a name `media add` makes (groups year, item, n, ext), or None."""
    return PHOTO_NAME.fullmatch(name)


def is_photo_name_of(name: str, year: str, item_id: str) -> bool:
    """`name` is one `media add` makes for the item `item_id` filed under `year`."""
    m = parse_photo_name(name)
    return m is not None and m["year"] == year and m["item"] == item_id


def next_photo_number(taken, year: str, item_id: str) -> int:
    """The number `media add` gives the next photo of an item: the smallest n from 1 with
    no `<item>-<n>` of any extension among `taken` (names relative to ledger/media/)."""
    n = 1
    while any(photo_name(year, item_id, n, e) in taken for e in PHOTO_EXTENSIONS):
        n += 1
    return n


class MediaError(MessageError):
    pass


def _open(data: bytes):
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        img = Image.open(io.BytesIO(data))
        if img.width * img.height > MAX_PIXELS:  # Pillow itself only refuses at twice its limit
            raise Image.DecompressionBombError
        img.load()
    except Image.DecompressionBombError:
        raise MediaError("photo-pixels", max=f"{MAX_PIXELS:,}") from None
    except Exception as exc:  # Pillow raises many kinds for broken files
        raise MediaError("photo-unreadable", error=type(exc).__name__) from None
    return img


def metadata_of(img) -> list[str]:
    """The kinds of metadata an opened image still carries."""
    found = [k for k in METADATA_KEYS if img.info.get(k)]
    try:
        if img.getexif():
            found.append("exif")
    except Exception:  # noqa: BLE001 - a broken EXIF block is still EXIF
        found.append("exif")
    if getattr(img, "text", None):
        found.append("text")
    return sorted(set(found))


def image_problems(path: Path) -> list[tuple[str, str, dict]]:
    """[(code, variant, params)] for a file under ledger/media/ (see messages.yml)."""
    ext = path.suffix.lower()
    if ext not in EXTENSIONS:
        return [("media-type", "", {})]
    size = path.stat().st_size
    if size > MAX_MEDIA_BYTES:
        return [("media-too-large", "", {"size_mb": round(size / 1048576, 1), "max_mb": MAX_MEDIA_BYTES // 1048576})]
    return data_problems(path.read_bytes(), ext)


def data_problems(data: bytes, ext: str) -> list[tuple[str, str, dict]]:
    """What is wrong with the bytes of a photo named `.ext`: its blocks (imagefile.py), then
    what Pillow makes of it."""
    found = structure_problems(data)
    if any(code == "media-structure" for code, _, _ in found):
        return found  # cut short or malformed: a decoder's complaint would add nothing
    try:
        img = _open(data)
    except MediaError as exc:
        return found + [("media-type", "unreadable", {"detail": Phrase(exc.code, **exc.params)})]
    if img.format != EXTENSIONS[ext]:
        return found + [("media-type", "misnamed", {"format": img.format or "not an image", "ext": ext})]
    meta = metadata_of(img)
    if meta and not any(code == "media-exif" for code, _, _ in found):
        found.append(("media-exif", "", {"kinds": meta}))  # pragma: no cover - the walk finds it first
    return found


def _in_srgb(img):
    """The pixels as sRGB when the image carries a colour profile (a phone's Display P3,
    a printer's CMYK), so dropping the profile keeps the colours; as they are when the
    profile cannot be applied."""
    icc = img.info.get("icc_profile")
    if not icc or img.mode not in ("RGB", "RGBA", "CMYK"):
        return img
    from PIL import ImageCms

    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.profileToProfile(img, source, ImageCms.createProfile("sRGB"),
                                         outputMode="RGBA" if img.mode == "RGBA" else "RGB")
    except (ImageCms.PyCMSError, OSError, ValueError):
        return img


def _pixel_mode(img, fmt: str):
    """The pixels in a mode the encoder writes plainly: JPEG grey or RGB; PNG and WebP grey,
    grey+alpha, RGB or RGBA at 8 bits — never a palette (whose unused entries could carry
    anything) nor 16 bits."""
    alpha = img.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in img.info
    if img.mode.startswith("I"):  # 16-bit grey
        img = img.convert("I").point(lambda v: v * (1 / 257)).convert("L")
    if fmt == "JPEG":
        return img if img.mode in ("RGB", "L") else img.convert("RGB")
    if fmt == "PNG" and img.mode in ("L", "LA", "RGB", "RGBA"):
        return img
    if fmt == "WEBP" and img.mode in ("RGB", "RGBA"):
        return img
    if fmt == "PNG" and img.mode == "1":
        return img.convert("L")
    return img.convert("RGBA" if alpha else "RGB")


def strip_image(data: bytes) -> tuple[bytes, str]:
    """Re-encode an image from its pixels only: no EXIF, XMP, comments, text or colour
    profile (the pixels are converted to sRGB first); turned upright as the camera meant;
    at most MAX_SIDE pixels and MAX_MEDIA_BYTES. The result has exactly the blocks
    imagefile.py allows."""
    from PIL import ImageOps

    if len(data) > MAX_INPUT_BYTES:
        raise MediaError("photo-too-large", max_mb=MAX_INPUT_BYTES // 1048576)
    img = _open(data)
    if img.format not in FORMATS:
        raise MediaError("photo-format", format=img.format)
    fmt = img.format
    try:
        img = _pixel_mode(_in_srgb(ImageOps.exif_transpose(img)), fmt)
    except (ValueError, OSError) as exc:  # a colour mode Pillow cannot convert, a broken EXIF
        raise MediaError("photo-convert", error=type(exc).__name__) from None
    side = MAX_SIDE
    while True:
        pixels = img.copy()
        pixels.thumbnail((side, side))
        clean = pixels.copy()
        clean.info = {}
        buf = io.BytesIO()
        if fmt == "JPEG":
            clean.save(buf, "JPEG", quality=85, optimize=True)
        elif fmt == "PNG":
            clean.save(buf, "PNG", optimize=True)
        else:
            clean.save(buf, "WEBP", quality=85)
        out = buf.getvalue()
        if len(out) <= MAX_MEDIA_BYTES or side <= 256:
            break
        side = int(side * 0.75)
    check = _open(out)
    if metadata_of(check) or structure_problems(out):  # pragma: no cover - Pillow wrote what we did not ask for
        raise MediaError("photo-metadata")
    return out, FORMATS[fmt]
