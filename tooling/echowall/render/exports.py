"""Downloads: JSON, CSV for spreadsheets (UTF-8 with BOM so Excel opens Chinese correctly),
Open311 GeoReport v2 and Atom. Each function takes `r`, an Exporting (or, for revenue_csv,
just the Labels): the words, the site's settings and the model."""
from __future__ import annotations

import csv
import io
import json


class Exporting:
    """What the downloads need: the labels' helpers, the site's address, the model."""

    def __init__(self, labels, cfg, model):
        self.cfg, self.model = cfg, model
        self.est, self.tz = model.ledger.estate, labels.tz
        self.tr, self.dt, self.status_label = labels.tr, labels.dt, labels.status_label
        self.cat_name, self.rcat_name = labels.cat_name, labels.rcat_name
        self.building_name, self.role_name = labels.building_name, labels.role_name

    def site_url(self, path: str) -> str:
        return self.cfg.site_url_of(path)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """A text cell that a spreadsheet will never run as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


ROWS = "\x00rows"  # where the list of records goes in a JSON document


def _rows(records) -> str:
    """A JSON array with one record per line: readable, diffable, and written by the C
    encoder (an indented dump of 20,000 items goes through the slow pure-Python one)."""
    lines = ",\n".join(json.dumps(rec, ensure_ascii=False) for rec in records)
    return f"[\n{lines}\n]" if lines else "[]"


def revenue_csv(view, r) -> bytes:
    """One period's entries, as booked; amounts positive, the direction in its own column."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([r.tr(k) for k in ("revenue.date", "col.id", "revenue.direction", "col.category",
                                  "revenue.description", "revenue.amount", "revenue.evidence",
                                  "revenue.approval", "revenue.counterparty", "revenue.items", "revenue.reverses")])
    for line in view.lines:
        e = line.entry
        w.writerow([e.date.isoformat(), _cell(e.id), r.tr(f"revenue.{e.direction}"), _cell(r.rcat_name(e.category)),
                    _cell(e.description), f"{e.amount:.2f}", _cell(e.evidence), _cell(e.approval),
                    _cell(e.counterparty), " ".join(e.items), _cell(e.reverses)])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


# -- items: JSON, CSV, Open311 GeoReport v2, Atom ------------------------------------------

def _iso(dt) -> str | None:
    return dt.isoformat() if dt is not None else None


def item_record(s, r) -> dict:
    """Everything about one item, stored and derived, as of the build."""
    from ..derive import COUNTED_KINDS, days_overdue

    it = s.item
    p = s.promise
    return {
        "id": it.id, "kind": it.kind, "title": it.title, "description": it.description,
        "category": it.category, "category_name": r.cat_name(it.category),
        "building": it.building or None, "unit": it.unit or None, "place": it.place or None,
        "complexity": it.complexity, "channel": it.channel, "filed": _iso(it.filed),
        "status": s.status, "open": s.is_open, "holders": list(s.holders), "tier": s.tier or None,
        "first_answer_at": _iso(s.first_answer_at), "resolved_at": _iso(s.resolved_at),
        "closed_at": _iso(s.closed_at), "updated": _iso(s.updated),
        "promise": None if p is None else {
            "kind": p.kind, "stage": p.stage, "due": _iso(p.due), "met_at": _iso(p.met_at), "state": p.state,
            "expected": p.expected.isoformat() if p.expected else None},
        "overdue": s.overdue, "days_overdue": days_overdue(s, r.model.as_of, r.tz), "urged": s.urged,
        "supported": sum(st.event.type == "supported" for st in s.stages), "reopened": s.reopened,
        "counted": it.kind in COUNTED_KINDS and not s.history,  # in the home page's figures (derive_counts)
        "latest_rating": None if s.latest_rating is None else {
            "at": _iso(s.latest_rating.at), "score": s.latest_rating.score, "outcome": s.latest_rating.outcome},
        "events": [{"at": _iso(st.event.at), "type": st.event.type, "tier": st.event.tier or None,
                    "roles": list(st.event.roles), "note": st.event.note or None,
                    "expected": st.event.expected.isoformat() if st.event.expected else None,
                    "item": st.event.item or None, "after_seconds": int(st.since_previous.total_seconds())}
                   for st in s.stages],
        "ratings": [{"at": _iso(x.at), "score": x.score, "outcome": x.outcome, "channel": x.channel,
                     "comment": x.comment or None} for x in it.ratings if x.at <= r.model.as_of],
        "links": [{"item": link.item, "relation": link.relation} for link in it.links],
        "photos": list(it.photos),
        "url": r.site_url(f"i/{it.id}/"), "file_url": r.cfg.file_url(it.path) or None,
    }


