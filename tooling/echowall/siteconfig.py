"""mkdocs.yml is ledger input: whoever can commit can change it, and its values reach every
page. MkDocs' Jinja environment does not autoescape, and Material prints `site_name`,
`copyright`, `repo_name`, … as they are, and `repo_url` as a link; MkDocs' own URL check
takes any scheme with a host (`javascript://%0aalert(1)//`). So the file is checked like a
ledger file, every problem at its line (docs/ledger-format.md, "mkdocs.yml"):

- text that reaches a page carries no markup (`<`, `>`, `"`); the plugin also escapes the
  text values, so `&` shows as typed (`config-markup`);
- `site_url`, `repo_url`, the edit link and `extra.homepage` are http(s) URLs with a host and
  nothing a browser would read differently from a reviewer (`config-url`);
- only the `extra.*` keys Echo Wall's theme uses (`config-extra`); nothing fetched from
  another host at view time (`config-external`); no YAML tag that makes MkDocs' loader
  construct Python objects (`config-tag`); folders inside the repository (`config-path`);
  the plugin's `branch` a plain branch name (`config-branch`);
- no symbolic link for mkdocs.yml or under the templates (`config-symlink`);
- with `--base`, `site_url` (printed in every QR code) changes only when the old address is
  listed under the plugin's `previous_site_urls` (`config-site-url-changed`).

The file is read with the ledger's own loader (yamlsrc), which keeps every value's place.
Tags MkDocs resolves at build time (`!ENV`, `!relative`, `!!python/name:`) are allowed; their
values are not what the page will show, so the file check leaves them to the plugin, which
checks the resolved values again (`check_resolved`) before it builds.
"""
from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable
from urllib.parse import urljoin, urlsplit

from .checks.privacy import locate
from .load import read_doc
from .problems import Problem, Source, error
from .yamlsrc import Doc

CONFIG_FILE = "mkdocs.yml"
PLUGIN = "echowall"

# Printed as text on every page: the plugin escapes them; markup in them is refused.
TEXT_KEYS = ("site_name", "site_description", "site_author", "copyright", "repo_name")
# The `extra` keys Echo Wall's theme uses. Material reads many more (analytics, consent,
# polyfills, scope — some inside a <script>); none is needed, so none is accepted.
EXTRA_KEYS = ("icp", "generator", "homepage")
# Configuration of the build engine, not text on a page: Markdown extension options and
# plugin options legitimately hold regexes and quotes (search's `separator`). The echowall
# plugin's own options are checked one by one.
ENGINE_KEYS = frozenset({"markdown_extensions", "plugins", "hooks", "watch", "validation",
                         "exclude_docs", "draft_docs", "not_in_nav", "INHERIT"})
URL_KEYS = ("site_url", "repo_url")
MARKUP = '<>"'
# Tags MkDocs resolves itself. `!!python/name:` names a function (e.g. Material's emoji
# index); every other python/ tag constructs or calls an object while MkDocs loads the file.
_SAFE_TAGS = ("!ENV", "!relative")
_YAML_TAG = "tag:yaml.org,2002:"
_PYTHON_NAME = "tag:yaml.org,2002:python/name:"
_PCT_CONTROL = re.compile(r"%(?:[01][0-9a-f]|7f)", re.IGNORECASE)  # %0a, %0D, %00, %7f, …
_URL_UNSAFE = set('\\<>"\'`{}|^')
_HOST = re.compile(r"[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)*\.?")
_BRANCH = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*(?:/[A-Za-z0-9_][A-Za-z0-9._-]*)*")


@dataclass
class SiteDoc:
    """mkdocs.yml as read: its values with their places, and which values come from a tag
    MkDocs resolves at build time (`!ENV NAME` holds NAME here, not the address)."""

    doc: Doc
    tagged: frozenset = frozenset()

    def is_tagged(self, path: tuple) -> bool:
        return any(path[:i] in self.tagged for i in range(len(path) + 1))


