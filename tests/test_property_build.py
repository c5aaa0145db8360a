"""Property: whatever `echowall validate` accepts, `echowall build --strict` builds, and
neither ever prints a traceback — validate answers anything bad with problems.

Ledgers are drawn from the format's value space: a few items with titles, descriptions,
places, notes and comments from all of Unicode (controls, separators, bidi overrides,
noncharacters, `$` and TeX, HTML, emoji) and from text a volunteer would type; ids good and
hostile; instants and dates from year 1 to 9999 in many offsets (and the ends of the years
the ledger holds); categories, buildings, units, roles and tiers from the demo estate (and
some that are not); events of the allowed types in plausible and in random orders; ratings.
The estate's category and building names, which the charts draw, are drawn too.

Affordable by design: one copy of the demo repository (no items, no revenue, no print
sheets, one render process) rewritten per example; validation and build in this process;
a bounded number of examples. Deterministic: conftest.py's Hypothesis profile
(derandomize, no database). HYPOTHESIS_PROFILE=explore searches further.
"""
from __future__ import annotations

import json
import logging
import shutil
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st

from conftest import AS_OF, copy_repo, yaml_quote
from echowall.cli import main
from echowall.schema import CHANNELS, COMPLEXITIES, EVENT_OPTIONAL, EVENT_REQUIRED, EVENT_TYPES, KINDS, OUTCOMES
from echowall.text import printable

TZ = ZoneInfo("Asia/Shanghai")
ROLES = ["grid_leader", "owners_head", "police_chief", "property", "stairwell_head", "liaison"]
TIERS = ["property", "grid", "committee", "joint"]
CATEGORIES = ["sanitation", "repairs", "traffic", "parking", "elderly", "neighbours"]
BUILDINGS = {"1": ["1", "2", "3"], "2": ["1", "2", "3"], "4": ["1", "2"], "12": []}
ID_CHARS = "abcdefghjkmnpqrstuvwxyz23456789"

# -- text --------------------------------------------------------------------------------

# What volunteers type, with the characters that mean something to HTML, Markdown, Jinja,
# YAML, CSV, TeX and terminals (but none that the privacy rules would take for a phone
# number or a room: those are tested on their own).
TYPED = "楼道灯不亮漏水电梯东门停车充电桩垃圾 abcXYZ$<>&'\"\\{}[]^_~#*`|%=+-@!?:;,.（）、。😀👨\u200d👩\u200d👧\u200f\t"
# Text that is allowed but has broken builds or could: TeX, templates, markup, odd spaces.
ODD_OK = ["$\\frac{1}{$", "$x^2$", "$", "{{ ewx }}{% raw %}", "<script>ewx()</script>", "---", "&amp;", "\\",
          "%s{0}", "=1+1", "[a](javascript:x)", "\ufeff", "\u200b", "\U000f0000", "😀" * 5, "\t", "ـ", "\u0301"]
# Text the validator must refuse (text-control): controls, separators, overrides, noncharacters.
REFUSED = ["\x1b[31m红\x1b[0m", "灯\u202e亮不", "\u2028", "\x00", "\uffff", "\x9b2J", "\r", "\u0085", "\U0010fffe",
           "\u2066", "\x7f"]
NONCHARS = [chr(c) for c in range(0xFDD0, 0xFDF0)] + [chr(p * 0x10000 + e) for p in range(17) for e in (0xFFFE, 0xFFFF)]

