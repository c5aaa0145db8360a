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
    # libyaml's loader when PyYAML has it: the table is read by every command, and the pure
    # Python loader takes ~15 times as long for it (the volunteer commands' budget is 0.3 s)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(files("echowall").joinpath("messages.yml").read_text(encoding="utf-8"), Loader=loader)
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
    """A parameter that is itself a message key (`privacy-fix.comment`), with parameters of
    its own if any: shown as that message in the problem's language; in JSON it stays the key."""

    def __new__(cls, key: str, **params):
        obj = super().__new__(cls, key)
        obj.params = params
        return obj


class MessageError(ValueError):
    """What the library raises for a command to show: a message code plus parameters, said
    in the command's language. str() is the English text (logs, MkDocs' own output)."""

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        super().__init__(render(code, params))

    def text(self, lang: str) -> str:
        return render(self.code, self.params, lang)


# Parameters whose values are fixed English words from the code (a schema label, a hint, an
# event type, a kind): shown through `word.<value>` in the problem's language when the table
# has it. Only these names: a resident's own text (`value`, `text`) is never translated.
WORD_PARAMS = frozenset({"expected", "hint", "what", "kind", "direction", "direction2", "type", "state", "allowed"})


def _word(name: str, v, lang: str):
    if name in WORD_PARAMS and isinstance(v, str) and not isinstance(v, Phrase) and lang != FALLBACK:
        return table().get(lang, {}).get(f"word.{v}", v)
    if name in WORD_PARAMS and isinstance(v, (list, tuple)) and lang != FALLBACK:
        return [table().get(lang, {}).get(f"word.{x}", x) if isinstance(x, str) else x for x in v]
    return v


def _value(v, lang: str):
    if isinstance(v, Phrase):
        return render(str(v), getattr(v, "params", {}), lang)
    if isinstance(v, (list, tuple, set, frozenset)):
        items = [str(_value(x, lang)) for x in v]
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
    values = {k: _value(_word(k, v, lang), lang) for k, v in params.items()}
    if tpl is None:
        return key + "".join(f" {k}={v}" for k, v in sorted(values.items()))
    try:
        return tpl.format(**values)
    except (KeyError, IndexError, ValueError):
        return tpl + "".join(f" {k}={v}" for k, v in sorted(values.items()))
