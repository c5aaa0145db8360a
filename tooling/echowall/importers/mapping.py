"""The mapping file: how one export's columns, categories, statuses and satisfaction words
become ledger fields. One template per source ships in importers/templates/; an estate
copies one, fills in its own categories, and passes it with `--mapping`.

A mapping is checked like a ledger file (schema.py declarations, problems at their line).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..problems import Problem, Source, error
from ..schema import (CHANNELS, COMPLEXITIES, KINDS, OUTCOMES, Bool, Enum, F, Id, Int, Map, MapOf, OneOrMany, Str,
                      Text, check_doc)
from ..yamlsrc import Doc, load_yaml

# the ledger fields a column can fill
FIELDS = ("id", "filed", "title", "description", "category", "kind", "building", "unit", "place", "channel",
          "status", "reply", "replied_at", "by", "satisfaction", "rated_at", "rating_comment", "contact")
REPLY_TYPES = ("resolved", "progress", "declined", "none")
SOURCES = ("form", "12345", "open311", "csv")


@dataclass
class TextKeys(MapOf):
    """A mapping whose keys are the source's own words (类别, 满意度), any non-empty text."""

    label: str = "a mapping of the source's words to values"

    def check(self, value, doc, path, out):
        if not isinstance(value, dict):
            return self.type_problem(value, doc, path, out)
        for k, v in value.items():
            if not isinstance(k, str) or not k.strip():
                out.append(error(doc.key_at(*path, k), "schema-empty", "text"))
                continue
            self.of.check(v, doc, path + (k,), out)

    def json(self):
        return {"type": "object", "additionalProperties": self.of.json()}


COLUMN = OneOrMany(of=Str(max_len=120), label="a column name or a list of them (the first present is used)")

MAPPING = Map(title="Echo Wall import mapping", fields={
    "source": F(Id(), True, "ref.source of every imported item: an id declared under ref_sources in estate.yml"),
    "description": F(Text(max_len=2000), doc="what this mapping reads (for people)"),
    "sheet": F(Str(max_len=60), doc="XLSX: the sheet's name (default: the first sheet)"),
    "kind": F(Enum(values=KINDS), doc="kind of every item, unless a `kind` column says (default problem)"),
    "kinds": F(TextKeys(of=Enum(values=KINDS)), doc="the kind column's words -> problem | need | resource"),
    "complexity": F(Enum(values=COMPLEXITIES), doc="complexity of every item (default complex)"),
    "channel": F(Enum(values=CHANNELS), True, "how the records reached the estate (form, hotline, ...)"),
    "channels": F(TextKeys(of=Enum(values=CHANNELS)), doc="the channel column's words -> a channel"),
    "timezone": F(Str(max_len=60), doc="zone of times written without an offset (default: the estate's)"),
    "us_dates": F(Bool(), doc="read 03/04/2025 as March 4 (NYC open data); default false"),
    "columns": F(Map(title="columns", fields={name: F(COLUMN) for name in FIELDS}), True,
                 "ledger field -> the export's column (or a list of alternatives)"),
    "categories": F(TextKeys(of=Id()), True, "the source's categories -> category ids of estate.yml"),
    "statuses": F(TextKeys(of=Enum(values=REPLY_TYPES)),
                  doc="the status column's words -> the event the reply becomes (resolved, progress, declined, none)"),
    "satisfaction": F(TextKeys(of=Map(title="rating", fields={
        "score": F(Int(min=1, max=5), True), "outcome": F(Enum(values=OUTCOMES), True)})),
        doc="the satisfaction column's words -> score and outcome"),
    "rating_channel": F(Enum(values=CHANNELS), doc="how satisfaction was collected (default phone: a call-back)"),
    "resolved_note": F(Str(max_len=200), doc="the note of a closed record whose source gives no reply text"),
    "title_length": F(Int(min=10, max=80), doc="a title made from the description is cut at this length (default 30)"),
})


@dataclass
class Mapping:
    path: str
    source: str
    channel: str
    columns: dict  # field -> tuple of column names
    categories: dict
    kind: str = "problem"
    kinds: dict = field(default_factory=dict)
    complexity: str = "complex"
    channels: dict = field(default_factory=dict)
    timezone: str = ""
    us_dates: bool = False
    sheet: str | None = None
    statuses: dict = field(default_factory=dict)
    satisfaction: dict = field(default_factory=dict)
    rating_channel: str = "phone"
    resolved_note: str = ""
    title_length: int = 30
    doc: Doc | None = None

    def at(self, *path) -> Source:
        return self.doc.at(*path) if self.doc is not None else Source(self.path)


def template_path(name: str) -> Path:
    return Path(__file__).parent / "templates" / f"{name}.yml"


def template_names() -> list[str]:
    folder = Path(__file__).parent / "templates"
    return sorted(p.stem for p in folder.glob("*.yml"))


def load_mapping(path: Path, shown: str) -> tuple[Mapping | None, list[Problem]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [error(Source(shown), "import-file", "unreadable", strerror=exc.strerror or str(exc))]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [error(Source(shown), "file-encoding")]
    doc, problems = load_yaml(text, shown)
    if problems:
        return None, problems
    problems = check_doc(MAPPING, doc)
    if problems:
        return None, problems
    d = doc.data
    cols = {k: tuple([v] if isinstance(v, str) else v) for k, v in d["columns"].items()}
    m = Mapping(path=shown, source=d["source"], channel=d["channel"], columns=cols, categories=dict(d["categories"]),
                kind=d.get("kind", "problem"), kinds=dict(d.get("kinds") or {}), complexity=d.get("complexity", "complex"),
                channels=dict(d.get("channels") or {}), timezone=d.get("timezone", ""), us_dates=d.get("us_dates", False),
                sheet=d.get("sheet"), statuses=dict(d.get("statuses") or {}),
                satisfaction={k: (v["score"], v["outcome"]) for k, v in (d.get("satisfaction") or {}).items()},
                rating_channel=d.get("rating_channel", "phone"), resolved_note=d.get("resolved_note", ""),
                title_length=d.get("title_length", 30), doc=doc)
    out = []
    for needed in ("id", "filed", "description", "category"):
        if needed not in cols:
            out.append(error(doc.at("columns"), "import-mapping", "required", field=needed))
    return (None if out else m), out