def items_json(states, r) -> bytes:
    k = r.model.kpis
    data = {
        "estate": {"id": r.est.id, "name": r.est.name, "community": r.est.community,
                   "subdistrict": r.est.subdistrict, "city": r.est.city},
        "as_of": _iso(r.model.as_of.astimezone(r.tz)),
        "kpis": {"filed": k.filed, "open": k.open, "resolved": k.resolved, "declined": k.declined,
                 "rated": k.rated, "overdue": k.overdue,
                 **{name: {"numerator": rate.numerator, "denominator": rate.denominator,
                           "value": round(rate.value, 4) if rate.value is not None else None, "shown": rate.shown}
                    for name, rate in (("response", k.response), ("closure", k.closure),
                                       ("satisfaction", k.satisfaction))},
                 "mean_score": round(k.mean_score, 3) if k.mean_score is not None else None},
        "items": ROWS,
    }
    head, tail = json.dumps(data, ensure_ascii=False, indent=1).split(json.dumps(ROWS))
    return (head + _rows(item_record(s, r) for s in states) + tail + "\n").encode("utf-8")


CSV_COLUMNS = ("col.id", "col.kind", "col.title", "col.category", "col.building", "col.unit", "col.place",
               "col.complexity", "col.channel", "col.filed", "col.status", "col.holder", "promise.due",
               "col.promise", "kpi.first_answer", "kpi.resolved_at", "col.score", "col.url")


def items_csv(states, r) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([r.tr(c) for c in CSV_COLUMNS])
    for s in states:
        it = s.item
        w.writerow([
            it.id, r.tr(f"kind.{it.kind}"), _cell(it.title), _cell(r.cat_name(it.category)),
            _cell(r.building_name(it.building)) if it.building else r.tr("item.estate_wide"), _cell(it.unit),
            _cell(it.place), r.tr(f"complexity.{it.complexity}"), r.tr(f"channel.{it.channel}"), r.dt(it.filed),
            r.status_label(s), r.tr("sep").join(r.role_name(x) for x in s.holders),
            r.dt(s.promise.due) if s.promise else "", r.tr(f"promise.{s.promise.state}") if s.promise else "",
            r.dt(s.first_answer_at), r.dt(s.resolved_at), s.latest_rating.score if s.latest_rating else "",
            r.site_url(f"i/{it.id}/"),
        ])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _expected_datetime(s, tz) -> str | None:
    """Open311 expected_datetime: the latest `expected` date a progress event gave (end of
    that day, estate time)."""
    from datetime import datetime, time

    dates = [st.event.expected for st in s.stages if st.event.type == "progress" and st.event.expected]
    if not dates:
        return None
    return datetime.combine(dates[-1], time(23, 59, 59), tz).isoformat()


STATUS_CHANGES = ("dispatched", "escalated", "accepted", "progress", "matched", "resolved", "declined", "reopened",
                  "withdrawn")  # events that move an item's status (an urging or a rating does not)


def _status_changed(s):
    """Open311 updated_datetime: the last change of the request's status — its filing, or the
    latest event that moves it (never a rating, an urging or a supporting voice)."""
    return max([s.item.filed] + [st.event.at for st in s.stages if st.event.type in STATUS_CHANGES])


def _agency(s, r) -> str | None:
    """Open311 agency_responsible: the organisation of the latest event that names one
    (`by:`), else the roles holding the item."""
    by = next((st.event.by for st in reversed(s.stages) if st.event.by), "")
    return by or r.tr("sep").join(r.role_name(x) for x in s.holders) or None