# any code point a YAML file can carry (surrogates cannot be in one)
any_char = st.characters(codec=None, exclude_categories=("Cs",))
# any code point ledger text may hold: no controls, separators, bidi controls, noncharacters
ok_char = st.characters(codec=None, exclude_categories=("Cs", "Cc", "Zl", "Zp"),
                        exclude_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069" + "".join(NONCHARS))


def texts(multiline: bool, clean: bool, max_size: int):
    """Clean: typed text, all of Unicode that is allowed, odd-but-allowed pieces. Wild: all
    of Unicode, and pieces that must be refused."""
    typed = st.text(alphabet=TYPED + ("\n" if multiline else ""), min_size=1, max_size=max_size)
    if clean:
        return st.one_of(typed, typed, st.text(alphabet=ok_char, min_size=1, max_size=max_size),
                         st.tuples(typed, st.sampled_from(ODD_OK), typed).map("".join)).filter(str.strip)
    return st.one_of(st.text(alphabet=any_char, max_size=max_size), st.sampled_from(REFUSED),
                     st.tuples(typed, st.sampled_from(REFUSED), typed).map("".join))


@st.composite
def faulty(draw, clean, wild, rate: int):
    """A value from `clean`, or — `rate` times in a hundred — from `wild`."""
    return draw(wild if draw(st.integers(0, 99)) < rate else clean)


# -- dates and instants ------------------------------------------------------------------

OFFSETS = ["+08:00", "+08:00", "Z", "-12:00", "+14:00", "+0545", "-03:30"]
WILD_OFFSETS = ["+15:00", "+08:60", "", "+8", "UTC"]
ENDS = [datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59, 59), datetime(1999, 12, 31, 23, 59),
        datetime(2100, 1, 1), datetime(2099, 12, 31, 23, 59, 59)]
# the ledger's years, in the past; mostly recent ones (a ledger that starts in 2000 charts
# 26 years of months: a second more per build)
RECENT = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2026, 10, 31))
PAST = st.one_of(RECENT, RECENT, RECENT, st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2026, 10, 31)))
ANY_TIME = st.one_of(st.datetimes(), st.sampled_from(ENDS))  # anywhere from year 1 to 9999


def fmt_instant(dt: datetime, offset: str, seconds: bool, sep: str) -> str:
    time = f"{dt.hour:02d}:{dt.minute:02d}" + (f":{dt.second:02d}" if seconds else "")
    return f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d}{sep}{time}{offset}"


def fmt_date(d) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


# -- items --------------------------------------------------------------------------------

PLAUSIBLE = {
    "problem": [[], ["dispatched"], ["dispatched", "accepted"], ["dispatched", "accepted", "progress"],
                ["progress", "resolved"], ["resolved"], ["urged", "dispatched", "accepted", "resolved"],
                ["dispatched", "escalated", "accepted", "progress", "resolved"], ["declined"],
                ["declined", "reopened", "resolved"]],
    "resource": [[], ["progress"], ["matched"], ["resolved"], ["withdrawn"], ["progress", "matched", "resolved"]],
}
PLAUSIBLE["need"] = PLAUSIBLE["problem"] + [["dispatched", "matched", "resolved"]]


class Draw:
    """The drawing of one ledger: `rate` percent of its values come from the wild."""

    def __init__(self, draw, rate: int):
        self.draw, self.rate = draw, rate

    def __call__(self, clean, wild=None):
        return self.draw(faulty(clean, wild, self.rate) if wild is not None else clean)

    def text(self, multiline=False, max_size=40):
        return self(texts(multiline, True, max_size), texts(multiline, False, max_size))

    def instant(self, after: datetime | None, offset: str):
        """(text, naive datetime): a little after `after`, in the item's offset."""
        if after is not None and self(st.just(1), st.integers(0, 3)):
            try:
                dt = after + timedelta(minutes=self(st.integers(0, 60 * 24 * 4)))
                return fmt_instant(dt, offset, True, "T"), dt
            except OverflowError:
                pass
        seconds = self(st.booleans())
        dt = self(PAST, ANY_TIME).replace(microsecond=0)
        dt = dt if seconds else dt.replace(second=0)  # what is written is what the next one follows
        return fmt_instant(dt, self(st.just(offset), st.sampled_from(OFFSETS + WILD_OFFSETS)), seconds,
                           self(st.sampled_from("TT "))), dt

    def date(self):
        return fmt_date(self(st.dates(min_value=datetime(2000, 1, 1).date(), max_value=datetime(2099, 12, 31).date()),
                             st.one_of(st.dates(), st.sampled_from([d.date() for d in ENDS]))))


