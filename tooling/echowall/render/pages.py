"""Pages: a PageSpec (plan.py) -> its front matter and its HTML body, from the Jinja
templates in site_templates/site/. Nothing here decides which pages exist or what they list
(that is the plan), reads a file other than the templates, or starts a process.

Safety: templates autoescape, and every value from the ledger is placed inside raw HTML
blocks, where Markdown does not process it — so text a resident typed is shown exactly as
typed and can never become markup, a link or an attribute. Page titles go through front
matter, with <>&"' replaced by their full-width forms (MkDocs puts titles into <title>
without escaping).
"""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import jinja2
from markupsafe import Markup, escape

from ..derive import Model, derive_counts, derive_plain, last_day
from ..labels import Labels, pct, yuan
from ..plan import PageSpec, SiteConfig, safe_url, search_filters
from ..resident import call_link, form_link, tel_href
from ..search import building_names, building_search_tokens, item_search_tokens, meta_value

# stands for the links' root in a cached table row: a raw "<", which escaped text never has
ROOT_MARK = Markup("<ew-root>")
DEFANG = str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇", "\n": " ", "\r": " "})


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


def _text(value) -> Markup:
    """Plain text a person typed -> HTML: escaped, line breaks kept."""
    if value is None:
        return Markup("")
    lines = str(value).strip("\n").split("\n")
    return Markup("<br>").join(escape(line) for line in lines)


def _yaml_title(value: str) -> Markup:
    # JSON strings are valid YAML double-quoted scalars.
    return Markup(json.dumps(str(value).translate(DEFANG), ensure_ascii=False))


class PageRenderer:
    """The templates, compiled once, and the filters and names they use (labels)."""

    def __init__(self, model: Model, cfg: SiteConfig, labels: Labels, templates: Path):
        self.model, self.cfg, self.l = model, cfg, labels
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(Path(templates) / "site")),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.filters.update(t=_text, yaml_title=_yaml_title, dt=labels.dt, day=labels.day, dur=labels.dur,
                           safe_url=safe_url, yuan=yuan, search_meta=meta_value)
        env.globals.update(_=labels.tr, est=model.ledger.estate, cfg=cfg, model=model, as_of=labels.dt(model.as_of),
                           role_name=labels.role_name, tier_name=labels.tier_name, cat_name=labels.cat_name,
                           building_name=labels.building_name, status_label=labels.status_label,
                           qs=lambda v: quote(str(v), safe=""), period_label=labels.period_label,
                           month_label=labels.month_label, rcat_name=labels.rcat_name,
                           account_name=labels.account_name, pct=pct, item_row=self.item_row,
                           item_search=self.item_search, building_search=self.building_search,
                           building_names=building_names)
        # what a resident asks of an item, and the links to call or write (issue 17)
        est = model.ledger.estate
        env.globals.update(plain=self.plain, counts=derive_counts, call=call_link(est), min_sample=est.min_sample,
                           promise_day=lambda due: last_day(due, labels.tz), role_names=labels.role_names,
                           form_link=lambda it: form_link(est, it.building or "", it.unit or "", it.id))
        env.filters["tel"] = tel_href
        self.env = env
        self._rows: dict[tuple, str] = {}
        self._plain: dict[str, object] = {}

    def compile(self) -> None:
        """Compile every template now (a forked worker inherits them); a syntax error an
        estate made says where."""
        for name in self.env.list_templates(extensions=("j2",)):
            try:
                template = self.env.get_template(name)
            except jinja2.TemplateSyntaxError as exc:
                raise RenderError(f"{name}:{exc.lineno}: {exc.message}") from None
            if "front" in template.blocks:  # a template from before the plan had titles
                raise RenderError(f"{name} has a {{% block front %}}: page titles come from the site plan "
                                  "now (plan.py); remove the block")

    # -- helpers exposed to templates -------------------------------------------------
    def plain(self, state):
        """derive_plain once per item (its page, its rows and badges all ask)."""
        got = self._plain.get(state.item.id)
        if got is None:
            got = self._plain[state.item.id] = derive_plain(state, self.model.as_of, self.l.tz)
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
        return item_search_tokens(it, notes, self.l.building_name(it.building) if it.building else "",
                                  self.l.tr("h.unit"), search_filters(state))

    def building_search(self, b) -> dict[str, str]:
        return building_search_tokens(b.name, b.units, self.l.tr("h.unit"))

    # -- a page -------------------------------------------------------------------------
    def body(self, path: str, spec: PageSpec) -> str:
        """The page's HTML (raw HTML blocks: Markdown has nothing to do with it)."""
        ctx = dict(spec.ctx)
        if spec.later is not None:
            ctx.update(spec.later())
        try:
            return self.env.get_template(spec.template).render(root=spec.root, **ctx).strip() + "\n"
        except Exception as exc:
            where = _template_line(exc) or spec.template
            raise RenderError(f"{where} (page {path}): {type(exc).__name__}: {exc}") from None

    def text(self, spec: PageSpec, root: str | None = None) -> str:
        """A page as a Markdown document that stands alone (`echowall report`): the body,
        links from `root`."""
        ctx = dict(spec.ctx)
        if spec.later is not None:
            ctx.update(spec.later())
        return self.env.get_template(spec.template).render(root=spec.root if root is None else root, **ctx)


def front_matter(spec: PageSpec) -> str:
    """The page's front matter: its title, with <>&"' in full-width forms (MkDocs puts
    titles into <title> without escaping), and what the theme hides on it."""
    hide = "".join(f"\n  - {part}" for part in spec.hide)
    return f"---\ntitle: {_yaml_title(spec.title)}\n" + (f"hide:{hide}\n" if hide else "") + "---\n"


SEARCHED = ("item.md.j2", "building.md.j2")  # the pages site search finds


def search_docs(doc: jinja2.Template, plan: dict[str, PageSpec]):
    """(page path without `.md`, its search document) for each item and building page, in
    site order: `doc` (search.html.j2) with the page's context (searchindex.py indexes them)."""
    for path, spec in plan.items():
        if spec.template in SEARCHED:
            try:
                yield path[:-3], doc.render(root=spec.root, **spec.ctx)
            except Exception as exc:
                where = _template_line(exc) or "search.html.j2"
                raise RenderError(f"{where} (search document of page {path}): {type(exc).__name__}: {exc}") from None


def render_pages(renderer: PageRenderer, plan: dict[str, PageSpec], paths) -> dict[str, str]:
    """{path: the page's HTML body} for these pages of the plan."""
    return {path: renderer.body(path, plan[path]) for path in paths}


def busiest(counts: list[tuple[str, int]], n: int) -> list[tuple[str, int]]:
    """The n (id, count) pairs with the highest counts, most first; ties in their given order."""
    return sorted(counts, key=lambda pair: -pair[1])[:n]
