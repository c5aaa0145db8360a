"""QR codes as SVG (vector, so posters print sharp at any size)."""
from __future__ import annotations

import functools

import numpy as np
import qrcode
import qrcode.constants
import qrcode.main
from numpy.lib.stride_tricks import sliding_window_view

from ..plan import building_url, item_url  # noqa: F401  (the URLs the codes hold)

QUIET = 4  # modules of quiet zone around every QR code
MIN_VERSION = 4


# ISO/IEC 18004's eight data masks, as qrcode.util.mask_func defines them (i row, j column)
_MASKS = (
    lambda i, j: (i + j) % 2 == 0,
    lambda i, j: i % 2 == 0,
    lambda i, j: j % 3 == 0,
    lambda i, j: (i + j) % 3 == 0,
    lambda i, j: (i // 2 + j // 3) % 2 == 0,
    lambda i, j: (i * j) % 2 + (i * j) % 3 == 0,
    lambda i, j: ((i * j) % 2 + (i * j) % 3) % 2 == 0,
    lambda i, j: ((i * j) % 3 + (i + j) % 2) % 2 == 0,
)
# N3: 1:1:3:1:1 with four light modules after or before it
_N3 = np.array([[1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0], [0, 0, 0, 0, 1, 0, 1, 1, 1, 0, 1]], dtype=bool)


def lost_point(m: np.ndarray) -> int:
    """The mask penalty of a module matrix, equal to qrcode.util.lost_point (tested):
    N1 runs of five or more, N2 2x2 blocks, N3 finder-like patterns, N4 dark share."""
    n = m.shape[0]
    lines = np.concatenate([m, m.T])
    starts = np.ones(lines.shape, dtype=bool)  # a run starts at each line's first module
    starts[:, 1:] = lines[:, 1:] != lines[:, :-1]
    idx = np.flatnonzero(starts.ravel())
    lengths = np.diff(np.append(idx, lines.size))
    n1 = int((lengths[lengths >= 5] - 2).sum())
    a, b, c, d = m[:-1, :-1], m[:-1, 1:], m[1:, :-1], m[1:, 1:]
    n2 = 3 * int(((a == b) & (a == c) & (a == d)).sum())
    win = sliding_window_view(lines, 11, axis=1)
    n3 = 40 * sum(int((win == p).all(axis=2).sum()) for p in _N3)
    n4 = 10 * int(abs(float(m.sum()) / (n * n) * 100 - 50) / 5)
    return n1 + n2 + n3 + n4


class QRCode(qrcode.QRCode):
    """qrcode's QRCode choosing the same mask (the first with the lowest penalty), but
    placing the data once instead of eight times: the other masks are the same data cells
    flipped, scored in numpy. Choosing the mask was most of the time each code took."""

    def best_mask_pattern(self):
        self.makeImpl(True, 0)
        placed = np.array(self.modules, dtype=bool)
        modules = self.modules
        self.modules = qrcode.main.copy_2d_array(qrcode.main.precomputed_qr_blanks[self.version])
        self.setup_type_info(True, 0)
        if self.version >= 7:
            self.setup_type_number(True)
        data = np.array([[cell is None for cell in row] for row in self.modules])
        self.modules = modules
        i, j = np.indices(placed.shape)
        plain = placed ^ (data & _MASKS[0](i, j))
        scores = [lost_point(plain ^ (data & mask(i, j))) for mask in _MASKS]
        return scores.index(min(scores))


def render_qr_svg(data: str) -> bytes:
    """Error correction M (survives a scuffed sticker), a quiet zone of 4 modules, one
    vector outline per dark region (sharp at any size, no seams between modules): the same
    symbol as on the posters. Viewed 1 module = 1 mm, like qrcode's own SVG."""
    matrix = qr_matrix(data)
    size = len(matrix) + 2 * QUIET
    path = "".join("M" + "L".join(f"{x + QUIET} {y + QUIET}" for x, y in loop) + "Z"
                   for loop in qr_outlines(matrix))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{size}mm" height="{size}mm" '
            f'viewBox="0 0 {size} {size}"><rect width="{size}" height="{size}" fill="#fff"/>'
            f'<path d="{path}" fill="#000"/></svg>\n').encode("ascii")


