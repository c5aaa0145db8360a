"""The site plan: which pages exist, each with its template, its context (lists, sorting,
paging, per-building figures) and its front matter — and which other files the site has.
Pure: a derived model, the site's settings and the labels in, plain data out; no file is
read, nothing is rendered, MkDocs is not imported. `render` turns each PageSpec into text;
the MkDocs plugin (or anything else that writes a folder) decides where and how.

    plan_site(model, site_config, labels, as_of) -> SitePlan  ({path: PageSpec})
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable
from urllib.parse import quote

from .derive import COUNTED_KINDS, BuildingFigures, EstateMonth, Model, derive_buildings, derive_counts, last_month
from .labels import Labels, status_key
from .resident import route_links

PAGE_SIZE = 50  # rows per list page: no page grows with the ledger
QR_SLICE = 100  # buildings per QR job
BADGE_KEYS = ("kept.resolve", "kept.answer", "kept.expected", "pending", "late", "overdue", "history")
STATUS_ORDER = ("filed", "offered", "dispatched", "accepted", "in_progress", "matched", "reopened",
                "resolved", "declined", "withdrawn")


@dataclass(frozen=True)
class SiteConfig:
    """What the pages need from mkdocs.yml (siteconfig.site_config_of reads it)."""

    site_url: str = ""
    repo_url: str = ""
    language: str = "zh"
    branch: str = "main"
    forge: str = "auto"  # github | gitea | none | auto (from repo_url)
    ledger_dir: str = "ledger"
    print: bool = False  # print/ PDFs are part of this build: link them
    font: str = ""  # CJK font for charts; without one, charts are left out
    reports: int = 3  # monthly reports on the site: this many months up to the as-of month
    search: bool = True  # item and building pages carry what site search finds them by
    label_stock: str = ""  # the label stock print.yml names (the print page says it)

    @property
    def forge_kind(self) -> str:
        if self.forge != "auto":
            return self.forge
        if not self.repo_url:
            return "none"
        return "github" if "github.com" in self.repo_url else "gitea"

    def file_url(self, path: str) -> str:
        """The file's page on the forge ('' without repo_url)."""
        return self._forge(path, "blob", "src/branch")

    def history_url(self, path: str) -> str:
        """The file's commits on the forge."""
        return self._forge(path, "commits", "commits/branch")

    def _forge(self, path: str, github: str, other: str) -> str:
        if not self.repo_url:
            return ""
        where = github if self.forge_kind == "github" else other
        return f"{self.repo_url.rstrip('/')}/{where}/{self.branch}/{path}"

    def site_url_of(self, path: str) -> str:
        """An absolute URL on the published site ('' when mkdocs.yml has no site_url)."""
        return f"{self.site_url.rstrip('/')}/{path}" if self.site_url else ""


def building_url(site_url: str, building: str, unit: str | None = None) -> str:
    """The permanent URL printed on posters: <site_url>b/<building>/ (#u<unit>)."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    url = f"{base}b/{building}/"
    return f"{url}#u{unit}" if unit else url


def item_url(site_url: str, item: str) -> str:
    base = site_url if site_url.endswith("/") else site_url + "/"
    return f"{base}i/{item}/"


@dataclass
class PageSpec:
    """One page: its template (site_templates/site/), the relative path back to the site's
    root, its title (the front matter) and what the template gets. `later` adds context
    that is costly to compute (a monthly report), in the process that renders the page."""

    template: str
    root: str
    title: str
    ctx: dict
    later: Callable[[], dict] | None = None
    hide: tuple = ()  # what the theme hides on the page (front matter `hide:`), e.g. ("toc",)


@dataclass(frozen=True)
class FileSpec:
    """A group of files that are not pages, made by one render function (render.files):
    `kind` names it, `args` is what it gets."""

    kind: str  # charts | exports | revenue | qr
    args: dict = field(default_factory=dict)


class SitePlan(dict):
    """{path of a Markdown page: PageSpec}, in the order a build takes them, with
    `files` (the other files, as FileSpecs), `media` (photo names under ledger/media/ to
    copy to media/) and `figures` (per building, shared with the status sheets)."""

    files: list
    media: list
    figures: dict
    month: EstateMonth


def states_in_order(model: Model) -> list:
    """Every item's state, newest filing first: the order of lists, feeds and jobs."""
    return sorted(model.states.values(), key=lambda s: (-s.item.filed.timestamp(), s.item.id))


