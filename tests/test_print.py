"""Print sheets, checked the way a print shop and a phone see them: every PDF page rendered to
an image (pypdfium2), every QR code decoded (zxing-cpp) and compared with the building or unit
URL, text extracted, and every font in the file checked for being embedded."""
from __future__ import annotations

import io

import pypdf
import pypdfium2 as pdfium
import ctypes

import pytest
import zxingcpp
from click.testing import CliRunner

from conftest import AS_OF, copy_repo
from echowall.cli import main
from echowall.derive import resolve_as_of
from echowall.pipeline import check_ledger, prepare
from echowall.plan import SiteConfig
from echowall.render.qr import building_url
from echowall.render.qr import qr_matrix, qr_outlines
from echowall.render.sheets import (PrintError, find_font, load_print_settings,
                                    render_print)

SITE = "https://echowall.example.org/shiqiao/"
PHONE = "0571-0000 1234"
BASE14 = {"Helvetica", "Times-Roman", "Courier", "Symbol", "ZapfDingbats"}


def build_print(root, **kw):
    checked = check_ledger(root)
    assert not checked.errors, checked.errors
    model = prepare(checked, resolve_as_of(AS_OF))
    return model, render_print(model, SiteConfig(site_url=SITE), root / "site_templates", find_font(), **kw)


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    repo = copy_repo(tmp_path_factory.mktemp("print"))
    model, files = build_print(repo.root)
    return model, files


def pages(pdf: bytes, dpi: float = 100):
    doc = pdfium.PdfDocument(pdf)
    for page in doc:
        yield page.render(scale=dpi / 72).to_pil().convert("L"), page.get_textpage().get_text_range()


def codes(img):
    return [r for r in zxingcpp.read_barcodes(img) if r.format == zxingcpp.BarcodeFormat.QRCode]


def width_mm(result, dpi: float) -> float:
    p = result.position
    return (p.top_right.x - p.top_left.x) / dpi * 25.4


def targets(model):
    for b in model.ledger.buildings:
        yield b, None
        for u in b.units:
            yield b, u


# -- posters ---------------------------------------------------------------------------

def test_every_poster_decodes_to_its_building_or_unit_url(printed):
    model, files = printed
    expected = list(targets(model))
    got = list(pages(files["print/posters.pdf"]))
    assert len(got) == len(expected) == 12 + 34
    for (b, unit), (img, text) in zip(expected, got):
        found = codes(img)
        assert [r.text for r in found] == [building_url(SITE, b.id, unit)]
        assert found[0].ec_level == "M"
        # about 10 cm, so it scans from 1 m
        assert 97 <= width_mm(found[0], 100) <= 103
        assert "石桥新村" in text and b.name in text and PHONE in text
        assert "3幢东侧一楼" in text and "周一至周六" in text  # office place and hours
        assert ("单元" in text) == (unit is not None)
        if unit:
            assert f"{unit}单元" in text
        # the URL, short enough to type, under the code
        assert building_url(SITE, b.id, unit).removeprefix("https://") in text


def test_poster_keeps_a_quiet_zone_of_four_modules(printed):
    model, files = printed
    img, _ = next(pages(files["print/posters.pdf"], dpi=150))
    r = codes(img)[0]
    p = r.position
    n = len(qr_matrix(r.text))
    module = (p.top_right.x - p.top_left.x) / n
    left, top = p.top_left.x, p.top_left.y
    right, bottom = p.bottom_right.x, p.bottom_right.y
    q = 4 * module
    inset = 2  # pixels of anti-aliasing at the symbol's edge
    bands = [
        (left - q, top - q, right + q, top - inset),       # above
        (left - q, bottom + inset, right + q, bottom + q),  # below
        (left - q, top, left - inset, bottom),             # left
        (right + inset, top, right + q, bottom),           # right
    ]
    for box in bands:
        region = img.crop(tuple(int(v) for v in box))
        assert region.getextrema()[0] > 240, f"dark pixels in the quiet zone {box}"


def test_poster_still_decodes_at_40_dpi(printed):
    model, files = printed
    expected = [building_url(SITE, b.id, u) for b, u in targets(model)]
    decoded = [[r.text for r in codes(img)] for img, _ in pages(files["print/posters.pdf"], dpi=40)]
    assert decoded == [[url] for url in expected]


