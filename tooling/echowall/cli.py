"""The `echowall` command: thin. Parse arguments, call the library, format, exit.

Exit codes: 0 clean, 1 problems in the data (or a failed build), 2 usage.
"""
from __future__ import annotations

import json
import logging
import os
import sys
from contextlib import contextmanager
from pathlib import Path

import click

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's banner about MkDocs 2.0

from .messages import Phrase  # noqa: E402
from .problems import FORMATTERS, has_errors  # noqa: E402
from .redaction import REASONS  # noqa: E402
from .schema import CHANNELS, COMPLEXITIES, EVENT_TYPES, KINDS, OUTCOMES  # noqa: E402  (the format's enums)
from .text import json_safe, printable  # noqa: E402


def _echo(text: str = "", err: bool = False, nl: bool = True, one_line: bool = False) -> None:
    """Everything a command prints goes through here: ledger text and arguments are shown
    with their control characters escaped (text.printable), never acted on by the terminal."""
    click.echo(printable(str(text), one_line), err=err, nl=nl)


def _t(key: str, **params) -> str:
    """The message `key` of messages.yml with `params`, in the language of this run (_lang)."""
    from .messages import render

    return render(key, params, _lang())


def _say(key: str, err: bool = False, nl: bool = True, **params) -> None:
    """Print the message `key` (messages.yml) in this run's language."""
    _echo(_t(key, **params), err=err, nl=nl)


def _fail(key: str, code: int = 1, detail: str = "", **params):
    """Say what went wrong in one line — the message `key` of messages.yml with `params`, in
    this run's language (a line break in an argument shows as \\x0a) — with `detail` (several
    lines, e.g. MkDocs' own error) below it, and exit."""
    _echo("echowall: " + _t(key, **params), err=True, one_line=True)
    if detail:
        _echo(detail, err=True)
    sys.exit(code)


def _mkdocs_config(root: Path, **overrides):
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    cfg_file = root / "mkdocs.yml"
    if not cfg_file.is_file():
        _fail("cli-no-mkdocs", 2, root=root)
    _before_mkdocs_reads(root)
    try:
        return load_config(config_file=str(cfg_file), **overrides)
    except ConfigurationError as exc:
        _fail("cli-mkdocs-config", detail=str(exc))


def _before_mkdocs_reads(root: Path) -> None:
    """MkDocs' YAML loader constructs whatever a tag asks for (`!!python/object/apply:` runs
    code) and follows a symlinked mkdocs.yml: refuse those before it reads the file."""
    from .siteconfig import load_site_config

    _, problems = load_site_config(root)
    refused = [p for p in problems if p.code in ("config-tag", "config-symlink")]
    if refused:
        _echo(FORMATTERS["text"](refused, _lang(root)), err=True)
        _fail("cli-mkdocs-not-read")


def _ledger_dir(root: Path) -> str:
    """The plugin's `ledger` option from mkdocs.yml, read without importing the theme."""
    from .siteconfig import ledger_option, read_option

    return read_option(root, ledger_option, "ledger")


def _lang(root: Path | None = None) -> str:
    """The language of every message and problem this run prints: `--lang`, else the
    site's (mkdocs.yml theme.language), else zh. Read once per run."""
    from .siteconfig import read_option, site_language

    ctx = click.get_current_context(silent=True)
    meta = ctx.meta if ctx is not None else {}
    if meta.get("echowall.lang"):
        return meta["echowall.lang"]
    if root is None:
        root = ctx.find_root().obj if ctx is not None else None
    lang = "zh"
    if isinstance(root, Path):
        lang = read_option(root, site_language, "zh")
        meta["echowall.lang"] = lang
    return lang


def _plugin(cfg):
    plugin = cfg.plugins.get("echowall")
    if plugin is None:
        _fail("cli-no-plugin", 1)
    return plugin


def _checked_or_fail(root: Path, ledger_dir: str, outcome: str):
    """The checked ledger; with errors, list them all and stop (`outcome`, a message key,
    says what did not happen)."""
    from .pipeline import check_ledger

    checked = check_ledger(root, ledger_dir)
    if checked.errors:
        _echo(FORMATTERS["text"](checked.problems, _lang(root)), err=True)
        _fail("cli-ledger-problems", outcome=outcome if isinstance(outcome, Phrase) else Phrase(outcome))
    return checked


def _write_atomic(path: Path, data: str | bytes, keep_mode: bool = False) -> None:
    """Write `path` so that a reader never sees half a file and a failure leaves the old one
    (files.write_replace); an unwritable place is a clear error."""
    from .files import write_replace

    try:
        write_replace(path, data.encode("utf-8") if isinstance(data, str) else data, keep_mode)
    except OSError as exc:
        _fail("cli-cannot-write", path=path, error=exc.strerror or exc)


def _parse_as_of(ctx, param, value):
    from .derive import AsOfError, resolve_as_of

    if value is None:
        return None
    try:
        return resolve_as_of(value)
    except AsOfError as exc:
        raise click.BadParameter(printable(_t(exc.code, **exc.params))) from None


def as_of_option(help_text: str):
    """--as-of, declared once: parsed to an aware datetime (a bad one is a usage error)."""
    return click.option("--as-of", "as_of", metavar="T", callback=_parse_as_of,
                        help=help_text + " E.g. 2026-11-20T18:00+08:00 or 2026-11-20 (the end of that day).")


def _now_or(as_of):
    """The instant given, else SOURCE_DATE_EPOCH, else now."""
    from .derive import AsOfError, resolve_as_of

    if as_of is not None:
        return as_of
    try:
        return resolve_as_of()
    except AsOfError as exc:
        _fail(exc.code, 2, **exc.params)


@contextmanager
def _source_date_epoch(as_of):
    """MkDocs' sitemap reads only SOURCE_DATE_EPOCH: set it for the length of a build when
    --as-of is given, and put the environment back afterwards (tests and later commands in
    the same process must not see a frozen clock)."""
    old = os.environ.get("SOURCE_DATE_EPOCH")
    if as_of is not None:
        os.environ["SOURCE_DATE_EPOCH"] = str(int(as_of.timestamp()))
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


class _UsageError(click.UsageError):
    """Click's usage error (a missing option, an unknown one, a value of the wrong type),
    said in the run's language from messages.yml: one line, then where the help is."""

    def __init__(self, key: str, command: str, **params):
        super().__init__(key)
        self.key, self.command, self.params = key, command, params

    def show(self, file=None) -> None:
        _echo("echowall: " + _t(self.key, **self.params), err=True, one_line=True)
        _say("cli-usage.help", err=True, command=self.command)


def _command_path(ctx) -> str:
    """`echowall media add`, whatever name the program was started by."""
    return " ".join(["echowall", *(ctx.command_path.split()[1:] if ctx is not None else [])])


