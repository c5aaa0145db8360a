"""The ways a resident reaches the estate, as links: pure functions of estate.yml's intake
routes and contact (the building page's buttons, the item page's 催单 and 我也遇到 links).

The order of the routes is estate.yml's: the code never reorders them.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

from .model import Estate, Route

PHONE_KINDS = ("phone",)  # routes whose `value` is a number to call


def tel_href(number: str) -> str:
    """'0571-0000 1234' -> 'tel:057100001234'; '' when the text holds no number. Full-width
    digits and look-alikes are folded (NFKC); only digits and a leading + are kept, so no text
    from the ledger can turn the link into anything else."""
    text = unicodedata.normalize("NFKC", number or "").strip()
    digits = "".join(ch for ch in text if "0" <= ch <= "9")
    if len(digits) < 3:
        return ""
    return "tel:" + ("+" if text.startswith("+") else "") + digits


def safe_url(url: str) -> str:
    return url if url.startswith(("https://", "http://")) else ""


def prefilled(route: Route, building: str = "", unit: str = "", item: str = "") -> str:
    """The route's URL with its prefill query filled in ({building}, {unit}, {item}; each value
    percent-encoded), '' for a route without a web address."""
    url = safe_url(route.url)
    if not url or not route.prefill:
        return url
    if not (building or item):
        return url  # the estate-wide page: nothing to fill in
    query = route.prefill
    for key, value in (("building", building), ("unit", unit), ("item", item)):
        query = query.replace("{" + key + "}", quote(value or "", safe=""))
    return url + query


@dataclass(frozen=True)
class Link:
    route: Route
    href: str  # tel:…, https://…, or '' (a route to read, not to follow)
    kind: str  # call | web | text


def route_links(estate: Estate, building: str = "", unit: str = "", item: str = "") -> list[Link]:
    """Every intake route as a link, in estate.yml's order."""
    out = []
    for r in estate.intake:
        if r.kind in PHONE_KINDS and tel_href(r.value):
            out.append(Link(r, tel_href(r.value), "call"))
        elif safe_url(r.url):
            out.append(Link(r, prefilled(r, building, unit, item), "web"))
        else:
            out.append(Link(r, "", "text"))
    return out


def form_link(estate: Estate, building: str = "", unit: str = "", item: str = "") -> str:
    """The first web route's URL, prefilled (the 我也遇到 and 催单 buttons); '' without one."""
    return next((link.href for link in route_links(estate, building, unit, item) if link.kind == "web"), "")


def call_link(estate: Estate) -> tuple[str, str]:
    """(number, tel: link) to call: the first phone route's, else the office's."""
    for r in estate.intake:
        if r.kind in PHONE_KINDS and tel_href(r.value):
            return r.value, tel_href(r.value)
    number = estate.contact.office_phone
    return number, tel_href(number)
