"""Problem messages: a problem is a code plus parameters; its words live in messages.yml.

The library never builds a sentence: a check says `error(where, "ref-unit", unit=u,
building=b, units=[...])`, and the text is made only when a problem is shown, in the
language asked for (en complete; zh falls back to en key by key until it is written).
"""
from __future__ import annotations

import string
from datetime import date, datetime
from functools import lru_cache
from importlib.resources import files

import yaml

LANGUAGES = ("zh", "en")
FALLBACK = "en"
_SEPARATOR = {"en": ", ", "zh": "、"}
_EMPTY = "—"


@lru_cache(maxsize=1)
def table() -> dict[str, dict[str, str]]:
    data = yaml.safe_load(files("echowall").joinpath("messages.yml").read_text(encoding="utf-8"))
    return {lang: dict(data.get(lang) or {}) for lang in data}


def template(key: str, lang: str = FALLBACK) -> str | None:
    return _find(key, lang)[0]


def _find(key: str, lang: str) -> tuple[str | None, str]:
    """(template, the language it is in): `lang`'s own, else English."""
    t = table()
    own = t.get(lang, {}).get(key)
    return (own, lang) if own else (t[FALLBACK].get(key), FALLBACK)


def fields(tpl: str) -> set[str]:
    """The parameter names a template uses."""
    return {name for _, name, _, _ in string.Formatter().parse(tpl) if name}


class Phrase(str):
    """A parameter that is itself a message key (`privacy-fix.comment`): shown as that
    message in the problem's language; in JSON it stays the key."""

    __slots__ = ()


def _value(v, lang: str):
    if isinstance(v, Phrase):
        return render(str(v), {}, lang)
    if isinstance(v, (list, tuple, set, frozenset)):
        items = [str(x) for x in v]
        return _SEPARATOR.get(lang, ", ").join(items) if items else _EMPTY
    if isinstance(v, datetime):
        return v.isoformat()
    if isinstance(v, date):
        return v.isoformat()
    return v


def render(key: str, params: dict, lang: str = FALLBACK) -> str:
    """The message for `key` with `params`, in `lang`. Never raises: a key or parameter
    missing from the table (a bug, caught by tests/test_messages.py) still shows both."""
    tpl, lang = _find(key, lang)
    values = {k: _value(v, lang) for k, v in params.items()}
    if tpl is None:
        return key + "".join(f" {k}={v}" for k, v in sorted(values.items()))
    try:
        return tpl.format(**values)
    except (KeyError, IndexError, ValueError):
        return tpl + "".join(f" {k}={v}" for k, v in sorted(values.items()))