def _usage_error(exc: click.UsageError, ctx) -> click.UsageError:
    """`exc` in the run's language (English: click's own, as it is)."""
    if _lang() == "en" or isinstance(exc, _UsageError):
        return exc
    command = _command_path(exc.ctx or ctx)
    param = getattr(exc, "param", None)
    name = ("/".join(param.opts) if isinstance(param, click.Option) else (param.human_readable_name or "")) \
        if param is not None else getattr(exc, "param_hint", None) or ""
    if isinstance(exc, click.MissingParameter):
        return _UsageError("cli-usage.missing", command, param=name)
    if isinstance(exc, click.NoSuchOption):
        if exc.possibilities:
            return _UsageError("cli-usage.no-such-option.near", command, option=exc.option_name,
                               near=sorted(exc.possibilities))
        return _UsageError("cli-usage.no-such-option", command, option=exc.option_name)
    if isinstance(exc, click.BadParameter):
        return _UsageError("cli-usage.bad", command, param=name, detail=exc.message)
    return _UsageError("cli-usage", command, detail=exc.message)


class _Group(click.Group):
    """The command group: an argument that is not UTF-8 text (a GBK terminal) is a usage
    error, said in one line before anything else reads it; click's usage errors are said in
    the run's language."""

    group_class = type  # `media` is one of these too

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as exc:
            raise _usage_error(exc, exc.ctx) from None

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise _usage_error(exc, ctx) from None

    def resolve_command(self, ctx, args):
        if args and not args[0].startswith("-") and self.get_command(ctx, args[0]) is None and _lang() != "en":
            import difflib

            near = difflib.get_close_matches(args[0], self.list_commands(ctx), n=3)
            if near:
                raise _UsageError("cli-usage.no-such-command.near", _command_path(ctx), name=args[0], near=near)
            raise _UsageError("cli-usage.no-such-command", _command_path(ctx), name=args[0],
                              commands=self.list_commands(ctx))
        return super().resolve_command(ctx, args)

    def parse_args(self, ctx, args):
        for i, arg in enumerate(args, 1):
            try:
                arg.encode("utf-8")
            except UnicodeEncodeError:  # Python keeps undecodable bytes as lone surrogates
                raw = os.fsencode(arg)
                if "--lang" in args[:i - 1] and args[args.index("--lang") + 1:][:1] == ["en"]:
                    ctx.meta["echowall.lang"] = "en"
                _echo("echowall: " + _t("cli-argument-encoding", number=i, raw=str(raw)[2:-1]), err=True)
                ctx.exit(2)
        return super().parse_args(ctx, args)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".",
              help="Repository root (holds mkdocs.yml and ledger/). Default: the current folder.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
              help="Language of messages and problems (default: theme.language in mkdocs.yml, else zh).")
@click.pass_context
def main(ctx, root: Path, lang: str | None):
    """Echo Wall (回音壁): validate the ledger, build the transparency site, make QR codes."""
    from .load import resolve_link

    if lang:
        ctx.meta["echowall.lang"] = lang
    try:
        ctx.obj = resolve_link(root)
    except OSError as exc:
        _fail("cli-root-unreadable", 2, root=root, error=exc.strerror)
    if ctx.obj is None:
        _fail("cli-root-loop", 2, root=root)


@main.command()
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATTERS)), default="text", show_default=True,
              help="text for people, json for tools, github for CI annotations.")
@click.option("--strict", is_flag=True, help="Warnings fail too.")
@click.option("--base", metavar="REV", help="Also check that the history published at this Git revision "
                                            "(e.g. origin/main) was only appended to.")
@click.option("--changed-only", is_flag=True, help="With --base: read only the files that differ from REV "
                                                   "(other items known by their file names); a quick answer "
                                                   "for a pull request.")
@click.option("--list-checks", is_flag=True, help="List every check with its scope, and exit.")
@click.pass_obj
def validate(root: Path, fmt: str, strict: bool, base: str | None, changed_only: bool, list_checks: bool):
    """Check the whole ledger and list every problem with file, line and column.

    Exit 0 when clean, 1 when there are errors (with --strict: also warnings).
    mkdocs.yml and the template folders are checked too (config-*).
    With --base, published items, events, ratings, buildings, units and revenue entries
    may only be appended to (or redacted with ［已隐去］), and site_url may move only when
    the echowall plugin's previous_site_urls lists the old address.
    With --changed-only (needs --base), only the files changed since REV are read; a change
    to estate.yml, buildings.yml or a photo is checked whole.

    Example:

        echowall validate --base origin/main --format github
        echowall validate --changed-only --base origin/main
    """
    lang = _lang(root)
    if list_checks:
        from .checks import REGISTRY

        width = max(len(c.name) for c in REGISTRY)
        for c in REGISTRY:
            _say("cli-check-line", name=f"{c.name:<{width}}", scope=f"{c.scope:<10}",
                 description=Phrase(c.description_key))
        return
    if changed_only and base is None:
        _fail("cli-changed-only-base", 2)
    from .history import BaseError

    try:
        if changed_only:
            from .partial import NeedsWholeCheck, validate_changed

            try:
                result = validate_changed(root, _ledger_dir(root), base)
            except NeedsWholeCheck:
                result = None
        if not changed_only or result is None:
            from .parallel import available_workers
            from .pipeline import validate_ledger

            result = validate_ledger(root, _ledger_dir(root), base=base, workers=available_workers())
    except BaseError as exc:
        _fail(exc.code, 2, **exc.params)
    problems = result.problems
    if fmt == "text":
        if problems:
            _echo(FORMATTERS["text"](problems, lang))
        else:
            _say("cli-validate-ok", items=result.items, buildings=result.buildings)
    else:
        out = FORMATTERS[fmt](problems, lang)
        if out:
            _echo(out)
    sys.exit(1 if has_errors(problems, strict) else 0)


