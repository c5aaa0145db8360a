"""Every word the site, the print sheets, the exports, the charts and the committee's CLI
views show, from one table: site_templates/i18n.yml (one mapping per language; a key missing
in a language falls back to zh). An estate rewords its site there without touching Python.

`Labels` is the table plus every helper that turns a value into words: a status, a role, a
tier, a category, a building, a period, a month, a duration, a rate, a redacted field. It is
read once per build (`load_labels`) and passed to the plan, the page and sheet renderers and
the exports alike — nothing else reads i18n.yml.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

TABLE = "i18n.yml"


class LabelsError(ValueError):
    """The translation table cannot be read (an estate edits it)."""


def language_code(language: str | None) -> str:
    """zh_CN, zh-Hans, ZH -> zh; en-GB -> en (the table's keys)."""
    return (language or "zh").split("_")[0].split("-")[0].lower() or "zh"


def load_strings(templates: Path | str, language: str) -> dict[str, str]:
    """The table for one language, zh underneath. Read with the ledger's own loader, so a key
    written twice is an error, not a silent overwrite."""
    from .yamlsrc import load_yaml

    path = Path(templates) / TABLE
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LabelsError(f"{path}: cannot read the translation table ({exc})") from None
    doc, problems = load_yaml(text, str(path))
    if problems:
        raise LabelsError("; ".join(str(p) for p in problems))
    table = doc.data if isinstance(doc.data, dict) else {}
    strings = dict(table.get("zh") or {})
    strings.update(table.get(language_code(language)) or {})
    return {str(k): str(v) for k, v in strings.items()}


def yuan(value) -> str:
    """12345.6 -> '12,345.60' (exact: a Decimal is never turned into a float)."""
    return f"{Decimal(value):,.2f}"


def pct(part, whole) -> str:
    """A share to one decimal, '—' of nothing."""
    if not whole:
        return "—"
    return f"{(Decimal(part) / Decimal(whole) * 100).quantize(Decimal('0.1'))}%"


def status_key(state) -> str:
    """The status a resident sees: a resource nobody has taken yet is offered (可提供)."""
    return "offered" if state.item.kind == "resource" and state.status == "filed" else state.status


class Labels:
    """The table and the helpers. `ledger` gives the names of roles, tiers, categories,
    buildings, revenue categories and accounts, and the estate's time zone."""

    def __init__(self, strings: dict[str, str], ledger=None):
        self.strings = strings
        self.ledger = ledger
        self.estate = ledger.estate if ledger is not None else None
        self.tz = self.estate.tz if self.estate is not None else None

    def __contains__(self, key: str) -> bool:
        return key in self.strings

    def tr(self, key: str, **kw) -> str:
        """The words for `key`, with `{name}` fields filled in; an unknown key shows as itself."""
        text = self.strings.get(key, key)
        return text.format(**kw) if kw else text

    __call__ = tr

    # -- times ----------------------------------------------------------------------------
    def dt(self, value: datetime | None, day_only: bool = False) -> str:
        """An instant as the estate's clock shows it, to the minute; `day_only` (a history
        record that gave a date alone): the date, never an invented 00:00."""
        if not value:
            return ""
        return (value.astimezone(self.tz) if self.tz else value).strftime("%Y-%m-%d" if day_only else "%Y-%m-%d %H:%M")

    @staticmethod
    def day(value) -> str:
        return value.strftime("%Y-%m-%d") if value else ""

    def dur(self, value: timedelta | None) -> str:
        """3天4小时, 2小时, 15分钟: days and hours, minutes only under a day."""
        if value is None:
            return ""
        minutes = int(value.total_seconds() // 60)
        days, rem = divmod(minutes, 1440)
        hours, mins = divmod(rem, 60)
        parts = []
        if days:
            parts.append(self.tr("duration.days", n=days))
        if hours:
            parts.append(self.tr("duration.hours", n=hours))
        if not days and (mins or not parts):
            parts.append(self.tr("duration.minutes", n=mins))
        return "".join(parts)

    def month_label(self, month: str) -> str:
        """2026-10 -> 2026年10月."""
        return self.tr("report.month", year=month[:4], month=int(month[5:]))

    def period_label(self, stem: str) -> str:
        """A revenue period's name: 2026-10 -> 2026年10月, 2026 -> 2026年度."""
        if len(stem) == 7:
            return self.tr("revenue.month_label", year=stem[:4], month=int(stem[5:]))
        return self.tr("revenue.year_label", year=stem)

    # -- names of the estate's things -----------------------------------------------------
    def role_name(self, rid: str) -> str:
        r = self.estate.role(rid) if self.estate else None
        return r.name if r else rid

    def holders(self, state) -> str:
        """The roles holding an item, joined (empty when nobody holds it)."""
        return self.role_names(state.holders)

    def role_names(self, rids) -> str:
        return self.tr("sep").join(self.role_name(r) for r in rids)

    def tier_name(self, tid: str) -> str:
        t = self.estate.tier(tid) if self.estate else None
        return t.name if t else tid

    def cat_name(self, cid: str) -> str:
        c = self.estate.category(cid) if self.estate else None
        return c.name if c else cid

    def building_name(self, bid: str) -> str:
        b = self.ledger.building(bid) if self.ledger is not None else None
        return b.name if b else bid

    def unit_name(self, unit: str) -> str:
        return self.tr("h.unit", unit=unit)

    def place(self, item) -> str:
        """Where an item is: building and unit, or 全小区."""
        if not item.building:
            return self.tr("item.estate_wide")
        return self.building_name(item.building) + (self.unit_name(item.unit) if item.unit else "")

    def rcat_name(self, cid: str) -> str:
        c = self.estate.revenue.category(cid) if self.estate else None
        return c.name if c else cid

    def account_name(self, aid: str) -> str:
        a = self.estate.revenue.account(aid) if self.estate else None
        return a.name if a else aid

    # -- states ---------------------------------------------------------------------------
    def status_label(self, state) -> str:
        return self.tr(f"status.{status_key(state)}")

    def rate(self, rate) -> str:
        """A rate as the site shows it: the count instead of a percentage below min_sample."""
        if not rate.denominator:
            return self.tr("none")
        if not rate.shown:
            return self.tr("print.rate_count", num=rate.numerator, den=rate.denominator)
        return self.tr("print.rate_line", value=rate.percent(), num=rate.numerator, den=rate.denominator)

    def field_label(self, path: str) -> str:
        """events.3.note -> 办理记录第4条 · 说明 (positions from 1 for people)."""
        parts = path.split(".")
        if len(parts) == 3 and parts[1].isdigit() and f"redaction.field.{parts[0]}" in self.strings:
            name = self.strings.get(f"redaction.key.{parts[2]}", parts[2])
            return self.strings[f"redaction.field.{parts[0]}"].format(n=int(parts[1]) + 1, key=name)
        return self.strings.get(f"redaction.key.{path}", path)


def load_labels(templates: Path | str, language: str, ledger=None) -> Labels:
    return Labels(load_strings(templates, language), ledger)
