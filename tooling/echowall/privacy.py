"""Personal data in free text: the rules, as pure functions over a string.

The ledger is public and Git keeps every version, so text that names a private person's
contact or home must not get in. Each rule is a regular expression plus, where a pattern
alone would trip over ordinary numbers, a check: an ID-card number must pass its checksum
and carry a real birth date, a mobile number must stand alone (not inside a longer run of
digits such as an invoice number). The estate's public numbers are allowed.

`find_personal_data(text, allowed)` -> [Hit(code, start, end, variant, text)]; checks/privacy.py
applies it to every free-text field with exact places.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# The most common single-character surnames: with an honorific after them (王阿姨, 李师傅)
# they name a private person.
_SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
             "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
_HONORIFICS = "阿姨|大爷|大妈|大叔|大婶|大伯|先生|女士|小姐|奶奶|爷爷|师傅|阿婆|老伯|老太|老先生|老太太"
# Province abbreviations on Chinese licence plates.
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领"
_SEP = r"[\s\-‐–—·•]?"

RULES = (
    # mobile: 11 digits 1[3-9]…, also written 139 1234 5678, 139-1234-5678, +86 …
    ("privacy-phone", "",
     re.compile(r"(?<![\d\-])(?:\+?86[\s\-]?)?1[3-9]\d" + _SEP + r"\d{4}" + _SEP + r"\d{4}(?!\d)")),
    # landline with area code: 0571-88881234, 0571 8888 1234, (0571)88881234, 010-12345678
    ("privacy-phone", "landline",
     re.compile(r"(?<![\d\-])(?:[(（]0\d{2,3}[)）]|0\d{2,3})" + _SEP + r"\d{3,4}" + _SEP + r"\d{4}(?!\d)")),
    ("privacy-id-card", "",
     re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")),
    ("privacy-email", "",
     re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")),
    # rooms: 3幢2单元301, 3栋2单元301室, 2单元301, 3-2-301, 302室, 1202房 (longest form first)
    ("privacy-room", "",
     re.compile(r"\d{1,3}\s*(?:幢|栋|号楼|座)\s*\d{1,2}\s*单元\s*\d{3,4}(?:\s*(?:室|房间|号房|房))?(?!\d)"
                r"|(?<!\d)\d{1,2}\s*单元\s*\d{3,4}(?:\s*(?:室|房间|号房|房))?(?!\d)")),
    ("privacy-room", "",
     re.compile(r"(?<![\d\-/.])\d{1,3}-\d{1,2}-\d{3,4}(?![\d\-])")),
    ("privacy-room", "",
     re.compile(r"(?<![\d\-])\d{3,4}\s*(?:室|房间|号房|房(?![屋产子东租价源型]))")),
    ("privacy-name", "",
     re.compile(r"[" + _SURNAMES + r"][\u4e00-\u9fff]{0,2}?(?:" + _HONORIFICS + r")"
                r"|老[" + _SURNAMES + r"](?![\u4e00-\u9fff])|小[" + _SURNAMES + r"](?=[，。、；：,.!?！？\s]|$)")),
    ("privacy-plate", "",
     re.compile(r"[" + _PROVINCES + r"]\s?[A-HJ-NP-Z]" + _SEP + r"[A-HJ-NP-Z0-9]{5,6}(?![A-Za-z0-9])")),
    ("privacy-wechat", "",
     re.compile(r"(?:(?:微信号?|微信账号|威信|[Vv]信)\s*(?:号|ID|id)?\s*(?:是|为|[:：])?"
                r"|(?<![A-Za-z])(?:[Vv][Xx]|[Ww][Xx]|[Ww]e[Cc]hat)(?:\s*(?:号|ID|id))?\s*[:：])\s*"
                r"([A-Za-z][A-Za-z0-9_\-]{5,19})(?![A-Za-z0-9_\-])")),
)

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_card_valid(number: str) -> bool:
    """GB 11643: the 18th character is the checksum of the first 17; positions 7-14 a birth date."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS))
    if _ID_CHECK[total % 11] != number[17].upper():
        return False
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return 1900 <= born.year <= 2100


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@dataclass(frozen=True)
class Hit:
    code: str
    start: int
    end: int
    variant: str  # the wording of the problem (messages.yml: privacy-phone.landline), or ""
    text: str

    @property
    def message(self) -> str:
        from .messages import render

        return render(f"{self.code}.{self.variant}" if self.variant else self.code, {"text": self.text})


def find_personal_data(text: str, allowed_numbers: frozenset = frozenset(),
                       allowed_values: frozenset = frozenset()) -> list[Hit]:
    """Every span of `text` that looks like personal data. `allowed_numbers` are digit
    strings (the estate's public phone numbers); `allowed_values` are exact public values
    (the grid worker's work WeChat)."""
    if not text:
        return []
    hits: list[Hit] = []
    taken: list[tuple[int, int]] = []
    for code, variant, rx in RULES:
        for m in rx.finditer(text):
            start, end = (m.start(1), m.end(1)) if code == "privacy-wechat" else m.span()
            found = text[start:end]
            if code == "privacy-phone" and digits(found).removeprefix("86") in allowed_numbers:
                continue
            if code == "privacy-phone" and digits(found) in allowed_numbers:
                continue
            if code == "privacy-id-card" and not id_card_valid(found):
                continue
            if code == "privacy-plate" and sum(c.isdigit() for c in found) < 3:
                continue
            if code == "privacy-wechat" and found in allowed_values:
                continue
            if any(s < end and start < e for s, e in taken):
                continue  # one finding per span (an ID number is not also a phone number)
            taken.append((start, end))
            hits.append(Hit(code, start, end, variant, found))
    hits.sort(key=lambda h: h.start)
    return hits