@functools.lru_cache(maxsize=4096)
def qr_matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    """The code's modules without quiet zone (the caller keeps QUIET modules clear).
    Cached: one URL is on a poster, a label and a status sheet, and choosing the mask is slow."""
    # At least version 4 (33 modules): a short address would otherwise give a smaller version
    # whose 4-module quiet zone is a larger share of the square, so the same 30 mm code would
    # need a taller label — the layout is checked once for 33 modules and holds for every URL.
    qr = QRCode(version=MIN_VERSION, error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    qr.add_data(data)
    qr.make(fit=True)
    return tuple(tuple(row) for row in qr.get_matrix())


@functools.lru_cache(maxsize=4096)
def qr_outlines(matrix) -> tuple[tuple[tuple[int, int], ...], ...]:
    """The dark modules as closed outlines on the module grid, corners only.

    Drawing one polygon per dark region, instead of one square per module, leaves no
    hairline seams between modules when a viewer or a phone anti-aliases the page. A dark
    cell's edge is on an outline where its neighbour is light; such edges run clockwise
    (y downwards), and a straight run of them is one side, from corner to corner. The sides
    chain into loops, turning from a horizontal side onto a vertical one and back (holes
    run the other way, so the nonzero rule leaves them white); where two dark cells touch
    only at a corner, the loop turns right, keeping each region its own outline.
    """
    m = np.asarray(matrix, dtype=bool)
    pad = np.pad(m, 1)
    inner = pad[1:-1, 1:-1]
    # where a side runs: above / below a dark cell (rows), left / right of it (columns)
    top = inner & ~pad[:-2, 1:-1]
    bottom = inner & ~pad[2:, 1:-1]
    left = inner & ~pad[1:-1, :-2]
    right = inner & ~pad[1:-1, 2:]
    horizontal: dict[tuple[int, int], list[tuple[int, int]]] = {}  # start -> ends
    vertical: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for r, c0, c1 in _runs(top):
        horizontal.setdefault((c0, r), []).append((c1, r))  # left to right
    for r, c0, c1 in _runs(bottom):
        horizontal.setdefault((c1, r + 1), []).append((c0, r + 1))  # right to left
    for c, r0, r1 in _runs(right.T):
        vertical.setdefault((c + 1, r0), []).append((c + 1, r1))  # down
    for c, r0, r1 in _runs(left.T):
        vertical.setdefault((c, r1), []).append((c, r0))  # up
    loops = []
    for start in sorted(horizontal):
        while horizontal.get(start):
            loop, point, sides, prev = [], start, horizontal, None
            while True:
                ends = sides[point]
                end = ends[0] if len(ends) == 1 else _right_turn(prev, point, ends)
                ends.remove(end)
                if not ends:
                    del sides[point]
                loop.append(point)
                prev, point = point, end
                sides = vertical if sides is horizontal else horizontal
                if point == start and sides is horizontal:
                    break
            loops.append(tuple(loop))
    return tuple(loops)


def _runs(edges: np.ndarray):
    """(row, first, past-last) of each run of True in each row: one side of an outline."""
    flips = np.diff(np.pad(edges, ((0, 0), (1, 1))).astype(np.int8), axis=1)
    rows, starts = np.nonzero(flips == 1)
    _, stops = np.nonzero(flips == -1)
    return zip(rows.tolist(), starts.tolist(), stops.tolist())


def _right_turn(prev, point, ends):
    """Of two sides leaving a corner where regions touch, the one turning right."""
    dx, dy = point[0] - prev[0], point[1] - prev[1]
    for end in ends:
        ex, ey = end[0] - point[0], end[1] - point[1]
        if dx * ey - dy * ex > 0:  # y downwards: a positive cross product turns right
            return end
    return ends[0]


def qr_files(site_url: str, buildings, units: bool = True) -> dict[str, bytes]:
    """qr/<building>.svg, and qr/<building>-u<unit>.svg for every unit (units=True)."""
    out: dict[str, bytes] = {}
    for b in buildings:
        out[f"qr/{b.id}.svg"] = render_qr_svg(building_url(site_url, b.id))
        for u in (b.units if units else ()):
            out[f"qr/{b.id}-u{u}.svg"] = render_qr_svg(building_url(site_url, b.id, u))
    return out
