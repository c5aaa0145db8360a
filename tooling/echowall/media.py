"""Photos attached to items: JPEG, PNG or WebP under ledger/media/, at most MAX_MEDIA_BYTES,
and without metadata — EXIF carries GPS positions, camera serials and times that would
locate a resident's home. `strip_image` re-encodes the pixels only; `image_problems` says
what is wrong with a file already in the ledger.
"""
from __future__ import annotations

import io
from pathlib import Path

MAX_MEDIA_BYTES = 2 * 1024 * 1024  # a stored photo
MAX_INPUT_BYTES = 40 * 1024 * 1024  # what `echowall media add` accepts before re-encoding
MAX_SIDE = 2048  # pixels on the long side after re-encoding
MAX_PIXELS = 60_000_000  # refuse decompression bombs
FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
EXTENSIONS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
METADATA_KEYS = ("exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop", "iptc")


class MediaError(ValueError):
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
        raise MediaError(f"the image has more than {MAX_PIXELS:,} pixels") from None
    except Exception as exc:  # Pillow raises many kinds for broken files
        raise MediaError(f"not a readable image ({type(exc).__name__})") from None
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
    try:
        img = _open(path.read_bytes())
    except MediaError as exc:
        return [("media-type", "unreadable", {"detail": str(exc)})]
    if img.format != EXTENSIONS[ext]:
        return [("media-type", "misnamed", {"format": img.format or "not an image", "ext": ext})]
    meta = metadata_of(img)
    if meta:
        return [("media-exif", "", {"kinds": meta})]
    return []


def strip_image(data: bytes) -> tuple[bytes, str]:
    """Re-encode an image from its pixels only: no EXIF, XMP, comments or text; turned
    upright as the camera meant; at most MAX_SIDE pixels and MAX_MEDIA_BYTES."""
    from PIL import ImageOps

    if len(data) > MAX_INPUT_BYTES:
        raise MediaError(f"the file is larger than {MAX_INPUT_BYTES // 1048576} MB")
    img = _open(data)
    if img.format not in FORMATS:
        raise MediaError(f"{img.format} images are not accepted; use JPEG, PNG or WebP")
    fmt = img.format
    img = ImageOps.exif_transpose(img)
    side = MAX_SIDE
    while True:
        pixels = img.copy()
        pixels.thumbnail((side, side))
        if fmt == "JPEG" and pixels.mode not in ("RGB", "L"):
            pixels = pixels.convert("RGB")
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
    if metadata_of(check):  # pragma: no cover - Pillow wrote metadata we did not give it
        raise MediaError("could not remove the metadata")
    return out, FORMATS[fmt]
