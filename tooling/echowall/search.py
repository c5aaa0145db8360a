"""What site search finds a page by: its words as tokens that the build and the browser make
the same way (pure; no I/O).

Pagefind indexes the built pages, but it cannot be trusted to cut Chinese into the same words
twice: at build time its extended binary segments with a dictionary (加装电梯 becomes 加装 +
电梯), in the browser it segments the query with the browser's `Intl.Segmenter`, which cuts
differently (加 + 装 + 电梯 in Chromium, so 加装电梯 finds nothing) and which older in-app
browsers lack (then 5幢漏水 stays one word and finds only the building page). README's
"Search" section has the whole spike. So the site hands Pagefind words it made itself, under
a language Pagefind does not segment (`und`), and the browser's search script
(site_templates/pages/assets/echowall-search.js, `tokens()`) cuts the query by the same rules:

- text is NFKC-normalised (full-width digits and letters become ASCII) and lower-cased;
- a *unit* is a run of ASCII letters and digits (`12`, `7kq2`, `wifi`) or one CJK ideograph;
  anything else (spaces, punctuation, symbols) ends a run of units;
- a run of one unit is a token; a longer run gives every pair of neighbouring units (加装电梯
  → 加装 装电 电梯), and its ASCII units of two or more characters on their own too;
- an item id (`260415-7kq2`) is also one token, its two halves joined (`2604157kq2`).

Every substring of two units or more of a page's text is then covered by tokens of the page,
whatever the browser: the search script asks for each token of the query and keeps the pages
that have the most of them (a pair that occurs on no page, like 幢漏 in 5幢漏水, is a seam
between two words and drops out).

Filters (status, building, category) are tokens too (`filter_token`): Pagefind's own filter
files come out in a different order on every run, and the site must be byte-identical
between two builds of the same ledger.
"""
from __future__ import annotations

import re
import unicodedata

# The ideographs (CJK Unified Ideographs, Extension A, Compatibility) and 〇; the browser
# script lists the same ranges.
_UNIT = re.compile(r"[0-9a-z]+|[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_RUN = re.compile(r"(?:[0-9a-z]+|[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])+")
_ITEM_ID = re.compile(r"(?<![0-9a-z])([0-9]{6})-([0-9a-z]{4,8})(?![0-9a-z])")

# Building names people write for "building 5": 5幢, 5栋, 5号楼, 5号, 五幢, 五号楼 …
_BUILDING_NUMBER = re.compile(r"^(\d{1,3})(?:幢|栋|号楼|号|座|楼)$")
_BUILDING_SUFFIXES = ("幢", "栋", "号楼")
_DIGITS = "〇一二三四五六七八九"


def letters(value: str) -> str:
    """`value` spelled in the letters a-p, one per half-byte of its UTF-8 (你 → gkhjlg)."""
    return "".join(chr(97 + (b >> 4)) + chr(97 + (b & 15)) for b in value.encode("utf-8"))


def filter_token(key: str, value: str) -> str:
    """The token of a filter value: `_<key>_<value in letters>_`. Underscores never occur in
    text tokens and Pagefind keeps them inside a word, and letters alone are never split (it
    would split a word where digits and letters meet): a filter token can neither match nor
    be matched by what a resident types."""
    return f"_{key}_{letters(value)}_"


# What a result shows is spelled in these 16 signs, one per half-byte, after a `~`.
META_SIGNS = "!#$%()*+,-./:;=?"


def meta_value(value: str) -> str:
    """What a search result shows (Pagefind metadata), written `~<value in signs>` for the
    browser to read back (echowall-search.js, `unsign`). Pagefind also indexes metadata as
    words, minus everything that is not a letter, digit or underscore: spelled in signs, a
    value leaves no word behind. So no query can match it — a page is found by its tokens
    only, not by its status 处理中 — and the index holds no word per page and field (spelled
    in letters, they were three fifths of the words and a quarter of Pagefind's memory at
    20,000 items)."""
    return "~" + "".join(META_SIGNS[b >> 4] + META_SIGNS[b & 15] for b in value.encode("utf-8"))


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def tokens(text: str) -> list[str]:
    """The tokens of a text, each once, in order of first appearance."""
    text = normalize(text)
    out: dict[str, None] = {}
    for m in _ITEM_ID.finditer(text):
        out[m.group(1) + m.group(2)] = None
    for run in _RUN.findall(text):
        units = _UNIT.findall(run)
        if len(units) == 1:
            out[units[0]] = None
            continue
        for a, b in zip(units, units[1:]):
            out[a + b] = None
        for u in units:
            if len(u) > 1 and u.isascii():
                out[u] = None
    return list(out)


def chinese_number(n: int) -> str:
    """1..999 in Chinese numerals as people write building numbers (12 → 十二, 105 → 一百零五)."""
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if not rest else ("零" + _DIGITS[rest] if rest < 10 else
                                (_DIGITS[rest // 10] + "十" + (_DIGITS[rest % 10] if rest % 10 else "")))
    return _DIGITS[n // 100] + "百" + tail


def building_names(name: str) -> list[str]:
    """The building's name and what residents also call it: 5幢 → 5幢 5栋 5号楼 五幢 五栋 五号楼."""
    names = {normalize(name).replace(" ", ""): None}
    m = _BUILDING_NUMBER.match(next(iter(names)))
    if m:
        n = int(m.group(1))
        for number in (str(n), chinese_number(n)):
            for suffix in _BUILDING_SUFFIXES:
                names[number + suffix] = None
    return list(names)


def page_tokens(*fields: str, seen: set[str] | None = None) -> list[str]:
    """The tokens of several texts, each once, leaving out those in `seen` (which grows): a
    page lists its weighted tokens first and the rest after them once."""
    seen = set() if seen is None else seen
    out = []
    for text in fields:
        for t in tokens(text):
            if t not in seen:
                seen.add(t)
                out.append(t)
    return out


def item_search_tokens(item, notes, building_name: str = "", unit_label: str = "{unit}单元",
                       filters: dict[str, str] | None = None) -> dict[str, str]:
    """{part: tokens joined by spaces} for an item page: its id, its title, then the rest —
    its building (by every name), unit, place, description and the notes of the events the
    page shows (residents search for what was done: 换了灯泡)."""
    seen: set[str] = set()
    head = page_tokens(item.id, seen=seen)
    title = page_tokens(item.title, seen=seen)
    where = []
    if building_name:
        where += building_names(building_name)
        if item.unit:
            where.append(building_name + unit_label.format(unit=item.unit))
    body = page_tokens(*where, item.place or "", item.description or "", *notes, seen=seen)
    marks = [filter_token(k, v) for k, v in (filters or {}).items()]
    return {"id": " ".join(head), "title": " ".join(title), "body": " ".join(body), "filters": " ".join(marks)}


def building_search_tokens(name: str, units, unit_label: str = "{unit}单元") -> dict[str, str]:
    """{part: tokens} for a building page: its names, then its units (5幢3单元)."""
    seen: set[str] = set()
    names = page_tokens(*building_names(name), seen=seen)
    body = page_tokens(*(name + unit_label.format(unit=u) for u in units), seen=seen)
    return {"id": "", "title": " ".join(names), "body": " ".join(body), "filters": ""}
