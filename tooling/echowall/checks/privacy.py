"""Personal data anywhere it would be published, each hit at its exact line and column
(privacy.py has the rules).

Everything in the ledger is public — the site shows the values, and the repository shows the
raw YAML, comments included — so every text of every file is scanned: items (title,
description, place, notes, comments, photo names, `ref`), revenue periods (descriptions,
evidence, approvals, counterparties, notes), `estate.yml` and `buildings.yml` (names,
descriptions, intake notes, places), YAML comments in all of them, and the names of the files
under `ledger/media/`. What the estate publishes on purpose is exempt: its public numbers,
its intake values and the names of staff who agreed to be named (`contact.public_names`).

Each problem says where the text is (`fix`: free text, a comment, a photo name, a setting,
a `ref`), so the message says how to take it out there. Keys that would hold a person are
refused by the schema (`privacy-key`).
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from ..messages import Phrase
from ..privacy import Public, digits, find_personal_data
from ..problems import Problem, Source, error
from ..yamlsrc import locate

# Values whose form the schema fixes (ids, dates, enums, amounts): nothing personal fits them.
STRUCTURED = frozenset({"id", "kind", "category", "building", "unit", "complexity", "filed", "channel", "at",
                        "type", "tier", "role", "expected", "item", "score", "outcome", "relation", "path",
                        "reason", "date", "direction", "amount", "account", "currency", "opening_balance",
                        "closing_balance", "reverses", "items", "budget", "timezone", "units", "households",
                        "from", "complex_days", "min_sample", "backdate_days", "approval_threshold",
                        "shared_income", "earning_cost"})
# estate.yml: the declarations of what is public are not themselves findings
PUBLIC_DECLARATIONS = (("contact", "office_phone"), ("contact", "public_numbers"), ("contact", "public_names"),
                       ("intake", None, "value"), ("ref_sources", None, "pattern"))
PHOTO_TYPES = (".jpg", ".jpeg", ".png", ".webp")

# where the text is, for the message's "what to do" (messages.yml privacy-fix.*)
FIXES = tuple(Phrase(f"privacy-fix.{w}") for w in ("text", "comment", "photo", "setting", "ref"))
TEXT, COMMENT, PHOTO, SETTING, REF = FIXES


def _declared_public(path: tuple) -> bool:
    for decl in PUBLIC_DECLARATIONS:
        if len(path) >= len(decl) and all(d is None or d == p for d, p in zip(decl, path)):
            return True
    return False


def published_texts(doc, setting: bool = False):
    """(path, text, fix, field) of every published text of a document: every string that is
    not a structured value. In estate.yml and buildings.yml (`setting`) the public
    declarations are left out."""
    data = doc.data

    def walk(value, path):
        if isinstance(value, dict):
            for k, v in value.items():
                if not isinstance(k, str):
                    continue
                if k == "ref" and not path and isinstance(v, dict):
                    if isinstance(v.get("id"), str):
                        yield ("ref", "id"), v["id"], REF, "ref"
                    continue
                if k in STRUCTURED:
                    continue
                yield from walk(v, path + (k,))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                yield from walk(v, path + (i,))
        elif isinstance(value, str):
            if setting and _declared_public(path):
                return
            if path[:1] == ("photos",):
                yield path, value, PHOTO, "photo"
            else:
                yield path, value, SETTING if setting else TEXT, path[-1] if path and isinstance(path[-1], str) else ""

    if isinstance(data, (dict, list)):
        yield from walk(data, ())


_COMMENT_START = re.compile(r"(?:^|(?<=[ \t]))#", re.M)


def comments(doc):
    """(line, column, text) of every YAML comment: a `#` at the start of a line or after a
    space, outside any scalar (a `#` inside a quoted or block value is text, scanned as a
    value)."""
    text = doc.text
    if not text or "#" not in text:
        return
    inside = getattr(doc, "hash_spans", ())
    starts = None
    for m in _COMMENT_START.finditer(text):
        i = m.start()
        if inside:
            if starts is None:
                starts = [0]
                for n, ch in enumerate(text):
                    if ch == "\n":
                        starts.append(n + 1)
            if any(a <= i < b for a, b in _offsets(inside, starts)):
                continue
        line_start = text.rfind("\n", 0, i) + 1
        line_end = text.find("\n", i)
        line_end = len(text) if line_end < 0 else line_end
        yield text.count("\n", 0, i) + 1, i - line_start + 1, text[i:line_end]


def _offsets(spans, starts):
    for (l0, c0), (l1, c1) in spans:
        if l0 - 1 < len(starts) and l1 - 1 < len(starts):
            yield starts[l0 - 1] + c0 - 1, starts[l1 - 1] + c1 - 1


def public_of(estate_doc) -> Public:
    """What estate.yml publishes on purpose, read from the document itself (so a problem
    elsewhere in estate.yml does not turn its own public numbers into findings)."""
    d = estate_doc.data if estate_doc is not None else None
    if not isinstance(d, dict):
        return Public()
    numbers, values, names = set(), set(), set()
    contact = d.get("contact") if isinstance(d.get("contact"), dict) else {}
    for n in [contact.get("office_phone")] + list(contact.get("public_numbers") or []):
        if isinstance(n, (str, int)) and digits(str(n)):
            numbers.add(digits(str(n)))
    for n in contact.get("public_names") or []:
        if isinstance(n, str) and n.strip():
            names.add(n.strip())
    for r in d.get("intake") or []:
        if isinstance(r, dict) and isinstance(r.get("value"), str) and r["value"]:
            values.add(r["value"])
            if r.get("kind") == "phone" and digits(r["value"]):
                numbers.add(digits(r["value"]))
    return Public(frozenset(numbers), frozenset(values), frozenset(names))


def allowed(estate) -> tuple[frozenset, frozenset]:
    """The estate's public numbers and values (from the model), for callers that have one."""
    p = public_of(estate.doc if estate is not None else None)
    return p.numbers, p.values


