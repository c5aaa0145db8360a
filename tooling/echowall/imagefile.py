"""The bytes of a stored photo, walked block by block: every byte must belong to a block
that `echowall media add` writes (media.strip_image, through Pillow), in the order it
writes them, with nothing after the end.

A decoder's view is not enough: Pillow happily opens a JPEG with an HTML page after its
end marker, a private APP segment, or a PNG with an unknown chunk, and the file is
published byte for byte. So the container is parsed here, by its own rules:

- JPEG: SOI, one JFIF APP0 (no thumbnail), quantisation tables (DQT), one baseline frame
  (SOF0, 8-bit, 1 or 3 components), Huffman tables (DHT), one scan (SOS) whose data holds
  no marker (every 0xFF is stuffed), EOI — and the end of the file. Each segment's length
  is exactly what its tables need, and each table (ids 0 and 1, 8-bit) is defined once.
- PNG: the signature, IHDR (8-bit grey, grey+alpha, RGB or RGBA, not interlaced), IDAT
  chunks in one run whose zlib stream ends exactly where the pixels end, IEND — and the
  end of the file. Every CRC is checked.
- WebP: one RIFF whose size is the file's; either a lone lossy VP8 chunk, or VP8X (only
  the alpha flag, the frame's size) + ALPH (compressed, or raw at one byte a pixel) + VP8.

No colour profile is allowed at all (ICC profiles can carry text): `media add` converts
the pixels to sRGB and writes none.

What is not walked: the compressed picture data itself (JPEG scan, VP8 partitions, a
compressed alpha channel). Bytes hidden at their end, before the end marker, are only
found by decoding every block, which is too slow here (a known limit, documented in
docs/ledger-format.md); decoders skip them and the file still begins and ends as an image.

`structure_problems(data)` returns [(code, variant, params)] with the words in
messages.yml; an empty list means the file has exactly the shape our encoder writes.
"""
from __future__ import annotations

import re
import struct
import zlib

JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

# The JFIF header the encoder writes: version 1.01 or 1.02, density units 0-2, a non-zero
# density, and no thumbnail (a thumbnail is a second picture).
_JFIF = re.compile(rb"JFIF\x00\x01[\x00-\x02][\x00-\x02](?!\x00\x00)..(?!\x00\x00)..\x00\x00\Z", re.S)
_STUFFED_END = re.compile(rb"\xff(?!\x00)")  # the first 0xFF in scan data that is not 0xFF 0x00

_METADATA_APP = (  # (marker, prefix, kind) of the metadata segments cameras and editors write
    (0xE1, b"Exif\x00", "exif"),
    (0xE1, b"http://ns.adobe.com/xap/1.0/", "xmp"),
    (0xE1, b"http://ns.adobe.com/xmp/extension/", "xmp"),
    (0xED, b"Photoshop 3.0\x00", "iptc"),
)


def sniff(data: bytes) -> str | None:
    """The format by its signature: 'JPEG', 'PNG', 'WEBP', or None."""
    if data.startswith(JPEG_MAGIC):
        return "JPEG"
    if data.startswith(PNG_MAGIC):
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


def structure_problems(data: bytes) -> list[tuple[str, str, dict]]:
    """[(code, variant, params)] for a file whose signature is JPEG, PNG or WebP; [] when
    every byte is in a block our encoder writes. Other files: [] (the caller's type check
    says what they are)."""
    fmt = sniff(data)
    if fmt == "JPEG":
        return _Walk(data).jpeg()
    if fmt == "PNG":
        return _Walk(data).png()
    if fmt == "WEBP":
        return _Walk(data).webp()
    return []


def _name(raw: bytes) -> str:
    """A block's type as it may be shown: letters and digits as they are, anything else in
    hex (a chunk type is four arbitrary bytes)."""
    if raw and all(0x30 <= b <= 0x39 or 0x41 <= b <= 0x5A or 0x61 <= b <= 0x7A for b in raw):
        return raw.decode("ascii")
    return "0x" + raw.hex()


