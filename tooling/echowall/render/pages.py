"""Markdown pages for the site, from Jinja templates in site_templates/site/.

Safety: templates autoescape, and every value from the ledger is placed inside raw HTML
blocks, where Markdown does not process it — so text a resident typed is shown exactly as
typed and can never become markup, a link or an attribute. Page titles go through front
matter, with <>&"' replaced by their full-width forms (MkDocs puts titles into <title>
without escaping).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import jinja2
from markupsafe import Markup, escape

from ..derive import Model
from .qr import building_url, qr_files

# stands for the links' root in a cached table row: a raw "<", which escaped text never has
ROOT_MARK = Markup("<ew-root>")
DEFANG = str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇", "\n": " ", "\r": " "})


@dataclass(frozen=True)
class SiteConfig:
    """What the pages need from mkdocs.yml (the one source of truth for the site)."""

    site_url: str = ""
    repo_url: str = ""
    language: str = "zh"
    branch: str = "main"
    forge: str = "auto"  # github | gitea | none | auto (from repo_url)
    ledger_dir: str = "ledger"
    print: bool = False  # print/ PDFs are part of this build: link them
    font: str = ""  # CJK font for charts; without one, charts are left out
    reports: int = 3  # monthly reports on the site: this many months up to the as-of month

    @property
    def forge_kind(self) -> str:
        if self.forge != "auto":
            return self.forge
        if not self.repo_url:
            return "none"
        return "github" if "github.com" in self.repo_url else "gitea"

    def file_url(self, path: str) -> str:
        if not self.repo_url:
            return ""
        base = self.repo_url.rstrip("/")
        if self.forge_kind == "github":
            return f"{base}/blob/{self.branch}/{path}"
        return f"{base}/src/branch/{self.branch}/{path}"

    def history_url(self, path: str) -> str:
        if not self.repo_url:
            return ""
        base = self.repo_url.rstrip("/")
        if self.forge_kind == "github":
            return f"{base}/commits/{self.branch}/{path}"
        return f"{base}/commits/branch/{self.branch}/{path}"


class StringsError(ValueError):
    pass


def load_strings(templates: Path, language: str) -> dict:
    """The translation table (site_templates/i18n.yml), read with the ledger's own loader so
    a key written twice is an error, not a silent overwrite."""
    from ..yamlsrc import load_yaml

    path = templates / "i18n.yml"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise StringsError(f"{path}: cannot read the translation table ({exc})") from None
    doc, problems = load_yaml(text, str(path))
    if problems:
        raise StringsError("; ".join(str(p) for p in problems))
    table = doc.data or {}
    lang = (language or "zh").split("_")[0].split("-")[0].lower()
    strings = dict(table.get("zh", {}))
    strings.update(table.get(lang, {}))
    return strings


def _text(value) -> Markup:
    """Plain text a person typed -> HTML: escaped, line breaks kept."""
    if value is None:
        return Markup("")
    lines = str(value).strip("\n").split("\n")
    return Markup("<br>").join(escape(line) for line in lines)


def _yaml_title(value: str) -> Markup:
    # JSON strings are valid YAML double-quoted scalars.
    return Markup(json.dumps(str(value).translate(DEFANG), ensure_ascii=False))


def _safe_url(url: str) -> str:
    return url if url.startswith(("https://", "http://")) else ""


class Renderer:
    def __init__(self, model: Model, cfg: SiteConfig, templates: Path):
        self.model = model
        self.cfg = cfg
        self.est = model.ledger.estate
        self.tz = self.est.tz
        self.s = load_strings(templates, cfg.language)
        self.templates = templates
        # {page path: HTML the search index gets instead of the whole page}: an item's title,
        # status and description, not its timeline (design.md: about 0.74 KB per item)
        self.search: dict[str, str] = {}
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates / "site")),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.filters.update(t=_text, yaml_title=_yaml_title, dt=self.dt, day=self.day, dur=self.dur,
                           safe_url=_safe_url, yuan=yuan)
        env.globals.update(_=self.tr, est=self.est, cfg=cfg, model=model, as_of=self.dt(model.as_of),
                           role_name=self.role_name, tier_name=self.tier_name, cat_name=self.cat_name,
                           building_name=self.building_name, status_label=self.status_label,
                           qs=lambda v: quote(str(v), safe=""), period_label=self.period_label,
                           rcat_name=self.rcat_name, account_name=self.account_name, pct=pct,
                           item_row=self.item_row)
        self.env = env
        self._rows: dict[tuple, str] = {}

    # -- helpers exposed to templates -------------------------------------------------
    def item_row(self, state, root: str, show_building: bool) -> Markup:
        """An item's row in a table (_item_row.j2), made once: an item is in many lists, at
        many depths, so the row is kept with a marker where the links' root goes."""
        key = (state.item.id, bool(show_building))
        row = self._rows.get(key)
        if row is None:
            row = self._rows[key] = self.env.get_template("_item_row.j2").render(
                s=state, root=ROOT_MARK, show_building=show_building)
        return Markup(row.replace(ROOT_MARK, root))

    def tr(self, key: str, **kw) -> str:
        text = self.s.get(key, key)
        return text.format(**kw) if kw else text

    def dt(self, value: datetime | None) -> str:
        return value.astimezone(self.tz).strftime("%Y-%m-%d %H:%M") if value else ""

    def day(self, value) -> str:
        return value.strftime("%Y-%m-%d") if value else ""

    def dur(self, value: timedelta | None) -> str:
        if value is None:
            return ""
        minutes = int(value.total_seconds() // 60)
        days, rem = divmod(minutes, 1440)
        hours, mins = divmod(rem, 60)
        parts = []
        if days:
            parts.append(self.tr("duration.days", n=days))
        if hours:
            parts.append(self.tr("duration.hours", n=hours))
        if not days and (mins or not parts):
            parts.append(self.tr("duration.minutes", n=mins))
        return "".join(parts)

    def role_name(self, rid: str) -> str:
        r = self.est.role(rid)
        return r.name if r else rid

    def tier_name(self, tid: str) -> str:
        t = self.est.tier(tid)
        return t.name if t else tid

    def cat_name(self, cid: str) -> str:
        c = self.est.category(cid)
        return c.name if c else cid

    def building_name(self, bid: str) -> str:
        b = self.model.ledger.building(bid)
        return b.name if b else bid

    def site_url(self, path: str) -> str:
        """An absolute URL on the published site ('' when mkdocs.yml has no site_url)."""
        base = self.cfg.site_url
        return f"{base.rstrip('/')}/{path}" if base else ""

    def period_label(self, stem: str) -> str:
        if len(stem) == 7:
            return self.tr("revenue.month_label", year=stem[:4], month=int(stem[5:]))
        return self.tr("revenue.year_label", year=stem)

    def rcat_name(self, cid: str) -> str:
        c = self.est.revenue.category(cid)
        return c.name if c else cid

    def account_name(self, aid: str) -> str:
        a = self.est.revenue.account(aid)
        return a.name if a else aid

    def status_label(self, state) -> str:
        if state.item.kind == "resource" and state.status == "filed":
            return self.tr("status.offered")
        return self.tr(f"status.{state.status}")

    # -- pages ----------------------------------------------------------------------
    def page(self, template: str, root: str, **ctx) -> str:
        return self.env.get_template(template).render(root=root, **ctx)

    def routes(self, building=None, unit=None) -> list[dict]:
        out = []
        for r in self.est.intake:
            url = _safe_url(r.url)
            if url and r.prefill and building:
                url += r.prefill.replace("{building}", quote(building.id, safe="")).replace(
                    "{unit}", quote(unit or "", safe=""))
            out.append({"route": r, "url": url})
        return out

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

    def render(self, workers: int = 1) -> dict[str, str | bytes]:
        """Every file of the site. The work is cut into independent jobs (the item pages in
        slices) that `workers` forked processes share; the result is merged in job order, so
        it is the same, byte for byte, with any number of workers."""
        rendering = self.start(workers)
        try:
            files = dict(rendering.files)
            for path in rendering.fronts:
                files[path] = rendering.page(path)
            return files
        finally:
            rendering.close()

    ITEM_SLICE = 250  # item pages per job: small enough that a build can start on the first soon

    def start(self, workers: int = 1) -> "Rendering":
        """Start rendering the site; wait for everything but the item pages, which go on in
        the workers (see Rendering)."""
        from ..parallel import JobPool

        m = self.model
        states = sorted(m.states.values(), key=lambda s: (-s.item.filed.timestamp(), s.item.id))
        # compile every template once here, so forked workers inherit them compiled
        for name in self.env.list_templates(extensions=("j2",)):
            self.env.get_template(name)
        # the longest jobs first, so two workers finish together
        jobs = [self.render_stats, lambda: self.render_lists(states), lambda: self.render_exports(states)]
        jobs += [lambda month=month: self.render_reports([month]) for month in self.report_months()]
        jobs.append(lambda: self.render_reports([]))
        if m.revenue is not None:
            jobs.append(lambda: self.render_revenue(m.revenue))
        if self.cfg.site_url:
            # the building pages show the building's code; unit codes are on the posters and
            # come from `echowall qr` (choosing each code's mask is slow: 4,000 units add ~40 s)
            blds = m.ledger.buildings
            jobs += [lambda part=blds[lo:lo + 100]: qr_files(self.cfg.site_url, part, units=False)
                     for lo in range(0, len(blds), 100)]
        jobs = [lambda job=job: (job(), {}) for job in jobs]  # (files, search summaries)
        jobs.append(self.render_buildings)
        now = len(jobs)
        back: dict[str, list] = {}
        for s in states:
            for link in s.item.links:
                back.setdefault(link.item, []).append((s.item.id, link.relation))
        slices = [states[lo:lo + self.ITEM_SLICE] for lo in range(0, len(states), self.ITEM_SLICE)]
        jobs += [lambda part=part: self.render_items(part, back) for part in slices]
        pool = JobPool(jobs, workers)
        try:
            files: dict[str, str | bytes] = {}
            for i in range(now):
                out, search = pool.get(i)
                files.update(out)
                self.search.update(search)
            media = Path(m.ledger.raw.ledger_dir) / "media"
            for s in states:
                for photo in s.item.photos:  # validated: inside ledger/media/, clean, bounded
                    files[f"media/{photo}"] = (media / photo).read_bytes()
            item = self.env.get_template("item.md.j2")
            fronts, job_of = {}, {}
            for k, part in enumerate(slices):
                for s in part:
                    path = f"i/{s.item.id}.md"
                    context = item.new_context({"root": "../../", "s": s, "it": s.item})
                    fronts[path] = "".join(item.blocks["front"](context))
                    job_of[path] = now + k
        except BaseException:
            pool.close()
            raise
        return Rendering(files, fronts, job_of, pool, self.search)

    def render_lists(self, states) -> dict[str, str]:
        m = self.model
        open_ = [s for s in states if s.is_open]
        files: dict[str, str] = {}
        lists = {
            "open": open_,
            "overdue": [s for s in states if s.overdue],
            "resolved": sorted((s for s in states if s.status == "resolved"),
                               key=lambda s: (-(s.closed_at or s.item.filed).timestamp(), s.item.id)),
            "rated": sorted((s for s in states if s.latest_rating),
                            key=lambda s: (-s.latest_rating.at.timestamp(), s.item.id)),
            "estate": m.estate_wide,
        }
        open_first = lambda rows: sorted(rows, key=lambda s: (not s.is_open, -s.item.filed.timestamp(), s.item.id))  # noqa: E731
        for kind in ("problem", "need", "resource"):
            lists[kind] = open_first([s for s in states if s.item.kind == kind])
        recent = sorted(states, key=lambda s: (-s.updated.timestamp(), s.item.id))[:10]
        files["index.md"] = self.page("home.md.j2", "", recent=recent, lists=lists,
                                      buildings=m.ledger.buildings, routes=self.routes(),
                                      forge_new=self.forge_new_url(), months=self.month_compare(states))
        files["b/index.md"] = self.page("buildings.md.j2", "../", buildings=m.ledger.buildings)
        for name, rows in lists.items():
            files.update(self.paged(f"lists/{name}", self.tr("list." + name), rows))
        # by category and by role ("who holds what")
        cats = []
        for c in self.est.categories:
            rows = open_first([s for s in states if s.item.category == c.id])
            cats.append((c, sum(s.is_open for s in rows), len(rows)))
            files.update(self.paged(f"lists/category/{c.id}", self.tr("list.category", name=c.name), rows))
        files["lists/categories.md"] = self.page("groups.md.j2", "../../", kind="category", groups=cats)
        roles = []
        for r in self.est.roles:
            held = [s for s in open_ if r.id in s.holders]
            roles.append((r, len(held), sum(s.overdue for s in held)))
            files.update(self.paged(f"lists/role/{r.id}", self.tr("list.role", name=r.name), held))
        files["lists/roles.md"] = self.page("groups.md.j2", "../../", kind="role", groups=roles)
        files["lists/matches.md"] = self.page("matches.md.j2", "../../", matches=m.matches)
        files["print/index.md"] = self.page("print.md.j2", "../", buildings=m.ledger.buildings,
                                            stock=self._label_stock())
        return files

    def render_buildings(self) -> tuple[dict[str, str], dict[str, str]]:
        """Building pages, and what search indexes of each (its name, units and open count,
        not the tables of items, which have their own entries)."""
        m = self.model
        files: dict[str, str] = {}
        search: dict[str, str] = {}
        for b in m.ledger.buildings:
            items = m.by_building.get(b.id, [])
            by_unit = {u: [s for s in items if s.item.unit == u] for u in b.units}
            whole = [s for s in items if s.item.unit not in by_unit]
            files[f"b/{b.id}.md"] = self.page(
                "building.md.j2", "../../", b=b, items=items, by_unit=by_unit, whole=whole,
                url=building_url(self.cfg.site_url, b.id) if self.cfg.site_url else "",
                routes=self.routes(b), forge_new=(forge := self.forge_new_url(b)),
                new_template="" if forge else self.new_item_template(b)[1],
                open_count=sum(s.is_open for s in items),
            )
            search[f"b/{b.id}.md"] = self.page("building_search.j2", "../../", b=b,
                                               open_count=sum(s.is_open for s in items))
        return files, search

    def render_exports(self, states) -> dict[str, str]:
        from .exports import atom_feed, items_csv, items_json, open311_requests, open311_services

        m = self.model
        files: dict[str, str] = {}
        by_id = sorted(states, key=lambda s: s.item.id)
        files["items.json"] = items_json(by_id, self)
        files["items.csv"] = items_csv(by_id, self)
        files["requests.json"] = open311_requests(by_id, self)
        files["services.json"] = open311_services(self)
        files["feed.xml"] = atom_feed(states, self, "feed.xml", self.tr("feed.title", estate=self.est.name), "")
        for b in m.ledger.buildings:
            files[f"b/{b.id}/feed.xml"] = atom_feed(
                m.by_building.get(b.id, []), self, f"b/{b.id}/feed.xml",
                self.tr("feed.building_title", estate=self.est.name, building=b.name), f"b/{b.id}/")
        return files

    def render_items(self, states, back) -> tuple[dict[str, str], dict[str, str]]:
        """Item pages, and what search indexes of each."""
        revenue = self.model.revenue
        files: dict[str, str] = {}
        search: dict[str, str] = {}
        for s in states:
            path = f"i/{s.item.id}.md"
            files[path] = self.page(
                "item.md.j2", "../../", s=s, it=s.item, back=back.get(s.item.id, []),
                file_url=self.cfg.file_url(s.item.path), history_url=self.cfg.history_url(s.item.path),
                spending=revenue.by_item.get(s.item.id, []) if revenue else [],
            )
            search[path] = self.page("item_search.j2", "../../", s=s, it=s.item)
        return files, search

    PAGE_SIZE = 50  # rows per list page: no page grows with the ledger

    def paged(self, base: str, title: str, rows: list) -> dict[str, str]:
        """base.md for the first page, base/2.md, base/3.md, … for the rest."""
        size = self.PAGE_SIZE
        pages = max(1, -(-len(rows) // size))
        out = {}
        depth = base.count("/") + 1
        for n in range(1, pages + 1):
            path = f"{base}.md" if n == 1 else f"{base}/{n}.md"
            root = "../" * (depth + (n > 1))
            home = "" if n == 1 else "../"  # back to page 1 from base/n/
            prev = None if n == 1 else (home if n == 2 else f"../{n - 1}/")
            nxt = None if n == pages else (f"{n + 1}/" if n == 1 else f"../{n + 1}/")
            out[path] = self.page("list.md.j2", root, title=title, rows=rows[(n - 1) * size:n * size],
                                  page=n, pages=pages, total=len(rows), prev=prev, next=nxt)
        return out

    def month_compare(self, states) -> list[dict]:
        """This month so far and last month: filed, resolved and rated (problems and needs)."""
        from ..derive import COUNTED_KINDS
        from ..report import month_bounds, previous_month

        this = self.model.as_of.astimezone(self.tz).strftime("%Y-%m")
        out = []
        for month in (this, previous_month(self.model.as_of, self.tz)):
            lo, hi = month_bounds(month, self.tz)
            inside = lambda t: t is not None and lo <= t < hi  # noqa: E731
            counted = [s for s in states if s.item.kind in COUNTED_KINDS]
            out.append({"month": month, "label": self.month_label(month),
                        "filed": sum(inside(s.item.filed) for s in counted),
                        "resolved": sum(inside(s.resolved_at) for s in counted),
                        "rated": sum(s.latest_rating is not None and inside(s.latest_rating.at) for s in counted)})
        return out

    def render_stats(self) -> dict[str, str | bytes]:
        from . import charts
        from ..report import estate_stats

        st = estate_stats(self.model)
        files: dict[str, str | bytes] = {}
        font = Path(self.cfg.font) if self.cfg.font else None
        if font:
            n = self.tr("stats.items")
            files["stats/filed-resolved.svg"] = charts.two_series(
                st.months, st.filed, st.resolved, (self.tr("home.month_filed"), self.tr("home.month_resolved")),
                self.tr("stats.h_monthly"), font, "month")
            files["stats/resolution.svg"] = charts.bar_chart(
                [self.tr(k) for k, _ in st.resolution], [v for _, v in st.resolution],
                self.tr("stats.h_resolution"), font, "resolution", unit=n)
            files["stats/categories.svg"] = charts.bar_chart(
                [self.cat_name(c) for c, _ in st.by_category], [v for _, v in st.by_category],
                self.tr("stats.h_category"), font, "category", horizontal=True, unit=n)
            files["stats/buildings.svg"] = charts.bar_chart(
                [self.building_name(b) if b else self.tr("item.estate_wide") for b, _ in st.by_building],
                [v for _, v in st.by_building], self.tr("stats.h_building"), font, "building", unit=n)
            files["stats/satisfaction.svg"] = charts.line_chart(
                st.months, [None if v is None else round(v * 100, 1) for v in st.satisfaction],
                self.tr("stats.h_satisfaction"), font, "satisfaction", ylim=(0, 105), unit="%")
        files["stats/index.md"] = self.page("stats.md.j2", "../", st=st, charts=bool(font),
                                            month_label=self.month_label)
        return files

    def month_label(self, month: str) -> str:
        return self.tr("report.month", year=month[:4], month=int(month[5:]))

    def report_page(self, report, root: str) -> str:
        return self.page("report.md.j2", root, r=report, month_label=self.month_label(report.month))

    def report_months(self) -> list[str]:
        from ..report import report_months

        return report_months(self.model.ledger, self.model.as_of, self.cfg.reports)

    def render_reports(self, months: list[str] | None = None) -> dict[str, str]:
        """The monthly reports of `months` (default: all); with [] only their index page."""
        from ..report import monthly_report

        files = {f"reports/{m}.md": self.report_page(monthly_report(self.model.ledger, m, self.model.as_of, self.model), "../../")
                 for m in (self.report_months() if months is None else months)}
        if not months:
            files["reports/index.md"] = self.page("reports.md.j2", "../",
                                                  months=[(m, self.month_label(m)) for m in self.report_months()])
        return files

    def render_revenue(self, revenue) -> dict[str, str | bytes]:
        from . import charts
        from .exports import revenue_csv

        files: dict[str, str | bytes] = {}
        chart_for: dict[str, bool] = {}
        for a in revenue.accounts:
            if self.cfg.font and a.monthly:
                files[f"revenue/{a.account.id}/monthly.svg"] = charts.monthly_bars(
                    a.monthly, self.tr("revenue.chart_monthly", account=a.account.name),
                    (self.tr("revenue.income"), self.tr("revenue.expense")), Path(self.cfg.font))
                files[f"revenue/{a.account.id}/balance.svg"] = charts.balance_line(
                    a.monthly, self.tr("revenue.chart_balance", account=a.account.name), Path(self.cfg.font))
                chart_for[a.account.id] = True
            for v in a.periods:
                p = v.period
                files[f"revenue/{p.account}/{p.period}.md"] = self.page(
                    "revenue_period.md.j2", "../../../", v=v, rows=table_rows(v),
                    earning_cost_names=self.tr("sep").join(c.name for c in self.est.revenue.categories if c.earning_cost),
                    entry_href=lambda ref, here: (f"#e-{ref[0].id}" if ref[1] is here.period
                                                  else f"../{ref[1].period}/#e-{ref[0].id}"),
                    file_url=self.cfg.file_url(p.path), history_url=self.cfg.history_url(p.path),
                )
                files[f"revenue/{p.account}/{p.period}.csv"] = revenue_csv(v, self)
        files["revenue/index.md"] = self.page("revenue_index.md.j2", "../", accounts=revenue.accounts,
                                              charts=chart_for)
        return files

    def _label_stock(self) -> str:
        from .sheets import PrintError, load_print_settings

        try:
            return load_print_settings(self.templates).labels.stock
        except PrintError:
            return ""


def yuan(value) -> str:
    """12345.6 -> '12,345.60' (exact: a Decimal is never turned into a float)."""
    return f"{Decimal(value):,.2f}"


def pct(part, whole) -> str:
    if not whole:
        return "—"
    return f"{(Decimal(part) / Decimal(whole) * 100).quantize(Decimal('0.1'))}%"


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


class Rendering:
    """A site being rendered. `files` holds every file but the item pages, which are rendered
    in the workers meanwhile: `fronts` has each one's front matter now (MkDocs reads every
    page's before it builds the first), `page(path)` waits for the whole page. A build thus
    goes on with the other pages while the item pages are made. Close it when done."""

    def __init__(self, files, fronts, job_of, pool, search):
        self.files: dict[str, str | bytes] = files
        self.fronts: dict[str, str] = fronts
        self.search: dict[str, str] = search  # {page: what search indexes instead of the page}
        self._job_of = job_of
        self._pool = pool

    def page(self, path: str) -> str:
        """The whole page (front matter and body) of an item page in `fronts`."""
        out, search = self._pool.get(self._job_of[path])
        self.search.update(search)
        return out[path]

    def close(self) -> None:
        self._pool.close()


def render_site(model: Model, cfg: SiteConfig, templates: Path, workers: int = 1) -> dict[str, str | bytes]:
    """{path under the site: Markdown text or bytes}. The same model gives the same output."""
    return Renderer(model, cfg, Path(templates)).render(workers)


def render_site_and_search(model: Model, cfg: SiteConfig, templates: Path, workers: int = 1):
    """render_site, and {page path: the HTML to index for search instead of the page}."""
    renderer = Renderer(model, cfg, Path(templates))
    return renderer.render(workers), renderer.search


def start_site(model: Model, cfg: SiteConfig, templates: Path, workers: int = 1) -> Rendering:
    """render_site for a build that can go on while the item pages are rendered (Rendering)."""
    return Renderer(model, cfg, Path(templates)).start(workers)