def _coordinates(it, r) -> tuple:
    """lat/long: the building's coordinates, else the estate's, else none."""
    b = r.model.ledger.building(it.building) if it.building else None
    if b is not None and b.lat is not None and b.long is not None:
        return float(b.lat), float(b.long)
    if r.est.lat is not None and r.est.long is not None:
        return float(r.est.lat), float(r.est.long)
    return None, None


def open311_record(s, r) -> dict:
    """One GeoReport v2 service request, in the specification's field order."""
    it = s.item
    notes = [st.event.note for st in s.stages if st.event.note]
    where = [r.est.name]
    if it.building:
        where.append(r.building_name(it.building) + (r.tr("h.unit", unit=it.unit) if it.unit else ""))
    if it.place:
        where.append(it.place)
    lat, long = _coordinates(it, r)
    return {
        "service_request_id": it.id,
        "status": "open" if s.is_open else "closed",
        "status_notes": notes[-1] if notes else None,
        "service_name": r.cat_name(it.category),
        "service_code": it.category,
        "description": it.description,
        "agency_responsible": _agency(s, r),
        "service_notice": r.tr(f"complexity.{it.complexity}"),
        "requested_datetime": _iso(it.filed),
        "updated_datetime": _iso(_status_changed(s)),
        "expected_datetime": _expected_datetime(s, r.tz),
        "address": " ".join(where),
        "address_id": it.building or None,
        "zipcode": None,
        "lat": lat,
        "long": long,
        "media_url": r.site_url(f"media/{it.photos[0]}") if it.photos else None,
    }


def open311_records(states, r) -> list:
    return [open311_record(s, r) for s in states if s.item.kind != "resource"]


def requests_json(records) -> bytes:
    """GeoReport v2 service requests (GET /requests.json), one per problem or need."""
    return (_rows(records) + "\n").encode("utf-8")


def _xml(root) -> bytes:
    from xml.etree import ElementTree as ET

    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _xml_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


XML_HEAD = "<?xml version='1.0' encoding='utf-8'?>\n"


def _request_xml(rec: dict) -> str:
    """One <request>, written directly (ElementTree per request costs ~10x at 20,000 items):
    every value escaped; ledger text holds no character XML 1.0 refuses (text-control)."""
    from xml.sax.saxutils import escape

    return "<request>" + "".join(f"<{k}>{escape(_xml_value(v))}</{k}>" for k, v in rec.items()) + "</request>"


def requests_xml(records) -> bytes:
    """GET /requests.xml: <service_requests><request>…</request></service_requests>, the
    specification's element names; an empty element for a value not given."""
    body = "\n".join(_request_xml(rec) for rec in records)
    return (XML_HEAD + "<service_requests>" + ("\n" + body + "\n" if body else "") + "</service_requests>\n"
            ).encode("utf-8")


def open311_request_files(records) -> dict:
    """GET /requests/{id}.json and .xml: one file per request (the specification answers a
    single request as a list of one)."""
    files = {}
    for rec in records:
        rid = rec["service_request_id"]
        files[f"requests/{rid}.json"] = (json.dumps([rec], ensure_ascii=False) + "\n").encode("utf-8")
        files[f"requests/{rid}.xml"] = (XML_HEAD + "<service_requests>" + _request_xml(rec)
                                        + "</service_requests>\n").encode("utf-8")
    return files


def _services(r) -> list:
    return [{"service_code": c.id, "service_name": c.name, "description": c.description or c.name,
             "metadata": False, "type": "realtime", "keywords": "", "group": r.est.name}
            for c in r.est.categories]