def _allowed_tag(tag: str) -> bool:
    if tag in _SAFE_TAGS or tag.startswith(_PYTHON_NAME):
        return True
    return tag.startswith(_YAML_TAG) and not tag.startswith(_YAML_TAG + "python/")


def parse_site_config(path: Path | None, rel: str, text: str | None = None) -> tuple[SiteDoc | None, list[Problem]]:
    """Read mkdocs.yml (from `path`, or `text` when given) into a SiteDoc. The loader's
    `yaml-tag` problems are dropped (MkDocs resolves tags); a tag anywhere, keys included,
    that would make MkDocs' loader construct an object is `config-tag`."""
    doc, problems = read_doc(path or Path(rel), rel, text)
    tag_places = {(p.line, p.column) for p in problems if p.code == "yaml-tag"}
    out = [p for p in problems if p.code != "yaml-tag"]
    if doc is None:
        return None, out
    out += _refused_tags(doc)
    tagged = frozenset(k for k, m in doc.marks.items() if m in tag_places)
    return SiteDoc(doc, tagged), out


def _refused_tags(doc: Doc) -> list[Problem]:
    """Every explicit tag in the file, from the parser's events (keys too, which the ledger
    loader reads as plain text; linear, so aliases cost nothing)."""
    import yaml

    try:
        from yaml import CSafeLoader as loader
    except ImportError:  # pragma: no cover - depends on the machine
        from yaml import SafeLoader as loader  # type: ignore[assignment]
    out = []
    try:
        for e in yaml.parse(doc.text, Loader=loader):
            tag = getattr(e, "tag", None)
            if tag and tag != "!" and not _allowed_tag(tag):
                out.append(error(Source(doc.path, e.start_mark.line + 1, e.start_mark.column + 1),
                                 "config-tag", tag=tag))
    except yaml.YAMLError:
        pass  # the ledger loader has said what is wrong with the file
    return out


def load_site_config(root: Path | str, config_file: str = CONFIG_FILE) -> tuple[SiteDoc | None, list[Problem]]:
    """mkdocs.yml at the repository root: (None, []) when there is none; a symbolic link is
    refused, not followed (what a reviewer sees in the diff would not be what builds)."""
    path = Path(root) / config_file
    if path.is_symlink():
        return None, [error(Source(config_file), "config-symlink")]
    if not path.is_file():
        return None, []
    return parse_site_config(path, config_file)


def plugin_options(data) -> dict:
    """The echowall plugin's options in mkdocs.yml (plugins as a list or a mapping)."""
    plugins = data.get("plugins") if isinstance(data, dict) else None
    if isinstance(plugins, dict):
        opts = plugins.get(PLUGIN)
        return opts if isinstance(opts, dict) else {}
    for p in plugins if isinstance(plugins, list) else ():
        if isinstance(p, dict) and PLUGIN in p:
            return p[PLUGIN] if isinstance(p[PLUGIN], dict) else {}
    return {}


def _plugin_path(data) -> tuple:
    """The path of the echowall plugin's options in the document."""
    plugins = data.get("plugins") if isinstance(data, dict) else None
    if isinstance(plugins, dict):
        return ("plugins", PLUGIN)
    for i, p in enumerate(plugins if isinstance(plugins, list) else ()):
        if isinstance(p, dict) and PLUGIN in p:
            return ("plugins", i, PLUGIN)
    return ("plugins",)


# --- the rules, on values; `at(path)` places a value, `key_at(path)` its key -----------------

def _dotted(path: tuple) -> str:
    return ".".join(str(p) for p in path)


