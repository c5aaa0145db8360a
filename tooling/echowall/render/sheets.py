"""Print sheets as PDF: A4 posters (one per building and per unit), QR label sheets, and the
stairwell status sheet (the echo wall on paper). Pure: a model in, {path: bytes} out.

Fonts: every glyph is drawn with one CJK TrueType font, embedded as a subset — Latin text
too, so no unembedded base-14 font (Helvetica) ever appears: the canvas's initial font is
set to it. Output is deterministic: reportlab's invariant mode fixes dates and document ids.
QR codes are vector rectangles (error correction M, a 4-module quiet zone kept clear).
"""
from __future__ import annotations

import functools
import hashlib
import io
import re
import os
from dataclasses import dataclass, fields
from pathlib import Path
from xml.sax.saxutils import escape

import yaml

from ..derive import BuildingFigures, EstateMonth, Model, derive_buildings, last_month
from ..labels import Labels, load_labels, pct, yuan
from ..plan import SiteConfig, building_url, table_rows
from .qr import MIN_VERSION, QUIET, qr_matrix, qr_outlines

MM = 72 / 25.4  # PDF points per millimetre
A4 = (210 * MM, 297 * MM)
TEXT_MM = 20  # width a label keeps beside its code for the building and unit
MIN_MODULES = 17 + 4 * MIN_VERSION  # 33

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",  # Debian fonts-wqy-microhei (the default)
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)
FONT_HELP = ("install the Debian package fonts-wqy-microhei (`scripts/system-deps.sh` does it), "
             "or set ECHOWALL_FONT to a CJK TrueType font (.ttf/.ttc), "
             "or turn print sheets off with `print: false` under the echowall plugin in mkdocs.yml")


class PrintError(ValueError):
    """A setting that stops the print sheets (font missing, a layout that does not fit)."""


# -- settings ---------------------------------------------------------------------------

@dataclass(frozen=True)
class LabelLayout:
    stock: str = "A4 3×7, 63.5 × 38.1 mm"
    columns: int = 3
    rows: int = 7
    label_width_mm: float = 63.5
    label_height_mm: float = 38.1
    margin_left_mm: float = 7.2
    margin_top_mm: float = 15.15
    gap_x_mm: float = 2.5
    gap_y_mm: float = 0.0
    qr_mm: float = 30.0

    def problems(self, modules: int) -> list[str]:
        """What does not fit, for a code of `modules` modules (without quiet zone)."""
        out = []
        if self.columns < 1 or self.rows < 1:
            out.append("labels: columns and rows must be at least 1")
            return out
        width = self.margin_left_mm + self.columns * self.label_width_mm + (self.columns - 1) * self.gap_x_mm
        height = self.margin_top_mm + self.rows * self.label_height_mm + (self.rows - 1) * self.gap_y_mm
        if width > 210.01 or height > 297.01:
            out.append(f"labels: {self.columns} × {self.rows} labels of {self.label_width_mm} × "
                       f"{self.label_height_mm} mm with these margins need {width:.1f} × {height:.1f} mm; "
                       "A4 is 210 × 297 mm")
        if self.qr_mm < 30:
            out.append(f"labels: qr_mm is {self.qr_mm}; codes need at least 30 mm to scan at arm's length")
        total = self.qr_mm * (modules + 2 * QUIET) / modules
        if total > self.label_height_mm + 0.01 or total > self.label_width_mm - TEXT_MM + 0.01:
            out.append(f"labels: a {self.qr_mm:g} mm code with its quiet zone needs {total:.1f} mm square and "
                       f"{TEXT_MM} mm beside it for the text, but the label is {self.label_width_mm:g} × "
                       f"{self.label_height_mm:g} mm; choose a larger label stock")
        return out


@dataclass(frozen=True)
class PrintSettings:
    poster_qr_mm: float = 100.0
    labels: LabelLayout = LabelLayout()


def _number(section: dict, key: str, default, where: str):
    value = section.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise PrintError(f"{where}: {key} must be a number, not {value!r}")
    return value


