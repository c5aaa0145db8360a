"""QR codes as SVG (vector, so posters print sharp at any size)."""
from __future__ import annotations

import io

import qrcode
import qrcode.constants
from qrcode.image.svg import SvgPathImage


def building_url(site_url: str, building: str, unit: str | None = None) -> str:
    """The permanent URL printed on posters: <site_url>b/<building>/ (#u<unit>)."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    url = f"{base}b/{building}/"
    return f"{url}#u{unit}" if unit else url


def item_url(site_url: str, item: str) -> str:
    base = site_url if site_url.endswith("/") else site_url + "/"
    return f"{base}i/{item}/"


def render_qr_svg(data: str) -> bytes:
    """Error correction M (survives a scuffed sticker), quiet zone of 4 modules, vector paths."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4, box_size=10,
                       image_factory=SvgPathImage)
    qr.add_data(data)
    qr.make(fit=True)
    buf = io.BytesIO()
    qr.make_image().save(buf)
    return buf.getvalue()


def qr_files(site_url: str, buildings, units: bool = True) -> dict[str, bytes]:
    """qr/<building>.svg, and qr/<building>-u<unit>.svg for every unit (units=True)."""
    out: dict[str, bytes] = {}
    for b in buildings:
        out[f"qr/{b.id}.svg"] = render_qr_svg(building_url(site_url, b.id))
        for u in (b.units if units else ()):
            out[f"qr/{b.id}-u{u}.svg"] = render_qr_svg(building_url(site_url, b.id, u))
    return out
