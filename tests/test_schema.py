"""The format: types, required keys, enums, unknown keys, dates — each at its exact line."""
from __future__ import annotations

import json

import jsonschema
import pytest

from conftest import REPO, item_text, only
from echowall.load import load_ledger
from echowall.schema import json_schema

P = "ledger/items/2026/261101-abcd.yml"


def test_demo_ledger_is_clean(repo):
    assert repo.check().problems == []


@pytest.mark.parametrize("old,new,code,needle", [
    ("title: 楼道灯不亮\n", "", "schema-required", "id: 261101-abcd"),
    ("title: 楼道灯不亮", "titel: 楼道灯不亮", "schema-unknown-key", "titel:"),
    ("kind: problem", "kind: complaint", "schema-enum", "kind:"),
    ('unit: "1"', "unit: 1.5", "schema-type", "unit:"),
    ("title: 楼道灯不亮", "title: no", "schema-type", "title:"),
    ("title: 楼道灯不亮", "title: ''", "schema-empty", "title:"),
    ("filed: 2026-11-01T09:00:00+08:00", "filed: 2026-11-01T09:00:00", "schema-datetime", "filed:"),
    ("filed: 2026-11-01T09:00:00+08:00", "filed: 2026-02-30T09:00:00+08:00", "schema-datetime", "filed:"),
    ("filed: 2026-11-01T09:00:00+08:00", "filed: 2026-11-01T24:00:00+08:00", "schema-datetime", "filed:"),
    ("channel: qr", "channel: 12:30", "schema-type", "channel:"),
    ("id: 261101-abcd", "id: ../../etc", "schema-id", "id:"),
    ("id: 261101-abcd", "id: 261101-ａｂｃｄ", "schema-id", "id:"),
    ("title: 楼道灯不亮", "title: 楼道灯不亮\nphone: '13800000000'", "privacy-key", "phone:"),
])
def test_item_field_rules(empty_items, old, new, code, needle):
    r = empty_items
    r.write(P, item_text().replace(old, new))
    only(r.check().problems, code, P, r.line_of(P, needle))


def test_clean_inline_item(empty_items):
    r = empty_items
    r.write(P, item_text(extra="events:\n  - at: 2026-11-01T10:00:00+08:00\n    type: resolved\n    note: 修好了\n"))
    assert r.check().problems == []


def test_yaml_11_surprise_message_says_to_quote(empty_items):
    r = empty_items
    r.write(P, item_text().replace("title: 楼道灯不亮", "title: on"))
    p = only(r.check().problems, "schema-type", P, 3)
    assert "boolean true" in p.message and "'on'" in p.message


def test_unknown_key_suggests_the_close_one(empty_items):
    r = empty_items
    r.write(P, item_text().replace("category:", "categroy:"))
    p = only(r.check().problems, "schema-unknown-key", P, 5)
    assert "did you mean 'category'" in p.message


@pytest.mark.parametrize("event,code,needle", [
    ("    type: dispatched\n    role: property\n", "event-field-missing", "- at:"),
    ("    type: progress\n    note: 在修\n    role: property\n", "event-field-unexpected", "role:"),
    ("    type: finished\n", "schema-enum", "type:"),
    ("    type: resolved\n    note: 好了\n    expected: 2026-13-01\n", "schema-date", "expected:"),
])
def test_event_fields(empty_items, event, code, needle):
    r = empty_items
    r.write(P, item_text(extra="events:\n  - at: 2026-11-01T10:00:00+08:00\n" + event))
    only(r.check().problems, code, P, r.line_of(P, needle))


def test_rating_score_range(empty_items):
    r = empty_items
    r.write(P, item_text(extra="events:\n  - at: 2026-11-01T10:00:00+08:00\n    type: resolved\n    note: 好了\n"
                               "ratings:\n  - at: 2026-11-01T11:00:00+08:00\n    score: 6\n    outcome: fixed\n    channel: phone\n"))
    only(r.check().problems, "schema-range", P, r.line_of(P, "score:"))


def test_estate_and_buildings_schema(repo):
    repo.edit("ledger/estate.yml", "timezone: Asia/Shanghai", "timezone: Mars/Olympus")
    repo.edit("ledger/buildings.yml", "households: 112", "households: many")
    problems = repo.check().problems
    only(problems, "estate-timezone", "ledger/estate.yml", repo.line_of("ledger/estate.yml", "timezone:"))
    only(problems, "schema-type", "ledger/buildings.yml", repo.line_of("ledger/buildings.yml", "households: many"))


def test_building_id_must_be_quoted(repo):
    repo.edit("ledger/buildings.yml", '- id: "12"', "- id: 12")
    p = only(repo.check().problems, "schema-type", "ledger/buildings.yml", repo.line_of("ledger/buildings.yml", "- id: 12"))
    assert "'12'" in p.message


# --- the published JSON Schema agrees with the validator -----------------------------

@pytest.mark.parametrize("name", ["estate", "buildings", "item"])
def test_committed_schema_files_are_current(name):
    on_disk = json.loads((REPO / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
    assert on_disk == json_schema(name), "run `echowall schema`"


def test_json_schema_accepts_the_demo_and_refuses_a_broken_item():
    raw = load_ledger(REPO)
    jsonschema.validate(raw.estate.data, json_schema("estate"))
    jsonschema.validate(raw.buildings.data, json_schema("buildings"))
    item = json_schema("item")
    for doc in raw.items:
        jsonschema.validate(doc.data, item)
    bad = dict(raw.items[0].data, events=[{"at": "2026-03-05T16:00:00+08:00", "type": "dispatched"}])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, item)
