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
    elif ctx is not None:  # before the group has run (`echowall --help`): --root as given, else here
        lang = read_option(ctx.find_root().params.get("root") or Path("."), site_language, "zh")
    return lang


def _early_lang(ctx, param, value):
    """--lang is read before --help (both eager, in the order typed), so that
    `echowall --lang en --help` is English."""
    if value:
        ctx.meta["echowall.lang"] = value
    return value


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


def as_of_option():
    """--as-of, declared once: parsed to an aware datetime (a bad one is a usage error); its
    help is each command's own (help.<command>.as-of)."""
    return click.option("--as-of", "as_of", metavar="T", callback=_parse_as_of)


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


def _help_key(ctx, param=None) -> str:
    """The messages.yml key of a command's help (`help.media.add`, `help.root` for the group)
    or of one of its options (`help.new.channel`, by the option's longest name)."""
    path = ctx.command_path.split()[1:]
    key = "help." + (".".join(path) if path else "root")
    return f"{key}.{max(param.opts, key=len).lstrip('-')}" if param is not None else key


# Help texts with a parameter taken from the format, so that a value added to it shows here
_HELP_PARAMS = {"help.new.channel": lambda: {"channels": list(CHANNELS)}}


class _Helps:
    """--help in the run's language: the command's text, each option's and click's own
    headings come from messages.yml (help.*, help-*) when help is shown — nothing is read at
    import, so a volunteer command starts as fast as before."""

    def _help(self, ctx, param=None) -> str:
        key = _help_key(ctx, param)
        return _t(key, **_HELP_PARAMS.get(key, lambda: {})())

    def format_usage(self, ctx, formatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), _t("help-usage") + " ")

    def format_help_text(self, ctx, formatter) -> None:
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(self._help(ctx))

    def _option_record(self, ctx, param):
        if param.hidden:
            return None
        text = _t("help-help") if param is self.get_help_option(ctx) else self._help(ctx, param)
        extra = param.get_help_extra(ctx)
        items = ([_t("help-default", default=extra["default"])] if "default" in extra else []) + \
            ([extra["range"]] if "range" in extra else []) + ([_t("help-required")] if "required" in extra else [])
        return param.get_help_spec(ctx), (f"{text}  [{'; '.join(items)}]" if items else text)

    def format_options(self, ctx, formatter) -> None:
        rows = [r for p in self.get_params(ctx) if isinstance(p, click.Option)
                for r in [self._option_record(ctx, p)] if r is not None]
        if rows:
            with formatter.section(_t("help-options")):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)

    def format_commands(self, ctx, formatter) -> None:
        cmds = [(n, c) for n in self.list_commands(ctx) for c in [self.get_command(ctx, n)]
                if c is not None and not c.hidden]
        limit = formatter.width - formatter.current_indent - 2 * 2 - max((len(n) for n, _ in cmds), default=0)
        rows = [(n, _short_help(c._help(click.Context(c, info_name=n, parent=ctx)), limit)) for n, c in cmds]
        if rows:
            with formatter.section(_t("help-commands")):
                formatter.write_dl(rows)


def _wide(c: str) -> bool:
    import unicodedata

    return unicodedata.east_asian_width(c) in ("W", "F")


def _cols(text: str) -> int:
    """Terminal columns: a Chinese character takes two."""
    return sum(2 if _wide(c) else 1 for c in text)


def _wrap(text: str, width: int) -> list[str]:
    """Help text in lines of at most `width` columns: paragraphs rewrapped (a line break inside
    Chinese joins without a space; Chinese breaks between any two characters, English between
    words); an indented paragraph (an example) kept line by line."""
    out: list[str] = []
    for para in text.strip("\n").split("\n\n"):
        lines = para.split("\n")
        if out:
            out.append("")
        if lines[0].startswith(" "):
            out += [line.rstrip() for line in lines]
            continue
        joined = ""
        for line in (x.strip() for x in lines):
            if joined and line and not (_wide(joined[-1]) or _wide(line[0])):
                joined += " "
            joined += line
        tokens, word = [], ""
        for c in joined:
            if c == " " or _wide(c):
                tokens += [word, c] if word else [c]
                word = ""
            else:
                word += c
        tokens += [word] if word else []
        line = ""
        for t in tokens:
            if line.strip() and _cols(line + t) > width and t not in "，。、；：）」』！？…":  # not at a line's start
                out.append(line.rstrip())
                line = ""
            if line or t != " ":
                line += t
        out.append(line.rstrip())
    return out


def _short_help(text: str, limit: int) -> str:
    """A command's line in the list of commands: the first sentence of its help, cut to
    `limit` columns."""
    first = _wrap(text.split("\n\n")[0], 10 ** 6)[0]
    ends = [i for i in (first.find(e) for e in ("。", "；", "：", ". ", "; ")) if i > 0]
    first = first[:min(ends)] if ends else first.rstrip(".")
    while _cols(first) > limit:
        first = first[:-2] + "…"
    return first


class _Formatter(click.HelpFormatter):
    """click's help layout, wrapped by terminal columns (Chinese characters are two wide)."""

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        self.write("".join(f"{indent}{line}\n" if line else "\n" for line in _wrap(text, self.width - len(indent))))

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max(_cols(a) for a, _ in rows), col_max) + col_spacing
        pad = " " * (first_col + self.current_indent)
        for term, text in rows:
            self.write(" " * self.current_indent + term)
            lines = _wrap(text, max(self.width - first_col - 2, 10)) if text else [""]
            self.write(" " * (first_col - _cols(term)) if _cols(term) <= first_col - col_spacing else "\n" + pad)
            self.write("".join(f"{line}\n" if i == 0 else f"{pad}{line}\n" for i, line in enumerate(lines)))