@main.command()
@as_of_option("Compute statuses and overdue flags as of this instant (default: SOURCE_DATE_EPOCH, else now).")
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the site (default: site_dir from mkdocs.yml).")
@click.option("--strict", is_flag=True, help="Fail on MkDocs warnings too.")
@click.pass_obj
def build(root: Path, as_of, site_dir: Path | None, strict: bool):
    """Validate, then build the site into a temporary folder and swap it in.

    site/ is never missing or half-written for a reader: the new folder takes its place in
    one step. If anything fails, the previous site/ stays exactly as it was, and the
    temporary folder is removed; folders that killed builds left are removed by the next.

    Example:

        echowall build --as-of 2026-11-20T18:00+08:00
    """
    from .lock import LockBusy, LockUnavailable, folder_lock

    as_of = _now_or(as_of)
    _log_to_stderr()
    cfg = _mkdocs_config(root, strict=strict)
    target = Path(cfg.site_dir)
    if site_dir:
        from .load import resolve_link

        target = resolve_link(Path(site_dir))
        if target is None:
            _fail("cli-site-dir-loop", 2, site_dir=site_dir)
    plugin = _plugin(cfg)
    kept = Phrase("cli-site-kept", folder=target.name)
    # Validate here, so problems print in the same form as `echowall validate`; the plugin
    # takes this result instead of reading the ledger a second time.
    checked = _checked_or_fail(root, plugin.config.ledger, kept)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _fail("cli-cannot-make", folder=target.parent, error=exc.strerror)
    try:
        # one build at a time beside this site folder: the other's folders are not leftovers
        with folder_lock(target.parent, wait=0):
            _build_and_swap(root, target, as_of, strict, checked, kept)
    except LockBusy:
        _fail("cli-build-busy", folder=target.name, parent=target.parent, kept=kept)
    except LockUnavailable as exc:
        _fail("cli-build-lock", folder=exc.folder, error=exc.strerror, kept=kept)
    _say("cli-built", target=target)


def _build_and_swap(root: Path, target: Path, as_of, strict: bool, checked, kept: str) -> None:
    """Build into a temporary folder beside `target` and swap it in (see swap.py); on any
    failure remove it and stop with one line. Runs under the build lock."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort, MkDocsException

    from .swap import build_folder, remove_leftovers, swap_in

    remove_leftovers(target)  # killed builds' folders: before building, to free the space
    tmp = build_folder(target)
    cfg = _mkdocs_config(root, site_dir=str(tmp), strict=strict)
    cfg.plugins["echowall"].checked = checked
    cfg.plugins["echowall"].as_of = as_of  # explicitly, not through the environment
    try:
        with _source_date_epoch(as_of):
            mkdocs_build(cfg)
        swap_in(tmp, target)
    except MkDocsException as exc:
        remove_leftovers(target)
        if isinstance(exc, Abort) and "BuildError" in str(exc):
            # MkDocs has logged the error itself; its Abort text would only say "BuildError"
            _fail("cli-build-failed.above", kept=kept)
        _fail("cli-build-failed", kept=kept, detail=str(exc))
    except OSError as exc:  # a full disk, a folder that cannot be written
        remove_leftovers(target)
        _fail("cli-build-failed.os", kept=kept, error=exc.strerror or exc, file=exc.filename or "—")
    except BaseException:  # Ctrl-C, or a bug: still never leave the temporary folder
        remove_leftovers(target)
        raise
    remove_leftovers(target)  # the old site, under the temporary name after the exchange


@main.command()
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
@as_of_option("As in `echowall build`.")
@click.pass_obj
def serve(root: Path, dev_addr: str, as_of):
    """Serve the site locally; rebuild when a ledger file or template changes. While the
    ledger has problems, the browser shows them (file, line, message) instead of the site,
    and turns back into the site once they are fixed.

    Example:

        echowall serve --dev-addr 127.0.0.1:8000
    """
    from mkdocs.exceptions import MkDocsException

    from .serve import serve as serve_site

    _log_to_stderr(logging.INFO)
    if not (root / "mkdocs.yml").is_file():
        _fail("cli-no-mkdocs", 2, root=root)
    _before_mkdocs_reads(root)
    try:
        # every rebuild makes a new plugin from mkdocs.yml, so the instant goes by the
        # environment here, for as long as serve runs
        with _source_date_epoch(as_of):
            serve_site(root, root / "mkdocs.yml", dev_addr, _lang(root), _ledger_dir(root))
    except MkDocsException as exc:
        _fail("cli-serve-failed", detail=str(exc))


@main.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("out/qr"),
              show_default=True, help="Folder for the SVG files.")
@click.option("--building", "only", help="Only this building (and its units).")
@click.pass_obj
def qr(root: Path, out: Path, only: str | None):
    """Write one QR code (SVG) per building and per unit, from site_url in mkdocs.yml.

    A building's code opens <site_url>b/<id>/; a unit's opens <site_url>b/<id>/#u<unit>.

    Example:

        echowall qr --out out/qr --building 3
    """
    from .pipeline import check_ledger
    from .render.qr import qr_files

    cfg = _mkdocs_config(root)
    if not cfg.site_url:
        _fail("cli-no-site-url", 1)
    checked = check_ledger(root, _ledger_dir(root))
    bad = [p for p in checked.problems if p.path.endswith("buildings.yml") and p.severity == "error"]
    if bad:
        _echo(FORMATTERS["text"](bad, _lang(root)), err=True)
        sys.exit(1)
    buildings = checked.ledger.buildings
    if only:
        only = _alias("building", only, root)  # 7幢, 7号楼: the id
        buildings = tuple(b for b in buildings if b.id == only)
        if not buildings:
            _fail("cli-no-building", 1, building=only)
    out = out if out.is_absolute() else Path.cwd() / out
    files = qr_files(cfg.site_url, buildings)
    for name, data in files.items():
        _write_atomic(out / Path(name).name, data)
    _say("cli-qr-wrote", count=len(files), out=out)


# -- the committee's views: overdue, report ------------------------------------------------

def _checked_model(root: Path, as_of):
    from .pipeline import prepare

    when = _now_or(as_of)
    checked = _checked_or_fail(root, _ledger_dir(root), "cli-fix-first")
    return checked, prepare(checked, when)


@main.command()
@as_of_option("Judge promises as of this instant (default: SOURCE_DATE_EPOCH, else now).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def overdue(root: Path, as_of, fmt: str):
    """List overdue items for the committee, most overdue first, each once with every role
    holding it (jointly held items are one item); items nobody has taken yet say 待派单.
    --format json groups them by role (a jointly held item under each of its roles).
    Exit 0 either way.

    Example:

        echowall overdue --as-of 2026-11-20T18:00+08:00
    """
    from .plan import item_url
    from .report import overdue_by_role

    checked, model = _checked_model(root, as_of)
    groups = overdue_by_role(model)
    cfg = _mkdocs_config(root) if (root / "mkdocs.yml").is_file() else None
    site = (cfg.site_url or "") if cfg else ""
    from .derive import days_overdue, last_day

    est = checked.ledger.estate
    tz = est.tz
    if fmt == "json":
        _echo(json_safe(json.dumps([
            {"role": role, "items": [{
                "id": s.item.id, "title": s.item.title, "building": s.item.building, "unit": s.item.unit,
                "due": s.promise.due.isoformat(), "days_overdue": days_overdue(s, model.as_of, tz),
                "status": s.status, "url": item_url(site, s.item.id) if site else ""} for s in items]}
            for role, items in groups], ensure_ascii=False, indent=2)))
        return
    # each item once, most overdue first, with every role holding it (joint handling) on its line
    states = sorted({s.item.id: s for _, items in groups for s in items}.values(),
                    key=lambda s: (s.promise.due, s.item.id))
    _say("overdue-total", count=len(states), as_of=f"{model.as_of.astimezone(tz):%Y-%m-%d %H:%M}")
    for s in states:
        holders = [(est.role(h).name if est.role(h) else h) for h in s.holders] or [Phrase("overdue-unassigned")]
        where = Phrase("overdue-estate-wide")
        if s.item.building:
            b = checked.ledger.building(s.item.building)
            name = b.name if b else s.item.building
            where = Phrase("overdue-unit", building=name, unit=s.item.unit) if s.item.unit else name
        # days and the last day as the item page says them (derive.days_overdue, last_day)
        _say("overdue-line", id=s.item.id, days=days_overdue(s, model.as_of, tz),
             due=f"{last_day(s.promise.due, tz):%Y-%m-%d}", where=where, title=s.item.title, holders=holders)
        if site:
            _say("overdue-url", url=item_url(site, s.item.id))


def _labels(root: Path, cfg, ledger):
    """The site's words (labels.py) in its language, for the committee's views."""
    from .labels import LabelsError, load_labels

    templates = root / (_plugin(cfg).config.templates if cfg else "site_templates")
    try:
        return load_labels(templates, str(cfg.theme.get("language") or "zh") if cfg else _lang(root), ledger)
    except LabelsError as exc:
        _fail("cli-templates", detail=str(exc))


@main.command()
@click.option("--month", help="YYYY-MM (default: last month, the one the meeting on the 10th discusses).")
@as_of_option("Report as of this instant, or the month's end if sooner (default: SOURCE_DATE_EPOCH, else now).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Markdown file to write (default: out/report-YYYY-MM.md); '-' for standard output.")
@click.pass_obj
def report(root: Path, month: str | None, as_of, out: Path | None):
    """Write the monthly three-lists report in Markdown: new problems, needs and resources,
    still open, overdue, resolved and rated, by role and by building, needs matched with
    resources, and the three rates. The site carries the same report under reports/.

    Example:

        echowall report --month 2026-10
    """
    from .plan import PageSpec
    from .render.pages import PageRenderer, front_matter
    from .report import MonthError, monthly_report, previous_month
    from .siteconfig import site_config_of

    checked, model = _checked_model(root, as_of)
    est = checked.ledger.estate
    month = month or previous_month(model.as_of, est.tz)
    try:
        r = monthly_report(checked.ledger, month, model.as_of, model)
    except MonthError as exc:
        _fail(exc.code, 2, **exc.params)
    cfg = _mkdocs_config(root)
    plugin = _plugin(cfg)
    labels = _labels(root, cfg, checked.ledger)
    renderer = PageRenderer(model, site_config_of(cfg, plugin.config), labels, root / plugin.config.templates)
    label = labels.month_label(month)
    spec = PageSpec("report.md.j2", "", labels.tr("report.title", estate=est.name, month=label),
                    {"r": r, "month_label": label})
    # links point at the published site, so the file works wherever it is opened
    base = (cfg.site_url or "").rstrip("/") + "/" if cfg.site_url else ""
    text = front_matter(spec) + "\n" + renderer.text(spec, base)
    if str(out) == "-":
        _echo(text, nl=False)
        return
    out = out or Path("out") / f"report-{month}.md"
    out = out if out.is_absolute() else Path.cwd() / out
    _write_atomic(out, text)
    _say("cli-wrote", path=out)


# -- volunteer commands: new, event, rate --------------------------------------------------

def _interactive() -> bool:
    """Ask for missing values only when a person is at a terminal."""
    return sys.stdin.isatty()


def _ask(*args, **kwargs):
    """click.prompt; typed bytes that are not UTF-8 (a GBK terminal) are a usage error."""
    try:
        return click.prompt(*args, **kwargs)
    except UnicodeDecodeError:
        _fail("cli-typed-encoding", 2)


def _now_local(root: Path):
    """Now, in the estate's time zone, to the minute. Reads estate.yml only (not the ledger)."""
    from .filing import now_local

    return now_local(root, _ledger_dir(root))


