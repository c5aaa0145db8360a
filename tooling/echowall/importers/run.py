"""Plan an import (nothing written), then write it whole."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..edit import EditError, append_to_list, mapping_lines
from ..problems import ERROR, Source, error
from ..redaction import REDACTED
from .convert import Record, convert, title_from
from .mapping import load_mapping, template_path
from .read import read_open311_json, read_open311_xml, read_table

TEMPLATE = {"12345": "12345", "open311": "open311", "csv": "nyc311"}
FORM_TEMPLATES = ("form-wjx", "form-tencent", "form-jinshuju")
TEXT_PATHS = ("title", "description", "place")


@dataclass
class Finding:
    record: str  # the source's id of the record
    line: int  # its row in the export
    column: int
    path: tuple  # the item field: ("description",), ("events", 0, "note")
    rule: str  # the privacy problem's messages key (privacy-phone, privacy-name.label)
    text: str  # the span as written
    context: str
    action: str = "redact"


@dataclass
class Plan:
    problems: list = field(default_factory=list)
    new: dict = field(default_factory=dict)  # rel -> text (new item files)
    changed: dict = field(default_factory=dict)  # rel -> (old text, new text)
    contacts: list = field(default_factory=list)  # (item id, contact, filed)
    findings: list = field(default_factory=list)
    records: int = 0
    unchanged: int = 0
    events: int = 0  # events and ratings appended to items already in the ledger
    history: int = 0  # new items filed before the estate's start date
    dropped: int = 0  # records left out by the review
    digest: str = ""
    mapping: str = ""
    source_path: str = ""  # the export, as problems name it

    @property
    def errors(self) -> list:
        return [p for p in self.problems if p.severity == ERROR]


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _choose_form_template(file: Path, shown: str):
    """A form export without --mapping: the vendor template whose columns it has."""
    table, problems = read_table(file, shown)
    if problems:
        return None, problems
    for name in FORM_TEMPLATES:
        m, _ = load_mapping(template_path(name), f"templates/{name}.yml")
        if m is not None and all(any(c in table.header for c in m.columns[f]) for f in ("id", "filed", "description")):
            return name, []
    return None, [error(Source(shown, 1), "import-form-vendor", templates=list(FORM_TEMPLATES),
                        header=[h for h in table.header if h])]


def plan_import(root: Path, ledger_dir: str, file: Path, source: str, mapping: Path | None, now: datetime,
                decisions: dict | None = None, shown: str | None = None) -> Plan:
    """Everything an import would write, or the problems that stop it. `decisions` (from a
    review file) maps a finding's key to redact | drop."""
    from ..checks.privacy import public_of
    from ..pipeline import check_ledger

    plan = Plan()
    shown = shown or str(file)
    plan.digest = _digest(file)
    plan.source_path = shown
    checked = check_ledger(root, ledger_dir, now=now)
    ledger = checked.ledger
    est = ledger.estate
    if est is None:
        plan.problems = [p for p in checked.errors if "estate.yml" in p.path] or checked.errors
        plan.problems.append(error(Source(f"{ledger_dir}/estate.yml"), "import-ledger"))
        return plan
    if mapping is None:
        name = TEMPLATE.get(source)
        if source == "form":
            name, problems = _choose_form_template(file, shown)
            if problems:
                plan.problems = problems
                return plan
        mapping = template_path(name)
        plan.mapping = f"templates/{name}.yml"
    else:
        plan.mapping = str(mapping)
    m, problems = load_mapping(mapping, plan.mapping)
    if m is None:
        plan.problems = problems
        return plan
    if not any(s.id == m.source for s in est.ref_sources):
        plan.problems.append(error(m.at("source"), "import-source", source=m.source,
                                   declared=[s.id for s in est.ref_sources]))
        return plan
    if source == "open311":
        head = file.read_bytes()[:512].lstrip(b"\xef\xbb\xbf \t\r\n") if file.is_file() else b""
        reader = read_open311_xml if head.startswith(b"<") else read_open311_json
        table, problems = reader(file, shown)
    else:
        table, problems = read_table(file, shown, m.sheet)
    if problems:
        plan.problems = problems
        return plan
    public = public_of(est.doc)
    buildings = {b.id: b.units for b in ledger.buildings}
    records, problems = convert(table, m, est, buildings, public, now)
    if problems:
        plan.problems = problems
        return plan
    plan.records = len(records)
    if any(r.contact for r in records) and not private_ignored(root):
        plan.problems.append(error(Source(".gitignore"), "import-private", folder="private/"))
        return plan
    _merge(plan, records, ledger, ledger_dir, root, est, m, public, decisions or {}, now)
    if plan.problems or plan.findings:
        return plan
    overrides = dict(plan.new)
    overrides.update({rel: new for rel, (_, new) in plan.changed.items()})
    if overrides:
        before = {(p.path, p.code, p.message) for p in checked.errors}
        after = check_ledger(root, ledger_dir, now=now, overrides=overrides)
        plan.problems = [p for p in after.errors if (p.path, p.code, p.message) not in before]
    return plan


