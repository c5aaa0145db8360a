"""What a volunteer types, read as the id the ledger stores: pure functions, no I/O.

Volunteers type the words they use on the phone: 7幢 or 7号楼 for building 7, 设施维修 for
the category `repairs`, 派单 for a `dispatched` event, 12月15日 or 明天 for a date. Each
function here takes that text and the names the estate declared (plain (id, name) pairs,
read from estate.yml and buildings.yml by the caller) and gives back the id — the file
always stores the id — or raises AliasError: a message code with parameters (the words
live in messages.yml), listing what is valid and, for a near miss, "您是不是要…".

Hostile or careless input is normalised before matching, never stored: NFKC folds
full-width digits and letters (７幢 -> 7幢), zero-width characters and spaces are dropped.
A name that fits two entries (two buildings both called 7幢 after normalising) is refused
with both candidates rather than guessed.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta

from .messages import MessageError

# Input words (not output text): what volunteers say for each event type and outcome.
# The schema's ids are accepted as they are.
EVENT_WORDS = {
    "派单": "dispatched", "派发": "dispatched", "分派": "dispatched",
    "接单": "accepted", "受理": "accepted",
    "进展": "progress", "进度": "progress",
    "催单": "urged", "催办": "urged", "催促": "urged",
    "上报": "escalated", "升级": "escalated",
    "办结": "resolved", "完成": "resolved", "已办结": "resolved", "解决": "resolved",
    "退回": "declined", "不予受理": "declined", "不予办理": "declined", "答复不予办理": "declined",
    "重新打开": "reopened", "重新办理": "reopened", "重开": "reopened",
    "对接": "matched", "资源对接": "matched", "匹配": "matched",
    "撤回": "withdrawn",
    "我也遇到": "supported", "我也遇到了": "supported", "附议": "supported",
}
OUTCOME_WORDS = {
    "已解决": "fixed", "解决": "fixed", "解决了": "fixed",
    "部分解决": "partly",
    "未解决": "not_fixed", "没解决": "not_fixed", "没有解决": "not_fixed",
}
KIND_WORDS = {"问题": "problem", "需求": "need", "资源": "resource"}
COMPLEXITY_WORDS = {"简单": "simple", "简单事项": "simple", "复杂": "complex", "复杂事项": "complex",
                    "重点项目": "project", "项目": "project"}
CHANNEL_WORDS = {"扫码": "qr", "二维码": "qr", "电话": "phone", "上门": "visit", "走访": "visit",
                 "巡查": "patrol", "楼道巡查": "patrol", "议事会": "meeting", "会议": "meeting",
                 "微信": "wechat", "表单": "form", "在线表单": "form", "热线": "hotline", "12345": "hotline",
                 "12345热线": "hotline", "市民热线": "hotline", "其他": "other"}

_INVISIBLE = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u00ad\u034f\u180e\\s]")
_BUILDING_AFFIX = re.compile(r"^第?(.+?)(?:号楼|号|幢|栋|楼|座|#)?$")
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}


class AliasError(MessageError):
    """Text that names nothing (or two things): `code` is a key in messages.yml."""


def normal(text: str) -> str:
    """The text as matched: NFKC (full-width -> ASCII), without zero-width characters or
    spaces, letters in lower case."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text)).lower()


def _chinese_number(text: str) -> str:
    """七 -> 7, 十二 -> 12, 二十三 -> 23 (1–99); anything else unchanged."""
    if not text or any(c not in _CN_DIGITS and c != "十" for c in text):
        return text
    if "十" not in text:
        return "".join(str(_CN_DIGITS[c]) for c in text)
    tens, _, ones = text.partition("十")
    if "十" in ones or len(tens) > 1 or len(ones) > 1:
        return text
    return str((_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0))


def _building_core(text: str) -> str:
    """7幢, 7号楼, 第七栋, 7# -> 7: the number (or letters) a building is called by."""
    m = _BUILDING_AFFIX.match(text)
    return _chinese_number(m.group(1)) if m else text


def distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions)."""
    if len(a) < len(b):
        a, b = b, a
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def _near(text: str, pairs, shown) -> list[str]:
    """The entries whose id or name is nearest `text` (within 1 edit for short words, 2 for
    longer ones), shown as `shown(id, name)`."""
    best, hits = None, []
    for pid, name in pairs:
        d = min(distance(text, normal(pid)), distance(text, normal(name)) if name else 99)
        limit = 1 if len(text) <= 4 else 2
        if d > limit or d == 0:
            continue
        if best is None or d < best:
            best, hits = d, [shown(pid, name)]
        elif d == best:
            hits.append(shown(pid, name))
    hits = list(dict.fromkeys(hits))
    return hits if len(hits) <= 3 else []  # more is no suggestion: the full list follows


def _resolve(text: str, pairs, what: str, shown, extra=None) -> str:
    """The one id `text` names among (id, name) `pairs`: by id, by name, by `extra` (a
    function giving further ways to read a text, e.g. building numbers), else AliasError
    `alias-<what>` (unknown, with the list and near misses) or `alias-<what>.ambiguous`."""
    pairs = [(str(i), str(n or "")) for i, n in pairs]
    t = normal(text)
    for key in (lambda i, n: normal(i), lambda i, n: normal(n) if n else None):
        hits = sorted({i for i, n in pairs if key(i, n) == t})
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise AliasError(f"alias-{what}.ambiguous", value=text, candidates=[shown(i, n) for i, n in pairs
                                                                                 if i in hits])
    if extra is not None:
        hits = sorted({i for i, n in pairs if extra(t) in (extra(normal(i)), extra(normal(n)) if n else None)})
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise AliasError(f"alias-{what}.ambiguous", value=text, candidates=[shown(i, n) for i, n in pairs
                                                                                 if i in hits])
    near = _near(t, pairs, shown)
    valid = [shown(i, n) for i, n in pairs]
    if near:
        raise AliasError(f"alias-{what}.near", value=text, near=near, valid=valid)
    raise AliasError(f"alias-{what}", value=text, valid=valid)


def _shown(pid: str, name: str) -> str:
    """How an entry is listed: its name, with the id where the name does not say it
    (设施维修（repairs）); a building called 7幢 with id 7 is just 7幢."""
    if not name or name == pid:
        return pid
    if _building_core(normal(name)) == normal(pid):
        return name
    return f"{name}（{pid}）"


def building(text: str, buildings) -> str:
    """A building id from its id, its name, or the ways people say it (7幢, 7号楼, 第七栋,
    ７幢); `buildings` is (id, name) pairs."""
    return _resolve(text, buildings, "building", _shown, _building_core)


def named(text: str, pairs, what: str) -> str:
    """A category, role or tier id from its id or its name (设施维修 -> repairs); `what` is
    category, role or tier (the message says which)."""
    return _resolve(text, pairs, what, _shown)


def _word(text: str, words: dict[str, str], ids, what: str) -> str:
    t = normal(text)
    if t in ids:
        return t
    if t in words:
        return words[t]
    first = {}  # the first word for each id: how it is listed
    for word, i in words.items():
        first.setdefault(i, word)
    pairs = [(i, first.get(i, "")) for i in ids] + [(i, w) for w, i in words.items()]
    shown = lambda i, n: f"{first[i]}（{i}）" if i in first else i  # noqa: E731
    near = _near(t, pairs, shown)
    valid = [shown(i, "") for i in ids]
    if near:
        raise AliasError(f"alias-{what}.near", value=text, near=near, valid=valid)
    raise AliasError(f"alias-{what}", value=text, valid=valid)


def event_type(text: str, ids) -> str:
    """An event type id from the id or its Chinese word (派单 -> dispatched)."""
    return _word(text, EVENT_WORDS, tuple(ids), "event-type")


def outcome(text: str, ids) -> str:
    """A rating outcome id from the id or its Chinese word (已解决 -> fixed)."""
    return _word(text, OUTCOME_WORDS, tuple(ids), "outcome")


def choice(text: str, ids, what: str) -> str:
    """kind, complexity or channel: the id or its Chinese word (问题, 简单, 电话)."""
    words = {"kind": KIND_WORDS, "complexity": COMPLEXITY_WORDS, "channel": CHANNEL_WORDS}[what]
    return _word(text, words, tuple(ids), what)


# -- dates ---------------------------------------------------------------------------------

_RELATIVE = {"今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2, "昨天": -1, "昨日": -1, "前天": -2}
_FULL = re.compile(r"(\d{4})(?:年|-|/|\.)(\d{1,2})(?:月|-|/|\.)(\d{1,2})(?:日|号)?")
_MONTH_DAY = re.compile(r"(\d{1,2})月(\d{1,2})(?:日|号)")
_TIME = re.compile(r"(上午|早上|中午|下午|晚上)?(\d{1,2})(?::(\d{2})|点(?:(\d{1,2})分?|半)?|时(?:(\d{1,2})分)?)")


def _day_part(t: str, today: date, lean: str) -> tuple[date | None, str]:
    """(the day `t` starts with, what follows it) — lean "past" or "future" decides the year
    of a month and day without one (12月28日 typed in January for --at is last December)."""
    for word, offset in _RELATIVE.items():
        if t.startswith(word):
            return today + timedelta(days=offset), t[len(word):]
    m = _FULL.match(t)
    if m:
        y, mo, d = map(int, m.groups())
        return date(y, mo, d), t[m.end():]
    m = _MONTH_DAY.match(t)
    if m:
        mo, d = map(int, m.groups())
        day = date(today.year, mo, d)
        if lean == "past" and day > today:
            day = date(today.year - 1, mo, d)
        elif lean == "future" and day < today:
            day = date(today.year + 1, mo, d)
        return day, t[m.end():]
    return None, t


def day(text: str, today: date, lean: str = "future") -> str | None:
    """A Chinese (or ISO) date as YYYY-MM-DD, or None when the text is not one of the forms
    read here (2026-12-15, 2026年12月15日, 12月15日, 今天, 明天, 后天, 昨天, 前天). A day
    that does not exist (2月30日) raises AliasError `alias-date.not-real`."""
    t = normal(text)
    try:
        d, rest = _day_part(t, today, lean)
    except ValueError:
        raise AliasError("alias-date.not-real", value=text) from None
    return d.isoformat() if d is not None and rest == "" else None


def moment(text: str, now: datetime, lean: str = "past") -> str | None:
    """A Chinese (or ISO) date with an optional time, as an ISO date-time with the offset
    of `now` (the estate's clock): 今天 14:30, 昨天下午3点, 12月15日 9点半. A date alone is
    that day at the time of `now`. None when not such a text."""
    t = normal(text)
    try:
        d, rest = _day_part(t, now.date(), lean)
    except ValueError:
        raise AliasError("alias-date.not-real", value=text) from None
    if d is None:
        return None
    if rest == "":
        hour, minute = now.hour, now.minute
    else:
        m = _TIME.fullmatch(rest)
        if not m:
            return None
        hour = int(m.group(2))
        if m.group(1) in ("下午", "晚上") and hour < 12:
            hour += 12
        mins = m.group(3) or m.group(4) or m.group(5)
        minute = 30 if rest.endswith("半") else int(mins or 0)
        if hour > 23 or minute > 59:
            raise AliasError("alias-date.not-real", value=text)
    return now.replace(year=d.year, month=d.month, day=d.day, hour=hour, minute=minute, second=0,
                       microsecond=0).isoformat()


def unit(text: str, units) -> str:
    """A unit id from the ways people say it (2单元, ２, 二单元); unchanged when it is none
    of `units` (validation then lists the building's units)."""
    t = normal(text)
    core = _chinese_number(re.sub(r"(?:单元|号)$", "", t))
    for u in units:
        if normal(str(u)) in (t, core):
            return str(u)
    return text
