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
from echowall.labels import load_labels
from echowall.plan import SiteConfig, states_in_order
from echowall.render.files import render_exports

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
    labels = load_labels(repo.root / "site_templates", "zh", model.ledger)
    cfg = SiteConfig(site_url="https://echowall.example.org/shiqiao/")
    site = root / "site"
    for name, data in render_exports(model, cfg, labels, states_in_order(model)).items():
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


# -- Open311 out, complete: XML, discovery, one file per request, coordinates, agencies ------

@pytest.fixture(scope="module")
def open311(tmp_path_factory):
    """The demo with coordinates on building 5 and the estate, and the 12345 fixture imported
    (its events name the organisation that acted, `by:`)."""
    from pathlib import Path

    from echowall.importers.command import run
    from test_import import NOW, estate_edit

    root = tmp_path_factory.mktemp("open311")
    repo = copy_repo(root, print_sheets=False)
    estate_edit(repo)
    repo.edit("ledger/buildings.yml", '  - id: "5"\n    name: 5幢\n',
              '  - id: "5"\n    name: 5幢\n    lat: 30.2741\n    long: 120.1551\n')
    repo.write("ledger/estate.yml", repo.read("ledger/estate.yml").replace("timezone: Asia/Shanghai\n",
                                                                           "timezone: Asia/Shanghai\nlat: 30.27\nlong: 120.15\n"))
    fixture = Path(__file__).parent / "fixtures" / "import" / "hotline-12345.csv"
    assert run(repo.root, "ledger", "en", fixture, "12345", None, False, None, now=NOW)[1] == 0
    model = prepare(repo.check(), resolve_as_of(AS_OF))
    labels = load_labels(repo.root / "site_templates", "zh", model.ledger)
    cfg = SiteConfig(site_url="https://echowall.example.org/shiqiao/")
    return model, render_exports(model, cfg, labels, states_in_order(model))


def _xml_requests(data: bytes) -> list[dict]:
    root = ET.fromstring(data)
    assert root.tag == "service_requests" and all(el.tag == "request" for el in root)
    return [{c.tag: c.text for c in el} for el in root]


def test_requests_xml_is_requests_json_in_the_specifications_element_names(open311):
    model, files = open311
    as_json = json.loads(files["requests.json"])
    jsonschema.validate(as_json, {"type": "array", "items": GEOREPORT_REQUEST})
    as_xml = _xml_requests(files["requests.xml"])
    assert [list(x) for x in as_xml] == [list(GEOREPORT_REQUEST["properties"])] * len(as_json)
    for j, x in zip(as_json, as_xml):
        assert {k: (None if v is None else str(v)) for k, v in j.items()} == x
    services = ET.fromstring(files["services.xml"])
    assert [s.findtext("service_code") for s in services] == [s["service_code"] for s in json.loads(files["services.json"])]


def test_one_file_per_request_in_both_formats(open311):
    model, files = open311
    as_json = {r["service_request_id"]: r for r in json.loads(files["requests.json"])}
    singles = {k for k in files if k.startswith("requests/")}
    assert singles == {f"requests/{i}.{ext}" for i in as_json for ext in ("json", "xml")}
    for rid, rec in as_json.items():
        assert json.loads(files[f"requests/{rid}.json"]) == [rec]
        assert _xml_requests(files[f"requests/{rid}.xml"])[0]["service_request_id"] == rid


def test_discovery_names_the_endpoint_and_its_formats(open311):
    model, files = open311
    d = json.loads(files["discovery.json"])
    assert d["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert d["endpoints"][0]["url"] == "https://echowall.example.org/shiqiao/"
    assert d["endpoints"][0]["formats"] == ["text/xml", "application/json"] and re.match(ISO, d["changeset"])
    x = ET.fromstring(files["discovery.xml"])
    assert x.tag == "discovery" and x.findtext("changeset") == d["changeset"]
    assert [f.text for f in x.find("endpoints").find("endpoint").find("formats")] == d["endpoints"][0]["formats"]


def test_updated_is_the_last_status_change_and_coordinates_and_agency_come_from_the_ledger(open311):
    model, files = open311
    reqs = {r["service_request_id"]: r for r in json.loads(files["requests.json"])}
    roof = model.states["260415-7kq2"]  # urged on 10-20, 我也遇到 on 10-28, rated: none changes its status
    changes = [st.event.at for st in roof.stages if st.event.type not in ("urged", "supported")]
    assert reqs["260415-7kq2"]["updated_datetime"] == max(changes).isoformat()
    assert roof.updated > max(changes)  # the item's own "updated" counts the urging
    assert (reqs["260415-7kq2"]["lat"], reqs["260415-7kq2"]["long"]) == (30.2741, 120.1551)  # building 5
    other = next(r for r in reqs.values() if r["address_id"] not in (None, "5"))
    assert (other["lat"], other["long"]) == (30.27, 120.15)  # the estate's
    imported = {s.item.ref[1]: reqs[i] for i, s in model.states.items() if s.item.ref}
    assert imported["FZ25031200101"]["agency_responsible"] == "某某物业服务有限公司"  # by: on its resolved event
    hotline = [s for s in model.states.values() if s.item.ref]
    assert {s.item.channel for s in hotline} == {"hotline"}