def events_for(g: Draw, kind: str, filed: datetime, offset: str, ids: list[str], me: str):
    others = [i for i in ids if i != me]
    paths = [p for p in PLAUSIBLE[kind] if others or "matched" not in p]
    types = g(st.sampled_from(paths), st.lists(st.sampled_from(EVENT_TYPES), max_size=4))
    out, ratings, at = [], [], filed
    for t in types:
        text, at = g.instant(at, offset)
        e = {"at": text, "type": t}
        fields = list(EVENT_REQUIRED[t]) + [f for f in EVENT_OPTIONAL[t] if g(st.booleans())]
        if fields and g(st.just(False), st.booleans()):
            fields.pop(g(st.integers(0, len(fields) - 1)))  # a field missing
        if g(st.just(False), st.booleans()):
            fields.append(g(st.sampled_from(["note", "expected", "tier", "reporter", "when"])))  # one too many
        for f in fields:
            if f == "tier":
                e[f] = g(st.sampled_from(TIERS), st.sampled_from(["district", "Property", ""]))
            elif f == "role":
                e[f] = g(st.one_of(st.sampled_from(ROLES), st.lists(st.sampled_from(ROLES), min_size=1, max_size=3,
                                                                    unique=True)), st.sampled_from(["mayor", [], "x\n"]))
            elif f == "note":
                e[f] = g.text(multiline=True, max_size=120)
            elif f == "expected":
                e[f] = g.date()
            elif f == "item":
                e[f] = g(st.sampled_from(others or ["990101-zzzz"]), st.sampled_from(ids + ["990101-zzzz"]))
            elif f == "channel":
                e[f] = g(st.sampled_from(CHANNELS), st.sampled_from(["sms", "Phone"]))
            else:
                e[f] = g.text()
        out.append(e)
        if t == "resolved" and g(st.booleans()):
            for _ in range(g(st.integers(1, 2))):
                text, at = g.instant(at, offset)
                r = {"at": text, "score": g(st.integers(1, 5), st.sampled_from([0, 6, -1, 100])),
                     "outcome": g(st.sampled_from(OUTCOMES)), "channel": g(st.sampled_from(CHANNELS))}
                if g(st.booleans()):
                    r["comment"] = g.text(multiline=True, max_size=120)
                ratings.append(r)
        if ratings and ratings[-1]["outcome"] != "not_fixed" and t == "resolved":
            break  # nothing but a reopening follows a rated resolution; keep the plausible path plausible
    if len(out) > 1 and g(st.just(False), st.booleans()):
        out = g(st.permutations(out))  # out of time order
    return out, ratings


@st.composite
def items(draw, ids: list[str], rate: int):
    """(folder/file name, the item as a mapping)."""
    g = Draw(draw, rate)
    offset = g(st.sampled_from(OFFSETS))
    filed_text, filed = g.instant(None, offset)
    kind = g(st.sampled_from(KINDS))
    good_id = f"{filed.year % 100:02d}{filed.month:02d}{filed.day:02d}-" + draw(st.text(alphabet=ID_CHARS, min_size=4, max_size=8))
    iid = g(st.just(good_id), st.one_of(st.sampled_from([
        good_id + "\n", good_id.upper(), "../" + good_id, good_id + " ", "２６１１０１-abcd", "13\n", "",
        good_id.replace("-", "\u2010")]), st.text(alphabet=any_char, max_size=12)))
    ids.append(iid)
    d = {"id": iid, "kind": g(st.just(kind), st.sampled_from(["bug", "Problem", "", "\x1b"])),
         "title": g.text(max_size=80), "description": g.text(multiline=True, max_size=300),
         "category": g(st.sampled_from(CATEGORIES), st.sampled_from(["plumbing", "repairs\n", "REPAIRS", "$x$"]))}
    if g(st.booleans()):
        b = g(st.sampled_from(sorted(BUILDINGS)), st.sampled_from(["99", "2\n", "", "０２"]))
        d["building"] = b
        if BUILDINGS.get(b) and g(st.booleans()):
            d["unit"] = g(st.sampled_from(BUILDINGS[b]), st.sampled_from(["9", "1\n", "一"]))
    if g(st.booleans()):
        d["place"] = g.text(max_size=120)
    d["complexity"] = g(st.sampled_from(COMPLEXITIES))
    d["filed"] = filed_text
    d["channel"] = g(st.sampled_from(CHANNELS))
    events, ratings = events_for(g, kind, filed, offset, ids, iid)
    if events:
        d["events"] = events
    if ratings:
        d["ratings"] = ratings
    others = [i for i in ids if i != iid]
    if others and g(st.integers(0, 3)) == 0:
        d["links"] = [{"item": g(st.sampled_from(others), st.sampled_from(ids)), "relation": g(st.sampled_from(
            ["related", "duplicate_of", "matches"]))}]
    # where the file lives: named by its id when that can be a file name, in the folder of
    # the year it was filed in the estate's time zone
    stem = good_id if iid != good_id else iid
    try:
        year = str(datetime.fromisoformat(filed_text.replace(" ", "T").replace("Z", "+00:00")).astimezone(TZ).year)
    except (ValueError, OverflowError):
        year = "2026"
    return f"{g(st.just(year), st.sampled_from(['2026', '2025']))}/{stem}.yml", d


