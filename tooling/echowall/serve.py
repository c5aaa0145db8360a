"""`echowall serve`: MkDocs' development server, with the ledger's problems in the browser.

`mkdocs serve` rebuilds on every change; when a build fails it prints the error in the
terminal and holds every request until a build succeeds, so a volunteer previewing an
edit sees a page that never loads. Here the builder checks the ledger first: with errors
it writes one page listing them (path, line, message, in the site's language) as the
whole site — index.html and 404.html, so every address shows it — and returns, so MkDocs'
live reload sends the browser to it; once the file is fixed, the next build is the site
again and the browser reloads to it. Any other failed build (a template, mkdocs.yml) is
shown the same way, with MkDocs' own message.

The page asks for its own address again every second and shows what comes back once it
is no longer this page (a missing page is served as 404, where MkDocs' live-reload script
is not injected).

The loop is MkDocs' own (mkdocs.commands.serve): its LiveReloadServer, load_config and
build, and the plugins' on_startup/on_serve events (on_serve only once a build has run, as
a plugin learns its folders in on_config; the ledger, templates, pages and mkdocs.yml are
watched here in any case). The plugin is untouched: it is handed the ledger already
checked, as `echowall build` does.
"""
from __future__ import annotations

import hashlib
import html
import logging
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from .messages import render
from .problems import ERROR, Problem

log = logging.getLogger("mkdocs.plugins.echowall")

PAGE = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<meta name="echowall-problems" content="{stamp}">
<style>
body {{ font: 18px/1.6 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1a1a1a; }}
h1 {{ font-size: 1.5rem; color: #a00; }}
li {{ margin: .8rem 0; }}
.where {{ font-family: monospace; background: #f3f3f3; padding: 0 .3rem; }}
.code {{ color: #555; font-family: monospace; }}
pre {{ white-space: pre-wrap; background: #f3f3f3; padding: 1rem; }}
</style>
</head>
<body>
<main id="echowall-problems">
<h1>{title}</h1>
<p>{intro}</p>
{body}
</main>
<script>
// Every address shows this page (a missing one as 404, which MkDocs' live reload does not
// reach): ask for the same address again until it is something else, then show that.
(function poll() {{
  fetch(location.href, {{cache: "no-store"}}).then(function (r) {{ return r.text(); }}).then(function (t) {{
    if (t.indexOf('content="{stamp}"') < 0) {{ location.reload(); }} else {{ setTimeout(poll, 1000); }}
  }}, function () {{ setTimeout(poll, 2000); }});
}})();
</script>
</body>
</html>
"""


def error_page(problems: list[Problem], lang: str, detail: str = "") -> str:
    """The page shown instead of the site: every error (then every warning) with its place
    and message, or MkDocs' message (`detail`) when the build failed for another reason."""
    errors = [p for p in problems if p.severity == ERROR] + [p for p in problems if p.severity != ERROR]
    items = []
    for p in errors:
        where = p.path + (f":{p.line}" if p.line else "") + (f":{p.column}" if p.column else "")
        items.append(f'<li class="problem" data-path="{html.escape(p.path)}" data-line="{p.line or ""}">'
                     f'<span class="where">{html.escape(where)}</span> '
                     f'<span class="code">{html.escape(p.severity)}[{html.escape(p.code)}]</span> '
                     f'<span class="message">{html.escape(p.text(lang))}</span></li>')
    body = '<ol class="problems">\n' + "\n".join(items) + "\n</ol>" if items else ""
    if detail:
        body += f'\n<pre class="detail">{html.escape(detail)}</pre>'
    count = sum(p.severity == ERROR for p in problems)
    stamp = hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]
    return PAGE.format(stamp=stamp, lang="zh-CN" if lang == "zh" else lang,
                       title=html.escape(render("serve-page.title" if problems else "serve-page.failed", {}, lang)),
                       intro=html.escape(render("serve-page.intro", {"count": count}, lang) if problems
                                         else render("serve-page.intro-failed", {}, lang)),
                       body=body)


def write_error_page(site_dir: Path, text: str) -> None:
    """The error page as the whole site: the old pages go (they would show the last good
    build as if nothing were wrong), index.html and 404.html take their place."""
    for child in site_dir.iterdir():
        shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
    for name in ("index.html", "404.html"):
        (site_dir / name).write_text(text, encoding="utf-8")


def serve(root: Path, config_file: Path, dev_addr: str, lang: str, ledger_dir: str) -> None:
    """Serve the site at `dev_addr`, rebuilding on changes; the ledger's problems, or a
    failed build, show in the browser (error_page) until fixed."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException
    from mkdocs.livereload import LiveReloadServer

    from .pipeline import check_ledger

    site_dir = Path(tempfile.mkdtemp(prefix="echowall-serve-"))

    def get_config():
        return load_config(config_file=str(config_file), site_dir=str(site_dir), dev_addr=dev_addr)

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=False)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    serve_url = f"http://{host}:{port}{mount_path}"
    config.site_url = serve_url

    def builder(cfg=None):
        checked = check_ledger(root, ledger_dir)
        if checked.errors:
            log.error(render("serve-log.problems", {"count": len(checked.errors)}, lang))
            write_error_page(site_dir, error_page(checked.problems, lang))
            return False
        try:
            if cfg is None:
                cfg = get_config()
                cfg.site_url = serve_url
            plugin = cfg.plugins.get("echowall")
            if plugin is not None:
                plugin.checked = checked  # read once: the plugin takes this result
            build(cfg, serve_url=serve_url)
        except (MkDocsException, Abort) as exc:
            log.error(render("serve-log.failed", {}, lang))
            write_error_page(site_dir, error_page([], lang, detail=str(exc)))
            return False
        return True

    server = LiveReloadServer(builder=builder, host=host, port=port, root=str(site_dir), mount_path=mount_path)

    def error_handler(code):
        page = site_dir / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server.error_handler = error_handler
    try:
        built = builder(config)
        # what the echowall plugin's on_serve watches, watched here too: with the ledger
        # broken from the start no build has run, and the plugin knows its folders only then
        plugin = config.plugins.get("echowall")
        watched = [root / ledger_dir, config.docs_dir, config.config_file_path, *config.watch]
        if plugin is not None:
            watched.append(root / plugin.config.templates)
        for path in dict.fromkeys(str(p) for p in watched if p):
            server.watch(path)
        if built:  # the other plugins' serve events, as under `mkdocs serve`
            server = config.plugins.on_serve(server, config=config, builder=builder)
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
