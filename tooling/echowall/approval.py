"""What an `approval` must say, and who a counterparty is: text rules for the money controls. Pure.

An approval names a decision: *when* it was taken (a date: 2026-03-05, 2026年3月, or a year
and the meeting's number, 2025年第3次) and *who* took it (a deciding body of the owners:
业主大会, 业主代表会议, 业委会, 业主表决, …). Placeholders (无, 待补, N/A, "-") are not
approvals. Text is compared after NFKC (full-width digits and letters become ASCII), with
case folded and whitespace and invisible format characters removed, and Chinese numerals in
dates read as digits (二〇二六年三月, 第三次).
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date

# The owners' deciding bodies (Civil Code arts. 277-280; local rules add a representatives'
# meeting and, where there is no committee, a property management committee 物业管理委员会).
DEFAULT_BODIES = (
    "业主大会", "业主代表大会", "业主代表会议", "业主委员会", "业委会", "业主表决",
    "业主共同决定", "物业管理委员会", "物管会",
)

# A whole value that only stands in for an approval (compared without punctuation).
_PLACEHOLDERS = frozenset({
    "", "无", "没有", "暂无", "略", "空", "否", "未", "无需", "不需要", "不适用", "待补", "待补充",
    "待定", "待填", "待审批", "未审批", "见附件", "同上", "na", "n/a", "none", "nil", "null",
    "tbd", "todo", "x", "xx", "xxx",
})
# Words that say there is no approval (yet), anywhere in the text.
_PENDING = ("待补", "待定", "待填", "待审", "待批", "待确认", "待表决", "后补", "补办中", "暂无", "未审批",
            "未表决", "未经", "无需", "不需要", "tbd", "todo", "××", "xx", "??",
            # ... or that the body said no
            "否决", "不同意", "未通过", "没通过", "不通过", "驳回", "不予批准", "不批准", "未批准", "撤销", "暂缓")

_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_CN_NUMBER = re.compile(r"[〇零一二两三四五六七八九十]+(?=[年月日号次期])")


def fold(text: str) -> str:
    """NFKC, case folded, without whitespace or invisible format characters (zero-width
    spaces, joiners, direction marks): the form two spellings of one name share."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")


def _cn_int(s: str) -> int | None:
    if "十" not in s:  # positional: 二〇二六 -> 2026
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    tens, _, ones = s.partition("十")
    if "十" in ones or len(tens) > 1 or len(ones) > 1:
        return None
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def _arabic(text: str) -> str:
    """Chinese numerals before 年/月/日/号/次/期 as digits: 二〇二六年三月 -> 2026年3月."""
    def repl(m: re.Match) -> str:
        n = _cn_int(m.group(0))
        return m.group(0) if n is None else str(n)
    return _CN_NUMBER.sub(repl, text)


_ISO = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?!\d)")
_CN_DATE = re.compile(r"(?<!\d)(\d{4})年(\d{1,2})月(?:(\d{1,2})[日号])?")
_YEAR = re.compile(r"(?<!\d)(\d{4})年")
_NUMBER = re.compile(r"第\d{1,3}[次期号]")


def _real(y: str, m: str, d: str | None) -> bool:
    try:
        date(int(y), int(m), int(d) if d else 1)
    except ValueError:
        return False
    return 1990 <= int(y) <= 2099


def has_date(folded: str) -> bool:
    """A day, a month, or a year and the meeting's number — a year alone is not enough."""
    text = _arabic(folded)
    for rx in (_ISO, _CN_DATE):
        if any(_real(*m.groups()) for m in rx.finditer(text)):
            return True
    # a year and the meeting's (or decision's) number within it: 2025年第3次, 2026年业主大会第2次会议
    return bool(_NUMBER.search(text)) and any(1990 <= int(m.group(1)) <= 2099 for m in _YEAR.finditer(text))


def approval_form(text: str, bodies=DEFAULT_BODIES) -> str | None:
    """None when `text` has the shape of an approval; else what is wrong with it:
    'placeholder', 'pending' (it says there is no approval yet), 'date' (no date),
    'body' (no deciding body) or 'neither'."""
    folded = fold(text)
    bare = "".join(c for c in folded if unicodedata.category(c)[0] not in "PS")
    if bare in _PLACEHOLDERS or folded in _PLACEHOLDERS:
        return "placeholder"
    if any(word in folded for word in _PENDING):
        return "pending"
    dated = has_date(folded)
    decided = any(fold(b) in folded for b in bodies if fold(b))
    if dated and decided:
        return None
    if not dated and not decided:
        return "neither"
    return "body" if dated else "date"