def url_problem(where: Source, key: str, value: str) -> Problem | None:
    """An http(s) URL with a host, nothing a browser reads differently from a reviewer."""
    if any(unicodedata.category(ch)[0] in "CZ" or ch in _URL_UNSAFE for ch in value) \
            or _PCT_CONTROL.search(value):
        return error(where, "config-url", "characters", key=key, value=value)
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return error(where, "config-url", "host", key=key, value=value)
    if parts.scheme.lower() not in ("http", "https"):
        return error(where, "config-url", key=key, value=value)
    if "@" in parts.netloc:
        return error(where, "config-url", "userinfo", key=key, value=value)
    if not parts.hostname or not (_HOST.fullmatch(parts.hostname) or ":" in parts.hostname):
        return error(where, "config-url", "host", key=key, value=value)
    return None


def _markup(at, key_at, path: tuple, value, out: list, is_key: bool = False) -> None:
    if not isinstance(value, str):
        return
    for i, ch in enumerate(value):
        if ch in MARKUP:
            where = key_at(path) if is_key else at(path, value, i, ch)
            out.append(error(where, "config-markup", key=_dotted(path), char=ch))
            return


def _scan(at, key_at, skip, data, path: tuple, out: list) -> None:
    """Every text (keys too: nav titles are keys) outside the engine's configuration."""
    if skip(path):
        return
    if isinstance(data, dict):
        for k, v in data.items():
            p = path + (k,)
            if (not path and k in ENGINE_KEYS) or (path == () and k in URL_KEYS) \
                    or p in (("edit_uri",), ("edit_uri_template",), ("extra", "homepage")):
                continue
            if not skip(p):
                _markup(at, key_at, p, k, out, is_key=True)
            _scan(at, key_at, skip, v, p, out)
    elif isinstance(data, list):
        for i, v in enumerate(data):
            _scan(at, key_at, skip, v, path + (i,), out)
    else:
        _markup(at, key_at, path, data, out)


def _edit_link(data) -> tuple[str, str] | None:
    """(key, the edit link MkDocs would make for a page) when an edit link is configured."""
    tpl, uri, repo = data.get("edit_uri_template"), data.get("edit_uri"), data.get("repo_url") or ""
    if isinstance(tpl, str) and tpl:
        key, link = "edit_uri_template", tpl.replace("{path_noext}", "page").replace("{path}", "page.md")
    elif isinstance(uri, str) and uri:
        key, link = "edit_uri", uri.rstrip("/") + "/page.md"
    else:
        return None
    if isinstance(repo, str) and repo:
        base = repo if repo.endswith("/") or link.startswith(("?", "#")) else repo + "/"
        try:
            link = urljoin(base, link)
        except ValueError:
            pass  # url_problem says what is wrong with it
    return key, link


def check_values(data, at, key_at, skip: Callable[[tuple], bool] = lambda p: False) -> list[Problem]:
    """Every rule on the values of mkdocs.yml (or of the configuration MkDocs resolved)."""
    if not isinstance(data, dict):
        return []
    out: list[Problem] = []
    _scan(at, key_at, skip, data, (), out)
    for key in URL_KEYS:
        v = data.get(key)
        if isinstance(v, str) and v and not skip((key,)):
            if (p := url_problem(at((key,)), key, v)) is not None:
                out.append(p)
    edit = _edit_link(data)
    if edit is not None and not skip((edit[0],)):
        if (p := url_problem(at((edit[0],)), edit[0], edit[1])) is not None:
            out.append(p)
    extra = data.get("extra")
    if isinstance(extra, dict):
        for k, v in extra.items():
            if k not in EXTRA_KEYS and not skip(("extra", k)):
                out.append(error(key_at(("extra", k)), "config-extra", key=k, allowed=EXTRA_KEYS))
        home = extra.get("homepage")
        if isinstance(home, str) and home and not skip(("extra", "homepage")):
            if (p := url_problem(at(("extra", "homepage")), "extra.homepage", home)) is not None:
                out.append(p)
    _external(data, at, key_at, skip, out)
    opts, where = plugin_options(data), _plugin_path(data)
    branch = opts.get("branch")
    if branch is not None and not skip(where + ("branch",)) and \
            not (isinstance(branch, str) and _BRANCH.fullmatch(branch) and ".." not in branch
                 and not branch.endswith((".", "/", ".lock"))):
        out.append(error(at(where + ("branch",)), "config-branch", value=branch))
    previous = opts.get("previous_site_urls")
    for i, v in enumerate(previous if isinstance(previous, list) else ()):
        if isinstance(v, str) and not skip(where + ("previous_site_urls", i)):
            if (p := url_problem(at(where + ("previous_site_urls", i)), "previous_site_urls", v)) is not None:
                out.append(p)
    return out


