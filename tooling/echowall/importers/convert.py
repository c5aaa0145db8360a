"""Rows of an export → records: the ledger fields of one item, its events and ratings, and
the call-back contact (which goes only to the private register). Every departure from what
the mapping and the ledger accept is a problem at the export's row and column.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from ..edit import ID_ALPHABET
from ..privacy import Public
from ..problems import Problem, Source, error
from ..schema import YEAR_MAX, YEAR_MIN
from .clean import BadTime, clean_id, clean_place_id, clean_text, instant, is_formula, parse_when, write_when
from .read import MAX_CELL, Row, Table

LIMITS = {"description": 4000, "reply": 2000, "rating_comment": 2000, "place": 120, "by": 120}
TITLE_MAX = 80
HASH_LEN = 6  # 31^6 ≈ 887 million refs per filing day before two collide


def item_id(day: date, source: str, ref_id: str) -> str:
    """`YYMMDD-` + a short hash of the ref (design.md): the same record always gets the same
    id, so importing it again finds its file."""
    digest = hashlib.sha256(f"{source}\x00{ref_id}".encode("utf-8")).digest()
    n = int.from_bytes(digest[:8], "big")
    chars = []
    for _ in range(HASH_LEN):
        n, r = divmod(n, len(ID_ALPHABET))
        chars.append(ID_ALPHABET[r])
    return f"{day.strftime('%y%m%d')}-{''.join(chars)}"


@dataclass
class Record:
    line: int
    ref_id: str
    id: str
    fields: dict  # the item's own keys, in the ledger's order (values as written)
    filed: datetime  # as an instant (a date alone: the start of that day)
    history: bool
    events: list = field(default_factory=list)  # dicts as written
    ratings: list = field(default_factory=list)
    contact: str = ""
    columns: dict = field(default_factory=dict)  # item path (tuple) -> the export's column number
    title_length: int = 0  # >0: the title is made from the description (so it follows its redaction)


def title_from(description: str, length: int) -> str:
    """A title made from the description's first line, cut at `length` characters."""
    first = description.split("\n", 1)[0].strip() if description else ""
    return first if len(first) <= length else first[:length - 1] + "…"


def _fold(word: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKC", word)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf" and not ch.isspace()).casefold()