def test_qr_outlines_cover_exactly_the_dark_modules():
    """The vector outlines drawn instead of squares: rasterise them back and compare."""
    from PIL import Image, ImageDraw

    matrix = qr_matrix(building_url(SITE, "12", "3"))
    n = len(matrix)
    scale = 8
    img = Image.new("1", (n * scale, n * scale), 0)
    draw = ImageDraw.Draw(img)
    for loop in qr_outlines(matrix):
        # even-odd is enough here: holes are separate loops inside their outline
        mask = Image.new("1", img.size, 0)
        ImageDraw.Draw(mask).polygon([(x * scale, y * scale) for x, y in loop], fill=1)
        img = Image.frombytes("1", img.size, bytes(a ^ b for a, b in zip(img.tobytes(), mask.tobytes())))
    del draw
    for r in range(n):
        for c in range(n):
            px = img.getpixel((c * scale + scale // 2, r * scale + scale // 2))
            assert bool(px) == bool(matrix[r][c]), (r, c)


# -- labels ----------------------------------------------------------------------------

def test_labels_carry_every_building_and_unit_once(printed):
    model, files = printed
    expected = [building_url(SITE, b.id, u) for b, u in targets(model)]
    seen = []
    texts = ""
    for img, text in pages(files["print/labels.pdf"], dpi=150):
        found = codes(img)
        assert len(found) <= 21
        for r in found:
            assert width_mm(r, 150) >= 29.5  # codes of at least 3 cm
        seen += [r.text for r in found]
        texts += text
    assert sorted(seen) == sorted(expected)
    for b in model.ledger.buildings:
        assert b.name in texts


def test_labels_sit_inside_their_cells_on_the_stock(printed, tmp_path):
    """Each code lies inside the label it belongs to, in reading order, on the configured stock."""
    model, files = printed
    from conftest import REPO

    lay = load_print_settings(REPO / "site_templates").labels
    dpi = 150
    px = dpi / 25.4
    expected = [building_url(SITE, b.id, u) for b, u in targets(model)]
    per_page = lay.columns * lay.rows
    for page_no, (img, _) in enumerate(pages(files["print/labels.pdf"], dpi=dpi)):
        for r in codes(img):
            i = expected.index(r.text)
            assert i // per_page == page_no
            slot = i % per_page
            col, row = slot % lay.columns, slot // lay.columns
            x0 = (lay.margin_left_mm + col * (lay.label_width_mm + lay.gap_x_mm)) * px
            y0 = (lay.margin_top_mm + row * (lay.label_height_mm + lay.gap_y_mm)) * px
            p = r.position
            assert x0 <= p.top_left.x and p.top_right.x <= x0 + lay.label_width_mm * px
            assert y0 <= p.top_left.y and p.bottom_left.y <= y0 + lay.label_height_mm * px


@pytest.mark.parametrize("setting, message", [
    ("qr_mm: 25", "at least 30 mm"),
    ("rows: 9", "A4 is 210 × 297 mm"),
    ("label_height_mm: 33.9", "choose a larger label stock"),
    ("columns: three", "columns must be a whole number"),
    ("colour: red", "unknown setting(s) colour"),
])
def test_a_label_layout_that_cannot_work_is_refused_with_a_reason(repo, setting, message):
    key = setting.split(":")[0]
    text = repo.read("site_templates/print.yml")
    lines = [line for line in text.splitlines() if not line.strip().startswith(f"{key}:")]
    lines.append(f"  {setting}")
    repo.write("site_templates/print.yml", "\n".join(lines) + "\n")
    with pytest.raises(PrintError, match=message.replace("(", r"\(").replace(")", r"\)")):
        build_print(repo.root)
    r = CliRunner().invoke(main, ["--root", str(repo.root), "--lang", "en", "print", "--out", str(repo.root / "out")])
    assert r.exit_code == 1 and message in r.output and "Traceback" not in r.output
    assert not (repo.root / "out").exists()


# -- status sheets ---------------------------------------------------------------------

def test_status_sheet_lists_each_buildings_open_items(printed):
    model, files = printed
    for b in model.ledger.buildings:
        pdf = files[f"print/b/{b.id}/status.pdf"]
        got = list(pages(pdf))
        text = "".join(t for _, t in got)
        states = model.by_building[b.id]
        open_ = [s for s in states if s.is_open]
        assert f"{b.name} · 楼道回音壁" in text
        assert f"正在办理（{len(open_)}件）" in text
        for s in open_:
            assert s.item.id in text
        for s in states:
            if not s.is_open and s.status != "resolved":
                assert s.item.id not in text  # declined / withdrawn are not on the wall
        assert PHONE in text
        assert [r.text for r in codes(got[0][0])] == [building_url(SITE, b.id)]


def test_status_sheet_shows_days_open_holder_and_last_month(printed):
    model, files = printed
    text = "".join(t for _, t in pages(files["print/b/6/status.pdf"]))
    rows = [t for t, _ in text_lines(files["print/b/6/status.pdf"])]  # a table row's first line, by baseline
    # 260615-dt5p, the lift retrofit filed 2026-06-15 10:00, open 158 days at 2026-11-20 18:00
    row = next(line for line in rows if line.startswith("260615-dt5p"))
    assert "158天" in row and "自管小组组长" in row
    assert "上月办理情况（2026年10月反映的事项）" in text
    # October: building 6 filed one problem and resolved it; the estate filed two, resolved one
    assert "反映件数 1 2" in text.replace("\r", "")
    # recently resolved (within 30 days) with its score
    row = next(line for line in rows if line.startswith("261025-yd9p"))
    assert "2026-11-03" in row and row.rstrip().endswith("4")


def test_status_sheet_marks_overdue_items(printed):
    model, files = printed
    overdue = [s for ss in model.by_building.values() for s in ss if s.overdue]
    assert overdue, "the demo has overdue items in buildings"
    for s in overdue:
        pdf = files[f"print/b/{s.item.building}/status.pdf"]
        row = next(t for n in range(len(pdfium.PdfDocument(pdf))) for t, _ in text_lines(pdf, n)
                   if t.startswith(s.item.id))
        assert "已超期" in row


def test_ledger_text_is_printed_literally_never_as_markup(repo):
    from conftest import item_text

    hostile = '<b>粗体</b> & <para>x</para> <font color="red">红</font> ]]> &amp; <br/>'
    repo.write("ledger/items/2026/261101-abcd.yml",
               item_text(extra="").replace("title: 楼道灯不亮", f"title: '{hostile}'"))
    model, files = build_print(repo.root, building="2")
    text = "".join(t for _, t in pages(files["print/b/2/status.pdf"])).replace("\r\n", "").replace("\n", "")
    assert hostile.replace(" ", "") in text.replace(" ", "")


# -- fonts, determinism, files -----------------------------------------------------------

def fonts_of(pdf: bytes):
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        res = page.get("/Resources") or {}
        for _, ref in (res.get("/Font") or {}).items():
            font = ref.get_object()
            yield font
            for d in font.get("/DescendantFonts") or []:
                yield d.get_object()


@pytest.mark.parametrize("name", ["posters", "labels", "status"])
def test_every_font_is_embedded_and_none_is_base14(printed, name):
    _, files = printed
    seen = list(fonts_of(files[f"print/{name}.pdf"]))
    assert seen
    for font in seen:
        base = str(font.get("/BaseFont", "")).lstrip("/")
        assert base.split("+")[-1] not in BASE14
        if font.get("/Subtype") == "/Type0":
            continue  # its descendant carries the descriptor
        desc = font["/FontDescriptor"].get_object()
        assert any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")), base
        assert "+" in base, f"{base} is embedded whole, not as a subset"


def test_print_output_is_deterministic(repo):
    _, first = build_print(repo.root)
    _, second = build_print(repo.root)
    assert first.keys() == second.keys()
    for k in first:
        assert first[k] == second[k], k


def test_whole_estate_files(printed):
    model, files = printed
    names = {"print/posters.pdf", "print/labels.pdf", "print/status.pdf"}
    for b in model.ledger.buildings:
        names |= {f"print/b/{b.id}/poster.pdf", f"print/b/{b.id}/status.pdf"}
    names |= {"revenue/public/2025.pdf", "revenue/public/2026.pdf", "revenue/maintenance/2026.pdf"}
    assert set(files) == names
    for b in model.ledger.buildings:
        got = [[r.text for r in codes(img)] for img, _ in pages(files[f"print/b/{b.id}/poster.pdf"], dpi=60)]
        assert got == [[building_url(SITE, b.id, u)] for u in (None, *b.units)]


# -- the command ---------------------------------------------------------------------------

def run(repo, *args):
    return CliRunner().invoke(main, ["--root", str(repo.root), "--lang", "en", *args])


def test_print_one_building_and_one_unit(repo, tmp_path):
    out = tmp_path / "out"
    r = run(repo, "print", "--out", str(out), "--building", "3", "--as-of", AS_OF)
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in (out / "b" / "3").iterdir()) == ["labels.pdf", "poster.pdf", "status.pdf"]
    r = run(repo, "print", "--out", str(out), "--building", "3", "--unit", "2", "--copies", "3")
    assert r.exit_code == 0, r.output
    poster = list(pages((out / "b/3/poster-u2.pdf").read_bytes(), dpi=60))
    assert [[c.text for c in codes(img)] for img, _ in poster] == [[building_url(SITE, "3", "2")]]
    labels = [c.text for img, _ in pages((out / "b/3/labels-u2.pdf").read_bytes(), dpi=150) for c in codes(img)]
    assert labels == [building_url(SITE, "3", "2")] * 3


@pytest.mark.parametrize("args, code, message", [
    (["--building", "99"], 1, "building '99' does not exist; did you mean 9幢?"),
    (["--building", "3", "--unit", "9"], 1, "unit '9' is not a unit of building '3' (units: 1, 2, 3)"),
    (["--unit", "2"], 2, "--unit needs --building"),
    (["--as-of", "2026-02-30"], 2, "--as-of '2026-02-30' is not a date"),
])
def test_print_refuses_bad_arguments_clearly(repo, tmp_path, args, code, message):
    out = tmp_path / "out"
    r = run(repo, "print", "--out", str(out), *args)
    assert r.exit_code == code and message in r.output and "Traceback" not in r.output
    assert not out.exists()


def test_print_refuses_an_invalid_ledger_and_writes_nothing(repo, tmp_path):
    repo.edit("ledger/buildings.yml", 'name: 3幢', 'name: [3幢')
    out = tmp_path / "out"
    r = run(repo, "print", "--out", str(out))
    assert r.exit_code == 1 and "ledger/buildings.yml:" in r.output and "nothing printed" in r.output
    assert not out.exists()


@pytest.mark.parametrize("font, message", [
    ("/nonexistent/font.ttc", "does not exist"),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "has no Chinese glyphs"),
    ("mkdocs.yml", "cannot be embedded"),
])
def test_a_missing_or_wrong_font_is_a_clear_error(repo, tmp_path, monkeypatch, font, message):
    from pathlib import Path

    if font.startswith("/usr") and not Path(font).is_file():
        pytest.skip("DejaVu is not installed here")
    monkeypatch.setenv("ECHOWALL_FONT", font if font.startswith("/") else str(repo.root / font))
    r = run(repo, "print", "--out", str(tmp_path / "out"))
    assert r.exit_code == 1 and message in r.output and "fonts-wqy-microhei" in r.output
    assert "Traceback" not in r.output


