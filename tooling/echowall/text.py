"""Which characters ledger text may hold, and how text is shown on a terminal.

Ledger text is plain text that ends up in HTML, XML (the Atom feeds), CSV, PDFs, SVG
charts and terminals. Characters that are invisible there, or that a terminal or an XML
parser treats as more than text, are refused in the ledger (`text-control`, schema.py):

- C0 controls (U+0000–U+001F) except tab everywhere and line feed in multi-line text
  (description, notes, comments); carriage return too (YAML turns a typed line break into
  a line feed, so a CR only arrives by escape);
- DEL (U+007F) and the C1 controls (U+0080–U+009F: NEL, CSI — an 8-bit escape sequence);
- the line and paragraph separators U+2028 and U+2029 (line breaks to some readers, not
  to others);
- the bidirectional embeddings, overrides and isolates U+202A–U+202E and U+2066–U+2069,
  which reorder the text around them ("Trojan Source");
- surrogates (U+D800–U+DFFF: not characters; they cannot be written as UTF-8) and the
  noncharacters U+FDD0–U+FDEF and U+xFFFE/U+xFFFF (U+FFFE and U+FFFF are not allowed in XML).

Allowed: tab; line feed in multi-line text; zero-width joiners and non-joiners (emoji
sequences, scripts that need them), the left-to-right and right-to-left marks U+200E and
U+200F (marks, not overrides), and everything else Unicode assigns.

`printable(text)` is for terminals: anything of the kind above (and any C0 or C1 control)
becomes a visible escape like `\\x1b` or `\\u202e`, so ledger text (or an argument) printed
by a command can never move the cursor, recolour the screen or reorder a line.
"""
from __future__ import annotations

import re

_BIDI = "\u202a-\u202e\u2066-\u2069"
_NONCHAR = "\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17))
# Refused in one-line text (titles, names, places, evidence ...): everything above but tab.
_ONE_LINE = re.compile(f"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029{_BIDI}\ud800-\udfff{_NONCHAR}]")
# Refused in multi-line text (descriptions, notes, comments): the same, line feed allowed.
_MULTI_LINE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029{_BIDI}\ud800-\udfff{_NONCHAR}]")
# Escaped on a terminal: every control, separator, bidi control, surrogate and noncharacter
# (tab and line feed are kept: they only lay the text out).
_TERMINAL = _MULTI_LINE
_NONCHAR_RE = re.compile(f"[{_NONCHAR}]")
# Left raw by json.dumps(ensure_ascii=False), which escapes C0 itself (a raw line feed in
# JSON text is layout between values, never inside a string).
_JSON = re.compile(f"[\x7f-\x9f\u2028\u2029{_BIDI}\ud800-\udfff{_NONCHAR}]")


def refused_char(text: str, multiline: bool) -> int | None:
    """The index of the first character ledger text may not hold, or None."""
    m = (_MULTI_LINE if multiline else _ONE_LINE).search(text)
    return m.start() if m else None


def char_kind(ch: str) -> str:
    """What kind of refused character `ch` is: the variant of its message."""
    if ch == "\n":
        return "line-break"
    if "\u202a" <= ch <= "\u202e" or "\u2066" <= ch <= "\u2069":
        return "bidi"
    if ch in "\u2028\u2029":
        return "separator"
    if "\ud800" <= ch <= "\udfff" or _NONCHAR_RE.fullmatch(ch):
        return "not-a-character"
    return ""


def code_point(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def _escape(m: re.Match) -> str:
    o = ord(m.group())
    return f"\\x{o:02x}" if o <= 0xFF else f"\\u{o:04x}" if o <= 0xFFFF else f"\\U{o:08x}"


def printable(text: str, one_line: bool = False) -> str:
    """`text` safe to print on a terminal: controls, separators, bidi controls, surrogates
    and noncharacters shown as escapes (\\x1b, \\u202e); tab kept, and line feed unless
    `one_line` (a problem is one line of output, whatever its value holds)."""
    return (_ONE_LINE if one_line else _TERMINAL).sub(_escape, text)


def _json_escape(m: re.Match) -> str:
    o = ord(m.group())
    if o > 0xFFFF:  # JSON escapes a character beyond the BMP as its surrogate pair
        o -= 0x10000
        return f"\\u{0xD800 + (o >> 10):04x}\\u{0xDC00 + (o & 0x3FF):04x}"
    return f"\\u{o:04x}"


def json_safe(text: str) -> str:
    """JSON text (from json.dumps(..., ensure_ascii=False)) with the characters above, which
    json leaves as they are (DEL, C1, separators, bidi controls, ...), written as \\u escapes:
    the same JSON value, safe on a terminal. (json.dumps escapes C0 itself.)"""
    return _JSON.sub(_json_escape, text)
