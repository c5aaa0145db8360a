"""The MkDocs plugin: glue only. Load + check in on_config (before MkDocs empties site/);
on_files starts rendering in worker processes, gives MkDocs every page's front matter and
starts the search index beside the build; on_page_context gives each page its HTML as MkDocs
builds it; on_post_build writes the files that are not pages and puts the search index in
place; on_serve watches the ledger.
Keeps to the public MkDocs 1.6 plugin API.
"""
from __future__ import annotations

import logging
import posixpath
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File
from mkdocs.utils import write_file

from markupsafe import escape

from .derive import AsOfError, resolve_as_of
from .pipeline import check_ledger, prepare
from .problems import ERROR, WARNING
from .siteconfig import TEXT_KEYS, check_resolved, load_site_config
from .parallel import available_workers
from .render.pages import RenderError, SiteConfig, load_strings, start_site
from .render.sheets import PrintError, find_font, font_option, load_print_settings, register_font, render_print
from .searchindex import SearchIndexer, SearchIndexError

log = logging.getLogger("mkdocs.plugins.echowall")


class EchoWallConfig(Config):
    ledger = c.Type(str, default="ledger")
    templates = c.Type(str, default="site_templates")
    forge = c.Choice(("auto", "github", "gitea", "none"), default="auto")
    branch = c.Type(str, default="main")
    print = c.Type(bool, default=True)  # PDF posters, labels and status sheets under print/
    font = c.Type(str, default="")  # CJK TrueType font for the PDFs (default: fonts-wqy-microhei)
    reports = c.Type(int, default=3)  # monthly three-lists reports on the site (months back)
    jobs = c.Type(int, default=0)  # processes rendering the pages (0: one per CPU; 1: no workers)
    search = c.Type(bool, default=True)  # index item and building pages with Pagefind (pagefind/)
    # Addresses the site had before (an estate moving domain lists the old site_url here, so
    # the move is visible in the diff; `validate --base` refuses an unlisted change).
    previous_site_urls = c.ListOfItems(c.Type(str), default=[])


def site_config(config, plugin_config, font: str = "") -> SiteConfig:
    return SiteConfig(
        site_url=config.site_url or "",
        repo_url=config.repo_url or "",
        language=str(config.theme.get("language") or "zh"),
        branch=plugin_config.branch,
        forge=plugin_config.forge,
        ledger_dir=plugin_config.ledger,
        print=plugin_config.print,
        font=font,
        reports=plugin_config.reports,
        search=plugin_config.search,
    )


