"""The site's files that are not pages — charts (SVG), downloads (JSON, CSV, Open311), feeds
(Atom) and QR codes — each group from one FileSpec of the plan: {path: text or bytes}."""
from __future__ import annotations

import json
from pathlib import Path

from ..derive import Model
from ..labels import Labels
from ..plan import FileSpec, SiteConfig

CHART_BARS = 30  # buildings in the by-building chart, at most


def render_files(spec: FileSpec, model: Model, cfg: SiteConfig, labels: Labels) -> dict[str, str | bytes]:
    make = {"charts": render_charts, "exports": render_exports, "revenue": render_revenue_files,
            "qr": render_qr}[spec.kind]
    return make(model, cfg, labels, **spec.args)


def render_exports(model: Model, cfg: SiteConfig, labels: Labels, states, filters=None) -> dict[str, str | bytes]:
    from .exports import (Exporting, atom_feed, discovery_json, discovery_xml, items_csv, items_json,
                          open311_records, open311_request_files, open311_services, requests_json, requests_xml,
                          services_xml)

    tr, est = labels.tr, model.ledger.estate
    r = Exporting(labels, cfg, model)
    files: dict[str, str | bytes] = {}
    by_id = sorted(states, key=lambda s: s.item.id)
    if filters is not None:
        files["search-filters.json"] = json.dumps(filters, ensure_ascii=False, separators=(",", ":"),
                                                  sort_keys=True) + "\n"
    files["items.json"] = items_json(by_id, r)
    files["items.csv"] = items_csv(by_id, r)
    records = open311_records(by_id, r)
    files["requests.json"] = requests_json(records)
    files["requests.xml"] = requests_xml(records)
    files.update(open311_request_files(records))
    files["services.json"] = open311_services(r)
    files["services.xml"] = services_xml(r)
    files["discovery.json"] = discovery_json(r, by_id)
    files["discovery.xml"] = discovery_xml(r, by_id)
    files["feed.xml"] = atom_feed(states, r, "feed.xml", tr("feed.title", estate=est.name), "")
    for b in model.ledger.buildings:
        files[f"b/{b.id}/feed.xml"] = atom_feed(
            model.by_building.get(b.id, []), r, f"b/{b.id}/feed.xml",
            tr("feed.building_title", estate=est.name, building=b.name), f"b/{b.id}/")
    return files


def render_charts(model: Model, cfg: SiteConfig, labels: Labels, bars: int = CHART_BARS) -> dict[str, bytes]:
    """The estate's charts (SVG); none without a CJK font."""
    from ..report import estate_stats
    from . import charts
    from .pages import busiest

    files: dict[str, bytes] = {}
    if not cfg.font:
        return files
    font, tr = Path(cfg.font), labels.tr
    st = estate_stats(model)
    n = tr("stats.items")
    files["stats/filed-resolved.svg"] = charts.two_series(
        st.months, st.filed, st.resolved, (tr("home.month_filed"), tr("home.month_resolved")),
        tr("stats.h_monthly"), font, "month")
    files["stats/resolution.svg"] = charts.bar_chart(
        [tr(k) for k, _ in st.resolution], [v for _, v in st.resolution],
        tr("stats.h_resolution"), font, "resolution", unit=n)
    files["stats/categories.svg"] = charts.bar_chart(
        [labels.cat_name(c) for c, _ in st.by_category], [v for _, v in st.by_category],
        tr("stats.h_category"), font, "category", horizontal=True, unit=n)
    blds, title = st.by_building, tr("stats.h_building")
    if len(blds) > bars:  # a phone shows 30 bars, not 1,000; the table has all
        blds = busiest(blds, bars)
        title = tr("stats.h_building_top", n=bars)
    files["stats/buildings.svg"] = charts.bar_chart(
        [labels.building_name(b) if b else tr("item.estate_wide") for b, _ in blds],
        [v for _, v in blds], title, font, "building", unit=n)
    files["stats/satisfaction.svg"] = charts.rate_bars(  # counts beside every month's rate
        st.months, [round(v * k) if v is not None else 0 for v, k in zip(st.satisfaction, st.ratings)],
        st.ratings, tr("stats.h_satisfaction"), font, "satisfaction", model.ledger.estate.min_sample)
    return files


def render_revenue_files(model: Model, cfg: SiteConfig, labels: Labels) -> dict[str, str | bytes]:
    """Each account's charts and each period's CSV."""
    from . import charts
    from .exports import revenue_csv

    files: dict[str, str | bytes] = {}
    for a in model.revenue.accounts:
        if cfg.font and a.monthly:
            files[f"revenue/{a.account.id}/monthly.svg"] = charts.monthly_bars(
                a.monthly, labels.tr("revenue.chart_monthly", account=a.account.name),
                (labels.tr("revenue.income"), labels.tr("revenue.expense")), Path(cfg.font))
            files[f"revenue/{a.account.id}/balance.svg"] = charts.balance_line(
                a.monthly, labels.tr("revenue.chart_balance", account=a.account.name), Path(cfg.font))
        for v in a.periods:
            files[f"revenue/{v.period.account}/{v.period.period}.csv"] = revenue_csv(v, labels)
    return files


def render_qr(model: Model, cfg: SiteConfig, labels: Labels, buildings=()) -> dict[str, bytes]:
    from .qr import qr_files

    return qr_files(cfg.site_url, buildings, units=False)