def _when(text: str | None, root: Path) -> str:
    """--at / --filed: a date-time with offset, default now (estate time, minutes); Chinese
    dates (12月15日, 昨天 14:30) are read in the estate's time zone (aliases.moment)."""
    from .aliases import AliasError, moment
    from .schema import YEAR_MAX, YEAR_MIN, in_range, parse_datetime

    if not text:
        return _now_local(root).isoformat()
    dt = parse_datetime(text)
    if dt is None:
        try:
            text = moment(text, _now_local(root), lean="past") or text
        except AliasError as exc:
            _fail(exc.code, 2, **exc.params)
        dt = parse_datetime(text)
    if dt is None:
        _fail("cli-datetime", 2, value=text)
    if not in_range(dt):
        _fail("cli-datetime.range", 2, value=text, lo=YEAR_MIN, hi=YEAR_MAX)
    return text


def _day(text: str | None, root: Path) -> str | None:
    """--expected: a date; Chinese dates (12月15日, 明天) in the estate's time zone, a month
    and day without a year taken as the next such day. Anything else is left for
    validation to explain."""
    from .aliases import AliasError, day

    if not text:
        return text
    try:
        return day(text, _now_local(root).date(), lean="future") or text
    except AliasError as exc:
        _fail(exc.code, 2, **exc.params)


def _names(root: Path) -> dict[str, list] | None:
    """(id, name) pairs of buildings, categories, roles and tiers, from estate.yml and
    buildings.yml only (what a volunteer may name instead of an id); None if unreadable."""
    from .load import read_doc

    ctx = click.get_current_context(silent=True)
    if ctx is not None and "echowall.names" in ctx.meta:  # read once per run
        return ctx.meta["echowall.names"]
    out: dict[str, list] | None = {}
    for rel, keys in (("estate.yml", ("categories", "roles", "tiers")), ("buildings.yml", ("buildings",))):
        path = root / _ledger_dir(root) / rel
        doc, _ = read_doc(path, rel)
        if doc is None or not isinstance(doc.data, dict):
            out = None
            break
        for key in keys:
            entries = doc.data.get(key)
            out[key[:-1] if key != "categories" else "category"] = [
                (str(e["id"]), str(e.get("name") or "")) for e in entries or ()
                if isinstance(e, dict) and isinstance(e.get("id"), (str, int))] if isinstance(entries, list) else []
        if rel == "buildings.yml":
            out["units"] = {str(e["id"]): [str(u) for u in e.get("units") or ()] for e in doc.data.get("buildings") or ()
                            if isinstance(e, dict) and "id" in e and isinstance(e.get("units") or [], list)} \
                if isinstance(doc.data.get("buildings"), list) else {}
    if ctx is not None:
        ctx.meta["echowall.names"] = out
    return out