def _merge(plan: Plan, records: list, ledger, ledger_dir: str, root: Path, est, m, public, decisions: dict,
           now: datetime) -> None:
    by_ref = {it.ref: it for it in ledger.items if it.ref}
    known = set(ledger.known_item_ids)
    for rec in records:
        rec = _review(plan, rec, public, decisions)
        if rec is None:
            continue
        item = by_ref.get((m.source, rec.ref_id))
        if not rec.history and _backdated(plan, rec, item, est, now):
            continue
        if item is None:
            if rec.id in known:
                plan.problems.append(error(Source(plan.source_path, rec.line), "import-collision",
                                           id=rec.id, ref=rec.ref_id))
                continue
            year = rec.filed.astimezone(est.tz).year
            rel = f"{ledger_dir}/items/{year}/{rec.id}.yml"
            plan.new[rel] = item_file(rec, m.source)
            plan.history += rec.history
            known.add(rec.id)
            if rec.contact:
                plan.contacts.append((rec.id, rec.contact, rec.filed))
            continue
        _append_new(plan, rec, item, root)


def _backdated(plan: Plan, rec: Record, item, est, now: datetime) -> bool:
    """A record under the promise: an event or rating the ledger does not have yet may be
    dated at most backdate_days before now — the rule `validate --base` applies in the pull
    request (history items are exempt). Said here, at the export's row, before anything is
    written."""
    from datetime import timedelta

    from ..schema import parse_instant

    limit = now - timedelta(days=est.backdate_days)
    have = set()
    if item is not None:
        have = {(e.type, e.at) for e in item.events} | {("rating", r.at) for r in item.ratings}
    for entry, what in [(e, e["type"]) for e in rec.events] + [(r, "rating") for r in rec.ratings]:
        at = parse_instant(entry["at"], est.tz)[0]
        if (what, at) not in have and at < limit:
            plan.problems.append(error(Source(plan.source_path, rec.line), "import-backdated", id=rec.ref_id,
                                       at=entry["at"], days=est.backdate_days))
            return True
    return False


def _same_events(a: dict, e) -> bool:
    from ..schema import parse_instant

    got = parse_instant(a["at"], e.at.tzinfo)
    return got is not None and got[0] == e.at and a["type"] == e.type


def _append_new(plan: Plan, rec: Record, item, root: Path) -> None:
    """An item already imported: only what it does not have yet is appended (events after its
    last one, then ratings); nothing of it changes."""
    from ..schema import parse_instant

    new_events = [ev for ev in rec.events if not any(_same_events(ev, e) for e in item.events)]
    new_ratings = [r for r in rec.ratings
                   if not any(parse_instant(r["at"], x.at.tzinfo)[0] == x.at and r["score"] == x.score
                              for x in item.ratings)]
    if not new_events and not new_ratings:
        plan.unchanged += 1
        return
    last = max([e.at for e in item.events] + [r.at for r in item.ratings] + [item.filed])
    for ev in new_events:
        at = parse_instant(ev["at"], last.tzinfo)[0]
        if at < last:
            plan.problems.append(error(Source(plan.source_path, rec.line), "import-conflict", id=item.id,
                                       at=ev["at"], last=last.isoformat()))
            return
    try:
        old = (root / item.path).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        plan.problems.append(error(Source(item.path), "import-file", "unreadable", strerror=str(exc)))
        return
    text = old
    try:
        for ev in new_events:
            text = append_to_list(text, "events", ev, before=("ratings", "ref", "links", "redactions"))
        for r in new_ratings:
            text = append_to_list(text, "ratings", r, before=("ref", "links", "redactions"))
    except EditError as exc:
        plan.problems.append(error(Source(item.path), "import-edit", detail=str(exc)))
        return
    plan.changed[item.path] = (old, text)
    plan.events += len(new_events) + len(new_ratings)