def load_print_settings(templates: Path) -> PrintSettings:
    """site_templates/print.yml (optional): poster and label-stock layout."""
    path = Path(templates) / "print.yml"
    if not path.is_file():
        return PrintSettings()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise PrintError(f"{path}: not readable YAML: {exc}") from None
    if not isinstance(data, dict):
        raise PrintError(f"{path}: expected a mapping with poster: and labels:")
    poster = data.get("poster") or {}
    labels = data.get("labels") or {}
    if not isinstance(poster, dict) or not isinstance(labels, dict):
        raise PrintError(f"{path}: poster: and labels: must be mappings")
    known = {f.name: f for f in fields(LabelLayout)}
    unknown = sorted(set(labels) - set(known))
    if unknown:
        raise PrintError(f"{path}: labels: unknown setting(s) {', '.join(map(str, unknown))}")
    kw = {}
    for name, f in known.items():
        if name not in labels:
            continue
        if name == "stock":
            kw[name] = str(labels[name])
        elif name in ("columns", "rows"):
            v = labels[name]
            if isinstance(v, bool) or not isinstance(v, int):
                raise PrintError(f"{path}: labels: {name} must be a whole number, not {v!r}")
            kw[name] = v
        else:
            kw[name] = float(_number(labels, name, f.default, f"{path}: labels"))
    qr_mm = float(_number(poster, "qr_mm", PrintSettings.poster_qr_mm, f"{path}: poster"))
    if not 60 <= qr_mm <= 150:
        raise PrintError(f"{path}: poster: qr_mm is {qr_mm}; use 60 to 150 mm (10 cm scans from 1 m)")
    layout = LabelLayout(**kw)
    bad = layout.problems(MIN_MODULES)  # checked here, before a build empties site/
    if bad:
        raise PrintError(f"{path}: " + "; ".join(bad))
    return PrintSettings(poster_qr_mm=qr_mm, labels=layout)


def font_option(root: Path, value: str) -> str | None:
    """The plugin's `font` option, relative to the repository root."""
    if not value:
        return None
    return value if Path(value).is_absolute() else str(Path(root) / value)


def find_font(explicit: str | None = None, environ=None) -> Path:
    """The CJK font: ECHOWALL_FONT, else the plugin's `font` option, else a known Debian path."""
    environ = os.environ if environ is None else environ
    wanted = environ.get("ECHOWALL_FONT") or explicit
    if wanted:
        p = Path(wanted)
        if not p.is_file():
            raise PrintError(f"the font {p} does not exist; {FONT_HELP}")
        return p
    for cand in FONT_CANDIDATES:
        if Path(cand).is_file():
            return Path(cand)
    raise PrintError(f"print sheets need a CJK font and none was found; {FONT_HELP}")


@functools.lru_cache(maxsize=None)
def register_font(path: str) -> str:
    """Register the font with reportlab once per process; check it can draw Chinese."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    name = "EchoWallCJK-" + hashlib.sha1(path.encode()).hexdigest()[:8]
    try:
        font = TTFont(name, path, subfontIndex=0)
    except (TTFError, OSError, ValueError) as exc:
        raise PrintError(f"the font {path} cannot be embedded ({exc}); {FONT_HELP}") from None
    if ord("回") not in font.face.charToGlyph:
        raise PrintError(f"the font {path} has no Chinese glyphs; {FONT_HELP}")
    pdfmetrics.registerFont(font)
    return name


# -- drawing helpers --------------------------------------------------------------------

def draw_qr(canvas, matrix, x: float, y: float, size: float) -> None:
    """Draw the symbol (no quiet zone) with its lower-left corner at (x, y), `size` wide:
    vector outlines, sharp at any scale."""
    m = size / len(matrix)
    top = y + size
    path = canvas.beginPath()
    for loop in qr_outlines(matrix):
        (c0, r0), rest = loop[0], loop[1:]
        path.moveTo(x + c0 * m, top - r0 * m)
        for c, r in rest:
            path.lineTo(x + c * m, top - r * m)
        path.close()
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, fill=1, stroke=0, fillMode=0)  # nonzero winding
    canvas.restoreState()


# Poster type sizes in points (issue 17: a dim stairwell, an elderly reader): the office phone
# on its own line, the text under the code, the body.
NOTICE_PT = 10  # the revenue notice's body and tables
NOTICE_COLUMNS_MM = (25, 15, 22, 40, 27, 31, 26)
STATUS_PT = 12  # the stairwell status sheet's body and tables
STATUS_OPEN_MM = (32, 51, 19, 18, 35, 25)  # id, title, unit, days open, holder, status (180 mm)
POSTER_PT = {"phone": 26, "under_qr": 14, "head": 16, "body_sizes": (14, 13.5, 13, 12.5, 12)}


UNBROKEN = re.compile(r"[!-~]+")  # a run of ASCII letters, digits and signs: a number, a voucher id


def wrap_unbroken(text: str, font: str, size: float, width: float) -> list[str]:
    """`text` cut into lines no wider than `width`, between Chinese characters or at spaces,
    never inside a run of ASCII letters and digits (a voucher number, an amount, a date); a run
    longer than the line gets a line of its own."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    tokens = re.findall(r"[!-~]+|\s+|.", text)
    lines, line = [], ""
    for tok in tokens:
        if line and stringWidth(line + tok, font, size) > width and not tok.isspace():
            lines.append(line.rstrip())
            line = tok
        else:
            line += tok
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def unbroken(text: str, style, width: float, padding: float = 12):
    """A table cell's Paragraph whose lines are cut by wrap_unbroken (never inside a number or
    an id) and never cut again by ReportLab."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    fixed = ParagraphStyle(style.name + "-fixed", parent=style, wordWrap=None, splitLongWords=0)
    lines = wrap_unbroken(str(text), style.fontName, style.fontSize, width - padding)
    return Paragraph("<br/>".join(escape(x) for x in lines), fixed)


def fit_size(text: str, font: str, size: float, width: float, minimum: float = 6) -> float:
    """The largest size up to `size` at which `text` fits in `width`."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    w = stringWidth(text, font, size)
    if w <= width:
        return size
    return max(minimum, size * width / w)