def test_font_help_names_the_package_and_the_way_out(monkeypatch):
    monkeypatch.setenv("ECHOWALL_FONT", "")
    from echowall.render import sheets

    monkeypatch.setattr(sheets, "FONT_CANDIDATES", ("/nonexistent/a.ttc",))
    with pytest.raises(PrintError) as exc:
        sheets.find_font()
    assert "fonts-wqy-microhei" in str(exc.value) and "print: false" in str(exc.value)


def test_poster_size_setting(repo):
    repo.edit("site_templates/print.yml", "qr_mm: 100 ", "qr_mm: 120 ")
    model, files = build_print(repo.root, building="1")
    img, _ = next(pages(files["print/b/1/poster.pdf"]))
    assert 117 <= width_mm(codes(img)[0], 100) <= 123


@pytest.mark.parametrize("site_url", ["http://a.cn/", "http://127.0.0.1:8000/shiqiao/",
                                      "https://echowall.example.org/a-rather-long-estate-name-here/"])
def test_labels_fit_whatever_the_site_address(repo, site_url):
    """A short address gives a smaller QR version whose quiet zone is a larger share: the
    codes are kept at version 4 or more, so the same layout fits every address."""
    checked = check_ledger(repo.root)
    model = prepare(checked, resolve_as_of(AS_OF))
    files = render_print(model, SiteConfig(site_url=site_url), repo.root / "site_templates", find_font(),
                         building="12")
    found = [r.text for img, _ in pages(files["print/b/12/labels.pdf"], dpi=150) for r in codes(img)]
    units = model.ledger.building("12").units
    assert found == [building_url(site_url, "12", u) for u in (None, *units)]