def _review(plan: Plan, rec: Record, public, decisions: dict) -> Record | None:
    """Personal data in what the record would publish: each span a finding, unless the
    review decided it (redact: the span becomes the marker; drop: the record stays out)."""
    from ..checks.privacy import find

    texts = [((f,), rec.fields.get(f, "")) for f in TEXT_PATHS if not (f == "title" and rec.title_length)]
    texts += [(("events", i, k), ev[k]) for i, ev in enumerate(rec.events) for k in ("note", "by") if k in ev]
    texts += [(("ratings", i, "comment"), r["comment"]) for i, r in enumerate(rec.ratings) if "comment" in r]
    for path, value in texts:
        if not value:
            continue
        for hit in find(value, public, str(path[-1])):
            key = (rec.ref_id, ".".join(map(str, path)), hit.text)
            action = decisions.get(key)
            if action == "drop":
                plan.dropped += 1
                return None
            if action == "redact":
                value = value.replace(hit.text, REDACTED)
                _set(rec, path, value)
                if path == ("description",) and rec.title_length:
                    rec.fields["title"] = title_from(value, rec.title_length)
                continue
            a, b = max(0, hit.start - 12), hit.end + 12
            plan.findings.append(Finding(rec.ref_id, rec.line, rec.columns.get(path, 0), path, hit.key, hit.text,
                                         value[a:b].replace("\n", " ")))
    return rec


def _set(rec: Record, path: tuple, value: str) -> None:
    if len(path) == 1:
        rec.fields[path[0]] = value
    elif path[0] == "events":
        rec.events[path[1]][path[2]] = value
    else:
        rec.ratings[path[1]][path[2]] = value


def item_file(rec: Record, source: str) -> str:
    """The new item's file, as `echowall new` writes one, with its ref, events and ratings."""
    from ..edit import item_text

    text = item_text(rec.fields)
    lines = []
    for key, entries in (("events", rec.events), ("ratings", rec.ratings)):
        if entries:
            lines.append(f"{key}:")
            for e in entries:
                lines += mapping_lines(e, 4, "  - ")
    lines += ["ref:"] + mapping_lines({"source": source, "id": rec.ref_id}, 2)
    return text + "\n".join(lines) + "\n"


def private_ignored(root: Path) -> bool:
    """True unless `root` is in a Git work tree that would pick up private/ with the next
    `git add` (contacts and review files must never be committed)."""
    try:
        import git

        repo = git.Repo(root, search_parent_directories=True)
        rel = (Path(root).resolve() / "private" / "callbacks.csv").relative_to(Path(repo.working_tree_dir).resolve())
        return bool(repo.ignored(rel.as_posix()))
    except Exception:  # noqa: BLE001 - not a Git work tree (or no git): nothing would be committed
        return True


def write_plan(root: Path, plan: Plan, now: datetime) -> list[str]:
    """Write every file of the plan (new files only where the name is still free, changed
    ones replaced whole), then the call-back contacts; if a write fails, the new files
    already written are removed again, so the ledger is as it was. Returns the paths written."""
    from ..files import write_new, write_replace
    from ..register import append_contact, register_path

    written_new, replaced = [], []
    try:
        for rel, text in sorted(plan.new.items()):
            write_new(root / rel, text.encode("utf-8"))
            written_new.append(rel)
        for rel, (old, new) in sorted(plan.changed.items()):
            write_replace(root / rel, new.encode("utf-8"), keep_mode=True)
            replaced.append(rel)
    except OSError:
        for rel in written_new:
            try:
                (root / rel).unlink()
            except OSError:
                pass
        for rel in replaced:
            try:
                write_replace(root / rel, plan.changed[rel][0].encode("utf-8"), keep_mode=True)
            except OSError:
                pass
        raise
    if plan.contacts:
        have = _register_rows(register_path(root))
        for iid, contact, filed in plan.contacts:
            if (iid, contact) not in have:
                append_contact(root, iid, contact, filed, "import")
    return written_new + replaced


def _register_rows(path: Path) -> set:
    import csv

    try:
        with open(path, encoding="utf-8", newline="") as f:
            return {(r[0], r[2]) for r in csv.reader(f) if len(r) >= 3}
    except OSError:
        return set()
