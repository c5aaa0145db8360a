"""Downloads: CSV for spreadsheets (UTF-8 with BOM so Excel opens Chinese correctly)."""
from __future__ import annotations

import csv
import io
import json

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


def open311_requests(states, r) -> bytes:
    """GeoReport v2 service requests (GET /requests.json), one per problem or need."""
    out = []
    for s in states:
        it = s.item
        if it.kind == "resource":
            continue
        notes = [st.event.note for st in s.stages if st.event.note]
        where = [r.est.name]
        if it.building:
            where.append(r.building_name(it.building) + (r.tr("h.unit", unit=it.unit) if it.unit else ""))
        if it.place:
            where.append(it.place)
        out.append({
            "service_request_id": it.id,
            "status": "open" if s.is_open else "closed",
            "status_notes": notes[-1] if notes else None,
            "service_name": r.cat_name(it.category),
            "service_code": it.category,
            "description": it.description,
            "agency_responsible": r.tr("sep").join(r.role_name(x) for x in s.holders) or None,
            "service_notice": r.tr(f"complexity.{it.complexity}"),
            "requested_datetime": _iso(it.filed),
            "updated_datetime": _iso(s.updated),
            "expected_datetime": _expected_datetime(s, r.tz),
            "address": " ".join(where),
            "address_id": it.building or None,
            "zipcode": None,
            "lat": None,
            "long": None,
            "media_url": r.site_url(f"media/{it.photos[0]}") if it.photos else None,
        })
    return (_rows(out) + "\n").encode("utf-8")


def open311_services(r) -> bytes:
    """GeoReport v2 service list (GET /services.json): the categories."""
    return (json.dumps([{"service_code": c.id, "service_name": c.name, "description": c.description or c.name,
                         "metadata": False, "type": "realtime", "keywords": "", "group": r.est.name}
                        for c in r.est.categories], ensure_ascii=False, indent=1) + "\n").encode("utf-8")


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