def _external(data, at, key_at, skip, out: list) -> None:
    """Nothing fetched from another host when a resident opens a page (design: offline, no
    CDN): style sheets, scripts, logo and favicon are files of the site; no web fonts."""
    places = []
    for key in ("extra_css", "extra_javascript"):
        for i, v in enumerate(data.get(key) if isinstance(data.get(key), list) else ()):
            if isinstance(v, dict):
                places.append(((key, i, "path"), v.get("path")))
            else:
                places.append(((key, i), v))
    theme = data.get("theme")
    name = theme.get("name") if isinstance(theme, dict) else theme
    theme = theme if isinstance(theme, dict) else {}
    for key in ("logo", "favicon"):
        places.append((("theme", key), theme.get(key)))
    for path, v in places:
        if isinstance(v, str) and not skip(path) and (v.strip().startswith("//") or urlsplit_scheme(v)):
            out.append(error(at(path), "config-external", key=_dotted(path), value=v))
    # Material loads Google Fonts unless `font: false`; left out, it is a web font too
    if name == "material" and theme.get("font") is not False and not skip(("theme", "font")):
        out.append(error(key_at(("theme", "font")), "config-external", "font"))


def urlsplit_scheme(value: str) -> str:
    try:
        return urlsplit(value.strip()).scheme
    except ValueError:
        return "?"


def _doc_places(site: SiteDoc):
    doc = site.doc

    def at(path, value=None, i=0, ch=""):
        if value is not None and ch:
            return locate(doc, path, value, i, ch)
        return doc.at(*path)

    def key_at(path):
        """The key's place; for a key that is not there, its nearest parent's key."""
        p = tuple(path)
        while p and p not in doc.key_marks:
            p = p[:-1]
        return doc.key_at(*p) if p else doc.at()

    return at, key_at


def check_site_config(site: SiteDoc) -> list[Problem]:
    """The rules on mkdocs.yml as written, each problem at its line."""
    at, key_at = _doc_places(site)
    out = check_values(site.doc.data, at, key_at, site.is_tagged)
    out += _paths(site)
    out += _engine(site)
    return out


def _engine(site: SiteDoc) -> list[Problem]:
    """What would make the site differ from what the check and a reviewer see: another
    file's settings (INHERIT), Python run at build (hooks), a ledger folder that only
    MkDocs resolves (a tag on the option), and navigation links to other schemes."""
    data = site.doc.data if isinstance(site.doc.data, dict) else {}
    out = []
    for key in ("INHERIT", "hooks"):
        if key in data:
            out.append(error(site.doc.key_at(key), "config-engine", key=key))
    opts, where = plugin_options(data), _plugin_path(data)
    if "ledger" in opts and (site.is_tagged(where + ("ledger",)) or not isinstance(opts.get("ledger"), str)):
        out.append(error(site.doc.at(*where, "ledger"), "config-ledger"))
    out += _nav_links(site.doc, data.get("nav"), ("nav",))
    return out


