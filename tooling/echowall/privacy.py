"""Personal data in text, as people actually write it: pure functions over a string.

The ledger is public and Git keeps every version, so text that names a private person's
contact or home must not get in. People do not write numbers the way a textbook pattern
expects: full-width digits, dots and slashes between groups, a zero-width space that
looks like nothing, a number broken over two lines, 一三九… or 壹叁玖…. So the text is
**normalised, then matched**:

1. Format characters (zero-width spaces and joiners, direction marks, soft hyphens) are
   dropped: they are invisible, so `139\\u200b1234` reads as `1391234`. An index map keeps
   every later position pointing into the original text.
2. A **1:1 fold** (one character for one, so positions and columns stay exact, unlike
   NFKC): full-width forms to ASCII, every dash to `-`, middle dots to `.`, odd spaces to
   ` `, circled and mathematical digits to digits; Chinese and financial
   numerals to digits **where a number is being read** — a run of three or more
   (一三九〇…, 五零七), or one or two next to 幢/栋/单元/楼/室 (三幢二单元) — and 十 in
   十二/二十 as 1/0.
3. Numbers are read as **chains of digit groups** joined by separators (spaces, dots,
   slashes, dashes, brackets, one line break): a phone, ID-card or bank-card number is a
   run of whole groups with the right digits, so `139.0571.0004`, `330106 19850312 0021`
   and `6222 0212 3456 7890 123` are read like the plain forms, and a date or an amount
   next to them does not merge into them.
4. Patterns for what is not only a number: e-mail, QQ, WeChat, plates, rooms; and names,
   from a surname (common, rare, compound, or an everyday character that is a surname only
   where the text says a name begins) with a title, after a label, beside other personal
   data, or as the subject of 是谁/的卡号/名下.

The rules were tuned on the frozen corpus in benchmarks/privacy_corpus/ (written by someone
else); benchmarks/privacy.py scores them on it. Speed matters (a whole ledger is read on every
check): cheap hints decide which scans run, and each scan is a regular expression whose
first character the engine can look for.

Near misses are ruled out on purpose (each has a test): a digit run glued to letters is a
code (FZ16113000393, SF…); a number labelled as a work order, case, invoice, receipt,
certificate, licence or document number is that; 养老金 is not 老金; 你方水电师傅 is not a
name; an office room of a public body (人社局517室, 写字楼403房) and a street number
(通湖路188号) are not homes; 张某 is already anonymised.

`find_personal_data(text, ...)` -> [Hit(code, start, end, variant, text)], positions and
text in the ORIGINAL string; checks/privacy.py places each hit at its line and column.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import NamedTuple

# --- what a hit can be: (code, variant) -> messages.yml key code[.variant] ------------------

KINDS = (
    ("privacy-phone", ""),            # a mobile number
    ("privacy-phone", "landline"),    # a landline, with area code or labelled as a phone
    ("privacy-id-card", ""),          # an ID-card number with a valid check digit
    ("privacy-id-card", "checksum"),  # the same shape with a mistyped digit: still a person
    ("privacy-bank-card", ""),
    ("privacy-email", ""),
    ("privacy-qq", ""),
    ("privacy-wechat", ""),
    ("privacy-plate", ""),
    ("privacy-room", ""),
    ("privacy-name", ""),             # surname + honorific or title: 王阿姨, 李工, 朱主任
    ("privacy-name", "label"),        # a name after a label: 举报人：张建国, or a bare payee
)

# --- 1. normalisation -------------------------------------------------------------------

# Invisible characters that people (or editors) put between digits and letters.
_FORMAT = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
                     "\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]")


# characters read as one ASCII character when a number or address is being read
_FOLD_GROUPS = {
    " ": "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000",
    "-": "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\u2e3a\u2e3b\u30fc\uff70\u2500\u2501\u301c\uff5e~",
    ".": "\u00b7\u2022\u2027\u2219\u22c5\u30fb\uff65\ufe52\u2024\u318d",
    "(": "\u3010\u3014\u3016\u3018\u301a\ufe5d\ufe59",
    ")": "\u3011\u3015\u3017\u3019\u301b\ufe5e\ufe5a",
    "@": "\ufe6b",
    "/": "\u2215\u2044\u29f8",
    ":": "\ufe55\ufe13",
}


def _fold_table() -> dict[int, str]:
    t: dict[int, str] = {}
    for cp in range(0xFF01, 0xFF5F):  # full-width ASCII
        t[cp] = chr(cp - 0xFEE0)
    for target, chars in _FOLD_GROUPS.items():
        for ch in chars:
            t[ord(ch)] = target
    for i in range(9):  # ① … ⑨, ⑴ … ⑼, ⒈ … ⒐, ❶ …, ➀ …, ➊ …
        for base in (0x2460, 0x2474, 0x2488, 0x2776, 0x2780, 0x278A):
            t[base + i] = str(i + 1)
    t[0x24EA] = "0"
    t[0x24FF] = "0"
    for base in (0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6):  # mathematical digits
        for i in range(10):
            t[base + i] = str(i)
    for i in range(10):  # superscript/subscript digits
        t[0x2080 + i] = str(i)
    for ch, d in (("\u2070", "0"), ("\u00b9", "1"), ("\u00b2", "2"), ("\u00b3", "3"), ("\u2074", "4"),
                  ("\u2075", "5"), ("\u2076", "6"), ("\u2077", "7"), ("\u2078", "8"), ("\u2079", "9")):
        t[ord(ch)] = d
    return t


_FOLD = _fold_table()
# Is there anything to fold? (ranges, so the test is quick; CJK punctuation that no rule reads
# differently from ASCII's — ，！？；、。 — needs no fold)
# Is there anything to fold? Ranges, so the test is quick. Full-width punctuation that every
# Chinese text has and no rule reads differently from the ASCII form, because the rules accept
# both (，！？；：（）％), is left out: a text with only those is read as it is.
_UNFOLDED_OK = "，！？；：（）％"
_FOLD_HINT = re.compile("[\u00a0\u00b2\u00b3\u00b7\u00b9\u1680\u2000-\u200a\u2010-\u2015\u2022\u2024\u2027\u202f"
                        "\u2043\u2044\u205f\u2070-\u2089\u2212\u2215\u2460-\u24ff\u2500\u2501\u2776-\u2793\u29f8"
                        "\u2e3a\u2e3b\u3000\u3010-\u301c\u30fb\u30fc\u318d\u2219\u22c5\ufe13\ufe52-\ufe6b"
                        "\uff02-\uff04\uff06\uff07\uff0a\uff0b\uff0d-\uff19\uff1c-\uff1e\uff20-\uff65\uff70"
                        "\U0001d7ce-\U0001d7ff~]")
assert all(_FOLD_HINT.match(chr(c)) for c in _FOLD if chr(c) not in _UNFOLDED_OK), "the hint misses a folded character"

# Chinese and financial numerals, one character for one digit.
_CN_DIGIT = {}
for _d, _chars in enumerate(("〇零○◯０洞", "一壹幺弌", "二贰貳两弍", "三叁參弎", "四肆", "五伍", "六陆陸",
                             "七柒", "八捌", "九玖")):
    for _c in _chars:
        _CN_DIGIT[_c] = str(_d)
del _d, _chars
_CN_DIGIT.pop("０")  # full-width zero is folded already
_CN = "".join(_CN_DIGIT)
_CNX = _CN + "十拾"
# a number being read: a run of three or more numerals (spaces or dashes between them allowed)
_CN_RUN = re.compile(f"[{_CNX}](?:[ \\-.]?[{_CNX}]){{2,}}")
# one or two numerals read as a number because of what stands beside them (三幢二单元, 十二栋)
_CN_NEAR = re.compile(f"(?=[{_CNX}])(?:(?<![{_CNX}])[{_CNX}]{{1,3}}(?=\\s?(?:幢|栋|号楼|号|单元|楼|层|室|座|门|户))"
                      f"|(?<=幢|栋|座|元)[{_CNX}]{{1,3}}(?![{_CNX}]))")
_CN_NUMBER = re.compile(f"(?=[{_CNX}])(?:{_CN_RUN.pattern}|{_CN_NEAR.pattern})")  # one pass for both


def _numerals(m: re.Match) -> str:
    s = m.group(0)
    out = []
    for i, ch in enumerate(s):
        if ch in "十拾":
            before = i > 0 and s[i - 1] in _CN_DIGIT
            after = i + 1 < len(s) and s[i + 1] in _CN_DIGIT
            out.append("1" if after and not before else "0" if before and not after else ch)
        else:
            out.append(_CN_DIGIT.get(ch, ch))
    return "".join(out)


class Folded(NamedTuple):
    """The text as the rules read it, and where each of its characters came from."""

    text: str
    index: tuple | None  # folded position -> original position; None when nothing was dropped

    def span(self, start: int, end: int) -> tuple[int, int]:
        if self.index is None:
            return start, end
        return self.index[start], self.index[end - 1] + 1


def fold(text: str) -> Folded:
    """Drop format characters (keeping an index map), fold 1:1, read numerals as digits."""
    index = None
    if _FORMAT.search(text):
        kept = [i for i, ch in enumerate(text) if not _FORMAT.match(ch)]
        index = tuple(kept)
        text = "".join(text[i] for i in kept)
    if _FOLD_HINT.search(text):
        text = text.translate(_FOLD)
    text = _CN_NUMBER.sub(_numerals, text)
    return Folded(text, index)


# --- 2. numbers: chains of digit groups -------------------------------------------------

# A group is digits (an ID number may end in X); groups are joined by one separator with
# optional spaces around it, by one to three spaces, or by a single line break.
_CHAIN = re.compile(r"(?<!\d)(?=[\d（）() \t\n\-./\\_]{7})"  # seven characters at least: shorter runs are no one's number
                    r"\d+(?:[Xx](?![A-Za-z0-9]))?"
                    r"(?:(?:[ \t]*[-./()（）\\_]{1,2}[ \t]*(?:\n[ \t]*)?|[ \t]{1,3}|[ \t]*\n[ \t]*)\d+(?:[Xx](?![A-Za-z0-9]))?)*")
_GROUP = re.compile(r"\d+[Xx]?")

# Labels that say what a number is. Document numbers are not personal data; a phone label
# makes a local 7-8 digit number a phone; a card label makes 16-19 digits a bank card.
_DOC_LABEL = re.compile(r"(?:工单|单号|编号|案件|案号|案卷|订单|流水|合同|发票|票号|票据|收据|凭证|回单|批号|文号|批文|"
                        r"(?<!身份)证号|证书|许可证|执照|信用代码|注册号|登记号|备案号|快递单|快递号|运单|物流单|条码|型号|序列号|"
                        r"批次|账单|编码|代码|序号|工号|车次|航班|货号|货单|件号|证字|权证|权第|房产证|不动产|产权|"
                        r"受理号|回执|诉求号|事项号|申请号|档案|[Nn][Oo]\.?)")
_PHONE_LABEL = re.compile(r"(?:电话|手机|座机|固话|手机号|联系方式|来电|致电|回电|拨打|[Tt][Ee][Ll]|[Pp]hone|"
                          r"[Mm]obile|热线|微信|联系)")
_CARD_LABEL = re.compile(r"(?:卡号|银行卡|账号|帐号|账户|帐户|开户|储蓄卡|信用卡|借记卡|工行|农行|建行|中行|交行|"
                         r"招行|银行|邮储|转账|转入|打款|汇款|收款)")
_ID_LABEL = re.compile(r"(?:身份证|身份号|证件号|公民身份|身份证号码?)")
_CLAUSE_END = re.compile(r"[，。；;,!?！？\n、]")
# letters glued before a number make it a code (FZ16113000393, SF…, No.…), unless they are a
# contact label themselves (tel13912345678, QQ…)
_CODE_PREFIX = re.compile(r"[A-Za-z][A-Za-z\-_.#/]*$")
_CONTACT_LETTERS = re.compile(r"(?i)(?:tel|phone|mobile|mob|cell|call|qq|wx|vx|id|hp|m|t|no)[:：.\-\s]*$")

_PROVINCES_ID = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
                 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91}
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_card_valid(number: str) -> bool:
    """GB 11643: the 18th character is the checksum of the first 17; positions 7-14 a birth date."""
    return id_card_shape(number) and _ID_CHECK[sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS)) % 11] \
        == number[17].upper()


def id_card_shape(number: str) -> bool:
    """18 characters, a province code and a real birth date: an ID-card number, even when one
    digit was mistyped (the checksum may fail; the number still identifies a person)."""
    if len(number) != 18 or not number[:17].isdigit() or not (number[17].isdigit() or number[17] in "Xx"):
        return False
    if int(number[:2]) not in _PROVINCES_ID:
        return False
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return 1900 <= born.year <= 2030


def _id15_shape(number: str) -> bool:
    """The first-generation 15-digit ID (YYMMDD birth date); read only when labelled."""
    if len(number) != 15 or not number.isdigit() or int(number[:2]) not in _PROVINCES_ID:
        return False
    try:
        date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
    except ValueError:
        return False
    return True


def luhn(number: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _mobile(d: str) -> bool:
    if d.startswith("0086"):
        d = d[4:]
    elif d.startswith("86") and len(d) == 13:
        d = d[2:]
    return len(d) == 11 and d[0] == "1" and d[1] in "3456789"


def _landline(d: str) -> bool:
    """0 + area code + a 7-8 digit local number (also +86 and the area code without its 0)."""
    if d.startswith("0086"):
        d = "0" + d[4:]
    elif d.startswith("86") and 11 <= len(d) <= 13 and d[2] not in "01":
        d = "0" + d[2:]
    if not d.startswith("0") or d.startswith("00") or not 10 <= len(d) <= 12:
        return False
    area = 3 if d[1] in "12" else 4
    local = d[area:]
    return 7 <= len(local) <= 8 and local[0] not in "01"


def _window(folded: str, start: int, size: int = 14) -> str:
    """The words before `start` in the same clause: what labels the number."""
    w = folded[max(0, start - size):start]
    cut = None
    for m in _CLAUSE_END.finditer(w):
        cut = m.end()
    return w[cut:] if cut is not None else w


def _groups(chain: str, offset: int) -> list[tuple[int, int, str]]:
    return [(m.start() + offset, m.end() + offset, m.group(0)) for m in _GROUP.finditer(chain)]


def _read_number(groups: list, folded: str) -> list[tuple[str, str, int, int]]:
    """Phones, ID-card and bank-card numbers made of whole groups of one chain: from each
    group, the longest run of groups that reads as one (an ID card begins with six digits
    that are not a phone; a bank card may begin with a phone's worth of digits)."""
    out = []
    n = len(groups)
    if n == 1:  # one run of digits, the common case
        s, e, d = groups[0]
        kind = _classify(d, 1, False, folded, s, True)
        return [(kind[0], kind[1], s, e)] if kind else out
    i = 0
    while i < n:
        found = None
        d = ""
        for j in range(i, n):
            g = groups[j][2]
            d += g
            parts = j - i + 1
            if len(d) > 19:
                break
            spaced = parts > 1 and all(len(groups[k][2]) == 1 for k in range(i, j + 1))
            if parts > 6 and not spaced:
                break
            kind = _classify(d, parts, spaced, folded, groups[i][0], i == 0)
            if kind:
                found = (kind, j)
            if g[-1] in "Xx":
                break  # only an ID card ends in X
        if found:
            (code, variant), j = found
            out.append((code, variant, groups[i][0], groups[j][1]))
            i = j + 1
        else:
            i += 1
    return out


def _classify(d: str, parts: int, spaced: bool, folded: str, start: int, whole: bool = True):
    """What the digits `d` (a run of `parts` groups of one chain, starting at `start`) are.
    `whole`: the run starts where the chain does (a local number is never the tail of a
    longer one: 400-826-1235 is a service number, not 8261235)."""
    size = len(d)
    if size < 7 or size > 19:
        return None
    if size == 18 and id_card_shape(d):
        return ("privacy-id-card", "" if id_card_valid(d) else "checksum")
    if not d.isdigit():
        return None
    if size >= 16:
        if parts <= 6 or spaced:
            if d.startswith("62") or (luhn(d) and _CARD_PREFIX.match(d)) or _CARD_LABEL.search(_window(folded, start, 16)):
                return ("privacy-bank-card", "")
        return None
    if size in (11, 13, 15) and (parts <= 5 or spaced) and _mobile(d):
        return ("privacy-phone", "")
    if size >= 10 and (parts <= 4 or spaced) and _landline(d):
        return ("privacy-phone", "landline")
    if size == 15 and _id15_shape(d) and _ID_LABEL.search(_window(folded, start, 16)):
        return ("privacy-id-card", "")
    if size <= 8 and parts <= 2 and whole and d[0] not in "01" and _PHONE_LABEL.search(_window(folded, start, 8)):
        return ("privacy-phone", "landline")  # 电话8888 1234 (not a date: its groups are 2, 2 and 4)
    return None


_CARD_PREFIX = re.compile(r"4|5[1-5]|3[457]|60|65|9")
_NOT_A_NUMBER = re.compile(r"\d{1,9}\.\d\d?|(?:19|20)\d\d\s?[-./]\s?(?:0?[1-9]|1[0-2])\s?[-./]\s?(?:0?[1-9]|[12]\d|3[01])")


def _numbers(folded: str, field: str = "") -> list[tuple[str, str, int, int]]:
    out = []
    for m in _CHAIN.finditer(folded):
        start, end = m.span()
        if end - start < 7 or _NOT_A_NUMBER.fullmatch(m.group(0)):
            continue  # too short to be a number of a person, a date (2026-04-15), an amount (3191.00)
        chain = m.group(0)
        groups = [(start, end, chain)] if chain.isdigit() else _groups(chain, start)
        hits = _read_number(groups, folded)
        if not hits:
            continue
        before = folded[max(0, start - 12):start]
        code_prefix = field != "photo" and _CODE_PREFIX.search(before) and not _CONTACT_LETTERS.search(before)
        amount = end < len(folded) and folded[end] in "元块万"
        for code, variant, s, e in hits:
            if amount and e == end:
                continue  # an amount
            if code_prefix and s == start:
                continue  # FZ16113000393, SF1391234567890, No.26042217: a code, not a number
            label = _window(folded, s)
            if _DOC_LABEL.search(label) and not (_PHONE_LABEL.search(label) or _ID_LABEL.search(label)
                                                 or _CARD_LABEL.search(label)):
                continue  # 工单号/案件编号/发票/证号…: a document's number
            # a leading + of +86, and a bracket round an area code, belong to the number
            if s and folded[s - 1] == "+":
                s -= 1
            elif s and folded[s - 1] in "(（" and (")" in folded[s:e] or "）" in folded[s:e]):
                s -= 1
            out.append((code, variant, s, e))
    return out


# --- 3. patterns ------------------------------------------------------------------------

_EMAIL = re.compile(
    r"[A-Za-z0-9][A-Za-z0-9._%+\-]*\s?(?:@|\(at\)|\[at\]|艾特|＠)\s?"
    r"[A-Za-z0-9\-]+(?:\s?(?:[.。｡]|点|\(dot\)|\[dot\])\s?[A-Za-z0-9\-]+)*\s?(?:[.。｡]|点|\(dot\)|\[dot\])\s?"
    r"(?:com|cn|net|org|edu|gov|info|biz|me|io|top|vip|xyz|cc|tv|co|hk|tw|mo|uk|us|de|jp|[A-Za-z]{2,6}(?![A-Za-z]))",
    re.I)

_QQ = re.compile(r"(?i)(?<![A-Za-z])(?:qq|扣扣|企鹅|q(?=号))(?!群)\s*(?:号码|号|账号|帐号)?\s*(?:是|为|[:：]|-)?\s*"
                 r"(?<![\d])([1-9](?:[ \-.]?\d){4,10})(?![\d])")

_WECHAT = re.compile(
    r"(?i)(?:微信号码|微信号?|微信账号|微信帐号|微信id|微\s?信|薇信|威信|[vV]信|维信|卫星号|"
    r"(?<![A-Za-z])(?:vx|wx|weixin|wechat)(?![A-Za-z])|加[vV]|\+[vV])"
    r"(?!群|公众号|支付|小程序)\s*(?:号|id|账号|帐号)?\s*(?:是|为|[:：]|-)?\s*"
    r"([A-Za-z][A-Za-z0-9_\-]{5,19})(?![A-Za-z0-9_\-])")

_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领"
_PLATE = re.compile(rf"(?<![A-Za-z])[{_PROVINCES}]\s?[A-HJ-NP-Za-hj-np-z]\s?[.\-]?\s?"
                    r"(?:[A-HJ-NP-Za-hj-np-z0-9]\s?){4,5}[A-HJ-NP-Za-hj-np-z0-9](?![A-Za-z0-9])")

# rooms
_BLD = r"(?:\d{1,3}|[A-Za-z])\s*(?:号楼|号栋|号幢|栋|幢|座|#楼|#|号院\d{1,3}号楼)"
_UNIT = r"\d{1,2}\s*(?:单元|号门|门(?=\s*\d))"
_FLOOR = r"\d{1,2}\s*(?:楼|层|[Ff](?=\s*\d))"
_ROOM_TAIL = r"(?:\s*(?:室|房间|号房|房(?!屋|产|子|东|价|源|型|租(?!户)|贷|费)|号|户(?!数|型|籍|口)))?"
# a room number is not followed by a measure word (1020户 is households, 2026年 a year)
_NOT_MEASURE = (r"(?!\d|[/\-.]\d|\s*(?:年|月|日|元|块|万|千|米|平|方|人|个|件|次|辆|台|具|位|只|套|名|期|届|%|℃|度|天|小时|"
                r"分钟|秒|斤|克|吨|份|册|张|本|条|根|袋|箱|瓶|盏|株|棵|处|项|公里|km|cm|mm|kg|ml|[mwWV](?![A-Za-z])|"
                r"多|余|左右|以上|以下|号线|路|岁|周|倍|组|批|车(?!位)|步|级|部|层|栋|幢|座|单元|元))")
# (the lookbehind every form shares stands outside the alternation: it is tested once per place)
_ROOMS = re.compile(r"(?=[\dA-Za-z])(?<![\d\-.])(?:" + "|".join((
    # building [unit] [floor] room: 6幢603, 3号楼211, B座1210, 3幢2单元5楼508, 12栋二单元1407
    rf"(?P<bld>(?<!/){_BLD}\s*(?:{_UNIT}\s*)?(?:{_FLOOR}\s*)?\d{{3,4}}{_ROOM_TAIL}{_NOT_MEASURE})",
    # unit [floor] room: 2单元1202
    rf"(?<!/)\d{{1,2}}\s*单元\s*(?:{_FLOOR}\s*)?\d{{3,4}}{_ROOM_TAIL}{_NOT_MEASURE}",
    # 3-2-301, 5－1－305, 5/1/306
    r"(?<!/)(?<!\d[:：])(?P<a>\d{1,3})\s*(?P<sep>[-/])\s*(?P<b>\d{1,2})\s*(?P=sep)\s*(?P<c>\d{3,4})(?![\d\-/])(?![.:：]\d)",
    # 302室, 1202房, 704房租户; a floor and room: 5楼508
    r"\d{3,4}\s*(?:室|房间|号房|房(?!屋|产|子|东|价|源|型|租(?!户)|贷|费))",
    rf"\d{{1,2}}\s*楼\s*\d{{3,4}}(?:\s*室|\s*房|\s*号)?{_NOT_MEASURE}",
)) + ")")
_ROOM_HINT = re.compile(r"\d\s*(?:幢|栋|座|#|单元|室|房|楼|号楼|号栋|号院|[-/]\s*\d{1,2}\s*[-/]\s*\d{3})|[A-Za-z]\s*座")
_RESIDENTIAL = re.compile(r"幢|栋|单元")
# an office of a public body or a business, not a home: 人社局517室, 写字楼403房, 居委会2楼203室
_ORG_BEFORE = re.compile(r"(?:局|厅|署|所|院|站|馆|中心|办|委|会|处|科|部|行|公司|集团|店|厂|大厦|广场|写字楼|办公楼|"
                         r"综合楼|大楼|酒店|宾馆|学校|银行|政府|物业|医院|法院|诊所|商场|超市|社区|街道|园区|楼宇)"
                         r"\s*(?:[A-Za-z]座|\d{1,2}\s*(?:楼|层|[Ff]))?\s*$")
_STREET_BEFORE = re.compile(r"(?:路|街|道|巷|弄|大道|公路|胡同)\s*$")

# --- names ---------------------------------------------------------------------------------
# Surnames in three tiers. SAFE: common surnames that rarely begin an everyday word (and the
# words they do begin are listed in _WORDS). RARE: rare surnames (禹, 笪, 仉 …). AMBIGUOUS:
# surnames that are everyday characters (方 in 你方, 金 in 养老金, 管 in 监管, 高 in 高层):
# read as a surname only where the text says a name begins (after a label, a boundary).
_SAFE = ("王李张刘陈杨黄赵吴周徐孙朱胡郭何罗郑梁谢宋唐许韩邓冯曹彭曾肖董潘袁蔡蒋余杜叶程魏苏吕丁任卢"
         "姚沈钟姜崔谭陆范汪廖韦贾夏邹熊孟秦邱侯尹薛闫段雷黎陶贺毛郝顾龚邵覃钱戴严莫孔汤康乔赖柯庄樊"
         "殷葛岳邢聂詹章鲁欧耿俞倪柳涂鲍阮梅苗翁霍童裴骆卜靳滕林郜彭胡谷")
_RARE = ("琚綦弓苌笪仉訾隗亓冼逯郦缪蒯糜闵岑佘寇郗栾阚邝鞠胥鄢谌奚蔺阙邸尉莘荀檀於邴宓钭戎韶蓟邰逄璩濮郏"
         "茹宦庾暨殳沃蔚夔厍乜竺姬卞邬臧苟隋刁巫甄敖巩匡冉禹厉粟冀伊喻祁蒲饶牟艾穆卓芦麦褚娄窦戚晏宫"
         "柴郁虞仝揭贝鄂甫雍汲桓嵇滑裘缑幸郇胡蓝")
_AMBIGUOUS = ("马高金石田江方于向万龙史付常文安成明平时全司车水东南海花强云关单管包施华党路宁应师官商"
              "原楚齐易初门国双山来都能从别通利公后养红益空广居步终但乐计解谈简宣晋容敬普伏薄暴危鲜补禄兆"
              "智银松富乌秋印宿怀籍阴苍却寿习鱼慎衡越融须练区位楼盘满闻井祖巴丰支相戈充隆牛曲辛蒙房屈"
              "农古吉项连景费冷席卫米柏宗边沙荣丛仲查麻迟封惠班储燕权帅豆左甘符纪盛游白武申兰尚季温焦祝"
              "洪凌毕舒皮劳尤池苑扶堵宰束咸勾毋牧慕巢狄索卿祖桑仇")
_SAFE = "".join(sorted(set(_SAFE) - set(_AMBIGUOUS)))
_RARE = "".join(sorted(set(_RARE) - set(_AMBIGUOUS) - set(_SAFE)))
_COMMON = _SAFE + _RARE  # surnames read as such wherever a name may stand
_COMPOUND = ("欧阳|司马|诸葛|上官|东方|皇甫|尉迟|公孙|慕容|令狐|长孙|宇文|夏侯|轩辕|端木|独孤|南宫|西门|百里|"
             "呼延|万俟|司徒|司空|澹台|闻人|钟离|宗政|濮阳|太史|申屠|公冶|赫连|东郭|第五|仲孙|拓跋|完颜|单于|"
             "公羊|谷梁|漆雕|乐正|壤驷|公良|梁丘|左丘|东门|南门|羊舌|微生|司寇|巫马|公西|颛孙|亓官|鲜于|闾丘|"
             "子车|段干|归海|有琴|南郭|北宫|西郭|范姜|张简")
_COMPOUND_SET = frozenset(_COMPOUND.split("|"))
_ALL_SURNAMES = f"(?:{_COMPOUND}|[{_COMMON}{_AMBIGUOUS}])"
# titles after a surname; the ones that may follow a full name too (李建国先生, 张建华主任)
_FULL_TITLES = ("先生|女士|小姐|同志|阿姨|大爷|大妈|大叔|大婶|大伯|大哥|大姐|大嫂|奶奶|爷爷|阿婆|婆婆|老伯|老太太|"
                "老太|老先生|伯伯|叔叔|阿叔|阿伯|阿公|阿嬷|老爷子|老师|主任|总经理|经理|书记|科长|处长|局长|所长|"
                "队长|站长|组长|院长|校长|医生|大夫|护士|律师|会计|出纳|警官|主管|老板|老板娘|店长|部长|厂长|班长|"
                "社长|主席|总监|楼长|楼道长|网格员|片长|村长|工程师|师傅|教授|博士|总工|管家|秘书|委员|干事|专员|"
                "同学|老总|总")
_SHORT_TITLES = "工|姐|哥|嫂|婶|叔|伯|姨|爷|奶|婆|妈"
_SHORT_SET = frozenset(_SHORT_TITLES.split("|")) | {"总"}
_TITLE = re.compile(f"(?:{_FULL_TITLES}|{_SHORT_TITLES})")
# what may follow a name: a boundary, or a word that goes with a person
_AFTER_WORDS = frozenset("""说 讲 称 的 在 来 去 和 与 跟 及 也 都 已 曾 打 到 带 让 要 会 就 又 还 给 对 把 等 是 你 我 他 她
们 家 负责 表示 反映 反应 答复 回复 联系 电话 手机 微信 本人 处理 同意 签字 认为 上门 来电 投诉 举报 报修 住 今天 昨天
明天 前天 上午 下午 晚上 当时 帮 替 介绍 告诉 通知 提出 询问 确认 承诺 现场 带领 已经 先 再 不 没 很 这 那 团队 班组
名下 一家 夫妇 等人 户 拖欠 欠 交 缴 领 退 借 垫 租 买 卖 提供 发 表 希望 要求 请 问 看 找 出 拒 未 被 将 于 多次 一直
老人 女儿 儿子 父亲 母亲 爱人 之 称其 泄露 今 明 昨 同 以 为 患 有 腿 独 平时 目前 现在 年 岁 退休 所有 承租 租住 居住
占用 停 私 乱 违 擅 您好 您 收 建议 经常 所述 一起 代收 多缴 交来 维修 装修 押金 门禁 公共 广告 车位 电动车 充电 房屋
家里 家中 门口 楼上 楼下 是谁 个人""".split())


def _after_ok(folded: str, e: int) -> bool:
    """May a name end at `e`? At a boundary, or before a word that goes with a person."""
    if e >= len(folded) or not _han(folded[e]):
        return True
    return any(folded[e:e + k] in _AFTER_WORDS for k in (1, 2, 3))


# roles that a name follows: 举报人：张建国, 业主张建国反映, 主任欧阳思琪
_PERSON_LABELS = ("举报人|投诉人|反映人|来电人|来访人|报事人|报修人|请求人|诉求人|求助人|联系人|当事人|申请人|户主|"
                  "业主|租户|住户|房东|车主|收款人|领款人|经办人|承租人|出租人|签收人|收件人|寄件人|责任人|负责人|"
                  "户名|开户名|开户人|持卡人|缴款人|付款人|登记人|姓名|名字|居民|老人|患者|家属|志愿者|报名人|"
                  "受理人|被投诉人|被举报人|对接人|联络人|监护人|代理人|委托人|见证人|电工|水电工|保洁员|保安员|司机|"
                  "网格员|楼道长|楼长|主任|副主任|秘书|委员|会计|出纳|组长|队长|候选人|租客|邻居|父亲|母亲|儿子|"
                  "女儿|老伴|妻子|丈夫|爱人|本人|个人|记录人|回访对象|对象|群主|代收人|收款方|付款方|访客|"
                  "产权人|所有人|购房人|买受人|店主|摊主|户号")
_BEFORE_WORDS = frozenset("""找 请 问 叫 是 和 与 跟 给 由 让 被 向 对 把 及 的 位 名 称 说 告诉 通知 联系 等 同 陪 帮 替 即
为 有 经 派 将 见 遇 约 喊 感谢 谢谢 致电 物业 社区 居委会 业委会 街道 公司 中心 办公室 网格 楼道 工作人员 员工 师傅 管家
保安 保洁 维修 电工 水电 房东 邻居 业主 住户 居民 楼上 楼下 对门 隔壁 家属 老伴 女儿 儿子 爱人 丈夫 妻子 母亲 父亲 姓
单位 负责人 主任 回访 支付 收取 退还 退 付 收 室 房 号 户 楼 元 层 幢 栋 座 车主 来电人 群主 找过 问过 见过""".split()) \
    | frozenset(_PERSON_LABELS.split("|"))


def _name_may_start(folded: str, s: int) -> bool:
    """May a name begin at `s`? At a boundary, or after a verb or a role that comes before one."""
    if s == 0 or not _han(folded[s - 1]):
        return True
    return any(folded[max(0, s - k):s] in _BEFORE_WORDS for k in (1, 2, 3, 4, 5))


# characters that do not stand in a given name here: function words, and the words that
# follow a label (业主大会, 住户反映, 业主方面)
_NOT_GIVEN = frozenset(
    "的了是在和与向对把被从等说称也都已就还又很太更最没不无有个们这那其该此每各某及着过给让叫找请问将于为以"
    "而或但并即要会能可应需想去到上下中里外前后内物社区街道委局院校所站部处科队组办话机号码单元楼幢栋室房层户"
    "门年月日时分块钱次件人多少几两第共总再虽然且者始结束映示求认签投诉举报修维理解决联系复答通知代员群面们"
    "管治致发现提况问题置务作保卫间厨厅台费燃气网格邻租域关按照根据进行晚午夜点半期每当候拖欠缴领退借垫供"
    "拒未患腿独岁占停私乱违擅泄露父母亲伴先姐哥叔姨爷奶婆妈工经任表议车位电梯灯")
_NOT_GIVEN = _NOT_GIVEN - frozenset("月卫然家所同")
_ANON = frozenset("某XxＸ×*＊○〇")
# two-character words that begin with a surname: never a name
_WORDS = frozenset("""谢谢 许久 周到 周全 黄昏 杨树 周边 周末 周围 周年 周一 周二 周三 周四 周五 周六 周日 周期 周转 许多 许可 曾经 董事
余额 余下 余款 杜绝 叶子 程序 程度 任何 任务 任意 钟头 钟表 陆续 范围 夏天 夏季 段落 雷雨 顾客 顾问 毛病 毛巾
钱款 严重 严格 严禁 戴上 孔洞 汤圆 黄色 黄金 陈列 陈旧 杨柳 张贴 张开 李子 胡同 罗列 郑重 何时 何况 孙子 熊猫
庞大 颜色 涂料 涂抹 苗木 梅雨 童装 林业 林荫 黎明 康复 健康 乔木 柯达 庄园 葛藤 岳父 岳母 邢台 章程 鲁莽 欧元
俞伯 倪红 柳树 鲍鱼 阮囊 苗头 霍乱 骆驼 卜卦 靳姓 滕王 谷物 谷子 贾宝 侯车 候车 邱陵 尹始 薛定 闫姓 潘多
袁大 蔡锷 蒋介 魏晋 苏醒 苏州 吕梁 丁字 卢沟 姚明 沈阳 姜汤 崔嵬 谭嗣 汪洋 廖化 韦伯 邹城 孟子 秦朝 唐突
宋体 韩国 邓公 冯唐 曹操 彭湃 肖像 潘阳 梁上 郭外 厉害 严厉 冉冉 艾滋 卓越 芦苇 麦子 宫殿 柴火 喻为 戚友
伊始 粟米 冀州 晏起 巩固 禹迹 甄别 敖包 刁难 巫师 姬妾 臧否 苟且 隋唐 卞和 蒲扇 牟利 饶恕 穆斯 褚色 娄子
窦性 郁闷 虞美 仝仁 揭开 揭露 贝壳 鄂州 雍容 汲取 桓公 嵇康 滑动 滑倒 裘皮 幸福 幸亏 胡乱 蓝色 蓝天 王府
王国 李家 张家 黄河 刘海 陈家 杨家 赵家 吴家 徐家 孙家 朱家 胡家 郭家 何家 罗家 郑家 梁家 谢家 宋家 唐家
许家 韩家 邓家 冯家 曹家 彭家 曾家 肖家 董家 潘家 袁家 蔡家 蒋家 余家 杜家 叶家 程家 魏家 苏家 吕家 丁家
任家 卢家 姚家 沈家 钟家 姜家 崔家 谭家 陆家 范家 汪家 廖家 贾家 夏家 邹家 熊家 孟家 秦家 邱家 侯家 尹家
薛家 闫家 段家 雷家 黎家 陶家 贺家 毛家 郝家 顾家 龚家 邵家 钱家 戴家 严家 莫家 孔家 汤家 康家 乔家 庄家
林家 白家 石家 马家 高家 金家 田家 江家 方家 万家 龙家 史家 张江 黄浦 李村 杨浦 余杭 苏堤 葛岭 钱塘 陶瓷
童年 童话 林立 林地 柳条 梁柱 魏碑 沈家 贺喜 贺卡 祝贺 熊孩""".split())
# two-character words whose second character is a surname: the surname is not a name there
_WORDS_ENDING = frozenset("""感谢 多谢 谢谢 致谢 答谢 道谢 一周 每周 上周 下周 本周 四周 周周 提高 最高 升高 身高 很高 偏高
园林 树林 森林 如何 任何 为何 几何 其余 多余 剩余 业余 工程 过程 流程 日程 行程 全程 课程 规程 章程 江苏 复苏 责任 信任
担任 上任 前任 现任 主任 时钟 分钟 大陆 着陆 登陆 规范 示范 防范 华夏 初夏 立夏 盛夏 地段 路段 阶段 时段 手段 防雷
时候 等候 问候 气候 照顾 回顾 不顾 羽毛 价钱 工钱 零钱 花钱 省钱 赚钱 本钱 庄严 森严 佩戴 爱戴 面孔 毛孔 鸡汤
依赖 信赖 无赖 村庄 钱庄 杨柳 庆祝 树苗 疫苗 瓜葛 忧郁 大王 行李 紧张 主张 开张 扩张 夸张 慌张 嚣张 子孙 儿孙 城郭 桥梁
栋梁 房梁 荒唐 也许 允许 或许 少许 些许 准许 未曾 不曾 何曾 生肖 古董 茶叶 树叶 园丁 人丁 落叶 中叶 公孙 王孙 外孙
严厉 亲戚 黄金""".split())
_NOT_A_NAME = frozenset({"班主任", "老师傅", "包工", "施工", "员工", "社工", "义工", "同学", "王府井", "管家", "司机",
                         "车主", "房东", "户主", "常年", "常住", "高层", "金额", "万元", "管理", "门卫", "门口", "方式",
                         "方面", "方法", "方案"})
_ANON_BEFORE = frozenset("你我他她贵该本对双各甲乙丙丁")


def _han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _surname_at(folded: str, s: int) -> tuple[int, bool] | None:
    """(length of the surname at s, whether it is an ambiguous one), or None."""
    if folded[s:s + 2] in _COMPOUND_SET:
        return 2, False
    ch = folded[s:s + 1]
    if ch and ch in _COMMON:
        return 1, False
    if ch and ch in _AMBIGUOUS:
        return 1, True
    return None


def _token(folded: str, s: int, strict: bool = True, ambiguous_ok: bool = True) -> int | None:
    """The end of a full name (surname + one or two) starting at s, or None: the given name
    has no function word, the name is no everyday word, and what follows may follow a name.
    `strict`: the shortest name after which a name may end (no label colon to delimit it)."""
    sa = _surname_at(folded, s)
    if not sa or (sa[1] and not ambiguous_ok):
        return None
    slen, ambiguous = sa
    two = folded[s:s + 2]
    family = two in _WORDS and two[1] in "家子"  # 蔡家 is a family, 蔡家豪 a name; 李子, 李子轩
    if two in _WORDS and not family:
        return None
    end = None
    for k in (1, 2):
        e = s + slen + k
        g = folded[s + slen:e]
        if len(g) < k or any(not _han(c) or c in _NOT_GIVEN or c in _ANON for c in g):
            break
        if k == 1 and slen == 1 and g == folded[s]:
            break  # 谢谢, 周周
        if family and k == 1:
            continue
        if folded[s:e] in _NOT_A_NAME:
            break
        if _after_ok(folded, e):
            end = e
            if strict:
                break
    return end


def _titles(folded: str) -> list[tuple[str, str, int, int]]:
    """Surname + honorific or title: 王阿姨, 李工, 朱主任, 欧阳先生, 李建国先生."""
    out = []
    for m in _TITLE.finditer(folded):
        t0, t1 = m.span()
        title = m.group(0)
        short = title in _SHORT_SET
        best = None
        # a surname right before the title, or a full name (surname + one or two) before it
        for given in ((0,) if short else (0, 1, 2)):
            for slen in (2, 1):
                s = t0 - given - slen
                if s < 0:
                    continue
                sa = _surname_at(folded, s)
                if not sa or sa[0] != slen:
                    continue
                g = folded[s + slen:t0]
                if any(not _han(c) or c in _NOT_GIVEN or c in _ANON for c in g):
                    continue
                if sa[1]:  # 管 in 监管队长, 方 in 你方: only where a name may begin, never a full name
                    if given or not _name_may_start(folded, s):
                        continue
                elif s and folded[s - 1:s + 1] in _WORDS_ENDING:
                    continue  # 谢谢师傅, 主张总是, 一周经理…
                if given and folded[s:s + 2] in _WORDS:
                    continue
                best = (s, sa[1])
                break
            if best:
                break
        if not best:
            continue
        s, ambiguous = best
        if short and not _after_ok(folded, t1):
            continue  # 施工, 张总体, 主张总是: the title is part of a word
        if s > 0 and folded[s] == "方" and folded[s - 1] in _ANON_BEFORE:
            continue  # 你方师傅, 我方经理, 对方律师
        if folded[s:t1] in _NOT_A_NAME or folded[s:t1 + 1] in _NOT_A_NAME:
            continue
        out.append(("privacy-name", "", s, t1))
    return out


# verbs that a name follows: 我是秦丽华, 回访段琳：…, 支付张建华劳务费 (never a word's first character)
_VERB_LABELS = ("我是|我叫|名叫|叫做|回访|致电|通知|告知|转告|关于|探望|慰问|支付给|支付|付给|收取|退还给|退还|退给|"
                "发给|补贴给|报销给|赔偿给|奖励给|借给|收到")
_LABELS = f"{_PERSON_LABELS}|{_VERB_LABELS}"
# a label the name follows directly: with a colon (举报人：张建国) any name; without one
# (业主张建国反映) a name after which a name may end
_LABEL_NAME = re.compile(rf"(?=[{''.join(sorted(set(w[0] for w in _LABELS.split('|'))))}])"  # fast skip
                         rf"(?:(?P<person>{_PERSON_LABELS})|{_VERB_LABELS})"
                         rf"(?:\s*(?P<colon>[:：|｜]|是|为|叫|姓名[:：]?)\s*)?(?={_ALL_SURNAMES})")
# after an everyday-word surname (马, 高, 车 …) only a person's verb ends a name: 举报人马辉反映, not 业主车辆，
_AFTER_PERSON = re.compile(r"(?=反映|反应|说|讲|称|表示|来电|投诉|举报|报修|同意|认为|要求|希望|家|的房|的车|[（(]|"
                           r"交来|缴|代收|收取|所述|您好|名下|拖欠|维修|装修|是谁|建议|经常|"
                           r"[，,：:；;]\s?(?:电话|手机|联系|身份证|微信|QQ|qq|邮箱|住|家住|车牌|卡号))")
# data that stands next to a name: 郦美玲（9幢1601）, 登记：郭晓东，身份证…, 1404房夏帆，
_NAME_ONLY = re.compile(rf"\s*{_ALL_SURNAMES}[\u3400-\u9fff]{{1,2}}\s*(?:[（(]个人[)）])?\s*")
_ORG_WORD = re.compile(r"(?:公司|集团|中心|酒店|宾馆|学校|中学|小学|幼儿园|医院|银行|局|所|站|厂|店|社|部|处|委|会|"
                       r"协会|物业|社区|街道|政府|合作社|工作室|事务所|商行|超市|馆|院|队|办|园|大学|学院|有限)")


def _labelled_names(folded: str) -> list[tuple[str, str, int, int]]:
    out = []
    for m in _LABEL_NAME.finditer(folded):
        s = m.end()
        colon = m.group("colon") or m.group(0).rstrip().endswith(("姓名", "名字", "户名", "开户名"))
        sa = _surname_at(folded, s)
        if not sa:
            continue
        if sa[1] and not m.group("person"):
            continue  # 走访和光苑, 登记车牌: a verb before an everyday word
        end = _token(folded, s, strict=not colon)
        if end is None:
            continue
        if sa[1] and not colon and not _AFTER_PERSON.match(folded, end):
            continue  # 业主车辆，
        out.append(("privacy-name", "label", s, end))
    return out


def _name_ending_at(folded: str, stop: int) -> int | None:
    """The start of a full name (surname + one or two) that ends right at `stop`: compound
    surnames first, then three characters, then two. An everyday-word surname (石, 方, 田)
    only where a name may begin."""
    for n in (4, 3, 2):
        st = stop - n
        if st < 0:
            continue
        sa = _surname_at(folded, st)
        if not sa or (n == 4 and sa[0] != 2):
            continue
        g = folded[st + sa[0]:stop]
        if not g or len(g) > 2 or any(not _han(c) or c in _NOT_GIVEN or c in _ANON for c in g):
            continue
        two = folded[st:st + 2]
        if (two in _WORDS and not (two[1] in "家子" and n > 2)) or folded[st:stop] in _NOT_A_NAME:
            continue
        if len(g) == 1 and sa[0] == 1 and g == folded[st]:
            continue
        if sa[1] and not (st == 0 or not _han(folded[st - 1]) or _name_may_start(folded, st)):
            continue
        return st
    return None


# what makes the words before it a person: 罗永刚是谁, 冼立新的卡号, 登记在郑桂英名下, 夏侯涛您好
_SUBJECT = re.compile(r"是谁|的卡号|的银行卡|的账户|的退款|名下|您好|反映的|所述")


def _names_next_to(folded: str, found: list) -> list[tuple[str, str, int, int]]:
    """A full name right beside other personal data: before a bracket, a comma or a contact
    label that holds it (郦美玲（9幢1601）, 郭晓东，身份证…, ，孙卫东，138…), or right after a
    room (1404房夏帆，); and a name the sentence says is a person (罗永刚是谁, 蒋立新的退款)."""
    out = []
    for code, _, hs, he in found:
        if code == "privacy-name":
            continue
        # after a room: 1404房夏帆，平时…, 30-1-1104潘子轩，有…
        if code == "privacy-room":
            s = he
            while s < len(folded) and folded[s] in " 　":
                s += 1
            if s < len(folded) and _han(folded[s]):
                end = _token(folded, s, ambiguous_ok=False)
                if end:
                    out.append(("privacy-name", "label", s, end))
        # before it: 郦美玲（9幢1601）, 登记：郭晓东，身份证…
        stop = _before_datum(folded, hs)
        if stop:
            st = _name_ending_at(folded, stop)
            if st is not None:
                out.append(("privacy-name", "label", st, stop))
    return out


_DATUM_LABELS = ("电话", "手机", "联系", "身份证", "证件", "微信", "QQ", "qq", "邮箱", "住", "家住", "车牌", "卡号", "房号")
_BEFORE_DATUM = frozenset(f"{sep}{label}" for sep in "，,：:" for label in _DATUM_LABELS) | \
    frozenset(f"{sep} {label}" for sep in "，,：:" for label in _DATUM_LABELS)


def _before_datum(folded: str, hs: int) -> int | None:
    """Where a name would end before a datum at `hs`: right before a bracket, a space or a
    comma that opens it, or before ，电话 / ：身份证 … that labels it."""
    if hs < 2:
        return None
    c = folded[hs - 1]
    if c in "（(【[":
        return hs - 2 if folded[hs - 2] in " 　" else hs - 1
    if c in " 　\t":
        return hs - 2 if folded[hs - 2] in "，," else hs - 1
    if c in "，,":
        return hs - 1
    for k in (6, 5, 4, 3, 2):
        w = folded[max(0, hs - k):hs].rstrip(" ：:")
        if w in _BEFORE_DATUM:
            return hs - k if folded[hs - k] not in " " else hs - k + 1
    return None


def _subjects(folded: str) -> list[tuple[str, str, int, int]]:
    out = []
    for m in _SUBJECT.finditer(folded):
        st = _name_ending_at(folded, m.start())
        if st is not None:
            out.append(("privacy-name", "label", st, m.start()))
    return out


_OLD_YOUNG = re.compile(rf"(?=[老小][{''.join(sorted(set(w[0] for w in _COMPOUND.split('|'))))}{_COMMON}{_AMBIGUOUS}])(?<![养敬尊古元遗赡防抗衰托孝扶助终送颐啃倚卖装年苍告到])老(?={_COMPOUND}|[{_COMMON}马高金白石田江方万史"
                        rf"常文关包华路宁洪温武申季甘左冷项景费卫米柏宗边沙荣查封惠班燕权帅符纪盛游凌毕舒皮劳尤池苑])"
                        rf"|(?<![0-9一二三四五六七八九十几两半多每个大])小(?={_COMPOUND}|[{_COMMON}])")
_OLD_YOUNG_WORDS = frozenset({"老黄历", "老陈醋", "老马路", "老白干", "老石头", "老高楼", "老江湖", "老田地", "老方法",
                              "老方向", "老方式", "老金额", "小黄车", "小叶榕", "小马扎", "小毛病", "小孙子", "老李子",
                              "小卖部", "小程序", "小高层", "老旧", "小区"}) | frozenset(
    "老" + c for c in "路")


def _nicknames(folded: str) -> list[tuple[str, str, int, int]]:
    """老王, 小李, 老欧阳 — standing as a name (followed by a boundary or a verb)."""
    out = []
    for m in _OLD_YOUNG.finditer(folded):
        s = m.end()
        slen = 2 if folded[s:s + 2] in _COMPOUND_SET else 1
        e = s + slen
        if folded[m.start():e + 1] in _OLD_YOUNG_WORDS or folded[m.start():e] in _OLD_YOUNG_WORDS:
            continue
        if _after_ok(folded, e) or folded[e:e + 1] in "（(":
            out.append(("privacy-name", "", m.start(), e))
    return out


# --- 4. putting it together ---------------------------------------------------------------


class Hit(NamedTuple):
    code: str
    start: int
    end: int
    variant: str  # the wording of the problem (messages.yml: privacy-phone.landline), or ""
    text: str  # exactly as written in the original text

    @property
    def key(self) -> str:
        return f"{self.code}.{self.variant}" if self.variant else self.code


@dataclass(frozen=True)
class Public:
    """What the estate publishes on purpose (estate.yml): its public phone numbers (digits),
    its public values (the grid worker's work WeChat), and the names of staff who agreed
    to be named."""

    numbers: frozenset = frozenset()
    values: frozenset = frozenset()
    names: frozenset = frozenset()


@lru_cache(maxsize=64)
def _allowed_forms(numbers: frozenset) -> frozenset:
    """Every way a public number may be written, as digits: itself, with 86 or 0086 before
    it (the area code without its 0 after 86), and a landline's local part alone."""
    forms = set()
    for n in numbers:
        forms |= {n, "86" + n, "0086" + n}
        if n.startswith("0"):
            forms |= {"86" + n[1:], "0086" + n[1:]}
        for k in (7, 8):
            if len(n) - k >= 3:
                forms.add(n[-k:])
    return frozenset(forms)


def _number_allowed(found: str, numbers: frozenset) -> bool:
    return bool(numbers) and digits(found) in _allowed_forms(numbers)


def _rooms(folded: str) -> list[tuple[str, str, int, int]]:
    out = []
    if not _ROOM_HINT.search(folded):
        return out
    for m in _ROOMS.finditer(folded):
        s, e = m.span()
        if m.group("c"):  # a/b/c: not a date (3/4/2026, 15-04-2026)
            a, b, c = int(m.group("a")), int(m.group("b")), int(m.group("c"))
            if 1900 <= c <= 2100 and (a <= 31 and b <= 12 or a <= 12 and b <= 31):
                continue
        before = folded[max(0, s - 12):s]
        if m.group("bld"):
            if _ORG_BEFORE.search(before) and not _RESIDENTIAL.search(m.group(0)):
                continue
        elif _ORG_BEFORE.search(before):
            continue  # 人社局517室, 写字楼403房
        elif m.group(0).endswith("号") and _STREET_BEFORE.search(before):
            continue  # 通湖路188号: a street number
        if _DOC_LABEL.search(_window(folded, s, 10)):
            continue
        while e > s and folded[e - 1] in " \t":
            e -= 1
        while s > 1 and folded[s - 1] in "十拾" and folded[s - 2].isdigit():
            s -= 2  # 二十八栋: 2十8栋 (十 has no 1:1 digit between two numerals)
        out.append(("privacy-room", "", s, e))
    return out


_WECHAT_HINT = re.compile(r"(?i)(?=[微薇威维卫vw加+])(?:微\s?信|薇信|威信|v信|维信|卫星号|vx|wx|weixin|wechat|加v|\+v)")
_DIGITS = re.compile(r"\d")
_PLATE_HINT = re.compile(rf"[{_PROVINCES}]\s?[A-Za-z]")


def _patterns(folded: str, field: str, has_digit: bool = True) -> list[tuple[str, str, int, int]]:
    out = []
    if "@" in folded or "艾特" in folded or "(at)" in folded or "[at]" in folded:
        out += [("privacy-email", "", m.start(), m.end()) for m in _EMAIL.finditer(folded)]
    if "q" in folded or "Q" in folded or "扣扣" in folded or "企鹅" in folded:
        out += [("privacy-qq", "", m.start(1), m.end(1)) for m in _QQ.finditer(folded)]
    if _WECHAT_HINT.search(folded):
        out += [("privacy-wechat", "", m.start(1), m.end(1)) for m in _WECHAT.finditer(folded)]
    if has_digit:
        if _PLATE_HINT.search(folded):
            for m in _PLATE.finditer(folded):
                if len(_DIGITS.findall(m.group(0))) >= 3:
                    out.append(("privacy-plate", "", m.start(), m.end()))
        out += _rooms(folded)
    return out


def _names(folded: str, field: str, found: list) -> list[tuple[str, str, int, int]]:
    out = []
    out += _labelled_names(folded)
    out += _titles(folded)
    if "老" in folded or "小" in folded:
        out += _nicknames(folded)
    if found:
        out += _names_next_to(folded, found)
    if _SUBJECT.search(folded):
        out += _subjects(folded)
    if field == "counterparty" and _NAME_ONLY.fullmatch(folded) and not _ORG_WORD.search(folded):
        s = len(folded) - len(folded.lstrip())
        out.append(("privacy-name", "label", s, s + len(folded.strip().split("(")[0].split("（")[0].strip())))
    return out


_HAS_DIGIT = re.compile(r"\d")


def _by_code_then_place(h: tuple) -> tuple:
    return h[0], h[2], -h[3]


def find_personal_data(text: str, allowed_numbers: frozenset = frozenset(),
                       allowed_values: frozenset = frozenset(), allowed_names: frozenset = frozenset(),
                       *, field: str = "", only: tuple = ()) -> list[Hit]:
    """Every span of `text` that looks like personal data, in the original text's positions.
    `allowed_numbers` are digit strings (the estate's public phone numbers); `allowed_values`
    exact public values (the grid worker's work WeChat); `allowed_names` staff who agreed to
    be named. `field` names the field when it changes the reading (a `counterparty` that is
    only a name is a person); `only` limits the codes (a `ref` is checked for phone and ID
    shapes only)."""
    if not text:
        return []
    f = fold(text)
    folded = f.text
    found: list[tuple[str, str, int, int]] = []
    has_digit = _HAS_DIGIT.search(folded) is not None
    if has_digit:
        found += _numbers(folded, field)
    if not only:
        found += _patterns(folded, field, has_digit)
        found += _names(folded, field, found)
    else:
        found = [x for x in found if x[0] in only]
    if not found:
        return []
    if len(found) > 1:
        # by code (their alphabetical order puts e-mail before QQ and WeChat, ID cards before
        # phones, plates before rooms), then place, the longer first: the first finding of a
        # span keeps it
        found.sort(key=_by_code_then_place)
    hits: list[Hit] = []
    taken: list[tuple[int, int]] = []
    for code, variant, s, e in found:
        if taken and any(a < e and s < b for a, b in taken):
            continue  # one finding per span (an e-mail's digits are not also a QQ number)
        start, end = f.span(s, e)
        original = text[start:end]
        if code == "privacy-phone" and _number_allowed(original, allowed_numbers):
            continue
        if code == "privacy-wechat" and (original in allowed_values or folded[s:e] in allowed_values):
            continue
        if code == "privacy-name" and allowed_names and _name_allowed(original, folded[s:e], allowed_names):
            continue
        taken.append((s, e))
        hits.append(Hit(code, start, end, variant, original))
    hits.sort(key=lambda h: h.start)
    return hits


def _name_allowed(original: str, folded: str, names: frozenset) -> bool:
    """A listed public name, or a hit that is that name with a title (朱建华主任 for 朱建华)."""
    return any(original == n or folded == n or original.startswith(n) or folded.startswith(n) for n in names)