def _jpeg_name(marker: int) -> str:
    if 0xE0 <= marker <= 0xEF:
        return f"APP{marker - 0xE0}"
    if 0xD0 <= marker <= 0xD7:
        return "RST"
    if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
        return f"SOF{marker - 0xC0}"
    return {0xC4: "DHT", 0xCC: "DAC", 0xD8: "SOI", 0xD9: "EOI", 0xDA: "SOS", 0xDB: "DQT", 0xDC: "DNL",
            0xDD: "DRI", 0xDE: "DHP", 0xDF: "EXP", 0xFE: "COM", 0x01: "TEM", 0xFF: "fill byte"}.get(
        marker, f"marker 0x{marker:02X}")


class _Stop(Exception):
    """The walk cannot go on (the file is cut short, or a length is impossible)."""


class _Walk:
    def __init__(self, data: bytes):
        self.data = data
        self.out: list[tuple[str, str, dict]] = []

    # -- what a walk reports: one problem per code and variant, at the first place ----------

    def _add(self, code: str, variant: str, params: dict) -> None:
        if not any(c == code and v == variant for c, v, _ in self.out):
            self.out.append((code, variant, params))

    def metadata(self, kind: str) -> None:
        """EXIF, XMP, IPTC, a comment or text: one problem naming every kind found."""
        self._add("media-exif", "", {"kinds": []})
        kinds = next(p["kinds"] for c, _, p in self.out if c == "media-exif")
        if kind not in kinds:
            kinds.append(kind)
            kinds.sort()

    def profile(self, segment: str, offset: int) -> None:
        self._add("media-icc", "", {"segment": segment, "offset": offset})

    def foreign(self, segment: str, offset: int) -> None:
        """A block our encoder never writes: one problem naming every kind of block found
        (at most 8) and where the first one starts."""
        self._add("media-segment", "", {"segments": [], "offset": offset})
        names = next(p["segments"] for c, _, p in self.out if c == "media-segment")
        if segment not in names and len(names) < 8:
            names.append(segment)

    def invalid(self, segment: str, offset: int) -> None:
        self._add("media-structure", "invalid", {"segment": segment, "offset": offset})

    def order(self, segment: str, offset: int) -> None:
        self._add("media-structure", "order", {"segment": segment, "offset": offset})

    def truncated(self, segment: str, offset: int):
        self._add("media-structure", "truncated", {"segment": segment, "offset": offset, "size": len(self.data)})
        return _Stop()

    def trailing(self, end: int) -> None:
        if end < len(self.data):
            self.out.append(("media-trailing-data", "", {"size": len(self.data) - end, "offset": end}))

    # -- JPEG ------------------------------------------------------------------------------

    def jpeg(self):
        try:
            self._jpeg()
        except _Stop:
            pass
        return self.out

    def _jpeg(self) -> None:
        d = self.data
        pos = self._jfif(2)
        frame = scans = 0
        tables: set[tuple] = set()  # ("DQT", id), ("DHT", class, id) defined so far
        while True:
            if pos + 2 > len(d):
                raise self.truncated("EOI", pos)
            if d[pos] != 0xFF:
                self.invalid("marker", pos)
                raise _Stop
            marker = d[pos + 1]
            name = _jpeg_name(marker)
            if marker == 0xD9:  # EOI
                if not scans:
                    self.order("EOI", pos)
                self.trailing(pos + 2)
                return
            if marker in (0xFF, 0x01, 0xD8) or 0xD0 <= marker <= 0xD7:  # no length follows
                self.foreign(name, pos)
                pos += 1 if marker == 0xFF else 2
                continue
            body, end = self._jpeg_body(name, pos)
            frame, scans = self._jpeg_segment(marker, name, body, pos, frame, scans, tables)
            pos = self._scan_end(end) if marker == 0xDA else end

    def _jpeg_body(self, name: str, pos: int) -> tuple[bytes, int]:
        d = self.data
        if pos + 4 > len(d):
            raise self.truncated(name, pos)
        length = struct.unpack_from(">H", d, pos + 2)[0]
        if length < 2:
            self.invalid(name, pos)
            raise _Stop
        end = pos + 2 + length
        if end > len(d):
            raise self.truncated(name, pos)
        return d[pos + 4:end], end

    def _jfif(self, pos: int) -> int:
        """The JFIF header right after SOI; where the walk goes on."""
        d = self.data
        if d[pos:pos + 2] == b"\xff\xe0" and d[pos + 4:pos + 9] == b"JFIF\x00":
            body, end = self._jpeg_body("APP0 (JFIF)", pos)
            if not _JFIF.match(body):
                self.invalid("APP0 (JFIF)", pos)
            return end
        self._add("media-structure", "missing", {"segment": "APP0 (JFIF)"})
        return pos

    def _scan_end(self, pos: int) -> int:
        """Where the scan data that starts at `pos` ends: at the first marker (every 0xFF
        inside it is followed by 0x00). Restart markers are skipped over (and reported:
        the encoder writes none)."""
        d = self.data
        while True:
            hit = _STUFFED_END.search(d, pos)
            if hit is None or hit.start() + 1 >= len(d):
                raise self.truncated("SOS", pos)
            nxt = d[hit.start() + 1]
            if 0xD0 <= nxt <= 0xD7:
                self.foreign(_jpeg_name(nxt), hit.start())
                pos = hit.start() + 2
                continue
            return hit.start()

    def _jpeg_segment(self, marker, name, body, pos, frame, scans, tables):
        """Judge one segment after the JFIF header; (frames, scans) so far."""
        for app, prefix, kind in _METADATA_APP:
            if marker == app and body.startswith(prefix):
                self.metadata(kind)
                return frame, scans
        if marker == 0xE2 and body.startswith(b"ICC_PROFILE\x00"):
            self.profile("APP2 (ICC_PROFILE)", pos)
        elif marker == 0xFE:
            self.metadata("comment")
        elif marker in (0xDB, 0xC4):
            # each table once, ids 0 and 1 only (luminance, chrominance): a segment of
            # redefined tables would be room for anything
            defined = _dqt_tables(body) if marker == 0xDB else _dht_tables(body)
            if scans:
                self.order(name, pos)
            elif defined is None or len(set(defined)) < len(defined) or tables & set(defined):
                self.invalid(name, pos)
            tables.update(defined or ())
        elif marker == 0xC0:
            if frame or scans or not any(t[0] == "DQT" for t in tables):
                self.order(name, pos)
            elif not _sof0_exact(body):
                self.invalid(name, pos)
            frame += 1
        elif marker == 0xDA:
            if scans:
                self.foreign("SOS", pos)  # a second scan: progressive
            elif not frame or not any(t[0] == "DHT" for t in tables):
                self.order(name, pos)
            elif not _sos_exact(body):
                self.invalid(name, pos)
            scans += 1
        else:  # APPn, COM-like, DRI, progressive or arithmetic frames, ...
            self.foreign(name + (" (JFIF)" if body.startswith(b"JFIF\x00") else ""), pos)
        return frame, scans

    # -- PNG -------------------------------------------------------------------------------

    def png(self):
        try:
            self._png()
        except _Stop:
            pass
        return self.out

    def _png(self) -> None:
        d = self.data
        pos = 8
        header = None
        idat: list[bytes] = []
        idat_at = None
        idat_done = False
        while True:
            if pos + 8 > len(d):
                raise self.truncated("IEND", pos)
            length, raw = struct.unpack_from(">I4s", d, pos)
            name = _name(raw)
            if length > 0x7FFFFFFF:
                self.invalid(name, pos)
                raise _Stop
            end = pos + 12 + length
            if end > len(d):
                raise self.truncated(name, pos)
            body = d[pos + 8:pos + 8 + length]
            if struct.unpack_from(">I", d, pos + 8 + length)[0] != zlib.crc32(raw + body):
                self.invalid(name, pos)
            if header is None and raw != b"IHDR":
                self.order(name, pos)
                raise _Stop
            if raw == b"IHDR":
                if header is not None:
                    self.order(name, pos)
                else:
                    header = _ihdr(body)
                    if header is None:
                        self.invalid(name, pos)
                        raise _Stop
            elif raw == b"IDAT":
                if idat_done:
                    self.order(name, pos)
                idat.append(body)
                idat_at = pos if idat_at is None else idat_at
            elif raw == b"IEND":
                if length:
                    self.invalid(name, pos)
                if not idat:
                    self.order(name, pos)
                elif not _zlib_exact(b"".join(idat), *header):
                    self.invalid("IDAT", idat_at)
                self.trailing(end)
                return
            else:
                if raw in (b"tEXt", b"zTXt", b"iTXt"):
                    self.metadata("text")
                elif raw == b"eXIf":
                    self.metadata("exif")
                elif raw == b"iCCP":
                    self.profile("iCCP", pos)
                else:  # PLTE, tRNS, gAMA, pHYs, tIME, a private chunk, ...
                    self.foreign(name, pos)
            if idat and raw != b"IDAT":
                idat_done = True
            pos = end

    # -- WebP ------------------------------------------------------------------------------

    def webp(self):
        try:
            self._webp()
        except _Stop:
            pass
        return self.out

    def _webp(self) -> None:
        d = self.data
        if len(d) < 12:
            raise self.truncated("RIFF", 0)
        size = struct.unpack_from("<I", d, 4)[0]
        end = 8 + size
        if end > len(d):
            raise self.truncated("RIFF", 0)
        if size % 2:
            self.invalid("RIFF", 0)
        pos = 12
        chunks: list[tuple[bytes, int, bytes]] = []
        while pos < end:
            if pos + 8 > end:
                raise self.truncated("RIFF", 0)
            raw, length = struct.unpack_from("<4sI", d, pos)
            padded = length + (length & 1)
            if pos + 8 + padded > end:
                raise self.truncated(_name(raw), pos)
            if length & 1 and d[pos + 8 + length] != 0:
                self.invalid(_name(raw), pos)
            chunks.append((raw, pos, d[pos + 8:pos + 8 + length]))
            pos += 8 + padded
        self._webp_chunks(chunks)
        self.trailing(end)

    def _webp_chunks(self, chunks) -> None:
        kinds = [raw for raw, _, _ in chunks]
        flags = 0  # the VP8X flags these chunks call for
        for raw, pos, body in chunks:
            if raw == b"EXIF":
                self.metadata("exif")
                flags |= 0x08
            elif raw == b"XMP ":
                self.metadata("xmp")
                flags |= 0x04
            elif raw == b"ICCP":
                self.profile("ICCP", pos)
                flags |= 0x20
            elif raw == b"ALPH":
                flags |= 0x10
            elif raw not in (b"VP8 ", b"VP8X"):
                self.foreign(_name(raw.rstrip(b" ")), pos)  # VP8L (lossless), ANIM, ANMF, unknown
        ours = [(raw, pos, body) for raw, pos, body in chunks if raw in (b"VP8 ", b"VP8X", b"ALPH")]
        shape = [raw for raw, _, _ in ours]
        if shape not in ([b"VP8 "], [b"VP8X", b"VP8 "], [b"VP8X", b"ALPH", b"VP8 "]):
            if ours or b"VP8L" not in kinds:  # a lossless image alone: said above
                raw, pos, _ = ours[0] if ours else (b"RIFF", 0, b"")
                self.order(_name(raw.rstrip(b" ")), pos)
            return
        _, pos, frame = ours[-1]
        size = _vp8_size(frame)
        if size is None:
            self.invalid("VP8", pos)
        if b"ALPH" in shape:
            _, pos, alpha = ours[1]
            # reserved bits zero; raw (then exactly one byte a pixel) or lossless-compressed
            method = alpha[0] & 3 if alpha else 9
            if not alpha or alpha[0] >> 6 or method > 1 or (
                    method == 0 and size is not None and len(alpha) != 1 + size[0] * size[1]):
                self.invalid("ALPH", pos)
        if shape[0] == b"VP8X":
            _, pos, body = ours[0]
            # the encoder writes VP8X only for alpha; with metadata it names what follows
            if len(body) != 10 or not flags or body[0] != flags or body[1:4] != b"\0\0\0" or (
                    size is not None and _vp8x_canvas(body) != size):
                self.invalid("VP8X", pos)


