"""The volunteer commands' library: file a new item, append an event or a rating.

Each call takes the ledger's lock (lock.folder_lock on the ledger folder) from reading a file
to renaming its new version into place, builds the new text (edit.py: every other byte
kept), checks the one file it writes — the `file` and `references` checks of the registry,
other items known by their file names (partial.check_items) — refuses the change if it
brings any new error, and writes atomically. It never parses the rest of the ledger.

Failures are `FilingError(key, **params)` (the words in messages.yml) and `Refused` (the
problems the change would bring); the CLI only formats them.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .messages import Phrase

LOCK_WAIT = 5.0  # seconds a volunteer command waits for another one on the same ledger


class FilingError(Exception):
    """Nothing was changed: messages.yml `key` with `params` says why."""

    def __init__(self, key: str, /, **params):
        super().__init__(key)
        self.key = key
        self.params = params


class Refused(Exception):
    """The change would bring these problems; `rel` was not written."""

    def __init__(self, rel: str, problems: list, new_file: bool):
        super().__init__(rel)
        self.rel = rel
        self.problems = problems
        self.new_file = new_file


@dataclass(frozen=True)
class Settings:
    estate: object  # model.Estate, or None when estate.yml does not pass the format
    buildings: tuple  # model.Building
    problems: list

    def building(self, bid: str):
        return next((b for b in self.buildings if b.id == bid), None)


def read_settings(root: Path, ledger_dir: str) -> Settings:
    """estate.yml and buildings.yml, checked and modelled; no item file is read."""
    from .load import RawLedger, read_doc
    from .model import build_model

    root = Path(root).resolve()
    lroot = root / ledger_dir
    raw = RawLedger(root=root, ledger_dir=lroot)
    for name in ("estate", "buildings"):
        rel = f"{ledger_dir}/{name}.yml"
        if (lroot / f"{name}.yml").is_file() and not (lroot / f"{name}.yml").is_symlink():
            doc, problems = read_doc(lroot / f"{name}.yml", rel)
            raw.problems += problems
            setattr(raw, name, doc)
    ledger, problems = build_model(raw)
    return Settings(ledger.estate, ledger.buildings, raw.problems + problems)


def now_local(root: Path, ledger_dir: str) -> datetime:
    """Now, in the estate's time zone, to the minute. Reads estate.yml only."""
    from .load import read_doc
    from .model import DEFAULT_TZ, estate_tz

    path = Path(root) / ledger_dir / "estate.yml"
    doc, _ = read_doc(path, str(path))
    name = doc.data.get("timezone", DEFAULT_TZ) if doc is not None and isinstance(doc.data, dict) else DEFAULT_TZ
    return datetime.now(timezone.utc).astimezone(estate_tz(name)).replace(second=0, microsecond=0)


@contextmanager
def ledger_lock(root: Path, ledger_dir: str):
    """Commands at the same moment take turns instead of each writing over the other's
    change. Waits LOCK_WAIT seconds, then fails."""
    from .lock import LockBusy, LockUnavailable, folder_lock

    try:
        with folder_lock(Path(root) / ledger_dir, LOCK_WAIT):
            yield
    except LockBusy as exc:
        raise FilingError("filing-busy", folder=ledger_dir, waited=f"{exc.waited:g}") from None
    except LockUnavailable as exc:
        raise FilingError("filing-lock", folder=ledger_dir, strerror=exc.strerror) from None


def read_text(root: Path, rel: str) -> str:
    """The file's text exactly as stored: no line-ending translation, strict UTF-8."""
    try:
        return (Path(root) / rel).read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise FilingError("filing-not-utf8", rel=rel) from None
    except OSError as exc:
        raise FilingError("filing-unreadable", rel=rel, strerror=exc.strerror or str(exc)) from None


def item_file(root: Path, ledger_dir: str, item_id: str) -> str:
    """The item's file (relative to root) by its id; an id, never a path or a glob pattern."""
    from .schema import ITEM_ID_PATTERN

    ok = re.match(ITEM_ID_PATTERN, item_id) is not None
    hits = sorted((Path(root) / ledger_dir / "items").glob(f"*/{item_id}.yml")) if ok else []
    if not hits:
        raise FilingError("filing-no-item", item=item_id, folder=ledger_dir)
    return hits[0].relative_to(root).as_posix()