def find(text: str, public: Public, field: str = "") -> list:
    if field == "ref":
        return find_personal_data(text, public.numbers, public.values, public.names, field="ref",
                                  only=("privacy-phone", "privacy-id-card"))
    return find_personal_data(text, public.numbers, public.values, public.names, field=field)


def check_doc(doc, public: Public, setting: bool = False) -> list[Problem]:
    """Every finding in one document: its values, then its comments."""
    out: list[Problem] = []
    for path, value, fix, field in published_texts(doc, setting):
        for hit in find(value, public, field):
            out.append(error(locate(doc, path, value, hit.start, hit.text), hit.code, hit.variant,
                             text=hit.text, fix=fix))
    for line, col, text in comments(doc):
        for hit in find(text[1:], public):
            out.append(error(Source(doc.path, line, col + 1 + hit.start), hit.code, hit.variant,
                             text=hit.text, fix=COMMENT))
    return out


def media_names(ledger_dir: Path, root: Path):
    """(path relative to root, name relative to media/) of every file under ledger/media/."""
    media = Path(ledger_dir) / "media"
    if not media.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(media, followlinks=False):
        dirnames.sort()
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            p = Path(dirpath) / name
            yield p.relative_to(root).as_posix(), p.relative_to(media).as_posix()


def check_privacy(ledger, ctx) -> list[Problem]:
    """Items and their comments (run in every shard, over its own items)."""
    public = public_of(ledger.raw.estate)
    out: list[Problem] = []
    for doc in ledger.raw.items:
        out.extend(check_doc(doc, public))
    return out


def check_privacy_settings(ledger, ctx) -> list[Problem]:
    """estate.yml, buildings.yml, revenue periods and the names of media files (run once)."""
    raw = ledger.raw
    public = public_of(raw.estate)
    out: list[Problem] = []
    for doc in (raw.estate, raw.buildings):
        if doc is not None:
            out.extend(check_doc(doc, public, setting=True))
    for doc in raw.revenue:
        out.extend(check_doc(doc, public))
    for rel, name in media_names(raw.ledger_dir, Path(raw.root)):
        stem = name.rsplit(".", 1)[0] if name.lower().endswith(PHOTO_TYPES) else name
        for hit in find(stem, public, "photo"):
            out.append(error(Source(rel), hit.code, hit.variant, text=hit.text, fix=PHOTO))
    return out