class EchoWallPlugin(BasePlugin[EchoWallConfig]):
    def __init__(self):
        self.model = None
        self.root: Path | None = None
        self.checked = None  # `echowall build` checks first and hands the result over
        self.as_of = None  # ... and the instant of --as-of (else SOURCE_DATE_EPOCH, else now)
        self.font = None
        self.print_settings = None
        self.rendering = None  # the pages, still being rendered while MkDocs builds the first ones
        self.search = None  # the search index, made beside the build (searchindex.py)
        self.nav_urls: list[str] = []  # URLs of the pages in the nav
        self.shared: dict[tuple, str] = {}  # theme fragments the same on many pages (see _shared)

    def on_config(self, config):
        self.root = Path(config.config_file_path or ".").resolve().parent
        config_file = Path(config.config_file_path or "mkdocs.yml").name
        # The folder MkDocs resolved (!ENV, INHERIT, plugins as a mapping) must be the one
        # `echowall validate` reads from mkdocs.yml as written: else the site would be built
        # from a folder the history check never saw.
        from .load import ledger_option

        try:
            written = ledger_option((self.root / config_file).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            written = "ledger"
        if Path(self.root, self.config.ledger).resolve() != Path(self.root, written).resolve():
            raise PluginError(f"echowall: the ledger folder MkDocs resolved ({self.config.ledger}) is not the one "
                              f"mkdocs.yml names as written ({written}), which `echowall validate` checks; "
                              "write the plugin's ledger option plainly in mkdocs.yml")
        checked, self.checked = self.checked, None
        if checked is None:
            checked = check_ledger(self.root, self.config.ledger, config_file=config_file)
        lang = "zh" if str(config.theme.get("language") or "zh").lower().startswith("zh") else "en"
        for p in checked.problems:
            if p.severity == WARNING:
                log.warning(p.format(lang))
        errors = [p for p in checked.problems if p.severity == ERROR]
        # The same rules on what MkDocs resolved (!ENV, INHERIT, its defaults), then escape
        # the text the theme prints as it is (MkDocs' Jinja does not autoescape).
        said = {str(p) for p in errors}
        errors += [p for p in check_resolved(_resolved(config), load_site_config(self.root, config_file)[0],
                                             config_file) if str(p) not in said]
        if errors:
            listing = "\n".join(p.format(lang) for p in errors)
            raise PluginError(f"the ledger has {len(errors)} problem(s); the site was not built:\n{listing}")
        _escape_text(config)
        as_of, self.as_of = self.as_of, None
        if as_of is None:
            try:
                as_of = resolve_as_of()
            except AsOfError as exc:
                raise PluginError(str(exc)) from None
        self.model = prepare(checked, as_of)
        # Settle the font and the label layout now, before MkDocs empties site/.
        try:
            self.font = find_font(font_option(self.root, self.config.font))
            register_font(str(self.font))
        except PrintError as exc:
            self.font = None
            if self.config.print:
                raise PluginError(f"echowall: print sheets: {exc}") from None
            log.info("echowall: charts left out: %s", exc)
        if self.config.print:
            try:
                self.print_settings = load_print_settings(self.root / self.config.templates)
            except PrintError as exc:
                raise PluginError(f"echowall: print sheets: {exc}") from None
        return config

    def on_files(self, files, *, config):
        cfg = site_config(config, self.config, str(self.font or ""))
        templates = self.root / self.config.templates
        self._stop()
        try:
            self.rendering = start_site(self.model, cfg, templates, self._workers())
            if self.config.search:  # in a process of its own meanwhile (not while serving: no fork)
                self.search = SearchIndexer(config.site_dir, self.rendering.search_docs,
                                            background=self._workers() > 1).start()
            printed = render_print(self.model, cfg, templates, self.font, self.print_settings) if self.config.print else {}
        except PrintError as exc:
            self._stop()
            raise PluginError(f"echowall: print sheets: {exc}") from None
        except SearchIndexError as exc:
            self._stop()
            raise PluginError(f"echowall: search: {exc}") from None
        except Exception as exc:  # a template an estate edited: say where, don't dump a traceback
            self._stop()
            raise _failed(exc) from exc
        # Every page is rendered in the workers while MkDocs goes on: MkDocs gets its front
        # matter now and its HTML when it builds it (on_page_context). The pages are raw HTML
        # under front matter, so Markdown never sees them — it would only pass them through,
        # slowly; and ledger text never meets Markdown.
        for path, front in self.rendering.fronts.items():
            self._add(files, File.generated(config, path, content=front))
        for path, content in printed.items():
            self._add(files, File.generated(config, path, content=content))
        return files

    @staticmethod
    def _add(files, file):
        old = files.get_file_from_path(file.src_uri)
        if old is not None:
            files.remove(old)
        files.append(file)

    def _stop(self):
        if self.rendering is not None:
            self.rendering.close()
            self.rendering = None
        if self.search is not None:
            self.search.close()
            self.search = None

    def on_post_build(self, *, config):
        """The files that are not pages (downloads, feeds, charts, QR codes), rendered in the
        workers meanwhile, written last, over anything of the same name from docs/; then the
        search index, made meanwhile, put in place (searchindex.py)."""
        rendering = self.rendering
        if rendering is None:
            return
        search, self.search = self.search, None
        try:
            statics = rendering.statics()
        except Exception as exc:
            if search is not None:
                search.close()
            raise _failed(exc) from exc
        finally:
            self._stop()
        site = Path(config.site_dir)
        for path, content in statics.items():
            write_file(content.encode("utf-8") if isinstance(content, str) else content, str(site / path))
        if search is not None:
            try:
                indexed = search.finish()
            except SearchIndexError as exc:
                raise PluginError(f"echowall: search: {exc}") from None
            log.info("echowall: search index of %d pages written to %s/", indexed.pages, site.name + "/pagefind")

    def on_build_error(self, *, error):
        self._stop()

    def on_startup(self, *, command, dirty):
        self.command = command

    def _workers(self) -> int:
        if self.config.jobs > 0:
            return self.config.jobs
        # `mkdocs serve` runs a server thread beside the build: forking a threaded process is
        # not safe, and a dev build is small. A build uses every CPU it may.
        return 1 if getattr(self, "command", "build") == "serve" else available_workers()

    def on_nav(self, nav, *, config, files):
        self.nav_urls = [p.url for p in nav.pages]
        return nav

    def on_env(self, env, *, config, files):
        self.shared = {}
        env.globals["echowall_shared"] = self._shared
        # the header's search box is there when the index is (overrides/partials/header.html),
        # in the site's words (i18n.yml)
        env.globals["echowall_search"] = self.config.search
        strings = load_strings(self.root / self.config.templates, str(config.theme.get("language") or "zh"))
        env.globals["echowall_t"] = lambda key: strings.get(key, key)
        return env

    def _shared(self, key, caller):
        """A theme fragment that comes out the same on every page with this key, rendered
        once (overrides/). The site nav of a page outside the nav depends only on the page's
        folder: rendering it for each of 20,000 item pages was a third of the theme's time."""
        if key not in self.shared:
            self.shared[key] = caller()
        return self.shared[key]

    def on_page_context(self, context, *, page, config, nav):
        uri = page.file.src_uri
        # The nav's links are relative to the page's folder and nothing in it is active for a
        # page outside the nav: such pages in one folder (i/, b/), without a TOC, share it
        # (a nav page at or under the page's own URL would make its links differ).
        folder = (posixpath.dirname(page.url.rstrip("/")), page.url.count("/"))
        hide = tuple(page.meta.get("hide") or ()) if page.meta else ()
        shared = not page.toc.items and not any(u.startswith(page.url) for u in self.nav_urls)
        context["echowall_nav_key"] = ("site_nav", folder, hide) if shared else None
        context["echowall_folder_key"] = folder  # what relative URLs depend on
        rendering = self.rendering
        if rendering is None or uri not in rendering.fronts:
            return context
        try:
            page.content = _body(rendering.page(uri))
        except Exception as exc:  # as in on_files: an edited template, said plainly
            raise _failed(exc) from exc
        return context

    def on_serve(self, server, *, config, builder):
        server.watch(str(self.root / self.config.ledger))
        server.watch(str(self.root / self.config.templates))
        return server


def _resolved(config) -> dict:
    """The values of the configuration MkDocs resolved that reach a page, shaped like
    mkdocs.yml, for the rules in siteconfig."""
    theme = config.theme
    return {
        **{k: config.get(k) for k in (*TEXT_KEYS, "site_url", "repo_url", "edit_uri", "edit_uri_template")},
        "extra": dict(config.extra or {}),
        "extra_css": [str(v) for v in config.extra_css or ()],
        "extra_javascript": [str(getattr(v, "path", v)) for v in config.extra_javascript or ()],
        "theme": {"name": theme.name, "font": theme.get("font"), "logo": theme.get("logo"),
                  "favicon": theme.get("favicon")},
    }


def _escape_text(config) -> None:
    """Text from mkdocs.yml that Material prints as it is, escaped once. Markup objects: a
    template that escapes again (`| e`) leaves them as they are, so nothing is escaped twice."""
    for key in TEXT_KEYS:
        if isinstance(config.get(key), str):
            config[key] = escape(config[key])
    extra = config.extra
    if extra is not None and isinstance(extra.get("icp"), str):
        extra["icp"] = escape(extra["icp"])


def _failed(exc: Exception) -> PluginError:
    what = str(exc) if isinstance(exc, RenderError) else f"{type(exc).__name__}: {exc}"
    return PluginError(f"echowall: rendering failed: {what}")


def _body(page: str) -> str:
    """The HTML of a generated page: what follows its front matter."""
    head, sep, body = page.partition("\n---\n")
    return body.strip() + "\n" if head.startswith("---\n") and sep else page