def write_checked(root: Path, ledger_dir: str, rel: str, new_text: str, old_text: str | None,
                  now: datetime | None = None) -> None:
    """Check the file with the change in place (in memory) — an item file by the `file` and
    `references` checks alone, any other ledger file with the whole ledger — refuse it
    (Refused) if it brings a new error, else write it atomically: an edit replaces the file in one rename; a new
    file is created only if its name is still free. A refused change leaves the disk
    untouched. Call it holding ledger_lock, from reading the old text on."""
    from .files import remove_stale_temps, write_new, write_replace
    from .partial import check_change
    from .problems import ERROR

    if rel.startswith(f"{ledger_dir}/items/"):
        before, after = check_change(root, ledger_dir, rel, new_text, now=now)
    else:  # a revenue period, estate.yml, buildings.yml (redact): judged with the whole ledger
        from .pipeline import check_ledger

        before = check_ledger(root, ledger_dir, now=now).problems
        after = check_ledger(root, ledger_dir, now=now, overrides={rel: new_text}).problems
    known = {(p.path, p.code, p.message) for p in before if p.severity == ERROR} if old_text is not None else set()
    new = [p for p in after if p.severity == ERROR and (p.path, p.code, p.message) not in known]
    if new:
        raise Refused(rel, new, old_text is None)
    remove_stale_temps(Path(root) / rel)  # a killed command's; no other is writing (the lock)
    try:
        if old_text is not None:
            write_replace(Path(root) / rel, new_text.encode("utf-8"), keep_mode=True)
        else:
            write_new(Path(root) / rel, new_text.encode("utf-8"))
    except FileExistsError:  # created since the check: another process without the lock
        raise FilingError("filing-exists", item=Path(rel).stem) from None
    except OSError as exc:
        raise FilingError("filing-unwritable", rel=rel, strerror=exc.strerror or str(exc)) from None


def refuse_backdated(root: Path, ledger_dir: str, rel: str, item_text: str, at: str) -> None:
    """An entry dated more than the estate's backdate_days before the real clock is refused,
    exactly as `validate --base` refuses it in the pull request (history items exempt)."""
    from .checks.history import backdated_days
    from .load import read_doc
    from .yamlsrc import load_yaml

    estate, _ = read_doc(Path(root) / ledger_dir / "estate.yml", "estate.yml")
    item, _ = load_yaml(item_text, rel)
    days = backdated_days(at, item, estate, datetime.now(timezone.utc))
    if days is not None:
        raise FilingError("filing-backdated", at=at, days=days)


def append_entry(root: Path, ledger_dir: str, item_id: str, key: str, entry: dict, before: tuple) -> str:
    """Append `entry` to the list `key` of the item (an event or a rating); its `at`, when
    None, is now (taken under the lock, so entries stay in time order). The file written."""
    from .edit import EditError, append_to_list, verify_append

    with ledger_lock(root, ledger_dir):
        if entry.get("at") is None:
            entry["at"] = now_local(root, ledger_dir).isoformat()
        rel = item_file(root, ledger_dir, item_id)
        old = read_text(root, rel)
        refuse_backdated(root, ledger_dir, rel, old, entry["at"])
        try:
            new = append_to_list(old, key, entry, before)
            verify_append(old, new, key, entry, rel)
        except EditError as exc:
            raise FilingError("filing-edit", rel=rel, detail=Phrase(exc.code, **exc.params)) from None
        write_checked(root, ledger_dir, rel, new, old)
    return rel


def file_item(root: Path, ledger_dir: str, fields: dict, tz, item_id: str | None = None,
              contact: str | None = None) -> tuple[str, str]:
    """Write a new item file from `fields` (`filed` given, as text): the id is `item_id` or a
    fresh one (edit.new_id, unique among the file names under items/); the call-back
    contact, if any, goes to the private register. (path written, id)."""
    from .edit import EditError, item_text, new_id
    from .load import list_item_files
    from .register import append_contact, register_path
    from .schema import parse_datetime

    filed_dt = parse_datetime(fields["filed"])
    year = filed_dt.astimezone(tz).year
    with ledger_lock(root, ledger_dir):  # from choosing the id to writing the file, one at a time
        taken = {Path(p).stem for p in list_item_files(root, ledger_dir)}
        try:
            iid = item_id or new_id(filed_dt.astimezone(tz), taken)
        except EditError as exc:
            raise FilingError("filing-edit", rel=f"{ledger_dir}/items/{year}",
                              detail=Phrase(exc.code, **exc.params)) from None
        rel = f"{ledger_dir}/items/{year}/{iid}.yml"
        if iid in taken or (Path(root) / rel).exists():
            raise FilingError("filing-exists", item=iid)
        write_checked(root, ledger_dir, rel, item_text(dict(fields, id=iid)), None)
        if contact:
            try:
                append_contact(root, iid, contact, filed_dt)
            except OSError as exc:
                raise FilingError("filing-register", rel=rel, register=register_path(Path(root)).relative_to(root).as_posix(),
                                  strerror=exc.strerror or str(exc)) from None
    return rel, iid