# -- type sizes for a dim stairwell, read back from the PDFs (pypdfium2: each character's size) ----
def text_lines(pdf: bytes, page_no: int = 0) -> list[tuple[str, float]]:
    """[(text of a line, the smallest font size on it in pt)], top to bottom: characters whose
    boxes share a baseline (to 1 pt) are one line."""
    import pypdfium2.raw as raw

    page = pdfium.PdfDocument(pdf)[page_no]
    tp = page.get_textpage()
    rows: dict[int, list] = {}
    for k in range(tp.count_chars()):
        ch = tp.get_text_range(k, 1)
        if not ch.strip():
            continue
        left, bottom, _, _ = tp.get_charbox(k)
        origin = ctypes.c_double(), ctypes.c_double()
        raw.FPDFText_GetCharOrigin(tp, k, *origin)
        rows.setdefault(round(origin[1].value), []).append((origin[0].value, ch, raw.FPDFText_GetFontSize(tp, k)))
    return [("".join(c for _, c, _ in sorted(chars)), min(s for _, _, s in chars))
            for _, chars in sorted(rows.items(), reverse=True)]


def test_poster_phone_is_large_and_alone_and_text_under_the_code_readable(printed):
    model, files = printed
    lines = text_lines(files["print/b/5/poster.pdf"])
    digits = PHONE.replace(" ", "")
    phone = [(t, s) for t, s in lines if digits in t.replace(" ", "")]
    assert len(phone) == 1 and phone[0][1] >= 24, phone
    assert phone[0][0].replace(" ", "") in ("打电话" + digits,), phone  # its own line: nothing else on it
    at = lines.index(phone[0])
    url_line = next(i for i, (t, _) in enumerate(lines) if "echowall.example.org" in t)
    assert all(s >= 14 for _, s in lines[url_line - 1:url_line + 1])  # the hint and the address under the code
    assert url_line < at
    body = [s for t, s in lines[at + 1:-1]]  # the rest, down to the footer
    assert body and min(body) >= 12