def _resolve(what: str, text: str, root: Path | None = None, units_of: str | None = None) -> str:
    """What a volunteer typed, as the id the file stores (aliases.py): a building, category,
    role, tier or unit by name, an event type, outcome, kind, complexity or channel by its
    Chinese word. Raises aliases.AliasError."""
    from . import aliases
    from .schema import CHANNELS, COMPLEXITIES, EVENT_TYPES, KINDS, OUTCOMES

    if what in ("building", "category", "role", "tier", "unit"):
        names = _names(root)
        if names is None:
            return text  # estate.yml or buildings.yml unreadable: validation says why
        if what == "unit":
            return aliases.unit(text, names["units"].get(units_of, ()))
        return aliases.building(text, names[what]) if what == "building" else aliases.named(text, names[what], what)
    if what == "event-type":
        return aliases.event_type(text, EVENT_TYPES)
    if what == "outcome":
        return aliases.outcome(text, OUTCOMES)
    return aliases.choice(text, {"kind": KINDS, "complexity": COMPLEXITIES, "channel": CHANNELS}[what], what)


def _alias(what: str, text: str | None, root: Path | None = None, units_of: str | None = None) -> str | None:
    """_resolve, or stop with its message: exit 1 when a building, category, role or tier
    names none of the ledger's, exit 2 for a word that is not one of the fixed choices."""
    from .aliases import AliasError

    if not text:
        return text
    try:
        return _resolve(what, text, root, units_of)
    except AliasError as exc:
        _fail(exc.code, 1 if what in ("building", "category", "role", "tier") else 2, **exc.params)


def _alias_option(what: str):
    """A click callback: the option's value read through _alias (kind, complexity, channel,
    outcome, event type: fixed words, so no ledger is read)."""
    return lambda ctx, param, value: _alias(what, value)


def _alias_prompt(what: str, root: Path, units_of: str | None = None):
    """click.prompt's value_proc: an answer that names nothing is asked again, saying why."""
    from .aliases import AliasError

    def proc(value: str):
        if value == "":
            return None
        try:
            return _resolve(what, value, root, units_of)
        except AliasError as exc:
            raise click.BadParameter(_t(exc.code, **exc.params)) from None
    return proc


def _write_checked(root: Path, rel: str, new_text: str, old_text: str | None) -> None:
    """filing.write_checked, its refusals and failures said in one line (the problems above
    it). Call it holding the ledger lock (_ledger_lock)."""
    from .filing import FilingError, Refused, write_checked

    try:
        write_checked(root, _ledger_dir(root), rel, new_text, old_text)
    except Refused as exc:
        _refused(root, exc)
    except FilingError as exc:
        _filing_failed(root, exc)


def _refused(root: Path, exc) -> None:
    _echo(FORMATTERS["text"](exc.problems, _lang(root)), err=True)
    _fail("filing-refused.new" if exc.new_file else "filing-refused", rel=exc.rel)


def _filing_failed(root: Path, exc) -> None:
    _fail(exc.key, **exc.params)


@contextmanager
def _ledger_lock(root: Path):
    """filing.ledger_lock, its failure said in one line."""
    from .filing import FilingError, ledger_lock

    try:
        with ledger_lock(root, _ledger_dir(root)):
            yield
    except FilingError as exc:
        _filing_failed(root, exc)


def _read_text(root: Path, rel: str) -> str:
    from .filing import FilingError, read_text

    try:
        return read_text(root, rel)
    except FilingError as exc:
        _filing_failed(root, exc)


def _item_file(root: Path, item_id: str) -> str:
    from .filing import FilingError, item_file

    item_id = _item_id(item_id)
    try:
        return item_file(root, _ledger_dir(root), item_id)
    except FilingError as exc:
        _filing_failed(root, exc)


def _item_id(item_id: str) -> str:
    """An item number as typed with a Chinese input method: full-width digits and letters
    (２６０４１５－７ｋｑ２) are the id's own. Nothing else is loosened: a line break or a
    glob character still finds nothing."""
    import unicodedata

    return unicodedata.normalize("NFKC", item_id).lower()


def _append(root: Path, item_id: str, key: str, entry: dict, before: tuple) -> str:
    from .filing import FilingError, Refused, append_entry

    try:
        return append_entry(root, _ledger_dir(root), _item_id(item_id), key, entry, before)
    except Refused as exc:
        _refused(root, exc)
    except FilingError as exc:
        _filing_failed(root, exc)


@main.command()
@click.option("--kind", callback=_alias_option("kind"), help="问题 problem, 需求 need, 资源 resource.")
@click.option("--title", help="One line, shown in lists.")
@click.option("--description", help="What the resident said, in plain words (no names, phones, rooms).")
@click.option("--category", help="A category id or name from estate.yml (repairs or 设施维修).")
@click.option("--building", help="Building id or name (7, 7幢, 7号楼); leave out for estate-wide matters.")
@click.option("--unit", help="Unit of that building (2 or 2单元).")
@click.option("--place", help="Where, in words (no room numbers).")
@click.option("--complexity", callback=_alias_option("complexity"),
              help="simple 简单: same day; complex 复杂: a clear answer within 3 days; project 重点项目: key matter.")
@click.option("--channel", callback=_alias_option("channel"),
              help="How it reached you: " + ", ".join(CHANNELS) + " (or the Chinese name: 电话, 热线, 上门 …).")
