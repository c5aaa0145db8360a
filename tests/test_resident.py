"""The ways a resident reaches the estate, as links (resident.py): tel: links from whatever a
volunteer typed, forms prefilled with building, unit and item, routes in estate.yml's order."""
from __future__ import annotations

import pytest

from echowall.model import Route
from echowall.resident import call_link, form_link, prefilled, route_links, tel_href


@pytest.mark.parametrize("text,href", [
    ("0571-0000 1234", "tel:057100001234"),
    ("０５７１－００００　１２３４", "tel:057100001234"),  # full-width digits and spaces
    ("+86 571 0000 1234", "tel:+8657100001234"),
    ("(0571)0000\u200b1234", "tel:057100001234"),  # a zero-width space inside
    ("12345 转 2", "tel:123452"),
    ("javascript:alert(1)", ""),  # no number, no link; the text never becomes the link
    ("", ""),
    ("请到服务站", ""),
])
def test_tel_links_keep_only_the_number(text, href):
    assert tel_href(text) == href


def test_prefill_fills_building_unit_and_item_encoded():
    form = Route("form", "表单", "https://form.example.org/r", "?b={building}&u={unit}&i={item}")
    assert prefilled(form, "5", "3", "260415-7kq2") == "https://form.example.org/r?b=5&u=3&i=260415-7kq2"
    assert prefilled(form, "A&B", "", "") == "https://form.example.org/r?b=A%26B&u=&i="
    assert prefilled(form) == "https://form.example.org/r"  # estate-wide pages: the bare form
    assert prefilled(Route("form", "x", "javascript:alert(1)", "?b={building}"), "5") == ""


def test_routes_keep_the_estates_order_and_kind(repo):
    estate = repo.check().ledger.estate
    links = route_links(estate, "5", "3", "260415-7kq2")
    assert [link.route.kind for link in links] == [r.kind for r in estate.intake] == ["phone", "form", "wechat", "office"]
    assert [link.kind for link in links] == ["call", "web", "text", "text"]
    assert links[0].href == "tel:057100001234"
    assert form_link(estate, "5", "3", "260415-7kq2").endswith("?building=5&unit=3&item=260415-7kq2")
    assert call_link(estate) == ("0571-0000 1234", "tel:057100001234")


def test_without_a_phone_route_the_office_number_is_called(repo):
    repo.edit("ledger/estate.yml", "  - kind: phone\n    label: 打电话反映\n    value: \"0571-0000 1234\"\n"
                                   "    note: 不会用手机的居民，打电话或请家人代报\n", "")
    estate = repo.check().ledger.estate
    assert [link.kind for link in route_links(estate)] == ["web", "text", "text"]
    assert call_link(estate) == ("0571-0000 1234", "tel:057100001234")