@st.composite
def ledgers(draw):
    """A few items, the charted names, and how the files are written. Most ledgers are drawn
    clean (so that they build), the rest with a share of wild values (so that they don't)."""
    rate = draw(st.sampled_from([0, 0, 0, 0, 0, 3, 10, 40]))
    ids: list[str] = []
    files = [draw(items(ids, rate)) for _ in range(draw(st.integers(1, 3)))]
    g = Draw(draw, rate)
    names = {"category": g.text(max_size=60) if g(st.booleans()) else "设施维修",
             "building": g.text(max_size=40) if g(st.booleans()) else "2幢"}
    return files, names, draw(st.booleans()), rate


# -- the property ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def base(tmp_path_factory):
    root = tmp_path_factory.mktemp("property")
    repo = copy_repo(root, print_sheets=False)
    shutil.rmtree(repo.path("ledger/items"))
    shutil.rmtree(repo.path("ledger/revenue"))
    repo.edit("mkdocs.yml", "      reports: 3", "      reports: 3\n      jobs: 1")  # no render workers per build
    return repo, repo.read("ledger/estate.yml"), repo.read("ledger/buildings.yml")


def _invoke(args):
    """The CLI in this process; each call logs to its own captured stderr."""
    mkdocs_log = logging.getLogger("mkdocs")
    try:
        return CliRunner().invoke(main, args)
    finally:
        for h in [h for h in mkdocs_log.handlers if getattr(h, "_echowall", False)]:
            mkdocs_log.removeHandler(h)


def _no_traceback(r, what: str):
    assert r.exception is None or isinstance(r.exception, SystemExit), f"{what} raised {r.exception!r}\n{r.output}"
    assert "Traceback" not in r.output, r.output
    assert printable(r.output) == r.output, f"{what} printed a control character: {r.output!r}"


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture])
@given(ledger=ledgers())
def test_what_validate_accepts_builds_and_nothing_prints_a_traceback(base, ledger):
    repo, estate, buildings = base
    files, names, allow_unicode, rate = ledger
    event(f"wild values: {rate}%")
    shutil.rmtree(repo.path("ledger/items"), ignore_errors=True)
    repo.write("ledger/estate.yml", estate.replace("name: 设施维修", "name: " + yaml_quote(names["category"])))
    repo.write("ledger/buildings.yml", buildings.replace("name: 2幢", "name: " + yaml_quote(names["building"])))
    for rel, d in files:
        repo.write(f"ledger/items/{rel}", yaml.safe_dump(d, allow_unicode=allow_unicode, sort_keys=False))
    note(json.dumps(files, ensure_ascii=True, indent=1))

    r = _invoke(["--root", str(repo.root), "validate"])
    _no_traceback(r, "validate")
    assert r.exit_code in (0, 1), r.output
    event("valid" if r.exit_code == 0 else "refused")
    if r.exit_code:
        codes = sorted({line.split("[", 1)[1].split("]", 1)[0] for line in r.output.splitlines() if "error[" in line})
        for code in codes:
            event(f"refused: {code}")
        return

    site = repo.root / "site"
    r = _invoke(["--root", str(repo.root), "build", "--strict", "--as-of", AS_OF, "--site-dir", str(site)])
    _no_traceback(r, "build")
    assert r.exit_code == 0, r.output
    # what the red team broke: the feed, the charts, the exports are well-formed
    ET.parse(site / "feed.xml")
    for svg in (site / "stats").glob("*.svg"):
        ET.parse(svg)
    listed = {i["id"] for i in json.loads((site / "items.json").read_text(encoding="utf-8"))["items"]}
    for _, d in files:
        if d["id"] in listed:
            assert (site / "i" / d["id"] / "index.html").is_file()