@click.option("--filed", help="When the resident reported it (default: now), e.g. 2026-11-20T18:00+08:00, 今天 9:30, 12月15日.")
@click.option("--id", "item_id", help="Item id (default: made from the date, e.g. 261120-k7qd).")
@click.option("--contact", help="The resident's call-back contact: kept ONLY in the private register, never in the ledger.")
@click.option("--no-input", is_flag=True, help="Never prompt; fail if a required value is missing (for scripts).")
@click.pass_obj
def new(root: Path, no_input: bool, contact: str | None, item_id: str | None, **fields):
    """File a new item: asks for what is missing (in a terminal), makes the id, validates
    the file exactly as CI will, and writes it. The id is the resident's receipt number.

    Example:

        echowall new --kind problem --title 2幢1单元楼道灯不亮 --description 二楼到三楼的灯坏了 --category repairs --building 2 --unit 1 --complexity simple --channel phone --contact 138xxxxxxxx
    """
    from .filing import FilingError, Refused, file_item, read_settings

    settings = read_settings(root, _ledger_dir(root))
    est = settings.estate
    if est is None:
        _echo(FORMATTERS["text"]([p for p in settings.problems if p.severity == "error"], _lang(root)), err=True)
        _fail("filing-estate")
    interactive = not no_input and _interactive()
    required = ("kind", "title", "description", "category", "complexity", "channel")
    # names where ids are expected (7幢, 设施维修): the file stores the id
    fields["category"] = _alias("category", fields["category"], root)
    fields["building"] = _alias("building", fields["building"], root)
    fields["unit"] = _alias("unit", fields["unit"], root, fields["building"])
    if interactive:
        ask = _ask
        fields["kind"] = fields["kind"] or ask(_t("cli-ask.kind"), value_proc=_alias_prompt("kind", root))
        fields["title"] = fields["title"] or ask(_t("cli-ask.title"))
        fields["description"] = fields["description"] or ask(_t("cli-ask.description"))
        _say("cli-ask.categories", categories=[f"{c.name}（{c.id}）" for c in est.categories])
        fields["category"] = fields["category"] or ask(_t("cli-ask.category"), value_proc=_alias_prompt("category", root))
        if fields["building"] is None:
            fields["building"] = ask(_t("cli-ask.building"), default="", show_default=False,
                                     value_proc=_alias_prompt("building", root)) or None
        b = settings.building(fields["building"]) if fields["building"] else None
        if b and fields["unit"] is None and b.units:
            fields["unit"] = ask(_t("cli-ask.unit", units=list(b.units)), default="", show_default=False,
                                 value_proc=_alias_prompt("unit", root, b.id)) or None
        fields["complexity"] = fields["complexity"] or ask(
            _t("cli-ask.complexity"), default="simple", value_proc=_alias_prompt("complexity", root))
        fields["channel"] = fields["channel"] or ask(
            _t("cli-ask.channel"), default="phone", value_proc=_alias_prompt("channel", root))
        if contact is None:
            contact = ask(_t("cli-ask.contact"), default="", show_default=False) or None
    missing = [k for k in required if not fields.get(k)]
    if missing:
        _fail("cli-missing", 2, options=[f"--{k}" for k in missing])
    fields["filed"] = _when(fields["filed"], root)
    try:
        rel, iid = file_item(root, _ledger_dir(root), fields, est.tz, item_id, contact)
    except Refused as exc:
        _refused(root, exc)
    except FilingError as exc:
        _filing_failed(root, exc)
    _say("cli-wrote", path=rel)
    if contact:
        from .register import register_path

        _say("cli-contact-kept", register=register_path(root).relative_to(root))
    _say("cli-receipt", id=iid)


@main.command()
@click.argument("item_id", metavar="ID")
@click.argument("type_", metavar="TYPE", callback=_alias_option("event-type"))
@click.option("--role", multiple=True, help="Role id or name from estate.yml (grid_leader or 网格长); repeat for joint handling.")
@click.option("--tier", help="Escalation tier id or name (dispatched, escalated).")
@click.option("--note", help="What was done or said (plain text).")
@click.option("--expected", help="progress: the date the work is expected to be done, e.g. 2026-12-15, 12月15日, 明天.")
@click.option("--item", "other", help="matched: the other item's id.")
@click.option("--channel", callback=_alias_option("channel"),
              help="urged, supported: how the resident urged, or said 我也遇到 (has it too): 电话, 上门, ….")
@click.option("--at", help="When (default: now), e.g. 2026-11-20T18:00+08:00, 今天 14:30, 昨天.")
@click.pass_obj
def event(root: Path, item_id: str, type_: str, role, tier, note, expected, other, channel, at):
    """Append an event (派单, 接单, 进展, 催单, 上报, 办结, …) to an item, keeping every comment
    and byte of the file; refused, with the file untouched, if the result would not validate.
    TYPE is the id (dispatched) or its Chinese word (派单); roles and tiers by id or name.

    Example:

        echowall event 260415-7kq2 progress --note 施工单位已进场 --expected 2026-12-15
    """
    entry: dict = {"at": _when(at, root) if at else None, "type": type_}  # None: now, under the lock
    if tier:
        entry["tier"] = _alias("tier", tier, root)
    if role:
        role = [_alias("role", r, root) for r in role]
        entry["role"] = role[0] if len(role) == 1 else role
    expected = _day(expected, root)
    for k, v in (("note", note), ("expected", expected), ("item", other), ("channel", channel)):
        if v:
            entry[k] = v
    rel = _append(root, item_id, "events", entry, before=("ratings", "links"))
    _say("cli-event-added", type=Phrase(f"cli-event.{type_}"), file=rel)


@main.command()
@click.argument("item_id", metavar="ID")
@click.argument("score", type=click.IntRange(1, 5))
@click.option("--outcome", required=True, callback=_alias_option("outcome"),
              help="What the resident said happened: fixed 已解决, partly 部分解决, not_fixed 未解决.")
@click.option("--channel", default="phone", show_default=True, callback=_alias_option("channel"),
              help="How the rating was collected (phone = call-back).")
@click.option("--comment", help="The resident's words (no names or numbers).")
@click.option("--at", help="When (default: now).")
@click.pass_obj
def rate(root: Path, item_id: str, score: int, outcome: str, channel: str, comment: str | None, at: str | None):
    """Record a resident's rating (评单, 1-5) of a resolved item, appended like an event.

    Example:

        echowall rate 260415-7kq2 4 --outcome fixed --comment 回访：不漏了
    """
    entry: dict = {"at": _when(at, root) if at else None, "score": score, "outcome": outcome, "channel": channel}
    if comment:
        entry["comment"] = comment
    rel = _append(root, item_id, "ratings", entry, before=("links",))
    _say("cli-rating-added", score=score, file=rel)


@main.group()
def media():
    """Photos attached to items (ledger/media/)."""


