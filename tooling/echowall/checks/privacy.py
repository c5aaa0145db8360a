"""Personal data in the free text of items and revenue entries, each hit at its exact line
and column (privacy.py has the rules). Keys that would hold a person are refused by the
schema (`privacy-key`)."""
from __future__ import annotations

from ..privacy import digits, find_personal_data
from ..problems import Problem, error
from ..yamlsrc import locate

ITEM_TEXT = ("title", "description", "place")
EVENT_TEXT = ("note",)
RATING_TEXT = ("comment",)
ENTRY_TEXT = ("description", "evidence", "approval", "counterparty")


def _texts(doc):
    """(path, text) of every free-text field in an item or revenue document."""
    d = doc.data
    if not isinstance(d, dict):
        return
    if "entries" in d or "opening_balance" in d:  # a revenue period
        if isinstance(d.get("note"), str):
            yield ("note",), d["note"]
        for i, e in enumerate(d.get("entries") or []):
            if isinstance(e, dict):
                for k in ENTRY_TEXT:
                    if isinstance(e.get(k), str):
                        yield ("entries", i, k), e[k]
        return
    for k in ITEM_TEXT:
        if isinstance(d.get(k), str):
            yield (k,), d[k]
    for key, fields in (("events", EVENT_TEXT), ("ratings", RATING_TEXT)):
        for i, e in enumerate(d.get(key) or []):
            if isinstance(e, dict):
                for k in fields:
                    if isinstance(e.get(k), str):
                        yield (key, i, k), e[k]


def allowed(estate) -> tuple[frozenset, frozenset]:
    """The estate's public numbers and values, which may appear anywhere."""
    if estate is None:
        return frozenset(), frozenset()
    numbers = {digits(estate.contact.office_phone), *(digits(n) for n in estate.contact.public_numbers)}
    values = set()
    for r in estate.intake:
        if r.value:
            values.add(r.value)
            if r.kind == "phone":
                numbers.add(digits(r.value))
    return frozenset(n for n in numbers if n), frozenset(values)


def check_text(doc, numbers, values) -> list[Problem]:
    out: list[Problem] = []
    for path, value in _texts(doc):
        for hit in find_personal_data(value, numbers, values):
            out.append(error(locate(doc, path, value, hit.start, hit.text), hit.code, hit.variant, text=hit.text))
    return out


def check_privacy(ledger, ctx) -> list[Problem]:
    numbers, values = allowed(ledger.estate)
    out: list[Problem] = []
    raw = ledger.raw
    for doc in list(raw.items) + list(raw.revenue):
        out.extend(check_text(doc, numbers, values))
    return out