def _nav_links(doc, value, path: tuple) -> list[Problem]:
    """A nav entry with a scheme becomes a link on every page: only http(s) addresses."""
    out = []
    if isinstance(value, list):
        for i, v in enumerate(value):
            out += _nav_links(doc, v, path + (i,))
    elif isinstance(value, dict):
        for k, v in value.items():
            out += _nav_links(doc, v, path + (k,))
    elif isinstance(value, str) and (":" in value.split("/", 1)[0] or value.strip().startswith("//")):
        p = url_problem(doc.at(*path), _dotted(path), value.strip())
        if p is not None:
            out.append(p)
    return out


def _paths(site: SiteDoc) -> list[Problem]:
    """Folders MkDocs reads pages, theme files and the ledger from stay inside the
    repository: `docs_dir: /` would publish the build machine's files. (`site_dir` may be
    anywhere: building straight into a web server's folder is a normal setup.)"""
    data = site.doc.data if isinstance(site.doc.data, dict) else {}
    theme = data.get("theme") if isinstance(data.get("theme"), dict) else {}
    opts, where = plugin_options(data), _plugin_path(data)
    out = []
    for path, value in ((("docs_dir",), data.get("docs_dir")), (("theme", "custom_dir"), theme.get("custom_dir")),
                        (where + ("ledger",), opts.get("ledger")), (where + ("templates",), opts.get("templates"))):
        if isinstance(value, str) and not site.is_tagged(path) and not _inside_repo(value):
            out.append(error(site.doc.at(*path), "config-path", key=_dotted(path), value=value))
    return out


def _inside_repo(value: str) -> bool:
    p = PurePosixPath(value.replace("\\", "/"))
    if p.is_absolute() or re.match(r"[A-Za-z]:", value):
        return False
    depth = 0
    for part in p.parts:
        depth += -1 if part == ".." else 0 if part == "." else 1
        if depth < 0:
            return False
    return True


def folders(site: SiteDoc | None) -> list[str]:
    """The folders of templates, pages and theme overrides, relative to the root."""
    data = site.doc.data if site and isinstance(site.doc.data, dict) else {}
    theme = data.get("theme") if isinstance(data.get("theme"), dict) else {}
    out = [plugin_options(data).get("templates") or "site_templates", data.get("docs_dir") or "docs",
           theme.get("custom_dir")]
    return [f for f in out if isinstance(f, str) and f and _inside_repo(f)]


def check_template_links(root: Path, site: SiteDoc | None) -> list[Problem]:
    """No symbolic link in the templates, pages or theme folders (nor the folders
    themselves): MkDocs and Jinja follow them, so a link could publish any file the build
    machine can read."""
    root = Path(root)
    out, seen = [], set()
    for rel_top in sorted({PurePosixPath(os.path.normpath(f)).as_posix() for f in folders(site)}, key=len):
        top = root / rel_top
        if any(rel_top.startswith(s + "/") for s in seen):
            continue  # inside a folder already walked
        seen.add(rel_top)
        if top.is_symlink():
            out.append(error(Source(rel_top), "config-symlink", "template"))
            continue
        if not top.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(top, followlinks=False):
            base = Path(dirpath)
            for name in sorted(dirnames + filenames):
                p = base / name
                if p.is_symlink():
                    out.append(error(Source(p.relative_to(root).as_posix()), "config-symlink", "template"))
            dirnames[:] = sorted(d for d in dirnames if not (base / d).is_symlink())
    return out


def _normal_url(value) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return value
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.lower(), path=path).geturl()


def check_site_url_change(base: SiteDoc, site: SiteDoc | None, config_file: str = CONFIG_FILE) -> list[Problem]:
    """`site_url` is printed in every QR code: it changes only when the new mkdocs.yml lists
    the old address under the echowall plugin's `previous_site_urls` (so the move is in the
    diff for reviewers)."""
    old_data = base.doc.data if isinstance(base.doc.data, dict) else {}
    if base.is_tagged(("site_url",)):
        return []  # not written in the file at the base: nothing to compare
    old = _normal_url(old_data.get("site_url"))
    if old is None:
        return []  # nothing was printed
    data = site.doc.data if site and isinstance(site.doc.data, dict) else {}
    new = _normal_url(data.get("site_url"))
    if new == old:
        return []
    listed = plugin_options(data).get("previous_site_urls")
    if isinstance(listed, list) and old in {_normal_url(u) for u in listed}:
        return []
    if site is None or new is None:  # gone from the file (or the file is gone): no line to point at
        return [error(Source(config_file), "config-site-url-changed", "removed", old=old_data["site_url"])]
    return [error(site.doc.at("site_url"), "config-site-url-changed",
                  old=old_data["site_url"], new=data["site_url"])]