@media.command("add")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--item", "item_id", required=True, help="The item the photo belongs to.")
@click.pass_obj
def media_add(root: Path, file: Path, item_id: str):
    """Clean a photo and attach it to an item: re-encode the pixels only (no EXIF: GPS,
    camera, time; no colour profile: the pixels are converted to sRGB), turn it upright,
    shrink it to at most 2048 px and 2 MB, write it to ledger/media/<year>/<item>-<n>.<ext>,
    and add it to the item's photos.

    Example:

        echowall media add ~/Downloads/IMG_2041.jpg --item 260415-7kq2
    """
    from .edit import EditError, append_to_list, verify_append
    from .media import MediaError, next_photo_number, photo_name, strip_image

    _item_file(root, item_id)  # an unknown item fails before the photo is worked on
    try:
        data, ext = strip_image(file.read_bytes())
    except MediaError as exc:
        _fail("cli-file-error", file=file, error=exc.text(_lang()))
    except OSError as exc:
        _fail("cli-cannot-read", file=file, error=exc.strerror)
    ledger_dir = _ledger_dir(root)
    # from numbering the photo to renaming the item file, one command at a time
    with _ledger_lock(root):
        rel = _item_file(root, item_id)
        year = Path(rel).parent.name
        media = root / ledger_dir / "media"
        taken = {p.relative_to(media).as_posix() for p in (media / year).glob(f"{item_id}-*")}
        photo = photo_name(year, item_id, next_photo_number(taken, year, item_id), ext)
        old = _read_text(root, rel)
        try:
            new = append_to_list(old, "photos", photo, before=("events", "ratings", "links"))
            verify_append(old, new, "photos", photo, rel)
        except EditError as exc:
            _fail("cli-file-error", file=rel, error=exc.text(_lang()))
        target = root / ledger_dir / "media" / photo
        _write_atomic(target, data)
        try:
            _write_checked(root, rel, new, old)
        except SystemExit:
            target.unlink(missing_ok=True)  # the item was not changed: take the photo back out
            raise
    _say("cli-photo-added", photo=target.relative_to(root), kb=len(data) // 1024, file=rel)


@main.command()
@click.argument("target", required=False, metavar="ID|FILE")
@click.argument("field", required=False, metavar="FIELD")
@click.argument("text", required=False, metavar="TEXT")
@click.option("--reason", type=click.Choice(REASONS),
              help="personal_data: what the privacy rules flag; legal: anything else, on a request or decision.")
@click.option("--note", help="For legal: the request or decision behind it (no personal data).")
@click.option("--suggest", is_flag=True, help="List what the privacy rules flag anywhere in the ledger (texts, "
                                               "comments, estate.yml, buildings.yml, photo names), with the fix for each.")
@click.option("--write", is_flag=True, help="With --suggest: fix all of it — free text redacted (reason personal_data) "
                                             "and logged, comments and settings given the marker, photos renamed.")
@click.pass_obj
def redact(root: Path, target, field, text, reason, note, suggest: bool, write: bool):
    """Hide TEXT inside one FIELD of an item (by id) or a revenue file (by path) behind the
    marker ［已隐去］, and log it in the file's redactions: list (the field, the reason, the
    time), as `validate --base` requires. FIELD is a path like description or events.3.note
    (list positions from 0). The old commits still hold the text: see README on purging.

    Examples:

        echowall redact 260415-7kq2 events.2.note 13912345678 --reason personal_data
        echowall redact --suggest
        echowall redact --suggest --write
    """
    from .redaction import RedactError, parse_path
    from .redaction import redact as redact_text

    if suggest:
        if target or field or text:
            _fail("cli-redact-suggest-args", 2)
        _redact_suggestions(root, write)
        return
    if write:
        _fail("cli-redact-write", 2)
    if not (target and field and text and reason):
        _fail("cli-redact-args", 2)
    if reason == "legal" and not (note or "").strip():
        _fail("cli-redact-note", 2)
    rel = target if target.endswith(".yml") else _item_file(root, target)
    path = root / rel
    if not path.is_file() or path.is_symlink():
        _fail("cli-no-file", 1, file=rel)
    old = path.read_text(encoding="utf-8")
    try:
        new = redact_text(old, rel, parse_path(field), text, reason, _now_local(root).isoformat(), note or "")
    except RedactError as exc:
        _fail("cli-file-error", file=rel, error=exc.text(_lang()))
    _write_checked(root, rel, new, old)
    _say("cli-redacted", field=field, file=rel, reason=reason)


def _redact_suggestions(root: Path, write: bool) -> None:
    from .load import load_ledger
    from .redaction import plan_fixes

    plan = plan_fixes(load_ledger(root, _ledger_dir(root)), _now_local(root).isoformat())
    for f in plan.fixes:
        place = f"{f.path}:{f.line}" if f.line else f.path
        _say("cli-suggestion", place=place, where=f.where, text=f.text, code=f.code)
        if f.problem:
            _say("cli-suggestion.cannot", err=True, problem=f.problem)
        elif not write:
            _say("cli-suggestion.command", command=f.command) if f.command else _say("cli-suggestion.write")
    if write:
        done = []
        try:
            for old, new in plan.renames:
                (root / new).parent.mkdir(parents=True, exist_ok=True)
                os.replace(root / old, root / new)
                done.append((old, new))
                _say("cli-renamed", old=old, new=new)
            for rel, text in sorted(plan.writes.items()):
                _write_checked(root, rel, text, (root / rel).read_text(encoding="utf-8"))
        except (OSError, SystemExit) as exc:
            for old, new in reversed(done):  # the files were not changed: put the photos back
                os.replace(root / new, root / old)
            if isinstance(exc, OSError):
                _fail("cli-cannot-rename", error=exc.strerror)
            raise
    fixed = sum(not f.problem for f in plan.fixes)
    _say("cli-suggestions.fixed", count=len(plan.fixes), fixed=fixed) if write else \
        _say("cli-suggestions", count=len(plan.fixes))


@main.command("import")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--from", "source", type=click.Choice(["form", "12345", "open311", "csv"]),
              help="form: 问卷星/腾讯问卷/金数据 export; 12345: hotline work-order sheet; open311: GeoReport v2 "
                   "JSON or XML; csv: 311-style CSV (NYC open data columns).")
@click.option("--mapping", type=click.Path(dir_okay=False, path_type=Path),
              help="Mapping file (columns, categories, statuses, satisfaction); default: the source's template.")
@click.option("--dry-run", is_flag=True, help="Check everything and say what would change; write nothing.")
@click.option("--apply-review", "review", type=click.Path(dir_okay=False, path_type=Path),
              help="Complete an import with the decisions in its review file (private/import-review-….yml).")
@click.pass_obj
def import_(root: Path, file, source, mapping, dry_run: bool, review):
    """Import existing records: each becomes an item (ref = the source's id) or adds the
    events it does not have yet. All or nothing; personal data found goes to a review file.

    Example:

        echowall import 工单.xlsx --from 12345 --mapping my-12345.yml
    """
    from .importers.command import run

    with _ledger_lock(root):
        lines, code = run(root, _ledger_dir(root), _lang(root), file, source, mapping, dry_run, review)
    for text, err in lines:
        _echo(text, err=err)
    sys.exit(code)


@main.command("fix-symlinks")
@click.option("--dry-run", is_flag=True, help="Only list the links.")
@click.pass_obj
def fix_symlinks(root: Path, dry_run: bool):
    """Replace every symbolic link under the ledger folder with a copy of what it points to
    (an upgrade from v1, which allowed links inside the ledger). A link to nothing, or out of
    the repository, is listed and left for you to decide.

    Example:

        echowall fix-symlinks --dry-run
    """
    import shutil

    from .load import symlinks_in

    ledger_dir = _ledger_dir(root)
    links = symlinks_in(root, ledger_dir)
    left = 0
    for rel, target in links:
        path = root / rel
        inside = target.is_relative_to(root.resolve()) and target.exists()
        if not inside:
            left += 1
            _say("cli-link-outside", link=rel, target=target)
            continue
        _say("cli-link", link=rel, target=target.relative_to(root.resolve()).as_posix())
        if dry_run:
            continue
        tmp = path.with_name(f".{path.name}.fix-{os.getpid()}")
        try:
            if target.is_dir():
                shutil.copytree(target, tmp, symlinks=True)
            else:
                shutil.copy2(target, tmp)
            path.unlink()
            os.replace(tmp, path)
        except OSError as exc:
            shutil.rmtree(tmp, ignore_errors=True) if tmp.is_dir() else tmp.unlink(missing_ok=True)
            _fail("cli-cannot-replace", file=rel, error=exc.strerror)
    _say("cli-links.dry-run" if dry_run else "cli-links", count=len(links), left=left)
    sys.exit(1 if left else 0)

