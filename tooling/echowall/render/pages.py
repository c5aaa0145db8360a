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
from typing import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import jinja2
from markupsafe import Markup, escape

from ..derive import Model
from ..search import building_names, building_search_tokens, filter_token, item_search_tokens, meta_value
from ..derive import derive_counts, derive_plain, last_day
from ..resident import call_link, form_link, route_links, tel_href
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
    search: bool = True  # item and building pages carry what site search finds them by

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


class RenderError(Exception):
    """A template failed: which one, where, and on which page (an estate edits templates)."""


def _template_line(exc: BaseException) -> str:
    """template.j2:line of the innermost template frame in the exception's traceback."""
    where = ""
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".j2"):
            where = f"{Path(name).name}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where


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
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates / "site")),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.filters.update(t=_text, yaml_title=_yaml_title, dt=self.dt, day=self.day, dur=self.dur,
                           safe_url=_safe_url, yuan=yuan, search_meta=meta_value)
        env.globals.update(_=self.tr, est=self.est, cfg=cfg, model=model, as_of=self.dt(model.as_of),
                           role_name=self.role_name, tier_name=self.tier_name, cat_name=self.cat_name,
                           building_name=self.building_name, status_label=self.status_label,
                           qs=lambda v: quote(str(v), safe=""), period_label=self.period_label,
                           rcat_name=self.rcat_name, account_name=self.account_name, pct=pct,
                           item_row=self.item_row, item_search=self.item_search,
                           building_search=self.building_search, building_names=building_names)
        # what a resident asks of an item, and the links to call or write (issue 17)
        env.globals.update(plain=self.plain, counts=derive_counts,
                           call=call_link(self.est), min_sample=self.est.min_sample,
                           promise_day=lambda due: last_day(due, self.tz),
                           role_names=lambda rids: self.tr("sep").join(self.role_name(r) for r in rids),
                           form_link=lambda it: form_link(self.est, it.building or "", it.unit or "", it.id))
        env.filters["tel"] = tel_href
        self.env = env
        self._rows: dict[tuple, str] = {}
        self._plain: dict[str, object] = {}

    # -- helpers exposed to templates -------------------------------------------------
    def plain(self, state):
        """derive_plain once per item (its page, its rows and badges all ask)."""
        got = self._plain.get(state.item.id)
        if got is None:
            got = self._plain[state.item.id] = derive_plain(state, self.model.as_of, self.tz)
        return got

    def item_row(self, state, root: str, show_building: bool) -> Markup:
        """An item's row in a table (_item_row.j2), made once: an item is in many lists, at
        many depths, so the row is kept with a marker where the links' root goes."""
        key = (state.item.id, bool(show_building))
        row = self._rows.get(key)
        if row is None:
            row = self._rows[key] = self.env.get_template("_item_row.j2").render(
                s=state, root=ROOT_MARK, show_building=show_building)
        return Markup(row.replace(ROOT_MARK, root))

    def item_search(self, state) -> dict[str, str]:
        """What site search finds an item page by (search.py): tokens of its id, title, and
        the rest — building, unit, place, description and the notes the page shows."""
        it = state.item
        notes = [st.event.note for st in state.stages if st.event.note]
        return item_search_tokens(it, notes, self.building_name(it.building) if it.building else "",
                                  self.tr("h.unit"), search_filters(state))

    def building_search(self, b) -> dict[str, str]:
        return building_search_tokens(b.name, b.units, self.tr("h.unit"))

    def tr(self, key: str, **kw) -> str:
        text = self.s.get(key, key)
        return text.format(**kw) if kw else text

    def dt(self, value: datetime | None, day_only: bool = False) -> str:
        """A time as shown; `day_only` (a history record that gave a date alone): the date,
        never an invented 00:00."""
        if not value:
            return ""
        return value.astimezone(self.tz).strftime("%Y-%m-%d" if day_only else "%Y-%m-%d %H:%M")

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
        return self.tr(f"status.{status_key(state)}")

    # -- pages ----------------------------------------------------------------------
    def page(self, template: str, root: str, **ctx) -> str:
        return self.env.get_template(template).render(root=root, **ctx)

    def links(self, building: str = "", unit: str = "") -> list:
        """The reporting routes as links (resident.route_links), in estate.yml's order."""
        return route_links(self.est, building, unit)

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

    # -- the whole site -----------------------------------------------------------------
    PAGE_SLICE = 200  # pages per render job: small, so a build can start on the first soon

    def render(self, workers: int = 1) -> dict[str, str | bytes]:
        """Every file of the site: {path: Markdown page, or a file's content}. The work is cut
        into independent jobs that `workers` forked processes share; the result is merged in
        a fixed order, so it is the same, byte for byte, with any number of workers."""
        rendering = self.start(workers)
        try:
            files: dict[str, str | bytes] = {path: rendering.page(path) for path in rendering.fronts}
            files.update(rendering.statics())
            return files
        finally:
            rendering.close()

    def start(self, workers: int = 1) -> "Rendering":
        """Plan every page here (its template and context: cheap) and start the rendering in
        the workers — the pages in slices, in site order, then the other files — without
        waiting for it (see Rendering)."""
        from ..parallel import JobPool

        states = self.states_in_order()
        for name in self.env.list_templates(extensions=("j2",)):
            try:
                self.env.get_template(name)  # compiled once, here: forked workers inherit them
            except jinja2.TemplateSyntaxError as exc:
                raise RenderError(f"{name}:{exc.lineno}: {exc.message}") from None
        # the search documents' template found now, not in the process that makes them
        doc = self.env.get_template("search.html.j2") if self.cfg.search else None
        pages = self.plan(states)
        paths = list(pages)
        slices = [paths[lo:lo + self.PAGE_SLICE] for lo in range(0, len(paths), self.PAGE_SLICE)]
        jobs = [lambda part=part: self.render_pages(pages, part) for part in slices]
        jobs += self.static_jobs(states)
        # nice: the process that asked (MkDocs' page loop, one page after another) is the
        # critical path; the workers get the CPU it leaves and are rarely waited for
        pool = JobPool(jobs, workers, nice=10)
        try:
            fronts = {path: self.front(page) for path, page in pages.items()}
            job_of = {path: k for k, part in enumerate(slices) for path in part}
            media = self.media(states)
        except BaseException:
            pool.close()
            raise
        rendering = Rendering(fronts, job_of, range(len(slices), len(jobs)), media, pool)
        if doc is not None:
            rendering.search_docs = lambda: search_docs(doc, pages)
        return rendering

    def spec(self, template: str, root: str, later=None, **ctx) -> "Page":
        return Page(template, root, ctx, later)

    def text(self, page: "Page") -> str:
        ctx = dict(page.ctx)
        if page.later is not None:
            ctx.update(page.later())
        return self.env.get_template(page.template).render(root=page.root, **ctx)

    def front(self, page: "Page") -> str:
        """The page's front matter alone: its template's `front` block."""
        template = self.env.get_template(page.template)
        block = template.blocks.get("front")
        if block is None:
            raise RenderError(f"{page.template} has no {{% block front %}} around its front matter")
        return "".join(block(template.new_context({"root": page.root, **page.ctx})))

    def render_pages(self, pages: dict[str, "Page"], paths: list[str]) -> dict[str, str]:
        """{path: the page's Markdown}."""
        out = {}
        for path in paths:
            page = pages[path]
            try:
                out[path] = self.text(page)
            except Exception as exc:
                where = _template_line(exc) or page.template
                raise RenderError(f"{where} (page {path}): {type(exc).__name__}: {exc}") from None
        return out

    def plan(self, states) -> dict[str, "Page"]:
        """Every page of the site, in the order a build takes them: the item and building
        pages first (many, quick to render), so the workers are soon ahead of the build, and
        have the lists and reports (fewer, slower) ready by the time it gets to them."""
        pages: dict[str, Page] = {}
        pages.update(self.item_pages(states))
        pages.update(self.building_pages())
        pages.update(self.list_pages(states))
        pages["stats/index.md"] = self.spec("stats.md.j2", "../", charts=bool(self.cfg.font),
                                            month_label=self.month_label, later=self._stats)
        pages.update(self.report_pages())
        pages["redactions/index.md"] = self.spec("redactions.md.j2", "../", rows=self.redaction_rows())
        if self.model.revenue is not None:
            pages.update(self.revenue_pages(self.model.revenue))
        return pages

    def states_in_order(self) -> list:
        """Every item's state, newest filing first: the order of lists, feeds and jobs."""
        return sorted(self.model.states.values(), key=lambda s: (-s.item.filed.timestamp(), s.item.id))

    def static_jobs(self, states) -> list:
        """The files that are not pages (charts, downloads, feeds, QR codes), as jobs."""
        jobs = [self.render_charts, lambda: self.render_exports(states)]
        if self.model.revenue is not None:
            jobs.append(lambda: self.render_revenue_files(self.model.revenue))
        if self.cfg.site_url:
            # the building pages show the building's code; unit codes are on the posters and
            # come from `echowall qr` (choosing each code's mask is slow: 4,000 units add ~40 s)
            blds = self.model.ledger.buildings
            jobs += [lambda part=blds[lo:lo + 100]: qr_files(self.cfg.site_url, part, units=False)
                     for lo in range(0, len(blds), 100)]
        return jobs

    def media(self, states) -> dict[str, bytes]:
        media = Path(self.model.ledger.raw.ledger_dir) / "media"
        return {f"media/{photo}": (media / photo).read_bytes()  # validated: inside ledger/media/, clean, bounded
                for s in states for photo in s.item.photos}

    def list_pages(self, states) -> dict[str, "Page"]:
        m = self.model
        open_ = [s for s in states if s.is_open]
        pages: dict[str, Page] = {}
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
        pages["index.md"] = self.spec("home.md.j2", "", recent=recent, lists=lists,
                                      buildings=m.ledger.buildings, links=self.links(),
                                      months=self.month_compare(states))
        pages["b/index.md"] = self.spec("buildings.md.j2", "../", buildings=m.ledger.buildings)
        for name, rows in lists.items():
            pages.update(self.paged(f"lists/{name}", self.tr("list." + name), rows))
        # by category and by role ("who holds what")
        cats = []
        for c in self.est.categories:
            rows = open_first([s for s in states if s.item.category == c.id])
            cats.append((c, sum(s.is_open for s in rows), len(rows)))
            pages.update(self.paged(f"lists/category/{c.id}", self.tr("list.category", name=c.name), rows))
        pages["lists/categories.md"] = self.spec("groups.md.j2", "../../", kind="category", groups=cats)
        roles = []
        for r in self.est.roles:
            held = [s for s in open_ if r.id in s.holders]
            roles.append((r, len(held), sum(s.overdue for s in held)))
            pages.update(self.paged(f"lists/role/{r.id}", self.tr("list.role", name=r.name), held))
        pages["lists/roles.md"] = self.spec("groups.md.j2", "../../", kind="role", groups=roles)
        pages["lists/matches.md"] = self.spec("matches.md.j2", "../../", matches=m.matches)
        pages["print/index.md"] = self.spec("print.md.j2", "../", buildings=m.ledger.buildings,
                                            stock=self._label_stock())
        # the about page (every way to report, what each status and badge means, the
        # definitions of the figures; the repository for volunteers) and the downloads
        forge = self.forge_new_url()
        pages["about.md"] = self.spec("about.md.j2", "../", links=self.links(), forge_new=forge,
                                      new_template="" if forge else self.new_item_template()[1],
                                      status_keys=self.STATUS_ORDER, badge_keys=BADGE_KEYS)
        pages["downloads.md"] = self.spec("downloads.md.j2", "../", buildings=m.ledger.buildings)
        return pages

    def building_pages(self) -> dict[str, "Page"]:
        """Building pages (the QR codes' landing pages)."""
        m = self.model
        pages: dict[str, Page] = {}
        for b in m.ledger.buildings:
            items = m.by_building.get(b.id, [])
            by_unit = {u: [s for s in items if s.item.unit == u] for u in b.units}
            whole = [s for s in items if s.item.unit not in by_unit]
            open_count = sum(s.is_open for s in items)
            pages[f"b/{b.id}.md"] = self.spec(
                "building.md.j2", "../../", b=b, items=items, by_unit=by_unit, whole=whole,
                url=building_url(self.cfg.site_url, b.id) if self.cfg.site_url else "",
                links=self.links(b.id), unit_links={u: self.links(b.id, u) for u in b.units},
                open_items=[s for s in items if s.is_open], open_count=open_count,
            )
        return pages

    def render_exports(self, states) -> dict[str, str]:
        from .exports import (atom_feed, discovery_json, discovery_xml, items_csv, items_json, open311_records,
                              open311_request_files, open311_services, requests_json, requests_xml,
                              services_xml)

        m = self.model
        files: dict[str, str] = {}
        by_id = sorted(states, key=lambda s: s.item.id)
        if self.cfg.search:
            files["search-filters.json"] = self.search_filter_values(states)
        files["items.json"] = items_json(by_id, self)
        files["items.csv"] = items_csv(by_id, self)
        records = open311_records(by_id, self)
        files["requests.json"] = requests_json(records)
        files["requests.xml"] = requests_xml(records)
        files.update(open311_request_files(records))
        files["services.json"] = open311_services(self)
        files["services.xml"] = services_xml(self)
        files["discovery.json"] = discovery_json(self, by_id)
        files["discovery.xml"] = discovery_xml(self, by_id)
        files["feed.xml"] = atom_feed(states, self, "feed.xml", self.tr("feed.title", estate=self.est.name), "")
        for b in m.ledger.buildings:
            files[f"b/{b.id}/feed.xml"] = atom_feed(
                m.by_building.get(b.id, []), self, f"b/{b.id}/feed.xml",
                self.tr("feed.building_title", estate=self.est.name, building=b.name), f"b/{b.id}/")
        return files

    STATUS_ORDER = ("filed", "offered", "dispatched", "accepted", "in_progress", "matched", "reopened",
                    "resolved", "declined", "withdrawn")

    def search_filter_values(self, states) -> str:
        """What the search box's filters offer (assets/echowall-search.js): for status,
        building and category, [token, label, items] of each value some item has, in the
        estate's order; the tokens are on the item pages (search.filter_token)."""
        counts: dict[str, dict[str, int]] = {"s": {}, "b": {}, "c": {}}
        for s in states:
            for key, value in search_filters(s).items():
                counts[key][value] = counts[key].get(value, 0) + 1
        order = {
            "s": [(k, self.tr(f"status.{k}")) for k in self.STATUS_ORDER],
            "b": [(b.id, b.name) for b in self.model.ledger.buildings] + [("", self.tr("item.estate_wide"))],
            "c": [(c.id, c.name) for c in self.est.categories],
        }
        out = {name: [[filter_token(key, v), label, counts[key][v]] for v, label in order[key] if v in counts[key]]
               for key, name in (("s", "status"), ("b", "building"), ("c", "category"))}
        return json.dumps(out, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"

    def item_pages(self, states) -> dict[str, "Page"]:
        """Item pages."""
        revenue = self.model.revenue
        back: dict[str, list] = {}
        for s in states:
            for link in s.item.links:
                back.setdefault(link.item, []).append((s.item.id, link.relation))
        return {
            f"i/{s.item.id}.md": self.spec(
                "item.md.j2", "../../", s=s, it=s.item, back=back.get(s.item.id, []),
                file_url=self.cfg.file_url(s.item.path), history_url=self.cfg.history_url(s.item.path),
                spending=revenue.by_item.get(s.item.id, []) if revenue else [],
            )
            for s in states
        }

    PAGE_SIZE = 50  # rows per list page: no page grows with the ledger

    def paged(self, base: str, title: str, rows: list) -> dict[str, "Page"]:
        """base.md for the first page, base/2.md, base/3.md, … for the rest."""
        size = self.PAGE_SIZE
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
            out[path] = self.spec("list.md.j2", root, title=title, rows=rows[(n - 1) * size:n * size],
                                  page=n, pages=pages, total=len(rows), prev=prev, next=nxt, count=count)
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

    def _stats(self) -> dict:
        from ..report import estate_stats

        return {"st": estate_stats(self.model)}

    CHART_BARS = 30  # buildings in the by-building chart, at most

    def render_charts(self) -> dict[str, bytes]:
        """The estate's charts (SVG); none without a CJK font."""
        from . import charts
        from ..report import estate_stats

        files: dict[str, bytes] = {}
        font = Path(self.cfg.font) if self.cfg.font else None
        if not font:
            return files
        st = estate_stats(self.model)
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
        blds, title = st.by_building, self.tr("stats.h_building")
        if len(blds) > self.CHART_BARS:  # a phone shows 30 bars, not 1,000; the table has all
            blds = busiest(blds, self.CHART_BARS)
            title = self.tr("stats.h_building_top", n=self.CHART_BARS)
        files["stats/buildings.svg"] = charts.bar_chart(
            [self.building_name(b) if b else self.tr("item.estate_wide") for b, _ in blds],
            [v for _, v in blds], title, font, "building", unit=n)
        files["stats/satisfaction.svg"] = charts.rate_bars(  # counts beside every month's rate
            st.months, [round(v * n) if v is not None else 0 for v, n in zip(st.satisfaction, st.ratings)],
            st.ratings, self.tr("stats.h_satisfaction"), font, "satisfaction", self.est.min_sample)
        return files

    def month_label(self, month: str) -> str:
        return self.tr("report.month", year=month[:4], month=int(month[5:]))

    def report_page(self, report, root: str) -> str:
        return self.page("report.md.j2", root, r=report, month_label=self.month_label(report.month))

    def report_months(self) -> list[str]:
        from ..report import report_months

        return report_months(self.model.ledger, self.model.as_of, self.cfg.reports)

    def redaction_rows(self) -> list[tuple]:
        """Every redacted field of the ledger: (page URL from the site root, page title,
        field label, Redaction), items by id, then revenue periods."""
        from ..redaction import redactions_of

        rows = []
        for it in sorted(self.model.ledger.items, key=lambda i: i.id):
            for r in it.redactions:
                rows.append((f"i/{it.id}/", f"{it.id} {it.title}", self.field_label(r.path), r))
        for doc in sorted(self.model.ledger.raw.revenue, key=lambda d: d.path):
            if not isinstance(doc.data, dict):
                continue
            account, period = doc.path.rsplit("/", 2)[-2], doc.path.rsplit("/", 1)[-1].removesuffix(".yml")
            for r in redactions_of(doc.data):
                rows.append((f"revenue/{account}/{period}/", f"{account} {period}", self.field_label(r.path), r))
        return rows

    def field_label(self, path: str) -> str:
        """events.3.note -> 办理记录第4条 · 说明 (positions from 1 for people)."""
        parts = path.split(".")
        if len(parts) == 3 and parts[1].isdigit() and f"redaction.field.{parts[0]}" in self.s:
            name = self.s.get(f"redaction.key.{parts[2]}", parts[2])
            return self.s[f"redaction.field.{parts[0]}"].format(n=int(parts[1]) + 1, key=name)
        return self.s.get(f"redaction.key.{path}", path)

    def report_pages(self) -> dict[str, "Page"]:
        """The last few monthly reports (each derived as of its month's end where it is
        rendered) and their index."""
        from ..report import monthly_report

        m = self.model
        months = self.report_months()
        pages = {f"reports/{month}.md": self.spec(
                     "report.md.j2", "../../", month_label=self.month_label(month),
                     later=lambda month=month: {"r": monthly_report(m.ledger, month, m.as_of, m)})
                 for month in months}
        pages["reports/index.md"] = self.spec("reports.md.j2", "../",
                                              months=[(month, self.month_label(month)) for month in months])
        return pages

    def revenue_pages(self, revenue) -> dict[str, "Page"]:
        pages: dict[str, Page] = {}
        for a in revenue.accounts:
            for v in a.periods:
                p = v.period
                pages[f"revenue/{p.account}/{p.period}.md"] = self.spec(
                    "revenue_period.md.j2", "../../../", v=v, rows=table_rows(v),
                    earning_cost_names=self.tr("sep").join(c.name for c in self.est.revenue.categories if c.earning_cost),
                    entry_href=lambda ref, here: (f"#e-{ref[0].id}" if ref[1] is here.period
                                                  else f"../{ref[1].period}/#e-{ref[0].id}"),
                    file_url=self.cfg.file_url(p.path), history_url=self.cfg.history_url(p.path),
                )
        charted = {a.account.id: True for a in revenue.accounts if self.cfg.font and a.monthly}
        pages["revenue/index.md"] = self.spec("revenue_index.md.j2", "../", accounts=revenue.accounts,
                                              charts=charted)
        return pages

    def render_revenue_files(self, revenue) -> dict[str, str | bytes]:
        """Each account's charts and each period's CSV."""
        from . import charts
        from .exports import revenue_csv

        files: dict[str, str | bytes] = {}
        for a in revenue.accounts:
            if self.cfg.font and a.monthly:
                files[f"revenue/{a.account.id}/monthly.svg"] = charts.monthly_bars(
                    a.monthly, self.tr("revenue.chart_monthly", account=a.account.name),
                    (self.tr("revenue.income"), self.tr("revenue.expense")), Path(self.cfg.font))
                files[f"revenue/{a.account.id}/balance.svg"] = charts.balance_line(
                    a.monthly, self.tr("revenue.chart_balance", account=a.account.name), Path(self.cfg.font))
            for v in a.periods:
                files[f"revenue/{v.period.account}/{v.period.period}.csv"] = revenue_csv(v, self)
        return files

    def _label_stock(self) -> str:
        from .sheets import PrintError, load_print_settings

        try:
            return load_print_settings(self.templates).labels.stock
        except PrintError:
            return ""


BADGE_KEYS = ("kept.resolve", "kept.answer", "kept.expected", "pending", "late", "overdue", "history")


def status_key(state) -> str:
    """The status a resident sees: a resource nobody has taken yet is offered (可提供)."""
    return "offered" if state.item.kind == "resource" and state.status == "filed" else state.status


def search_filters(state) -> dict[str, str]:
    """What search results can be narrowed by (search.filter_token): status, building (''
    for estate-wide items) and category."""
    return {"s": status_key(state), "b": state.item.building or "", "c": state.item.category}


def busiest(counts: list[tuple[str, int]], n: int) -> list[tuple[str, int]]:
    """The n (id, count) pairs with the highest counts, most first; ties in their given order."""
    return sorted(counts, key=lambda pair: -pair[1])[:n]


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


@dataclass
class Page:
    """A page before it is rendered: its template and what the template gets. `later` adds
    context that is costly to compute, in the process that renders the page; the template's
    front matter (its `front` block) must need only `ctx`."""

    template: str
    root: str
    ctx: dict
    later: Callable[[], dict] | None = None


SEARCHED = ("item.md.j2", "building.md.j2")  # the pages site search finds


def search_docs(doc: jinja2.Template, pages: dict[str, "Page"]):
    """(page path without `.md`, its search document) for each item and building page, in
    site order: `doc` (search.html.j2) with the page's context (searchindex.py indexes them)."""
    for path, page in pages.items():
        if page.template in SEARCHED:
            try:
                yield path[:-3], doc.render(root=page.root, **page.ctx)
            except Exception as exc:
                where = _template_line(exc) or "search.html.j2"
                raise RenderError(f"{where} (search document of page {path}): {type(exc).__name__}: {exc}") from None


class Rendering:
    """A site being rendered by workers (Renderer.start). `fronts` has every page's front
    matter now — MkDocs reads them all before it builds the first page — and `page(path)`
    waits for that page only, so a build goes on while the later pages are made. The files
    that are not pages come from `statics()`, the item and building pages' search documents
    from `search_docs()`. Close it."""

    search_docs = None  # set by Renderer.start: () -> search_docs(...)

    def __init__(self, fronts, job_of, static_jobs, media, pool):
        self.fronts: dict[str, str] = fronts
        self._job_of = job_of
        self._static_jobs = static_jobs
        self._media = media
        self._pool = pool

    def page(self, path: str) -> str:
        """The page's Markdown (front matter and body)."""
        return self._pool.get(self._job_of[path])[path]

    def statics(self) -> dict[str, str | bytes]:
        """Every file that is not a page (waits for all of them)."""
        files: dict[str, str | bytes] = {}
        for i in self._static_jobs:
            files.update(self._pool.get(i))
        files.update(self._media)
        return files

    def close(self) -> None:
        self._pool.close()


def render_site(model: Model, cfg: SiteConfig, templates: Path, workers: int = 1) -> dict[str, str | bytes]:
    """{path under the site: Markdown text or bytes}. The same model gives the same output."""
    return Renderer(model, cfg, Path(templates)).render(workers)


def start_site(model: Model, cfg: SiteConfig, templates: Path, workers: int = 1) -> Rendering:
    """render_site for a build that goes on while the pages are rendered (Rendering)."""
    return Renderer(model, cfg, Path(templates)).start(workers)