class Converter:
    def __init__(self, table: Table, mapping, estate, buildings: dict, public: Public, now: datetime):
        self.t, self.m, self.est, self.buildings, self.public, self.now = table, mapping, estate, buildings, public, now
        self.tz = ZoneInfo(mapping.timezone) if mapping.timezone else estate.tz
        self.problems: list[Problem] = []
        self.unmapped: dict[str, dict] = {"category": {}, "status": {}, "satisfaction": {}, "kind": {}, "channel": {}}
        self.cols = {f: next((c for c in names if c in table.header), None) for f, names in mapping.columns.items()}
        self.seen: dict[str, int] = {}
        self.folded: dict = {}

    # -- the columns ---------------------------------------------------------------------
    def check_columns(self) -> bool:
        missing = [f for f in ("id", "filed", "description", "category") if self.cols.get(f) is None]
        if missing:
            self.problems.append(error(Source(self.t.path, 1 if self.t.header else 0), "import-column",
                                       fields=missing, columns=[c for f in missing for c in self.m.columns[f]],
                                       header=[h for h in self.t.header if h]))
        return not missing

    def at(self, row: Row, name: str) -> Source:
        col = self.cols.get(name)
        cell = row.get(col) if col else None
        return Source(self.t.path, row.line, cell.column if cell else 0)

    def raw(self, row: Row, name: str):
        col = self.cols.get(name)
        cell = row.get(col) if col else None
        if cell is None or cell.value is None or (isinstance(cell.value, str) and not cell.value.strip()):
            return None
        if isinstance(cell.value, str):
            if is_formula(cell.value):
                self.problems.append(error(self.at(row, name), "import-formula", column=col,
                                           value=cell.value[:40]))
                return None
            if len(cell.value) > MAX_CELL:
                self.problems.append(error(self.at(row, name), "import-too-long", column=col, count=len(cell.value),
                                           max_len=MAX_CELL))
                return None
        return cell.value

    def text(self, row: Row, name: str, multiline: bool = False) -> str:
        v = self.raw(row, name)
        if v is None:
            return ""
        t = clean_text(v, multiline)
        limit = LIMITS.get(name)
        if limit and len(t) > limit:
            self.problems.append(error(self.at(row, name), "import-too-long", column=self.cols[name], count=len(t),
                                       max_len=limit))
            return ""
        return t

    def when(self, row: Row, name: str):
        v = self.raw(row, name)
        if v is None:
            return None
        try:
            w = parse_when(v, self.tz, self.m.us_dates)
        except BadTime:
            self.problems.append(error(self.at(row, name), "import-date", column=self.cols[name], value=str(v)[:60]))
            return None
        if not YEAR_MIN <= w.year <= YEAR_MAX:
            self.problems.append(error(self.at(row, name), "import-date", "range", column=self.cols[name],
                                       value=str(v)[:60], lo=YEAR_MIN, hi=YEAR_MAX))
            return None
        if instant(w, self.tz) > self.now:
            self.problems.append(error(self.at(row, name), "import-date", "future", column=self.cols[name],
                                       value=str(v)[:60]))
            return None
        return w

    def lookup(self, row: Row, name: str, table: dict, what: str):
        """The mapping's value for the cell's word, compared after NFKC and without
        invisible characters or case (`设施维修` + a zero-width space, full-width `ＯＰＥＮ`)."""
        word = self.text(row, name)
        if not word:
            return None, ""
        folded = self.folded.setdefault(id(table), {_fold(k): v for k, v in table.items()})
        if _fold(word) in folded:
            return folded[_fold(word)], word
        self.unmapped[what].setdefault(word, row.line)
        return None, word

    # -- one row -------------------------------------------------------------------------
    def record(self, row: Row) -> Record | None:
        before = len(self.problems)
        m, est = self.m, self.est
        ref_raw = self.raw(row, "id")
        ref_id = clean_id(ref_raw) if ref_raw is not None else ""
        if not ref_id:
            self.problems.append(error(self.at(row, "id"), "import-missing", field="id", column=self.cols["id"]))
        else:
            self._check_ref(row, ref_id)
        filed = self.when(row, "filed")
        if filed is None and self.raw(row, "filed") is None:
            self.problems.append(error(self.at(row, "filed"), "import-missing", field="filed", column=self.cols["filed"]))
        description = self.text(row, "description", multiline=True)
        if not description:
            if self.raw(row, "description") is None:
                self.problems.append(error(self.at(row, "description"), "import-missing", field="description",
                                           column=self.cols["description"]))
        category, word = self.lookup(row, "category", m.categories, "category")
        if not word:
            self.problems.append(error(self.at(row, "category"), "import-missing", field="category",
                                       column=self.cols["category"]))
        kind = m.kind
        if self.cols.get("kind"):
            k, w = self.lookup(row, "kind", m.kinds, "kind")
            kind = k or kind
        channel = m.channel
        if self.cols.get("channel"):
            c, w = self.lookup(row, "channel", m.channels, "channel")
            channel = c or channel
        building = unit = ""
        if self.cols.get("building") and self.raw(row, "building") is not None:
            building = clean_place_id(self.raw(row, "building"))
            if building not in self.buildings:
                self.problems.append(error(self.at(row, "building"), "import-building", building=building,
                                           buildings=sorted(self.buildings)))
                building = ""
        if self.cols.get("unit") and self.raw(row, "unit") is not None:
            unit = clean_place_id(self.raw(row, "unit"), unit=True)
            if not building:
                if self.buildings and not [p for p in self.problems[before:] if p.code == "import-building"]:
                    self.problems.append(error(self.at(row, "unit"), "import-unit", "no-building", unit=unit))
                unit = ""
            elif unit not in self.buildings[building]:
                self.problems.append(error(self.at(row, "unit"), "import-unit", unit=unit, building=building,
                                           units=list(self.buildings[building])))
                unit = ""
        if filed is None or not ref_id or len(self.problems) > before:
            self._rest(row)  # still read the other cells: every problem of the row at once
            return None
        inst = instant(filed, self.tz)
        history = est.is_history(inst)
        if not isinstance(filed, datetime) and not history:
            self.problems.append(error(self.at(row, "filed"), "import-date-only", column=self.cols["filed"],
                                       value=filed.isoformat(),
                                       start=est.start.isoformat() if est.start else ""))
        title = self.text(row, "title") if self.cols.get("title") else ""
        if len(title) > TITLE_MAX:
            title = title[:TITLE_MAX - 1] + "…"
        derived = not title
        if derived:
            title = title_from(description, m.title_length)
        fields = {"id": item_id(inst.astimezone(est.tz).date(), m.source, ref_id), "kind": kind, "title": title,
                  "description": description, "category": category or "", "building": building, "unit": unit,
                  "place": self.text(row, "place") if self.cols.get("place") else "",
                  "complexity": m.complexity, "filed": write_when(filed, est.tz), "channel": channel}
        rec = Record(row.line, ref_id, fields["id"], fields, inst, history, title_length=m.title_length if derived else 0)
        for f in ("title", "description", "place"):
            if self.cols.get(f):
                rec.columns[(f,)] = self._col(row, f)
        self._events(row, rec, kind)
        if self.cols.get("contact"):
            rec.contact = self.text(row, "contact")
        return None if len(self.problems) > before else rec

    def _col(self, row: Row, name: str) -> int:
        col = self.cols.get(name)
        cell = row.get(col) if col else None
        return cell.column if cell else 0

    def _rest(self, row: Row) -> None:
        for f in ("reply", "replied_at", "by", "satisfaction", "rated_at", "status"):
            if self.cols.get(f):
                self.raw(row, f)

    def _check_ref(self, row: Row, ref_id: str) -> None:
        from ..checks.privacy import find

        src = next((s for s in self.est.ref_sources if s.id == self.m.source), None)
        if find(ref_id, self.public, "ref"):
            self.problems.append(error(self.at(row, "id"), "import-ref-personal", column=self.cols["id"]))
            return
        if src is not None:
            try:
                ok = re.fullmatch(src.pattern.removeprefix("^").removesuffix("$"), ref_id) is not None
            except re.error:
                ok = True  # estate.yml's own problem (ref-source.pattern), reported by validation
            if not ok:
                self.problems.append(error(self.at(row, "id"), "import-ref-pattern", value=ref_id[:60],
                                           source=src.id, pattern=src.pattern))
                return
        first = self.seen.setdefault(ref_id, row.line)
        if first != row.line:
            self.problems.append(error(self.at(row, "id"), "import-duplicate-id", value=ref_id, first=first))

    def _events(self, row: Row, rec: Record, kind: str) -> None:
        m, tz = self.m, self.est.tz
        reply = self.text(row, "reply", multiline=True) if self.cols.get("reply") else ""
        by = self.text(row, "by") if self.cols.get("by") else ""
        if self.cols.get("status"):
            etype, word = self.lookup(row, "status", m.statuses, "status")
            if word and etype is None:
                return  # unmapped: listed with the others
            etype = etype or ("resolved" if reply else "none")
        else:
            etype = "resolved" if reply else "none"
        if etype == "none":
            when = None
        else:
            when = self.when(row, "replied_at") if self.cols.get("replied_at") else None
            if when is None and not (self.cols.get("replied_at") and self.raw(row, "replied_at") is not None):
                self.problems.append(error(self.at(row, "replied_at"), "import-missing", field="replied_at",
                                           column=" / ".join(m.columns.get("replied_at", ("?",)))))
                return
            if when is None:
                return
            if instant(when, self.tz) < rec.filed:
                self.problems.append(error(self.at(row, "replied_at"), "import-date", "before-filed",
                                           column=self.cols["replied_at"], value=write_when(when, tz),
                                           filed=rec.fields["filed"]))
                return
            if not isinstance(when, datetime) and not rec.history:
                self.problems.append(error(self.at(row, "replied_at"), "import-date-only",
                                           column=self.cols["replied_at"], value=when.isoformat(),
                                           start=self.est.start.isoformat() if self.est.start else ""))
                return
            note = reply or (m.resolved_note if etype == "resolved" else "")
            if not note:
                self.problems.append(error(self.at(row, "reply"), "import-missing", field="reply",
                                           column=" / ".join(m.columns.get("reply", ("?",)))))
                return
            if etype == "declined" and kind == "resource":
                etype = "withdrawn"
            ev = {"at": write_when(when, tz), "type": etype, "note": note}
            if by and etype != "withdrawn":
                ev["by"] = by
            rec.events.append(ev)
            rec.columns[("events", 0, "note")] = self._col(row, "reply")
            if "by" in ev:
                rec.columns[("events", 0, "by")] = self._col(row, "by")
        if self.cols.get("satisfaction") and self.raw(row, "satisfaction") is not None:
            rating, word = self.lookup(row, "satisfaction", m.satisfaction, "satisfaction")
            if rating is None:
                return
            if etype != "resolved" or not rec.events:
                self.problems.append(error(self.at(row, "satisfaction"), "import-rating", value=word))
                return
            rated = self.when(row, "rated_at") if self.cols.get("rated_at") else None
            if rated is not None and instant(rated, self.tz) < instant(when, self.tz):
                self.problems.append(error(self.at(row, "rated_at"), "import-date", "before-reply",
                                           column=self.cols["rated_at"], value=write_when(rated, tz)))
                return
            r = {"at": write_when(rated, tz) if rated is not None else rec.events[-1]["at"], "score": rating[0],
                 "outcome": rating[1], "channel": m.rating_channel}
            comment = self.text(row, "rating_comment", multiline=True) if self.cols.get("rating_comment") else ""
            if comment:
                r["comment"] = comment
                rec.columns[("ratings", 0, "comment")] = self._col(row, "rating_comment")
            if rated is not None and not isinstance(rated, datetime) and not rec.history:
                self.problems.append(error(self.at(row, "rated_at"), "import-date-only", column=self.cols["rated_at"],
                                           value=rated.isoformat(),
                                           start=self.est.start.isoformat() if self.est.start else ""))
                return
            rec.ratings.append(r)

    def unmapped_problems(self) -> list[Problem]:
        """One problem per table that misses words: every word to map, at once."""
        out = []
        key = {"category": "categories", "status": "statuses", "satisfaction": "satisfaction", "kind": "kinds",
               "channel": "channels"}
        for what, words in self.unmapped.items():
            if words:
                out.append(error(self.m.at(key[what]) if key[what] in (self.m.doc.data or {}) else self.m.at(),
                                 "import-unmapped", what=key[what], words=sorted(words), count=len(words)))
        known = {c.id for c in self.est.categories}
        for word, cid in self.m.categories.items():
            if cid not in known:
                out.append(error(self.m.at("categories", word), "import-mapping", "category", word=word, category=cid,
                                 categories=sorted(known)))
        return out


def convert(table: Table, mapping, estate, buildings: dict, public: Public, now: datetime):
    c = Converter(table, mapping, estate, buildings, public, now)
    if not c.check_columns():
        return [], c.problems
    records = []
    for row in table.rows:
        rec = c.record(row)
        if rec is not None:
            records.append(rec)
    problems = c.problems + c.unmapped_problems()
    return records, problems
