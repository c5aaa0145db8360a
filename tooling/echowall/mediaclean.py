"""`echowall media clean`: bring the photos of a ledger made before the photo rules (or by
hand) into the form `echowall media add` writes, and say what that takes.

- A photo whose bytes break a rule is re-encoded in place by media.strip_image, as media
  add would have written it. A photo that passes is never re-encoded (JPEG loses a little
  each time), so cleaning twice changes nothing the second time.
- A photo listed under a name media add would not make gets the item's next free
  `<year>/<item>-<n>.<ext>`; the item's `photos:` entry is edited in place (edit.py: only
  that value changes). A photo two items list is copied, one name for each.
- A file no item lists is deleted (Git keeps it in the history).
- What cannot be fixed here is left and said: a file that cannot be decoded, a symbolic
  link, a `photos:` entry naming nothing inside ledger/media/.

Pure planning: `plan_clean` reads the ledger and returns a CleanPlan (bytes to write, item
texts, files to remove, and the changes to report); the CLI writes it — new files first,
then the items that name them, then the removals — so a run stopped half-way (a full disk)
leaves only unlisted files or unlisted old names, which the next run removes.
"""
from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .messages import MessageError, Phrase
from .checks.media import media_files
from .edit import EditError, replace_in_list, verify_replace
from .imagefile import sniff
from .media import (FORMATS, MediaError, is_photo_name_of, next_photo_number, parse_photo_name, photo_name,
                    strip_image)
from .pipeline import check_ledger

# what validation says about a name or a listing; every other media-* code is about the bytes
NAME_CODES = ("media-name", "media-unreferenced", "media-symlink")


class CleanError(MessageError):
    """The plan cannot be made safely (an item file does not parse, an entry cannot be
    edited); nothing is to be written. A message code and parameters, with the problems
    behind it."""

    def __init__(self, code: str, problems=(), **params):
        super().__init__(code, **params)
        self.problems = list(problems)


@dataclass(frozen=True)
class Change:
    """One thing clean does, for the report. `action`: rewrite, rename, copy, remove, left."""

    action: str
    path: str  # the file under ledger/media/, or for a `photos:` entry left, the item file
    to: str = ""  # rename, copy: the new file
    item: str = ""  # rename, copy: the item file whose entry changes
    line: int = 0  # that entry's line (for `left` entries, the line of the problem)
    problems: tuple = ()  # what validation says that calls for it
    reencoded: bool = False  # rename, copy: the bytes were re-encoded on the way


@dataclass
class CleanPlan:
    changes: list[Change] = field(default_factory=list)
    write: dict[str, bytes] = field(default_factory=dict)  # path relative to root -> bytes
    items: dict[str, str] = field(default_factory=dict)  # item file -> its new text
    remove: list[str] = field(default_factory=list)  # removed after the items are written

    @property
    def left(self) -> list[Change]:
        return [c for c in self.changes if c.action == "left"]

    @property
    def done(self) -> list[Change]:
        return [c for c in self.changes if c.action != "left"]


@dataclass(frozen=True)
class _Entry:
    """One `photos:` entry: the item file it is in, its index, the text, where it is."""

    doc: object
    index: int
    photo: str

    @property
    def year(self) -> str:
        return PurePosixPath(self.doc.path).parent.name

    @property
    def item(self) -> str:
        return PurePosixPath(self.doc.path).stem

    @property
    def source(self):
        return self.doc.at("photos", self.index)


def _listed_name(photo: str) -> str | None:
    """The name under ledger/media/ an entry points at, if it stays inside (else None)."""
    if not photo or photo.startswith(("/", "\\")) or ":" in photo or ".." in photo.replace("\\", "/").split("/"):
        return None
    return posixpath.normpath(photo)