def plan_site(model: Model, cfg: SiteConfig, labels: Labels, as_of: datetime | None = None) -> SitePlan:
    """Every page of the site, item and building pages first (many, quick to render), so
    workers rendering in site order are soon ahead of a build, then lists and reports."""
    if as_of is not None and as_of != model.as_of:
        raise ValueError(f"the model was derived as of {model.as_of}, not {as_of}")
    planner = _Planner(model, cfg, labels)
    states = states_in_order(model)
    plan = SitePlan()
    plan.month = last_month(model)
    plan.figures = derive_buildings(model, plan.month)
    plan.update(planner.item_pages(states))
    plan.update(planner.building_pages(plan.figures))
    plan.update(planner.list_pages(states))
    plan["stats/index.md"] = PageSpec("stats.md.j2", "../", labels.tr("h.stats"), {"charts": bool(cfg.font)},
                                      later=lambda: {"st": _estate_stats(model)})
    plan.update(planner.report_pages())
    plan["redactions/index.md"] = PageSpec("redactions.md.j2", "../", labels.tr("h.redactions"),
                                           {"rows": planner.redaction_rows()})
    if model.revenue is not None:
        plan.update(planner.revenue_pages(model.revenue))
    plan.files = planner.files(states)
    plan.media = [photo for s in states for photo in s.item.photos]
    return plan


def _estate_stats(model):
    from .report import estate_stats

    return estate_stats(model)