def short_url(url: str) -> str:
    """What is printed under a code: without the scheme, so it is short enough to type."""
    for scheme in ("https://", "http://"):
        if url.startswith(scheme):
            return url[len(scheme):]
    return url


# -- the sheets -------------------------------------------------------------------------

class Sheets:
    def __init__(self, model: Model, cfg: SiteConfig, labels: Labels, font_path: Path, settings: PrintSettings,
                 figures: dict[str, BuildingFigures] | None = None, month: EstateMonth | None = None):
        if not cfg.site_url:
            raise PrintError("mkdocs.yml has no site_url; the QR codes on the print sheets need it")
        self.model = model
        self.cfg = cfg
        self.est = model.ledger.estate
        self.tz = self.est.tz
        self.l = labels
        self.tr = labels.tr
        self.settings = settings
        self.font = register_font(str(font_path))
        # the per-building figures the building pages show (plan.py), else derived here
        self.month = month or last_month(model)
        self.figures = figures if figures is not None else derive_buildings(model, self.month)

    def canvas(self, buf):
        from reportlab.pdfgen.canvas import Canvas

        c = Canvas(buf, pagesize=A4, invariant=1, pageCompression=1, initialFontName=self.font,
                   initialFontSize=12, initialLeading=14.4)
        c.setAuthor(self.tr("print.footer", estate=self.est.name))
        c.setCreator("echowall")
        return c

    def url(self, building: str, unit: str | None = None) -> str:
        return building_url(self.cfg.site_url, building, unit)

    def unit_name(self, unit: str) -> str:
        return self.l.unit_name(unit)

    # -- posters --------------------------------------------------------------------
    def draw_poster(self, c, b, unit: str | None) -> None:
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.platypus import Paragraph

        W, H = A4
        f = self.font
        margin = 15 * MM
        width = W - 2 * margin
        y = H - 22 * MM
        c.setFillColorRGB(0.1, 0.1, 0.1)
        c.setFont(f, fit_size(self.est.name, f, 26, width))
        c.drawCentredString(W / 2, y, self.est.name)
        y -= 9 * MM
        sub = " · ".join(x for x in (self.est.subdistrict, self.est.community) if x)
        if sub:
            c.setFont(f, 12)
            c.drawCentredString(W / 2, y, sub)
        # building and unit in large type, legible from across the stairwell
        y -= 24 * MM
        title = b.name + (f" {self.unit_name(unit)}" if unit else "")
        c.setFillColorRGB(0.75, 0.1, 0.1)
        c.setFont(f, fit_size(title, f, 64, width))
        c.drawCentredString(W / 2, y, title)
        y -= 13 * MM
        c.setFillColorRGB(0.1, 0.1, 0.1)
        scan = self.tr("print.scan")
        c.setFont(f, fit_size(scan, f, 20, width))
        c.drawCentredString(W / 2, y, scan)
        # the code: about 10 cm, vector, 4 modules of quiet zone kept clear
        url = self.url(b.id, unit)
        matrix = qr_matrix(url)
        size = self.settings.poster_qr_mm * MM
        quiet = size * QUIET / len(matrix)
        y -= 6 * MM + quiet + size
        draw_qr(c, matrix, (W - size) / 2, y, size)
        y -= quiet + 6 * MM  # the text's ascent stays out of the quiet zone
        c.setFont(f, fit_size(self.tr("print.url_hint"), f, POSTER_PT["under_qr"], width, POSTER_PT["under_qr"]))
        c.drawCentredString(W / 2, y, self.tr("print.url_hint"))
        y -= 7 * MM
        text = short_url(url)
        c.setFont(f, fit_size(text, f, 16, width, POSTER_PT["under_qr"]))
        c.drawCentredString(W / 2, y, text)
        # the way in for residents without a smartphone: the office phone on a line of its own,
        # large enough to read in a dim stairwell; then the promise
        con = self.est.contact
        blocks = [
            (None, self.tr("print.no_phone", place=con.place, hours=con.hours)),
            (self.tr("print.promise_title"), self.tr("print.promise", days=self.est.complex_days)),
            (None, self.tr("print.receipt")),
        ]

        def styles(body: float):
            style = ParagraphStyle("body", fontName=f, fontSize=body, leading=body * 1.35, wordWrap="CJK")
            head = ParagraphStyle("head", parent=style, fontSize=POSTER_PT["head"], leading=POSTER_PT["head"] * 1.3,
                                  textColor="#b01c1c")
            return style, head

        def height(body: float) -> float:
            style, head = styles(body)
            return sum(Paragraph(escape(t), st).wrap(width, H)[1] + 2 * MM
                       for heading, text in blocks for t, st in ((heading, head), (text, style)) if t)

        # the largest body size (down to the smallest) whose text fits above the footer
        room = y - 11 * MM - 2 * POSTER_PT["head"] * 1.3 - POSTER_PT["phone"] * 1.15 - 3 * MM - 16 * MM
        body = next((pt for pt in POSTER_PT["body_sizes"] if height(pt) <= room), POSTER_PT["body_sizes"][-1])
        style, head = styles(body)
        y -= 11 * MM
        p = Paragraph(escape(self.tr("print.no_phone_title")), head)
        _, h = p.wrap(width, y)
        y -= h
        p.drawOn(c, margin, y)
        y -= POSTER_PT["phone"] * 1.15
        phone = self.tr("print.call", phone=con.office_phone)
        c.setFont(f, fit_size(phone, f, POSTER_PT["phone"] + 4, width, POSTER_PT["phone"]))
        c.drawString(margin, y, phone)
        y -= 3 * MM
        for heading, text_ in blocks:
            y -= 2 * MM
            for text, st in ((heading, head), (text_, style)):
                if text is None:
                    continue
                p = Paragraph(escape(text), st)
                _, h = p.wrap(width, y)
                y -= h
                p.drawOn(c, margin, y)
        c.setFont(f, 9)
        c.setFillColorRGB(0.35, 0.35, 0.35)
        c.drawCentredString(W / 2, 10 * MM, self.tr("print.footer", estate=self.est.name))

    def posters(self, targets) -> bytes:
        """One A4 page per (building, unit-or-None)."""
        buf = io.BytesIO()
        c = self.canvas(buf)
        c.setTitle(self.tr("print.posters_title", estate=self.est.name))
        for b, unit in targets:
            self.draw_poster(c, b, unit)
            c.showPage()
        c.save()
        return buf.getvalue()

    # -- labels ---------------------------------------------------------------------
    def labels(self, targets, copies: int = 1) -> bytes:
        lay = self.settings.labels
        f = self.font
        buf = io.BytesIO()
        c = self.canvas(buf)
        c.setTitle(self.tr("print.labels_title", estate=self.est.name))
        per_page = lay.columns * lay.rows
        cells = [t for t in targets for _ in range(max(1, copies))]
        W, H = A4
        lw, lh = lay.label_width_mm * MM, lay.label_height_mm * MM
        for i, (b, unit) in enumerate(cells):
            if i and i % per_page == 0:
                c.showPage()
            slot = i % per_page
            col, row = slot % lay.columns, slot // lay.columns
            x0 = (lay.margin_left_mm + col * (lay.label_width_mm + lay.gap_x_mm)) * MM
            top = H - (lay.margin_top_mm + row * (lay.label_height_mm + lay.gap_y_mm)) * MM
            matrix = qr_matrix(self.url(b.id, unit))
            size = lay.qr_mm * MM
            quiet = size * QUIET / len(matrix)
            total = size + 2 * quiet
            draw_qr(c, matrix, x0 + quiet, top - (lh + total) / 2 + quiet, size)
            tx = x0 + total + 1 * MM
            tw = lw - total - 3 * MM
            cy = top - lh / 2
            c.setFillColorRGB(0.1, 0.1, 0.1)
            c.setFont(f, fit_size(self.est.name, f, 8, tw, 4))
            c.drawString(tx, cy + 9 * MM, self.est.name)
            c.setFillColorRGB(0.75, 0.1, 0.1)
            c.setFont(f, fit_size(b.name, f, 18, tw))
            c.drawString(tx, cy + 1.5 * MM, b.name)
            c.setFillColorRGB(0.1, 0.1, 0.1)
            if unit:
                c.setFont(f, fit_size(self.unit_name(unit), f, 13, tw))
                c.drawString(tx, cy - 4.5 * MM, self.unit_name(unit))
            hint = self.tr("print.label_hint")
            c.setFont(f, fit_size(hint, f, 7.5, tw, 4))
            c.drawString(tx, cy - 11 * MM, hint)
        c.showPage()
        c.save()
        return buf.getvalue()

    # -- stairwell status sheets ------------------------------------------------------
    def status(self, buildings) -> bytes:
        from reportlab.lib import colors
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.platypus import (Flowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer,
                                        Table, TableStyle)

        f = self.font
        m = self.model
        as_of_local = m.as_of.astimezone(self.tz)
        body = ParagraphStyle("body", fontName=f, fontSize=STATUS_PT + 1, leading=(STATUS_PT + 1) * 1.35,
                              wordWrap="CJK")
        small = ParagraphStyle("small", parent=body, fontSize=STATUS_PT, leading=STATUS_PT * 1.3)
        h1 = ParagraphStyle("h1", parent=body, fontSize=22, leading=28, textColor="#b01c1c")
        h2 = ParagraphStyle("h2", parent=body, fontSize=16, leading=21, spaceBefore=10, spaceAfter=5)
        cell = ParagraphStyle("cell", parent=body, fontSize=STATUS_PT, leading=STATUS_PT * 1.3)
        late = ParagraphStyle("late", parent=cell, textColor="#b01c1c")
        phone = ParagraphStyle("phone", parent=body, fontSize=POSTER_PT["phone"], leading=POSTER_PT["phone"] * 1.3,
                               wordWrap=None)
        P = lambda text, st=body: Paragraph(escape(str(text)), st)  # noqa: E731  ledger text is never markup

        class QR(Flowable):
            def __init__(self, matrix, size):
                super().__init__()
                self.matrix, self.size = matrix, size
                self.width = self.height = size * (len(matrix) + 2 * QUIET) / len(matrix)

            def draw(self):
                q = self.size * QUIET / len(self.matrix)
                draw_qr(self.canv, self.matrix, q, q, self.size)

        mo = self.month
        month_label = self.tr("print.month", year=mo.start.year, month=mo.start.month)
        estate_open = mo.estate_open
        whole = mo.kpis
        con = self.est.contact
        grid = TableStyle([
            ("FONT", (0, 0), (-1, -1), f, STATUS_PT),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f2e6e6")),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ])
        story = []
        for bi, b in enumerate(buildings):
            if bi:
                story.append(PageBreak())
            fig = self.figures[b.id]
            head = [P(self.tr("print.status_title", estate=self.est.name, building=b.name), h1),
                    P(self.tr("print.status_asof", when=as_of_local.strftime("%Y-%m-%d %H:%M")), small),
                    P(short_url(self.url(b.id)), small)]
            top = Table([[head, QR(qr_matrix(self.url(b.id)), 26 * MM)]], colWidths=[140 * MM, None])
            top.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), f, 10),  # else Helvetica, unembedded
                                     ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                     ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
            story.append(top)

            open_ = fig.open
            story.append(P(self.tr("print.status_open", n=len(open_)), h2))
            if open_:
                rows = [[P(self.tr(k), cell) for k in
                         ("col.id", "col.title", "col.where", "print.col_days", "col.holder", "col.status")]]
                for s in open_:
                    days = (m.as_of - s.item.filed).days
                    holder = self.l.holders(s) or self.tr("status.filed")
                    status = self.tr("promise.overdue") if s.overdue else self.l.status_label(s)
                    w = STATUS_OPEN_MM
                    rows.append([unbroken(s.item.id, cell, w[0] * MM), P(s.item.title, cell),
                                 P(self.unit_name(s.item.unit) if s.item.unit else self.tr("h.no_unit"), cell),
                                 unbroken(self.tr("print.days", n=days), cell, w[3] * MM), P(holder, cell),
                                 P(status, late if s.overdue else cell)])
                t = Table(rows, colWidths=[x * MM for x in STATUS_OPEN_MM], repeatRows=1)
                t.setStyle(grid)
                story.append(t)
            else:
                story.append(P(self.tr("print.status_open_none")))
            if estate_open:
                story.append(Spacer(0, 2 * MM))
                story.append(P(self.tr("print.status_estate", n=estate_open), small))

            story.append(P(self.tr("print.status_month", month=month_label), h2))
            here = fig.month
            rows = [[P(self.tr(k), cell) for k in ("print.col_measure", "print.col_building", "print.col_estate")],
                    [P(self.tr("print.month_filed"), cell), P(here.filed, cell), P(whole.filed, cell)],
                    [P(self.tr("kpi.resolved"), cell), P(here.resolved, cell), P(whole.resolved, cell)]]
            for key, attr in (("kpi.response", "response"), ("kpi.closure", "closure"),
                              ("kpi.satisfaction", "satisfaction")):
                rows.append([P(self.tr(key), cell), P(self.l.rate(getattr(here, attr)), cell),
                             P(self.l.rate(getattr(whole, attr)), cell)])
            t = Table(rows, colWidths=[40 * MM, 70 * MM, 70 * MM])
            t.setStyle(grid)
            story.append(t)
            story.append(P(self.tr("print.month_note", min=self.est.min_sample), small))

            recent = fig.recent
            story.append(P(self.tr("print.status_recent"), h2))
            if recent:
                rows = [[P(self.tr(k), cell) for k in ("col.id", "col.title", "print.col_resolved", "col.score")]]
                for s in recent:
                    score = str(s.latest_rating.score) if s.latest_rating else self.tr("print.not_rated")
                    rows.append([unbroken(s.item.id, cell, 32 * MM), P(s.item.title, cell),
                                 unbroken(s.closed_at.astimezone(self.tz).strftime("%Y-%m-%d"), cell, 30 * MM),
                                 P(score, cell)])
                t = Table(rows, colWidths=[32 * MM, 93 * MM, 30 * MM, 25 * MM], repeatRows=1)
                t.setStyle(grid)
                story.append(t)
            else:
                story.append(P(self.tr("print.status_recent_none")))
            story.append(Spacer(0, 4 * MM))
            story.append(P(self.tr("print.status_urge", phone=con.office_phone, place=con.place, hours=con.hours)))
            # the way in for residents without a smartphone, large, as on the poster
            story.append(P(self.tr("print.no_phone_title"), h2))
            story.append(P(self.tr("print.call", phone=con.office_phone), phone))

        footer = self.tr("print.footer", estate=self.est.name)

        def on_page(canv, doc):
            canv.saveState()
            canv.setFont(f, 8)
            canv.setFillColorRGB(0.35, 0.35, 0.35)
            canv.drawCentredString(A4[0] / 2, 8 * MM, footer)
            canv.restoreState()

        buf = io.BytesIO()
        doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=15 * MM, rightMargin=15 * MM,
                                topMargin=14 * MM, bottomMargin=16 * MM,
                                title=self.tr("print.status_doc_title", estate=self.est.name),
                                author=footer, creator="echowall", invariant=1, pageCompression=1,
                                # the page preamble's font: without it, an unembedded Helvetica
                                initialFontName=f, initialFontSize=12, initialLeading=14.4)
        doc.build(story or [Spacer(0, 0)], onFirstPage=on_page, onLaterPages=on_page)
        return buf.getvalue()

    # -- revenue notice (公示) -----------------------------------------------------------
    def revenue_notice(self, view) -> bytes:
        """One A4 notice per revenue period, for the notice board: the same figures as the
        period's page, every entry with its evidence and approval."""
        from reportlab.lib import colors
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

        f = self.font
        est = self.est
        body = ParagraphStyle("body", fontName=f, fontSize=10, leading=13.5, wordWrap="CJK")
        small = ParagraphStyle("small", parent=body, fontSize=NOTICE_PT, leading=NOTICE_PT * 1.3)
        cell = ParagraphStyle("cell", parent=body, fontSize=NOTICE_PT, leading=NOTICE_PT * 1.3)
        num = ParagraphStyle("num", parent=cell, alignment=2, wordWrap=None, splitLongWords=0)  # figures, one line
        W = lambda text, width_mm: unbroken(text, cell, width_mm * MM)  # noqa: E731  numbers stay whole
        h1 = ParagraphStyle("h1", parent=body, fontSize=18, leading=24, alignment=1, textColor="#b01c1c")
        h2 = ParagraphStyle("h2", parent=body, fontSize=12, leading=16, spaceBefore=8, spaceAfter=3)
        P = lambda text, st=body: Paragraph(escape(str(text)), st)  # noqa: E731
        grid = TableStyle([
            ("FONT", (0, 0), (-1, -1), f, NOTICE_PT),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f2e6e6")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ])
        cat = self.l.rcat_name
        period = view.period
        label = self.l.period_label(period.period)
        as_of = self.model.as_of.astimezone(self.tz)
        story = [P(self.tr("notice.title", estate=est.name, account=view.account.name), h1),
                 P(self.tr("notice.subtitle", period=label, when=as_of.strftime("%Y-%m-%d"),
                           status=self.tr("revenue.closed" if view.closed else "revenue.open")), small),
                 Spacer(0, 3 * MM)]
        summary = [[P(self.tr(k), cell) for k in ("revenue.opening", "revenue.income", "revenue.expense",
                                                   "revenue.closing" if view.closed else "revenue.running")],
                   [P(yuan(v), num) for v in (period.opening, view.income, view.expense, view.balance)]]
        t = Table(summary, colWidths=[45 * MM] * 4)
        t.setStyle(grid)
        story.append(t)

        def money_table(rows, total):
            data = [[P(self.tr(k), cell) for k in ("col.category", "revenue.amount", "revenue.share")]]
            data += [[P(cat(cid), cell), P(yuan(v), num), P(pct(v, total), num)] for cid, v in rows]
            data.append([P(self.tr("revenue.total"), cell), P(yuan(total), num), P("", cell)])
            t = Table(data, colWidths=[80 * MM, 40 * MM, 25 * MM])
            t.setStyle(grid)
            return t

        story += [P(self.tr("revenue.h_income"), h2), money_table(view.income_by_category, view.net_income),
                  P(self.tr("revenue.h_expense"), h2), money_table(view.expense_by_category, view.net_expense)]
        if view.account.shared_income:
            story.append(P(self.tr("revenue.h_share"), h2))
            data = [[P(self.tr("revenue.share_income"), cell), P(yuan(view.net_income), num)],
                    [P(self.tr("revenue.share_costs"), cell), P(yuan(view.earning_costs), num)],
                    [P(self.tr("revenue.share_owners"), cell), P(yuan(view.owners_share), num)]]
            t = Table(data, colWidths=[80 * MM, 40 * MM])
            t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), f, NOTICE_PT),
                                   ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999"))]))
            story.append(t)
        if view.budget:
            story.append(P(self.tr("revenue.h_budget"), h2))
            data = [[P(self.tr(k), cell) for k in ("col.category", "revenue.direction", "revenue.budgeted",
                                                   "revenue.actual", "revenue.used")]]
            data += [[P(cat(cid), cell), P(self.tr(f"revenue.{d}"), cell), P(yuan(b), num), P(yuan(a), num),
                      P(pct(a, b), num)] for cid, d, b, a in view.budget]
            t = Table(data, colWidths=[60 * MM, 18 * MM, 32 * MM, 32 * MM, 20 * MM])
            t.setStyle(grid)
            story.append(t)
        story.append(P(self.tr("revenue.h_entries"), h2))
        # date and entry id, 收/支, category, description, amount, evidence, approval (mm; 186 in all)
        widths = NOTICE_COLUMNS_MM
        data = [[W(self.tr(k), w) for k, w in zip(("revenue.date", "revenue.direction", "col.category",
                                                    "revenue.description", "revenue.amount", "revenue.evidence",
                                                    "revenue.approval"), widths)]]
        for line in table_rows(view):
            e = line.entry
            desc = e.description
            if line.reverses:
                desc += self.tr("paren", x=f"{self.tr('revenue.reverses')} {line.reverses[0].id}")
            if line.reversed_by:
                desc += self.tr("paren", x=f"{self.tr('revenue.reversed_by')} {line.reversed_by[0].id}")
            if e.items:
                desc += self.tr("paren", x=self.tr("revenue.items") + " " + self.tr("sep").join(e.items))
            sign = "+" if e.direction == "income" else "−"
            data.append([W(e.date.isoformat() + " " + e.id, widths[0]), W(self.tr(f"revenue.{e.direction}"), widths[1]),
                         W(cat(e.category), widths[2]), W(desc, widths[3]), P(sign + yuan(e.amount), num),
                         W(e.evidence, widths[5]), W(e.approval, widths[6])])
        t = Table(data, colWidths=[w * MM for w in widths],
                  repeatRows=1)
        t.setStyle(grid)
        story.append(t)
        con = est.contact
        story += [Spacer(0, 4 * MM),
                  P(self.tr("notice.query", place=con.place, hours=con.hours, phone=con.office_phone), small),
                  P(self.tr("revenue.correction_note"), small), Spacer(0, 8 * MM),
                  P(self.tr("notice.sign", community=est.community,
                            when=self.tr("notice.date", year=as_of.year, month=as_of.month, day=as_of.day)), body)]
        footer = self.tr("notice.footer", estate=est.name, account=view.account.name, period=label)

        def on_page(canv, doc):
            canv.saveState()
            canv.setFont(f, 8)
            canv.setFillColorRGB(0.35, 0.35, 0.35)
            canv.drawCentredString(A4[0] / 2, 8 * MM, f"{footer} · {self.tr('notice.page', n=doc.page)}")
            canv.restoreState()

        buf = io.BytesIO()
        doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=12 * MM, rightMargin=12 * MM, topMargin=14 * MM,
                                bottomMargin=16 * MM, title=footer, author=est.name, creator="echowall", invariant=1,
                                pageCompression=1, initialFontName=f, initialFontSize=12, initialLeading=14.4)
        doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
        return buf.getvalue()


