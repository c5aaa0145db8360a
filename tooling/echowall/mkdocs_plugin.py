"""The MkDocs plugin: glue only. Load + check in on_config (before MkDocs empties site/),
render in on_files, watch the ledger in on_serve. Keeps to the public MkDocs 1.6 plugin API.
"""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File

from .derive import AsOfError, resolve_as_of
from .pipeline import check_ledger, prepare
from .problems import ERROR, WARNING
from .render import render_site
from .render.pages import SiteConfig
from .render.sheets import PrintError, find_font, font_option, load_print_settings, register_font, render_print

log = logging.getLogger("mkdocs.plugins.echowall")


class EchoWallConfig(Config):
    ledger = c.Type(str, default="ledger")
    templates = c.Type(str, default="site_templates")
    forge = c.Choice(("auto", "github", "gitea", "none"), default="auto")
    branch = c.Type(str, default="main")
    print = c.Type(bool, default=True)  # PDF posters, labels and status sheets under print/
    font = c.Type(str, default="")  # CJK TrueType font for the PDFs (default: fonts-wqy-microhei)
    reports = c.Type(int, default=3)  # monthly three-lists reports on the site (months back)


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
    )


class EchoWallPlugin(BasePlugin[EchoWallConfig]):
    def __init__(self):
        self.model = None
        self.root: Path | None = None
        self.checked = None  # `echowall build` checks first and hands the result over
        self.font = None
        self.print_settings = None
        self.html: dict[str, str] = {}  # item pages, already HTML: bypass Markdown (on_page_content)

    @event_priority(100)  # before search: it needs the jieba dictionary path made absolute
    def on_config(self, config):
        self.root = Path(config.config_file_path or ".").resolve().parent
        logging.getLogger("jieba").setLevel(logging.WARNING)  # its dictionary-loading chatter
        search = config.plugins.get("material/search") or config.plugins.get("search")
        user_dict = getattr(search, "config", {}).get("jieba_dict_user") if search else None
        if user_dict and not Path(user_dict).is_absolute():
            search.config["jieba_dict_user"] = str(self.root / user_dict)

        checked, self.checked = self.checked, None
        if checked is None:
            checked = check_ledger(self.root, self.config.ledger)
        for p in checked.problems:
            if p.severity == WARNING:
                log.warning(str(p))
        errors = [p for p in checked.problems if p.severity == ERROR]
        if errors:
            listing = "\n".join(str(p) for p in errors)
            raise PluginError(f"the ledger has {len(errors)} problem(s); the site was not built:\n{listing}")
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
        try:
            rendered = render_site(self.model, cfg, templates)
            if self.config.print:
                rendered.update(render_print(self.model, cfg, templates, self.font, self.print_settings))
        except PrintError as exc:
            raise PluginError(f"echowall: print sheets: {exc}") from None
        except Exception as exc:  # a template an estate edited: say where, don't dump a traceback
            raise PluginError(f"echowall: rendering failed: {type(exc).__name__}: {exc}") from exc
        self.html = {}
        for path, content in rendered.items():
            old = files.get_file_from_path(path)
            if old is not None:
                files.remove(old)
            if path.endswith(".md") and isinstance(content, str):
                # Every generated page is raw HTML under its front matter: Markdown would pass it
                # through unchanged, slowly (a third of a large build). Hand MkDocs the front
                # matter only and put the HTML back in on_page_content — ledger text never
                # meets Markdown.
                head, sep, body = content.partition("\n---\n")
                if head.startswith("---\n") and sep:
                    self.html[path] = body.strip() + "\n"
                    content = head + sep
            files.append(File.generated(config, path, content=content))
        return files

    def on_page_content(self, html, *, page, config, files):
        return self.html.get(page.file.src_uri, html)

    def on_serve(self, server, *, config, builder):
        server.watch(str(self.root / self.config.ledger))
        server.watch(str(self.root / self.config.templates))
        return server