def paged(base: str, title: str, rows: list, labels: Labels, size: int | None = None) -> dict[str, PageSpec]:
    """base.md for the first page, base/2.md, base/3.md, … for the rest."""
    size = size or PAGE_SIZE
    pages = max(1, -(-len(rows) // size))
    out = {}
    depth = base.count("/") + 1
    count = derive_counts(rows)  # once per list, not per page
    for n in range(1, pages + 1):
        path = f"{base}.md" if n == 1 else f"{base}/{n}.md"
        root = "../" * (depth + (n > 1))
        home = "" if n == 1 else "../"  # back to page 1 from base/n/
        prev = None if n == 1 else (home if n == 2 else f"../{n - 1}/")
        nxt = None if n == pages else (f"{n + 1}/" if n == 1 else f"../{n + 1}/")
        full = title if n == 1 else f"{title} · {labels.tr('list.page', n=n)}"
        out[path] = PageSpec("list.md.j2", root, full, {
            "title": title, "rows": rows[(n - 1) * size:n * size], "page": n, "pages": pages,
            "total": len(rows), "prev": prev, "next": nxt, "count": count})
    return out


def search_filters(state) -> dict[str, str]:
    """What search results can be narrowed by (search.filter_token): status, building (''
    for estate-wide items) and category."""
    return {"s": status_key(state), "b": state.item.building or "", "c": state.item.category}


class _Planner:
    def __init__(self, model: Model, cfg: SiteConfig, labels: Labels):
        self.model, self.cfg, self.l = model, cfg, labels
        self.est = model.ledger.estate
        self.tz = self.est.tz

    # -- pages ------------------------------------------------------------------------------
    def item_pages(self, states) -> dict[str, PageSpec]:
        revenue = self.model.revenue
        back: dict[str, list] = {}
        for s in states:
            for link in s.item.links:
                back.setdefault(link.item, []).append((s.item.id, link.relation))
        return {f"i/{s.item.id}.md": PageSpec(
            "item.md.j2", "../../", f"{s.item.id} {s.item.title}", {
                "s": s, "it": s.item, "back": back.get(s.item.id, []),
                "file_url": self.cfg.file_url(s.item.path), "history_url": self.cfg.history_url(s.item.path),
                "spending": revenue.by_item.get(s.item.id, []) if revenue else []})
            for s in states}

    def building_pages(self, figures: dict[str, BuildingFigures]) -> dict[str, PageSpec]:
        """Building pages (the QR codes' landing pages)."""
        pages = {}
        for b in self.model.ledger.buildings:
            f = figures[b.id]
            pages[f"b/{b.id}.md"] = PageSpec("building.md.j2", "../../", b.name, {
                "b": b, "fig": f, "items": f.items, "by_unit": f.by_unit, "whole": f.whole,
                "open_items": f.open, "open_count": f.open_count,
                "url": building_url(self.cfg.site_url, b.id) if self.cfg.site_url else "",
                "links": route_links(self.est, b.id), "unit_links": {u: route_links(self.est, b.id, u) for u in b.units}})
        return pages

    def list_pages(self, states) -> dict[str, PageSpec]:
        m, tr = self.model, self.l.tr
        open_ = [s for s in states if s.is_open]
        pages: dict[str, PageSpec] = {}
        lists = {
            "open": open_,
            "overdue": [s for s in states if s.overdue],
            "resolved": sorted((s for s in states if s.status == "resolved"),
                               key=lambda s: (-(s.closed_at or s.item.filed).timestamp(), s.item.id)),
            "rated": sorted((s for s in states if s.latest_rating),
                            key=lambda s: (-s.latest_rating.at.timestamp(), s.item.id)),
            "estate": m.estate_wide,
        }
        for kind in ("problem", "need", "resource"):
            lists[kind] = open_first([s for s in states if s.item.kind == kind])
        recent = sorted(states, key=lambda s: (-s.updated.timestamp(), s.item.id))[:10]
        pages["index.md"] = PageSpec("home.md.j2", "", tr("site_title", estate=self.est.name), {
            "recent": recent, "lists": lists, "buildings": m.ledger.buildings, "links": route_links(self.est),
            "months": self.month_compare(states)})
        pages["b/index.md"] = PageSpec("buildings.md.j2", "../", tr("h.buildings"), {"buildings": m.ledger.buildings})
        for name, rows in lists.items():
            pages.update(paged(f"lists/{name}", tr("list." + name), rows, self.l))
        # by category and by role ("who holds what")
        cats = []
        for c in self.est.categories:
            rows = open_first([s for s in states if s.item.category == c.id])
            cats.append((c, sum(s.is_open for s in rows), len(rows)))
            pages.update(paged(f"lists/category/{c.id}", tr("list.category", name=c.name), rows, self.l))
        pages["lists/categories.md"] = PageSpec("groups.md.j2", "../../", tr("list.categorys"),
                                                {"kind": "category", "groups": cats})
        roles = []
        for r in self.est.roles:
            held = [s for s in open_ if r.id in s.holders]
            roles.append((r, len(held), sum(s.overdue for s in held)))
            pages.update(paged(f"lists/role/{r.id}", tr("list.role", name=r.name), held, self.l))
        pages["lists/roles.md"] = PageSpec("groups.md.j2", "../../", tr("list.roles"), {"kind": "role", "groups": roles})
        pages["lists/matches.md"] = PageSpec("matches.md.j2", "../../", tr("list.matches"), {"matches": m.matches})
        pages["print/index.md"] = PageSpec("print.md.j2", "../", tr("h.print"),
                                           {"buildings": m.ledger.buildings, "stock": self.cfg.label_stock})
        # the about page (every way to report, what each status and badge means, the
        # definitions of the figures; the repository for volunteers) and the downloads
        forge = self.forge_new_url()
        pages["about.md"] = PageSpec("about.md.j2", "../", tr("about.title"), {
            "links": route_links(self.est), "forge_new": forge,
            "new_template": "" if forge else self.new_item_template()[1],
            "status_keys": STATUS_ORDER, "badge_keys": BADGE_KEYS})
        pages["downloads.md"] = PageSpec("downloads.md.j2", "../", tr("h.downloads"), {"buildings": m.ledger.buildings})
        return pages

    def report_pages(self) -> dict[str, PageSpec]:
        """The last few monthly reports (each derived as of its month's end where it is
        rendered) and their index."""
        from .report import monthly_report, report_months

        m = self.model
        months = report_months(m.ledger, m.as_of, self.cfg.reports)
        pages = {}
        for month in months:
            label = self.l.month_label(month)
            pages[f"reports/{month}.md"] = PageSpec(
                "report.md.j2", "../../", self.l.tr("report.title", estate=self.est.name, month=label),
                {"month_label": label},
                later=lambda month=month: {"r": monthly_report(m.ledger, month, m.as_of, m)})
        pages["reports/index.md"] = PageSpec("reports.md.j2", "../", self.l.tr("h.reports"),
                                             {"months": [(mo, self.l.month_label(mo)) for mo in months]})
        return pages

    def revenue_pages(self, revenue) -> dict[str, PageSpec]:
        pages: dict[str, PageSpec] = {}
        costs = self.l.tr("sep").join(c.name for c in self.est.revenue.categories if c.earning_cost)
        for a in revenue.accounts:
            for v in a.periods:
                p = v.period
                pages[f"revenue/{p.account}/{p.period}.md"] = PageSpec(
                    "revenue_period.md.j2", "../../../", f"{v.account.name} {self.l.period_label(p.period)}", {
                        "v": v, "rows": table_rows(v), "earning_cost_names": costs, "entry_href": entry_href,
                        "file_url": self.cfg.file_url(p.path), "history_url": self.cfg.history_url(p.path)},
                    hide=("toc",))
        charted = {a.account.id: True for a in revenue.accounts if self.cfg.font and a.monthly}
        pages["revenue/index.md"] = PageSpec("revenue_index.md.j2", "../", self.l.tr("h.revenue"),
                                             {"accounts": revenue.accounts, "charts": charted})
        return pages

    # -- context pieces ---------------------------------------------------------------------
    def new_item_template(self, building=None) -> tuple[str, str]:
        """(file name, YAML) of a new item to fill in, dated the build's day; the volunteer
        replaces xxxx with four letters or digits and fills in the blanks."""
        day = self.model.as_of.astimezone(self.tz)
        iid = f"{day:%y%m%d}-xxxx"
        lines = [f"id: {iid}", "kind: problem", "title: ", "description: |", "  ", "category: "]
        if building is not None:
            lines.append(f'building: "{building.id}"')
            if building.units:
                lines.append(f'unit: "{building.units[0]}"')
        filed = day.replace(hour=9, minute=0, second=0, microsecond=0).isoformat()
        lines += ["complexity: simple", f"filed: {filed}", "channel: qr"]
        return f"{iid}.yml", "\n".join(lines) + "\n"

    def forge_new_url(self, building=None) -> str:
        """GitHub's new-file page in the items folder, pre-filled with the template (GitHub
        takes `filename` and `value`); other forges get the template to copy instead."""
        if self.cfg.forge_kind != "github" or not self.cfg.repo_url:
            return ""
        year = self.model.as_of.astimezone(self.tz).year
        name, text = self.new_item_template(building)
        base = f"{self.cfg.repo_url.rstrip('/')}/new/{self.cfg.branch}/{self.cfg.ledger_dir}/items/{year}"
        return f"{base}?filename={quote(name)}&value={quote(text)}"

    def month_compare(self, states) -> list[dict]:
        """This month so far and last month: filed, resolved and rated (problems and needs)."""
        from .report import month_bounds, previous_month

        this = self.model.as_of.astimezone(self.tz).strftime("%Y-%m")
        counted = [s for s in states if s.item.kind in COUNTED_KINDS]
        out = []
        for month in (this, previous_month(self.model.as_of, self.tz)):
            lo, hi = month_bounds(month, self.tz)
            inside = lambda t: t is not None and lo <= t < hi  # noqa: E731
            out.append({"month": month, "label": self.l.month_label(month),
                        "filed": sum(inside(s.item.filed) for s in counted),
                        "resolved": sum(inside(s.resolved_at) for s in counted),
                        "rated": sum(s.latest_rating is not None and inside(s.latest_rating.at) for s in counted)})
        return out

    def redaction_rows(self) -> list[tuple]:
        """Every redacted field of the ledger: (page URL from the site root, page title,
        field label, Redaction), items by id, then revenue periods."""
        from .redaction import redactions_of

        rows = []
        for it in sorted(self.model.ledger.items, key=lambda i: i.id):
            for r in it.redactions:
                rows.append((f"i/{it.id}/", f"{it.id} {it.title}", self.l.field_label(r.path), r))
        for doc in sorted(self.model.ledger.raw.revenue, key=lambda d: d.path):
            if not isinstance(doc.data, dict):
                continue
            account, period = doc.path.rsplit("/", 2)[-2], doc.path.rsplit("/", 1)[-1].removesuffix(".yml")
            for r in redactions_of(doc.data):
                rows.append((f"revenue/{account}/{period}/", f"{account} {period}", self.l.field_label(r.path), r))
        return rows

    # -- the files that are not pages -------------------------------------------------------
    def files(self, states) -> list[FileSpec]:
        """Charts, downloads, feeds and QR codes, in groups one render call makes each."""
        files = [FileSpec("charts"), FileSpec("exports", {"states": states, "filters": self.search_filter_values(states)
                                                           if self.cfg.search else None})]
        if self.model.revenue is not None:
            files.append(FileSpec("revenue"))
        if self.cfg.site_url:
            # the building pages show the building's code; unit codes are on the posters and
            # come from `echowall qr` (choosing each code's mask is slow: 4,000 units add ~40 s)
            blds = self.model.ledger.buildings
            files += [FileSpec("qr", {"buildings": blds[lo:lo + QR_SLICE]}) for lo in range(0, len(blds), QR_SLICE)]
        return files

    def search_filter_values(self, states) -> dict:
        """What the search box's filters offer (assets/echowall-search.js): for status,
        building and category, [token, label, items] of each value some item has, in the
        estate's order; the tokens are on the item pages (search.filter_token)."""
        from .search import filter_token

        counts: dict[str, dict[str, int]] = {"s": {}, "b": {}, "c": {}}
        for s in states:
            for key, value in search_filters(s).items():
                counts[key][value] = counts[key].get(value, 0) + 1
        order = {
            "s": [(k, self.l.tr(f"status.{k}")) for k in STATUS_ORDER],
            "b": [(b.id, b.name) for b in self.model.ledger.buildings] + [("", self.l.tr("item.estate_wide"))],
            "c": [(c.id, c.name) for c in self.est.categories],
        }
        return {name: [[filter_token(key, v), label, counts[key][v]] for v, label in order[key] if v in counts[key]]
                for key, name in (("s", "status"), ("b", "building"), ("c", "category"))}


def open_first(rows: list) -> list:
    return sorted(rows, key=lambda s: (not s.is_open, -s.item.filed.timestamp(), s.item.id))


def safe_url(url: str) -> str:
    return url if url.startswith(("https://", "http://")) else ""


def entry_href(ref, here) -> str:
    """The link from a revenue period's page to an entry: an anchor on this page, or on the
    period's page that holds it."""
    return f"#e-{ref[0].id}" if ref[1] is here.period else f"../{ref[1].period}/#e-{ref[0].id}"


def table_rows(view) -> list:
    """The period's lines in date order, each reversal moved right under what it reverses
    when both are in this period (shown side by side)."""
    here = {line.entry.id for line in view.lines}
    by_target = {line.reverses[0].id: line for line in view.lines
                 if line.reverses and line.reverses[1] is view.period and line.reverses[0].id in here}
    moved = {id(line) for line in by_target.values()}
    rows = []
    for line in view.lines:
        if id(line) in moved:
            continue
        rows.append(line)
        if line.entry.id in by_target:
            rows.append(by_target[line.entry.id])
    return rows
