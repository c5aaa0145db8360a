"""The MkDocs plugin: glue on MkDocs' documented plugin events only (ProperDocs too).
on_config checks the ledger before MkDocs empties site/; on_files plans the site, starts
rendering it in workers (sitebuild.py) and the search index beside them, handing MkDocs each
page's front matter; on_page_content gives the page its body before any other plugin's turn;
on_post_build writes the other files and puts the search index in place; on_serve watches."""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File

from .parallel import available_workers
from .render.pages import RenderError
from .render.sheets import PrintError, render_print
from .searchindex import SearchIndexer, SearchIndexError
from .siteconfig import site_config_of
from .sitebuild import SiteError, prepare_site, start_site, write_files

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
    # old site_urls, so a move shows in the diff (`validate --base` refuses an unlisted one)
    previous_site_urls = c.ListOfItems(c.Type(str), default=[])


class EchoWallPlugin(BasePlugin[EchoWallConfig]):
    checked = as_of = None  # `echowall build` checks first and hands these over (else: found here)
    rendering = search = None  # the site and its search index, made while MkDocs builds pages
    command = "build"

    def on_startup(self, *, command, dirty):
        self.command = command

    def on_config(self, config):
        self.root = Path(config.config_file_path or ".").resolve().parent
        config_file = Path(config.config_file_path or "mkdocs.yml").name
        try:
            self.site = prepare_site(self.root, config_file, config, self.config, log, self.checked, self.as_of)
        except SiteError as exc:
            raise PluginError(str(exc)) from None
        finally:
            self.checked = self.as_of = None  # handed over once
        return config

    def on_files(self, files, *, config):
        s = self.site
        cfg = site_config_of(config, self.config, str(s.font or ""), s.settings.labels.stock if s.settings else "")
        templates = self.root / self.config.templates
        self._stop()
        try:
            # one process per CPU; `mkdocs serve` runs a server thread, which forking would not keep safe
            workers = self.config.jobs or (1 if self.command == "serve" else available_workers())
            self.rendering = start_site(s.model, cfg, templates, workers, s.labels)
            plan = self.rendering.plan
            if self.config.search:  # in a process of its own meanwhile (not while serving: no fork)
                self.search = SearchIndexer(config.site_dir, self.rendering.search_docs, background=workers > 1).start()
            printed = render_print(s.model, cfg, templates, s.font, s.settings, labels=s.labels,
                                   figures=plan.figures, month=plan.month) if self.config.print else {}
        except Exception as exc:  # a template an estate edited: say where, not a traceback
            self._stop()
            raise _failed(exc) from exc
        for path in plan:  # front matter now; the body, rendered meanwhile, in on_page_content
            _replace(files, File.generated(config, path, content=self.rendering.front(path)))
        for path, content in printed.items():
            _replace(files, File.generated(config, path, content=content))
        return files

    @event_priority(100)  # before any other plugin's on_page_content: they all see the body
    def on_page_content(self, html, *, page, config, files):
        if self.rendering is None or page.file.src_uri not in self.rendering.plan:
            return html
        try:
            return self.rendering.body(page.file.src_uri)
        except Exception as exc:  # as in on_files: an edited template, said plainly
            raise _failed(exc) from exc

    def on_env(self, env, *, config, files):
        env.globals["echowall_search"] = self.config.search  # the header's search box (overrides/)
        env.globals["echowall_t"] = self.site.labels.tr
        return env

    def on_post_build(self, *, config):  # the files that are not pages, then the search index
        if self.rendering is None:
            return
        search, self.search = self.search, None
        try:
            statics = self.rendering.files()
        except Exception as exc:
            if search is not None:
                search.close()
            raise _failed(exc) from exc
        finally:
            self._stop()
        write_files(Path(config.site_dir), statics)
        if search is not None:
            try:
                indexed = search.finish()
            except SearchIndexError as exc:
                raise PluginError(f"echowall: search: {exc}") from None
            log.info("echowall: search index of %d pages written to %s/", indexed.pages, Path(config.site_dir).name + "/pagefind")

    def on_build_error(self, *, error):
        self._stop()

    def on_serve(self, server, *, config, builder):
        for folder in (self.config.ledger, self.config.templates):
            server.watch(str(self.root / folder))
        return server

    def _stop(self):
        for running in (self.rendering, self.search):
            if running is not None:
                running.close()
        self.rendering = self.search = None


def _replace(files, file) -> None:
    """A generated file in place of one of the same path from docs/."""
    old = files.get_file_from_path(file.src_uri)
    if old is not None:
        files.remove(old)
    files.append(file)


def _failed(exc: Exception) -> PluginError:
    if isinstance(exc, (PrintError, SearchIndexError)):
        return PluginError(f"echowall: {'print sheets' if isinstance(exc, PrintError) else 'search'}: {exc}")
    what = str(exc) if isinstance(exc, RenderError) else f"{type(exc).__name__}: {exc}"
    return PluginError(f"echowall: rendering failed: {what}")
