"""Exports and feeds, parsed and checked against the ledger: items.json, items.csv, the
Open311 GeoReport v2 requests.json (against the spec's fields and types), Atom feeds."""
from __future__ import annotations

import csv
import io
import json
import re
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from conftest import AS_OF, copy_repo
from echowall.derive import resolve_as_of
from echowall.pipeline import prepare
from echowall.render.pages import Renderer, SiteConfig

ATOM = "{http://www.w3.org/2005/Atom}"
ISO = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$"

# GeoReport v2, GET /requests.json: the fields of a service request and their types
# (https://wiki.open311.org/GeoReport_v2/#get-service-requests).
GEOREPORT_REQUEST = {
    "type": "object",
    "required": ["service_request_id", "status", "service_name", "service_code", "description",
                 "requested_datetime", "updated_datetime", "address"],
    "additionalProperties": False,
    "properties": {
        "service_request_id": {"type": "string", "minLength": 1},
        "status": {"enum": ["open", "closed"]},
        "status_notes": {"type": ["string", "null"]},
        "service_name": {"type": "string"},
        "service_code": {"type": "string"},
        "description": {"type": ["string", "null"]},
        "agency_responsible": {"type": ["string", "null"]},
        "service_notice": {"type": ["string", "null"]},
        "requested_datetime": {"type": "string", "pattern": ISO},
        "updated_datetime": {"type": ["string", "null"], "pattern": ISO},
        "expected_datetime": {"type": ["string", "null"], "pattern": ISO},
        "address": {"type": ["string", "null"]},
        "address_id": {"type": ["string", "null"]},
        "zipcode": {"type": ["string", "null"]},
        "lat": {"type": ["number", "null"]},
        "long": {"type": ["number", "null"]},
        "media_url": {"type": ["string", "null"]},
    },
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The exports are pure functions of the model: rendered here without a MkDocs build,
    written where the build writes them (test_site checks the build links them)."""
    root = tmp_path_factory.mktemp("exports")
    repo = copy_repo(root, print_sheets=False)
    model = prepare(repo.check(), resolve_as_of(AS_OF))
    r = Renderer(model, SiteConfig(site_url="https://echowall.example.org/shiqiao/"), repo.root / "site_templates")
    site = root / "site"
    for name, data in r.render_exports(r.states_in_order()).items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return model, site


def test_items_json_has_everything_derived(built):
    model, site = built
    data = json.loads((site / "items.json").read_text(encoding="utf-8"))
    assert data["as_of"] == "2026-11-20T18:00:00+08:00"
    assert data["kpis"]["filed"] == 31 and data["kpis"]["overdue"] == 4
    assert sum(i["counted"] for i in data["items"]) == data["kpis"]["filed"]  # one definition of the count
    assert {i["id"]: i["days_overdue"] for i in data["items"] if i["overdue"]}["261110-pt3b"] == 7
    assert {i["id"]: i["supported"] for i in data["items"]}["261102-mh2a"] == 2
    assert data["kpis"]["satisfaction"] == {"numerator": 14, "denominator": 18, "value": 0.7778, "shown": True}
    items = {i["id"]: i for i in data["items"]}
    assert set(items) == set(model.states)
    for iid, s in model.states.items():
        i = items[iid]
        assert (i["status"], i["open"], i["overdue"]) == (s.status, s.is_open, s.overdue)
        assert i["counted"] == (s.item.kind != "resource" and not s.history)
        assert (i["days_overdue"] > 0) == s.overdue
        assert len(i["events"]) == len(s.stages)
    roof = items["260415-7kq2"]
    assert roof["promise"]["state"] == model.states["260415-7kq2"].promise.state
    assert roof["latest_rating"]["score"] == 1 and roof["photos"] == ["2026/260415-7kq2-1.jpg"]
    assert roof["url"] == "https://echowall.example.org/shiqiao/i/260415-7kq2/"


def test_items_csv_opens_in_excel(built):
    model, site = built
    raw = (site / "items.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["编号", "类型", "事项"]
    assert sorted(r[0] for r in rows[1:]) == sorted(model.states)
    assert all(len(r) == len(rows[0]) for r in rows)


def test_requests_json_is_georeport_v2(built):
    model, site = built
    requests = json.loads((site / "requests.json").read_text(encoding="utf-8"))
    jsonschema.validate(requests, {"type": "array", "items": GEOREPORT_REQUEST})
    counted = {i: s for i, s in model.states.items() if s.item.kind != "resource"}
    assert {r["service_request_id"] for r in requests} == set(counted)
    for r in requests:
        s = counted[r["service_request_id"]]
        assert r["status"] == ("open" if s.is_open else "closed")
        assert r["service_code"] == s.item.category
        assert re.match(ISO, r["requested_datetime"])
    lift = next(r for r in requests if r["service_request_id"] == "260615-dt5p")
    assert lift["expected_datetime"].startswith(str(model.states["260615-dt5p"].promise.expected))
    assert lift["address"].startswith("石桥新村 6幢2单元")
    services = json.loads((site / "services.json").read_text(encoding="utf-8"))
    assert {s["service_code"] for s in services} >= {r["service_code"] for r in requests}


def test_atom_feeds(built):
    model, site = built
    feed = ET.parse(site / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}id").text == "https://echowall.example.org/shiqiao/feed.xml"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == min(50, len(model.states))
    updated = [e.find(f"{ATOM}updated").text for e in entries]
    assert updated == sorted(updated, reverse=True) and all(re.match(ISO, u) for u in updated)
    for e in entries:
        assert e.find(f"{ATOM}link").get("href").startswith("https://echowall.example.org/shiqiao/i/")
    five = ET.parse(site / "b/5/feed.xml").getroot()
    ids = {e.find(f"{ATOM}link").get("href").rstrip("/").rsplit("/", 1)[1] for e in five.findall(f"{ATOM}entry")}
    assert ids == {s.item.id for s in model.by_building["5"]}