# Git attributes that make what is stored differ from what is checked out (and reviewed):
# the history check reads the stored blobs, so these would hide the published text from it.
_STORAGE_ATTRS = ("working-tree-encoding", "filter", "eol", "text", "crlf", "ident", "encoding", "diff", "merge")


def gitattributes_problems(text: str, rel: str) -> list[Problem]:
    """Lines of a .gitattributes that change how files are stored or compared."""
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        for attr in parts[1:]:
            name = attr.lstrip("-!").split("=", 1)[0]
            if name in _STORAGE_ATTRS:
                out.append(error(Source(rel, n, line.index(attr) + 1), "config-gitattributes", attr=attr))
    return out


def check_gitattributes(root: Path | str) -> list[Problem]:
    """Every .gitattributes in the repository (outside .git and the virtual environment)."""
    root = Path(root)
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in (".git", ".venv", ".venv-lock", "site", "node_modules")
                             and not d.startswith("site."))
        if ".gitattributes" in filenames:
            path = Path(dirpath) / ".gitattributes"
            rel = path.relative_to(root).as_posix()
            try:
                out += gitattributes_problems(path.read_text(encoding="utf-8", errors="replace"), rel)
            except OSError:
                continue
    return out


def check_site(root: Path | str, config_file: str = CONFIG_FILE, base: SiteDoc | None = None,
               with_base: bool = False) -> list[Problem]:
    """Everything about mkdocs.yml and the template folders; with `with_base`, also the
    site_url against `base` (the base revision's mkdocs.yml, None when it had none)."""
    site, problems = load_site_config(root, config_file)
    if site is not None:
        problems += check_site_config(site)
    if not any(p.code == "config-symlink" and p.path == config_file for p in problems):
        problems += check_template_links(Path(root), site)
    problems += check_gitattributes(root)
    if with_base and base is not None:
        problems += check_site_url_change(base, site, config_file)
    return problems


def check_resolved(values: dict, site: SiteDoc | None, config_file: str = CONFIG_FILE) -> list[Problem]:
    """The same rules on the configuration MkDocs resolved (`!ENV` values, an INHERIT
    parent, defaults it derived), placed at the key's line in mkdocs.yml where it has one."""
    doc = site.doc if site else None

    def at(path, value=None, i=0, ch=""):
        p = tuple(path)
        while p and doc is not None:
            if p in doc.marks:
                return doc.at(*p)
            p = p[:-1]
        return Source(config_file)

    def key_at(path):
        p = tuple(path)
        while p and doc is not None and p not in doc.key_marks:
            p = p[:-1]
        return doc.key_at(*p) if p else at(path)

    return check_values(values, at, key_at)


# --- the one reader of mkdocs.yml for the commands and the plugin ---------------------------

def _written(mkdocs_text: str, path: tuple):
    """The value at `path` in a mkdocs.yml text, as written: None when the file does not
    parse or the value is tagged (!ENV: MkDocs resolves it; the file check refuses it)."""
    site, _ = parse_site_config(None, CONFIG_FILE, mkdocs_text)
    if site is None or site.is_tagged(path):
        return None
    value = site.doc.data
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def site_language(mkdocs_text: str) -> str:
    """The language messages are shown in: mkdocs.yml's `theme.language` (zh, zh_CN, zh-Hans
    -> zh; en -> en); zh when it is not set (the site's default), en for a language the
    messages table does not have."""
    lang = _written(mkdocs_text, ("theme", "language"))
    if not isinstance(lang, str) or not lang.strip():
        return "zh"
    return "zh" if lang.strip().lower().startswith("zh") else "en"


