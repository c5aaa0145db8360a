"""Problems are values: every one carries a place, a stable code, a severity and a plain message.

Validation collects them all and never stops at the first; the CLI and the MkDocs plugin
only format them.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable, NamedTuple

from .messages import render
from .text import json_safe, printable

ERROR = "error"
WARNING = "warning"


class Source(NamedTuple):
    """A place in a ledger file. `path` is relative to the repository root, with '/'."""

    path: str
    line: int = 0  # 1-based; 0 means "the file as a whole"
    column: int = 0  # 1-based; 0 when unknown

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.column or 1}"
        return self.path


@dataclass(frozen=True)
class Problem:
    """A code plus parameters; the words come from messages.yml when it is shown."""

    source: Source
    code: str
    params: tuple = ()  # ((name, value), ...) in the order given
    severity: str = ERROR
    variant: str = ""  # a second wording of the same code: messages.yml key code.variant

    @property
    def key(self) -> str:
        return f"{self.code}.{self.variant}" if self.variant else self.code

    @property
    def path(self) -> str:
        return self.source.path

    @property
    def line(self) -> int:
        return self.source.line

    @property
    def column(self) -> int:
        return self.source.column

    @property
    def message(self) -> str:
        return self.text()

    def text(self, lang: str = "en") -> str:
        return render(self.key, dict(self.params), lang)

    def as_dict(self, lang: str = "en") -> dict:
        return {
            "path": self.source.path,
            "line": self.source.line,
            "column": self.source.column,
            "code": self.code,
            "severity": self.severity,
            "message": self.text(lang),
            "params": {k: _json_value(v) for k, v in self.params},
        }

    def format(self, lang: str = "en") -> str:
        """One line, safe on a terminal: a value's control characters and line breaks are
        shown as escapes (\\x1b, \\x0a), never acted on."""
        return printable(f"{self.source}: {self.severity}[{self.code}] {self.text(lang)}", one_line=True)

    def __str__(self) -> str:
        return self.format()


def _json_value(v):
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    if isinstance(v, (list, tuple, set, frozenset)):
        return [_json_value(x) for x in v]
    return str(v)


def error(source: Source, code: str, variant: str = "", /, **params) -> Problem:
    """An error `code` at `source`; `variant` picks a second wording (messages.yml key
    code.variant); the keyword arguments are the message's parameters."""
    return Problem(source, code, tuple(params.items()), ERROR, variant)


def warning(source: Source, code: str, variant: str = "", /, **params) -> Problem:
    return Problem(source, code, tuple(params.items()), WARNING, variant)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.source.path, p.source.line, p.source.column, p.code, p.message))


def has_errors(problems: Iterable[Problem], strict: bool = False) -> bool:
    return any(p.severity == ERROR or strict for p in problems)


def format_text(problems: list[Problem], lang: str = "en") -> str:
    lines = [p.format(lang) for p in problems]
    errors = sum(p.severity == ERROR for p in problems)
    warnings = len(problems) - errors
    lines.append(render("problems-summary", {"errors": errors, "warnings": warnings}, lang))
    return "\n".join(lines)


def format_json(problems: list[Problem], lang: str = "en") -> str:
    return json_safe(json.dumps([p.as_dict(lang) for p in problems], ensure_ascii=False, indent=2))


def _gh_escape(value: str, prop: bool = False) -> str:
    # GitHub workflow-command escaping (also understood by Gitea/Forgejo Actions).
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(problems: list[Problem], lang: str = "en") -> str:
    out = []
    for p in problems:
        props = [f"file={_gh_escape(p.source.path, True)}"]
        if p.source.line:
            props.append(f"line={p.source.line}")
        if p.source.column:
            props.append(f"col={p.source.column}")
        props.append(f"title={_gh_escape(p.code, True)}")
        out.append(printable(f"::{p.severity} {','.join(props)}::{_gh_escape(p.text(lang))}", one_line=True))
    return "\n".join(out)


FORMATTERS = {"text": format_text, "json": format_json, "github": format_github}