def open311_services(r) -> bytes:
    """GeoReport v2 service list (GET /services.json): the categories."""
    return (json.dumps(_services(r), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def services_xml(r) -> bytes:
    from xml.etree import ElementTree as ET

    root = ET.Element("services")
    for svc in _services(r):
        el = ET.SubElement(root, "service")
        for k, v in svc.items():
            ET.SubElement(el, k).text = _xml_value(v)
    return _xml(root)


OPEN311_SPEC = "http://wiki.open311.org/GeoReport_v2"


def discovery(r, states) -> dict:
    """GeoReport v2 service discovery: where the endpoint is and what it speaks. Read-only:
    the site publishes requests and services; it takes no POST (key_service says how to
    report instead)."""
    changeset = _iso(max((_status_changed(s) for s in states), default=r.model.as_of.astimezone(r.tz)))
    routes = [x.label for x in r.est.intake]
    return {
        "changeset": changeset,
        "contact": f"{r.est.name} {r.est.contact.place} {r.est.contact.office_phone}",
        "key_service": r.tr("sep").join(routes),
        "endpoints": [{"specification": OPEN311_SPEC, "url": r.site_url("") or "./", "changeset": changeset,
                       "type": "production", "formats": ["text/xml", "application/json"]}],
    }


def discovery_json(r, states) -> bytes:
    return (json.dumps(discovery(r, states), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def discovery_xml(r, states) -> bytes:
    from xml.etree import ElementTree as ET

    d = discovery(r, states)
    root = ET.Element("discovery")
    for k in ("changeset", "contact", "key_service"):
        ET.SubElement(root, k).text = d[k]
    eps = ET.SubElement(root, "endpoints")
    for e in d["endpoints"]:
        ep = ET.SubElement(eps, "endpoint")
        for k in ("specification", "url", "changeset", "type"):
            ET.SubElement(ep, k).text = e[k]
        fm = ET.SubElement(ep, "formats")
        for f in e["formats"]:
            ET.SubElement(fm, "format").text = f
    return _xml(root)


ATOM_LIMIT = 50  # entries per feed: a feed is a window, not an archive


def atom_feed(states, r, feed_path: str, title: str, page_path: str) -> bytes:
    """An Atom 1.0 feed of the most recently updated items (bounded: ATOM_LIMIT)."""
    from xml.etree import ElementTree as ET

    ns = "http://www.w3.org/2005/Atom"
    ET.register_namespace("", ns)
    q = lambda tag: f"{{{ns}}}{tag}"  # noqa: E731
    chosen = sorted(states, key=lambda s: (-s.updated.timestamp(), s.item.id))[:ATOM_LIMIT]
    feed = ET.Element(q("feed"))
    ET.SubElement(feed, q("id")).text = r.site_url(feed_path) or f"urn:echowall:{r.est.id}:{feed_path}"
    ET.SubElement(feed, q("title")).text = title
    ET.SubElement(feed, q("updated")).text = _iso(max((s.updated for s in chosen),
                                                      default=r.model.as_of.astimezone(r.tz)))
    ET.SubElement(feed, q("link"), rel="self", href=r.site_url(feed_path) or feed_path)
    ET.SubElement(feed, q("link"), rel="alternate", type="text/html", href=r.site_url(page_path) or page_path)
    author = ET.SubElement(feed, q("author"))
    ET.SubElement(author, q("name")).text = r.est.name
    ET.SubElement(feed, q("generator")).text = "echowall"
    for s in chosen:
        it = s.item
        e = ET.SubElement(feed, q("entry"))
        url = r.site_url(f"i/{it.id}/")
        ET.SubElement(e, q("id")).text = url or f"urn:echowall:{r.est.id}:item:{it.id}"
        ET.SubElement(e, q("title")).text = f"[{r.status_label(s)}] {it.title}"
        ET.SubElement(e, q("link"), rel="alternate", type="text/html", href=url or f"i/{it.id}/")
        ET.SubElement(e, q("published")).text = _iso(it.filed)
        ET.SubElement(e, q("updated")).text = _iso(s.updated)
        ET.SubElement(e, q("category"), term=it.category, label=r.cat_name(it.category))
        last = next((st.event for st in reversed(s.stages) if st.event.note), None)
        summary = f"{r.status_label(s)}：{last.note}" if last else it.description
        ET.SubElement(e, q("summary"), type="text").text = summary
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