def plan_clean(root: Path | str, ledger_dir: str = "ledger") -> CleanPlan:
    root = Path(root).resolve()
    checked = check_ledger(root, ledger_dir)
    raw = checked.ledger.raw
    if not Path(raw.ledger_dir).is_dir():
        raise CleanError("clean-no-ledger", folder=ledger_dir)
    parsed = {d.path for d in raw.items if isinstance(d.data, dict)}
    items_dir = Path(raw.ledger_dir).relative_to(root).as_posix() + "/items/"
    unread = [p for p in checked.problems
              if (p.path in raw.item_files and p.path not in parsed)
              or (p.path.startswith(items_dir) and p.code in ("file-name", "file-symlink"))]
    if unread:
        # the photos they list are unknown: cleaning now would delete them as unlisted
        raise CleanError("clean-unread", unread)

    media_dir = Path(raw.ledger_dir) / "media"
    if media_dir.is_symlink():
        raise CleanError("clean-media-symlink", [p for p in checked.problems if p.code == "media-symlink"],
                         folder=media_dir.relative_to(root).as_posix())

    by_file: dict[str, list] = defaultdict(list)
    by_place: dict[tuple, list] = defaultdict(list)
    for p in checked.problems:
        if p.code.startswith("media-"):
            by_file[p.path].append(p)
        elif p.code.startswith("ref-photo"):
            by_place[p.source].append(p)

    files = media_files(raw.ledger_dir)
    present = {name for name, _ in files}
    listed: dict[str, list[_Entry]] = defaultdict(list)  # name -> the entries naming it
    in_order: list[_Entry] = []  # every entry naming a file, items and lists in order
    plan = CleanPlan()
    for doc in raw.items:
        photos = doc.data.get("photos")
        if not isinstance(photos, list):
            continue
        for i, photo in enumerate(photos):
            if not isinstance(photo, str):
                continue  # the schema says what is wrong
            entry = _Entry(doc, i, photo)
            name = _listed_name(photo)
            if name in present:
                listed[name].append(entry)
                in_order.append(entry)
            else:  # nothing here to fix it with: a missing file, a path out of media/
                plan.changes.append(Change("left", doc.path, line=entry.source.line,
                                           problems=tuple(by_place.get(entry.source, ()))))

    # each file: gone (no entry lists it), left (cannot be fixed here), or its clean bytes
    keep: dict[str, tuple] = {}  # name -> (rel, bytes, ext, the item file keeping the name, problems)
    media_rel = Path(raw.ledger_dir).relative_to(root).as_posix() + "/media/"
    for name, path in files:
        rel = media_rel + name
        problems = tuple(by_file.get(rel, ()))
        entries = listed.get(name, [])
        if not entries:
            plan.remove.append(rel)
            plan.changes.append(Change("remove", rel, problems=problems))
            continue
        if path.is_symlink():
            plan.changes.append(Change("left", rel, problems=problems))
            continue
        about_bytes = tuple(p for p in problems if p.code not in NAME_CODES)
        data = path.read_bytes()
        if about_bytes:
            try:
                data, ext = strip_image(data)
            except (MediaError, OSError):
                plan.changes.append(Change("left", rel, problems=about_bytes))
                continue
        else:
            ext = FORMATS[sniff(data)]  # the bytes passed every rule: a known format
        match = parse_photo_name(name)
        keeper = None  # the item this name belongs to, if it lists it and the extension is right
        if match and "." + match["ext"] == ext:
            keeper = next((e.doc.path for e in entries if is_photo_name_of(name, e.year, e.item)), None)
        keep[name] = (rel, data, ext, keeper, problems)

    # each entry, in the order of the items and their lists: its file's name, or a new one
    taken = set(present)
    edits: dict[str, list[tuple[int, str]]] = defaultdict(list)  # item file -> [(index, new name)]
    moved: set[str] = set()
    for e in in_order:
        name = _listed_name(e.photo)
        if name not in keep:
            continue
        rel, data, ext, keeper, problems = keep[name]
        if e.doc.path == keeper:
            if e.photo != name:  # '2026/./x.jpg': the same file, written as media add writes it
                edits[e.doc.path].append((e.index, name))
            continue
        new = _new_name(taken, name, e, ext)
        taken.add(new)
        plan.write[media_rel + new] = data
        edits[e.doc.path].append((e.index, new))
        action = "copy" if keeper is not None or name in moved else "rename"
        moved.add(name)
        plan.changes.append(Change(action, rel, to=media_rel + new, item=e.doc.path, line=e.source.line,
                                   problems=problems + tuple(by_place.get(e.source, ())),
                                   reencoded=any(p.code not in NAME_CODES for p in problems)))
    for name, (rel, data, _, keeper, problems) in keep.items():
        if keeper is None:
            plan.remove.append(rel)  # every entry now names its own copy
        elif any(p.code not in NAME_CODES for p in problems):
            plan.write[rel] = data
            plan.changes.append(Change("rewrite", rel, problems=tuple(p for p in problems if p.code not in NAME_CODES)))
    for item, changes in edits.items():
        plan.items[item] = _edited(root / item, item, changes)
    return plan


def _new_name(taken: set, name: str, entry: _Entry, ext: str) -> str:
    """The item's next free name; the same number when only the extension was wrong."""
    match = parse_photo_name(name.rsplit(".", 1)[0] + ".jpg")
    if match and match["year"] == entry.year and match["item"] == entry.item:
        same = photo_name(entry.year, entry.item, int(match["n"]), ext)
        if same not in taken:
            return same
    return photo_name(entry.year, entry.item, next_photo_number(taken, entry.year, entry.item), ext)


def _edited(path: Path, rel: str, changes: list[tuple[int, str]]) -> str:
    text = path.read_text(encoding="utf-8")
    for index, new in changes:
        try:
            edited = replace_in_list(text, "photos", index, new)
            verify_replace(text, edited, "photos", index, new, rel)
        except EditError as exc:
            raise CleanError("clean-edit", file=rel, error=Phrase(exc.code, **exc.params)) from None
        text = edited
    return text