def ledger_option(mkdocs_text: str) -> str:
    """The echowall plugin's `ledger` option in a mkdocs.yml text (default "ledger")."""
    site, _ = parse_site_config(None, CONFIG_FILE, mkdocs_text)
    data = site.doc.data if site is not None else None
    where = _plugin_path(data) + ("ledger",)
    value = plugin_options(data).get("ledger", "ledger")
    if site is None or site.is_tagged(where) or not isinstance(value, str) or not value:
        return "ledger"
    return value


def read_option(root: Path | str, read, default: str, config_file: str = CONFIG_FILE) -> str:
    """`read` (ledger_option, site_language) of the mkdocs.yml at `root`; `default` when
    there is none or it cannot be read."""
    try:
        return read((Path(root) / config_file).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return default


def ledger_folder_problem(root: Path, config_file: str, resolved: str) -> str:
    """The folder MkDocs resolved (!ENV, INHERIT, plugins as a mapping) must be the one
    `echowall validate` reads from mkdocs.yml as written, or the site would be built from a
    folder the checks never saw: what is wrong, or ''."""
    written = read_option(root, ledger_option, "ledger", config_file)
    if Path(root, resolved).resolve() == Path(root, written).resolve():
        return ""
    return (f"the ledger folder MkDocs resolved ({resolved}) is not the one mkdocs.yml names as written "
            f"({written}), which `echowall validate` checks; write the plugin's ledger option plainly in mkdocs.yml")


def site_config_of(config, options, font: str = "", label_stock: str = ""):
    """What the pages need (plan.SiteConfig) from the configuration MkDocs resolved and the
    plugin's options."""
    from .plan import SiteConfig

    return SiteConfig(
        site_url=config.site_url or "", repo_url=config.repo_url or "",
        language=str(config.theme.get("language") or "zh"), branch=options.branch, forge=options.forge,
        ledger_dir=options.ledger, print=options.print, font=font, reports=options.reports,
        search=options.search, label_stock=label_stock)


def resolved_problems(config, root: Path, config_file: str, known=()) -> list[Problem]:
    """The file rules on what MkDocs resolved, but those `known` already says."""
    said = {str(p) for p in known}
    site_doc = load_site_config(root, config_file)[0]
    return [p for p in check_resolved(resolved_values(config), site_doc, config_file) if str(p) not in said]


def resolved_values(config) -> dict:
    """The values of the configuration MkDocs resolved (!ENV, INHERIT, its defaults) that
    reach a page, shaped like mkdocs.yml, for check_resolved."""
    theme = config.theme
    return {
        **{k: config.get(k) for k in (*TEXT_KEYS, "site_url", "repo_url", "edit_uri", "edit_uri_template")},
        "extra": dict(config.extra or {}),
        "extra_css": [str(v) for v in config.extra_css or ()],
        "extra_javascript": [str(getattr(v, "path", v)) for v in config.extra_javascript or ()],
        "theme": {"name": theme.name, "font": theme.get("font"), "logo": theme.get("logo"),
                  "favicon": theme.get("favicon")},
    }


def escape_text(config) -> None:
    """Text from mkdocs.yml that Material prints as it is, escaped once. Markup objects: a
    template that escapes again (`| e`) leaves them as they are, so nothing is escaped twice."""
    from markupsafe import escape

    for key in TEXT_KEYS:
        if isinstance(config.get(key), str):
            config[key] = escape(config[key])
    extra = config.extra
    if extra is not None and isinstance(extra.get("icp"), str):
        extra["icp"] = escape(extra["icp"])