class _Context(click.Context):
    formatter_class = _Formatter


class _Command(_Helps, click.Command):
    """A command whose --help is said in the run's language (_Helps)."""

    context_class = _Context


class _Group(_Helps, click.Group):
    """The command group: an argument that is not UTF-8 text (a GBK terminal) is a usage
    error, said in one line before anything else reads it; click's usage errors are said in
    the run's language; --help in the run's language (_Helps)."""

    group_class = type  # `media` is one of these too
    command_class = _Command
    context_class = _Context

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
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".", is_eager=True)
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None, is_eager=True, callback=_early_lang)
@click.pass_context
def main(ctx, root: Path, lang: str | None):
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
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATTERS)), default="text", show_default=True)
@click.option("--strict", is_flag=True)
@click.option("--base", metavar="REV")
@click.option("--changed-only", is_flag=True)
@click.option("--list-checks", is_flag=True)
@click.pass_obj
def validate(root: Path, fmt: str, strict: bool, base: str | None, changed_only: bool, list_checks: bool):
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
@as_of_option()
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None)
@click.option("--strict", is_flag=True)
@click.pass_obj
def build(root: Path, as_of, site_dir: Path | None, strict: bool):
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
    # The ledger is read here once; its checks run in a forked process while the plugin
    # derives the model (pipeline.start_check), and their verdict is awaited before MkDocs
    # writes anything; the problems print in the same form as `echowall validate`.
    from .pipeline import start_check

    checked = start_check(root, plugin.config.ledger)
    try:
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
    finally:
        checked.close()  # the checking process, if the build stopped before its verdict
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
        if checked.result().errors:  # the plugin stopped on them (said in one line): list them
            _echo(FORMATTERS["text"](checked.result().problems, _lang(root)), err=True)
            _fail("cli-ledger-problems", outcome=kept)
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
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True)
@as_of_option()
@click.pass_obj
def serve(root: Path, dev_addr: str, as_of):
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
              show_default=True)
@click.option("--building", "only")
@click.pass_obj
def qr(root: Path, out: Path, only: str | None):
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
@as_of_option()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def overdue(root: Path, as_of, fmt: str):
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
@click.option("--month")
@as_of_option()
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.pass_obj
def report(root: Path, month: str | None, as_of, out: Path | None):
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
@click.option("--kind", callback=_alias_option("kind"))
@click.option("--title")
@click.option("--description")
@click.option("--category")
@click.option("--building")
@click.option("--unit")
@click.option("--place")
@click.option("--complexity", callback=_alias_option("complexity"))
@click.option("--channel", callback=_alias_option("channel"))
@click.option("--filed")
@click.option("--id", "item_id")
@click.option("--contact")
@click.option("--no-input", is_flag=True)
@click.pass_obj
def new(root: Path, no_input: bool, contact: str | None, item_id: str | None, **fields):
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
@click.option("--role", multiple=True)
@click.option("--tier")
@click.option("--note")
@click.option("--expected")
@click.option("--item", "other")
@click.option("--channel", callback=_alias_option("channel"))
@click.option("--at")
@click.pass_obj
def event(root: Path, item_id: str, type_: str, role, tier, note, expected, other, channel, at):
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
@click.option("--outcome", required=True, callback=_alias_option("outcome"))
@click.option("--channel", default="phone", show_default=True, callback=_alias_option("channel"))
@click.option("--comment")
@click.option("--at")
@click.pass_obj
def rate(root: Path, item_id: str, score: int, outcome: str, channel: str, comment: str | None, at: str | None):
    entry: dict = {"at": _when(at, root) if at else None, "score": score, "outcome": outcome, "channel": channel}
    if comment:
        entry["comment"] = comment
    rel = _append(root, item_id, "ratings", entry, before=("links",))
    _say("cli-rating-added", score=score, file=rel)


@main.group()
def media():
    pass


@media.command("add")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--item", "item_id", required=True)
@click.pass_obj
def media_add(root: Path, file: Path, item_id: str):
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
@click.option("--reason", type=click.Choice(REASONS))
@click.option("--note")
@click.option("--suggest", is_flag=True)
@click.option("--write", is_flag=True)
@click.pass_obj
def redact(root: Path, target, field, text, reason, note, suggest: bool, write: bool):
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
@click.option("--from", "source", type=click.Choice(["form", "12345", "open311", "csv"]))
@click.option("--mapping", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True)
@click.option("--apply-review", "review", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def import_(root: Path, file, source, mapping, dry_run: bool, review):
    from .importers.command import run

    with _ledger_lock(root):
        lines, code = run(root, _ledger_dir(root), _lang(root), file, source, mapping, dry_run, review)
    for text, err in lines:
        _echo(text, err=err)
    sys.exit(code)


@main.command("fix-symlinks")
@click.option("--dry-run", is_flag=True)
@click.pass_obj
def fix_symlinks(root: Path, dry_run: bool):
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
@click.option("--apply", "apply_", is_flag=True)
@click.pass_obj
def media_clean(root: Path, apply_: bool):
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
              show_default=True)
@click.option("--building")
@click.option("--unit")
@click.option("--copies", type=click.IntRange(1, 999), default=1, show_default=True)
@as_of_option()
@click.pass_obj
def print_(root: Path, out: Path, building: str | None, unit: str | None, copies: int, as_of):
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
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None)
@click.option("--check", is_flag=True)
@click.pass_obj
def schema(root: Path, out: Path | None, check: bool):
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