def _dqt_tables(body: bytes) -> list[tuple] | None:
    """The tables a DQT segment defines, if it holds exactly 8-bit tables 0 or 1 (quality
    85 never needs 16-bit ones) and nothing else."""
    out, i = [], 0
    while i < len(body):
        precision, table = body[i] >> 4, body[i] & 15
        if precision or table > 1:
            return None
        out.append(("DQT", table))
        i += 65
    return out if out and i == len(body) else None


def _dht_tables(body: bytes) -> list[tuple] | None:
    """The tables a DHT segment defines, if it holds exactly DC/AC tables 0 or 1."""
    out, i = [], 0
    while i < len(body):
        if i + 17 > len(body) or body[i] >> 4 > 1 or body[i] & 15 > 1:
            return None
        count = sum(body[i + 1:i + 17])
        if count > 256:
            return None
        out.append(("DHT", body[i] >> 4, body[i] & 15))
        i += 17 + count
    return out if out and i == len(body) else None


def _sof0_exact(body: bytes) -> bool:
    if len(body) < 6:
        return False
    precision, height, width, count = struct.unpack_from(">BHHB", body)
    return precision == 8 and height > 0 and width > 0 and count in (1, 3) and len(body) == 6 + 3 * count


def _sos_exact(body: bytes) -> bool:
    if not body:
        return False
    count = body[0]
    # baseline, every coefficient in one scan: Ss=0, Se=63, Ah=Al=0
    return count in (1, 3) and len(body) == 4 + 2 * count and body[-3:] == b"\x00\x3f\x00"


_CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}  # PNG colour types our encoder writes: grey, RGB, grey+alpha, RGBA


def _ihdr(body: bytes):
    """(width, height, channels) of an 8-bit, not interlaced IHDR of a kind we write."""
    if len(body) != 13:
        return None
    width, height, depth, colour, compression, filtering, interlace = struct.unpack(">IIBBBBB", body)
    if not (0 < width <= 0x7FFFFFFF and 0 < height <= 0x7FFFFFFF) or depth != 8 or colour not in _CHANNELS \
            or compression or filtering or interlace:
        return None
    return width, height, _CHANNELS[colour]


def _zlib_exact(stream: bytes, width: int, height: int, channels: int) -> bool:
    """The IDAT stream is one zlib stream holding exactly the rows of the image (a filter
    byte and the pixels each), with nothing after it."""
    expected = height * (1 + width * channels)
    z = zlib.decompressobj()
    try:
        got = len(z.decompress(stream, expected + 1))  # never more than one byte too many
    except zlib.error:
        return False
    return got == expected and z.eof and not z.unused_data and not z.unconsumed_tail


def _vp8_size(body: bytes):
    """(width, height) of a lossy key frame, or None when the frame header is wrong."""
    if len(body) < 10 or body[3:6] != b"\x9d\x01\x2a":
        return None
    tag = body[0] | body[1] << 8 | body[2] << 16
    key_frame, partition = not tag & 1, tag >> 5
    if not key_frame or partition == 0 or partition > len(body) - 10:
        return None
    width, height = struct.unpack_from("<HH", body, 6)
    if width >> 14 or height >> 14:  # scaling bits: never written by the encoder
        return None
    return width & 0x3FFF, height & 0x3FFF


def _vp8x_canvas(body: bytes) -> tuple[int, int]:
    width = 1 + int.from_bytes(body[4:7], "little")
    height = 1 + int.from_bytes(body[7:10], "little")
    return width, height