@media.command("clean")
@click.option("--apply", "apply_", is_flag=True,
              help="Make the changes. Without it, only say what would change (a dry run).")
@click.pass_obj
def media_clean(root: Path, apply_: bool):
    """Bring every photo into the form `media add` writes (for ledgers from before the photo
    rules): re-encode photos with metadata, a colour profile, foreign blocks or data after
    the end; rename photos to <year>/<item>-<n>.<ext> and update the item's photos entry;
    delete files no item lists. A dry run unless --apply. Exit 1 if anything is left that
    it cannot fix (listed).

    Example:

        echowall media clean            # what would change
        echowall media clean --apply    # do it, then commit the result
    """
    from .mediaclean import CleanError, plan_clean

    try:
        plan = plan_clean(root, _ledger_dir(root))
    except CleanError as exc:
        if exc.problems:
            _echo(FORMATTERS["text"](exc.problems, _lang(root)), err=True)
        _fail("cli-clean-error", error=exc.text(_lang()))
    if apply_:  # new files first, then the items naming them, then what nobody names
        for rel, data in plan.write.items():
            _write_atomic(root / rel, data)
        for rel, text in plan.items.items():
            _write_atomic(root / rel, text, keep_mode=True)
        media = (root / _ledger_dir(root) / "media").resolve()
        for rel in plan.remove:
            _remove(root / rel, media)
    lang = _lang(root)
    for c in plan.done:
        codes = ", ".join(dict.fromkeys(p.code for p in c.problems))
        _say(f"cli-clean.{c.action}" + ("-done" if apply_ else ""), path=c.path,
             how=Phrase("cli-clean.reencoded") if c.reencoded else "",
             to=Phrase("cli-clean.moved", to=c.to, item=c.item, line=c.line) if c.to else "",
             codes=f"  [{codes}]" if codes else "")
    for c in plan.left:
        for p in c.problems:
            _say("cli-clean-left", err=True, problem=p.format(lang))
        if not c.problems:  # an item the schema refused: `echowall validate` says why
            _say("cli-clean-left.validate", err=True, path=c.path, line=c.line)
    n = len(plan.done)
    if not n:
        _say("cli-clean-none" if not plan.left else "cli-clean-none.left")
    else:
        _say("cli-clean-made" if apply_ else "cli-clean-to-make", count=n)
    if plan.left:
        _fail("cli-clean-left.count", count=len(plan.left))


def _remove(path: Path, media: Path) -> None:
    """Delete a file (a symbolic link itself, never its target), then the folders under
    ledger/media/ it leaves empty."""
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        _fail("cli-cannot-remove", path=path, error=exc.strerror)
    folder = path.parent
    while folder != media and media in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            break  # not empty
        folder = folder.parent


@main.command("print")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("out/print"),
              show_default=True, help="Folder for the PDF files.")
@click.option("--building", help="Only this building: its poster(s), labels and status sheet.")
@click.option("--unit", help="With --building: only this unit's poster and label.")
@click.option("--copies", type=click.IntRange(1, 999), default=1, show_default=True,
              help="Print each label this many times (e.g. 21 fills a 3 × 7 sheet with one code).")
@as_of_option("Status sheets as of this instant (default: SOURCE_DATE_EPOCH, else now).")
@click.pass_obj
def print_(root: Path, out: Path, building: str | None, unit: str | None, copies: int, as_of):
    """Make the print sheets as PDF: A4 posters (one per building and per unit), QR label
    sheets, and the stairwell status sheets. The site build makes the same files under print/.

    Print on A4 at 100 % ("actual size"); labels on the stock named in site_templates/print.yml.

    Example:

        echowall print --building 3 --unit 2
    """
    from .labels import LabelsError
    from .pipeline import prepare
    from .render.sheets import PrintError, find_font, font_option, render_print
    from .siteconfig import site_config_of

    if unit is not None and building is None:
        _fail("cli-unit-needs-building", 2)
    building = _alias("building", building, root)  # 7幢, 7号楼: the id
    unit = _alias("unit", unit, root, building)
    when = _now_or(as_of)
    cfg = _mkdocs_config(root)
    plugin = _plugin(cfg)
    checked = _checked_or_fail(root, plugin.config.ledger, "cli-nothing-printed")
    try:
        files = render_print(prepare(checked, when), site_config_of(cfg, plugin.config),
                             root / plugin.config.templates, find_font(font_option(root, plugin.config.font)),
                             building=building, unit=unit, per_building=False, copies=copies)
    except (PrintError, LabelsError) as exc:
        _fail("cli-print-failed", detail=str(exc))
    out = out if out.is_absolute() else Path.cwd() / out
    for name, data in files.items():
        p = out / name.removeprefix("print/")
        _write_atomic(p, data)
        _say("cli-wrote", path=p)


@main.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the schema files (default: schema/ in the repository).")
@click.option("--check", is_flag=True, help="Exit 1 if the files on disk differ from the format.")
@click.pass_obj
def schema(root: Path, out: Path | None, check: bool):
    """Write JSON Schema files for the ledger format (for editors' YAML language server).

    Example:

        echowall schema --check
    """
    from .schema import SCHEMAS, json_schema

    out = out or root / "schema"
    stale = []
    for name in SCHEMAS:
        text = json.dumps(json_schema(name), ensure_ascii=False, indent=2) + "\n"
        p = out / f"{name}.schema.json"
        if check:
            if not p.is_file() or p.read_text(encoding="utf-8") != text:
                stale.append(str(p))
        else:
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(text, encoding="utf-8")
    if check and stale:
        _fail("cli-schema-stale", files=stale)
    _say("cli-schema-ok") if check else _say("cli-schema-wrote", count=len(SCHEMAS), out=out)


def _log_to_stderr(level=logging.WARNING):
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_echowall", False) for h in logger.handlers):
        h = logging.StreamHandler(sys.stderr)
        h.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        h._echowall = True  # type: ignore[attr-defined]
        logger.addHandler(h)
    logger.setLevel(level)


if __name__ == "__main__":  # pragma: no cover
    main()