def test_status_sheet_body_is_12pt(printed):
    _, files = printed
    lines = text_lines(files["print/b/5/status.pdf"])
    body = [(t, s) for t, s in lines if "260415-7kq2" in t or "5幢顶楼漏水" in t]
    assert body and min(s for _, s in body) >= 12
    assert min(s for _, s in lines[:-1]) >= 12  # all but the page's footer line


def test_revenue_notice_is_10pt_and_breaks_no_number(printed):
    import re

    model, files = printed
    pdf = files["revenue/public/2026.pdf"]
    lines = [line for n in range(len(pdfium.PdfDocument(pdf))) for line in text_lines(pdf, n)[:-1]]  # no footers
    assert min(s for _, s in lines) >= 10
    text = "\n".join(t for t, _ in lines)
    view = next(v for a in model.revenue.accounts for v in a.periods if v.period.path.endswith("public/2026.yml"))
    for line in view.lines:
        e = line.entry
        # every amount, date, entry id and voucher number is whole on one line
        for run in [f"{e.amount:,.2f}", e.date.isoformat(), e.id, *re.findall(r"[!-~]{4,}", e.evidence)]:
            assert run in text, (e.id, run)
    assert any(t.startswith("日期") and "收/支" in t for t, _ in lines)  # the header's 收/支 on one line
    assert "收入" in text and "支出" in text


def test_status_sheet_ends_with_the_office_phone_large(printed):
    _, files = printed
    lines = text_lines(files["print/b/6/status.pdf"])
    digits = PHONE.replace(" ", "")
    big = [(t, s) for t, s in lines if digits in t and s >= 24]
    assert big == [("打电话" + digits, 26.0)]