def targets_of(building, unit: str | None = None, units: bool = True):
    """(building, None) for the building's own code, then one per unit."""
    if unit is not None:
        return [(building, unit)]
    return [(building, None)] + ([(building, u) for u in building.units] if units else [])


def render_print(model: Model, cfg: SiteConfig, templates: Path, font_path: Path,
                 settings: PrintSettings | None = None, building: str | None = None,
                 unit: str | None = None, per_building: bool = True, copies: int = 1,
                 labels: Labels | None = None, figures: dict | None = None,
                 month: EstateMonth | None = None) -> dict[str, bytes]:
    """{path: PDF bytes}.

    Whole estate: print/posters.pdf, print/labels.pdf, print/status.pdf, and (per_building)
    print/b/<id>/poster.pdf and print/b/<id>/status.pdf for the building pages to link; and
    the revenue notice of every period, revenue/<account>/<period>.pdf.
    One building (`building`): print/b/<id>/{poster,labels,status}.pdf; with `unit` too:
    print/b/<id>/poster-u<unit>.pdf and labels-u<unit>.pdf.
    """
    labels = labels or load_labels(templates, cfg.language, model.ledger)
    settings = settings or load_print_settings(Path(templates))  # checked on load
    sheets = Sheets(model, cfg, labels, font_path, settings, figures, month)
    all_b = model.ledger.buildings  # the label layout was checked when the settings loaded
    out: dict[str, bytes] = {}
    if building is not None:
        b = model.ledger.building(building)
        if b is None:
            raise PrintError(f"building '{building}' is not in ledger/buildings.yml")
        if unit is not None:
            if unit not in b.units:
                raise PrintError(f"unit '{unit}' is not a unit of building '{building}' "
                                 f"(units: {', '.join(b.units) or 'none'})")
            t = targets_of(b, unit)
            out[f"print/b/{b.id}/poster-u{unit}.pdf"] = sheets.posters(t)
            out[f"print/b/{b.id}/labels-u{unit}.pdf"] = sheets.labels(t, copies)
            return out
        t = targets_of(b)
        out[f"print/b/{b.id}/poster.pdf"] = sheets.posters(t)
        out[f"print/b/{b.id}/labels.pdf"] = sheets.labels(t, copies)
        out[f"print/b/{b.id}/status.pdf"] = sheets.status([b])
        return out
    targets = [t for b in all_b for t in targets_of(b)]
    if model.revenue is not None:
        for a in model.revenue.accounts:
            for v in a.periods:
                out[f"revenue/{v.period.account}/{v.period.period}.pdf"] = sheets.revenue_notice(v)
    out["print/posters.pdf"] = sheets.posters(targets)
    out["print/labels.pdf"] = sheets.labels(targets, copies)
    out["print/status.pdf"] = sheets.status(all_b)
    if per_building:
        for b in all_b:
            out[f"print/b/{b.id}/poster.pdf"] = sheets.posters(targets_of(b))
            out[f"print/b/{b.id}/status.pdf"] = sheets.status([b])
    return out


__all__ = ["PrintError", "PrintSettings", "LabelLayout", "Sheets", "find_font", "load_print_settings",
           "register_font", "render_print", "qr_matrix", "short_url"]
