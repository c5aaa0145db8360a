"""The ledger as it was at a Git revision (`echowall validate --base REV`), read with
gitpython without touching the working tree. Only the files the history check compares are
read: estate.yml, buildings.yml, items/**.yml and revenue/**.yml under the ledger folder, and
mkdocs.yml (its site_url is printed in every QR code; its `ledger` option says where the
base's ledger was).

The base is read as the base had it: its own mkdocs.yml says where its ledger was (so
moving the folder, or pointing the `ledger` option elsewhere, shows every published file as
moved or deleted), and a symbolic link at the base counts as a file holding its target's
content at the base (so replacing a file by a link, then editing the link's target, is an
edit of the published file).
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .messages import MessageError
from .load import MAX_FILE_BYTES
from .siteconfig import CONFIG_FILE, SiteDoc, ledger_option, parse_site_config
from .yamlsrc import Doc, load_yaml

_LINK_MODE = 0o120000


class BaseError(MessageError):
    """The base revision cannot be read (no Git repository, unknown revision)."""


@dataclass
class BaseLedger:
    rev: str
    commit: str
    ledger_dir: str = "ledger"  # the base's own ledger folder (its mkdocs.yml's option)
    estate: Doc | None = None  # its settings bound what a change may do in the same pull request
    buildings: Doc | None = None
    items: dict = field(default_factory=dict)  # path (relative to the repository root) -> Doc
    revenue: dict = field(default_factory=dict)
    site_config: SiteDoc | None = None  # mkdocs.yml at the base (None: none, a link, or broken)
    # Every item file at the base (as the loader names it -> path in the repository); only
    # those a change touched are parsed into `items` (all_items() reads the rest when needed)
    item_paths: dict = field(default_factory=dict)
    # Every file under the ledger folder that differs between the base and the working tree
    # (as the loader names it), untracked files included; None when the folder moved
    changed: frozenset | None = None
    _reader: object = field(default=None, repr=False)

    def _doc(self, path: str, rel: str) -> Doc | None:
        text = self._reader(path) if self._reader is not None else None
        if text is None:
            return None
        doc, problems = load_yaml(text, rel)
        return None if doc is None or problems else doc

    def all_items(self) -> dict:
        """Every item document at the base, read now (the rare check that needs them all:
        moving the estate's start date)."""
        out = dict(self.items)
        for rel, path in self.item_paths.items():
            if rel not in out:
                doc = self._doc(path, rel)
                if doc is not None:
                    out[rel] = doc
        return out

    def revenue_settings(self):
        """The base's revenue settings (model.RevenueSettings), or None when its estate.yml
        is missing or did not pass the format."""
        from .model import revenue_settings_of

        return revenue_settings_of(self.estate) if self.estate is not None else None

    def revenue_entries(self) -> frozenset:
        """(account folder, entry id) of every revenue entry at the base: what was published."""
        out = set()
        for path, doc in self.revenue.items():
            entries = doc.data.get("entries") if isinstance(doc.data, dict) else None
            for e in entries if isinstance(entries, list) else ():
                if isinstance(e, dict) and isinstance(e.get("id"), str):
                    out.add((PurePosixPath(path).parent.name, e["id"]))
        return frozenset(out)


def _blob_text(tree, blob, depth: int = 0) -> str | None:
    """The text of a blob; for a symbolic link, the text of its target in the same tree."""
    if blob.mode == _LINK_MODE:
        if depth > 8:
            return None
        target = blob.data_stream.read().decode("utf-8", "replace")
        path = posixpath.normpath(posixpath.join(posixpath.dirname(blob.path), target))
        if path.startswith("../") or path.startswith("/"):
            return None
        try:
            nxt = tree / path
        except KeyError:
            return None
        return _blob_text(tree, nxt, depth + 1) if nxt.type == "blob" else None
    if blob.size > MAX_FILE_BYTES:
        return None
    try:
        return blob.data_stream.read().decode("utf-8")
    except UnicodeDecodeError:
        return None


def _refuse_stored_differently(blob) -> None:
    """A base whose .gitattributes stores files differently from their checkout (an
    encoding, a filter) cannot be read as it was published: refuse to judge against it."""
    from .siteconfig import gitattributes_problems

    if blob.size >= MAX_FILE_BYTES:
        return
    bad = gitattributes_problems(blob.data_stream.read().decode("utf-8", "replace"), blob.path)
    if bad:
        raise BaseError("base-gitattributes", path=blob.path, attr=bad[0].params[0][1])


def _attributes_above(tree_root, folder: str) -> None:
    """The .gitattributes of the work tree's root and of every folder down to `folder` (those
    inside it are met while its files are read)."""
    parts = PurePosixPath(folder).parts if folder else ()
    for i in range(len(parts) + 1):
        path = PurePosixPath(*parts[:i], ".gitattributes").as_posix()
        try:
            blob = tree_root / path
        except KeyError:
            continue
        if blob.type == "blob":
            _refuse_stored_differently(blob)


def load_base(root: Path | str, ledger_dir: str, rev: str, config_file: str = CONFIG_FILE) -> BaseLedger:
    """`ledger_dir` is the head's option; the base's own comes from its mkdocs.yml."""
    import git

    root = Path(root).resolve()
    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise BaseError("base-no-git", root=root) from None
    names = {r.path for r in repo.refs}
    same = [f"refs/{kind}/{rev}" for kind in ("heads", "remotes", "tags") if f"refs/{kind}/{rev}" in names]
    if len(same) > 1:  # a tag named like the base branch would make the attacker's commit the base
        raise BaseError("base-ambiguous", rev=rev, names=same, first=same[0])
    try:
        commit = repo.commit(rev)
    except (git.BadName, ValueError, git.GitCommandError):
        raise BaseError("base-unknown", rev=rev) from None
    top = Path(repo.working_tree_dir).resolve()
    prefix = root.relative_to(top).as_posix() if root != top else ""
    tree_root = commit.tree
    base_dir = "ledger"
    in_repo = PurePosixPath(prefix, config_file).as_posix() if prefix else config_file
    try:
        mk = tree_root / in_repo
        text = _blob_text(tree_root, mk)
        if text is not None:
            base_dir = ledger_option(text)
    except KeyError:
        base_dir = ledger_dir if ledger_dir else "ledger"
    base_dir = posixpath.normpath(base_dir)
    ledger = PurePosixPath(prefix, base_dir).as_posix() if prefix else base_dir
    base = BaseLedger(rev=rev, commit=commit.hexsha, ledger_dir=base_dir)
    base.site_config = _base_site_config(commit, in_repo, config_file)
    try:
        tree = tree_root / ledger
    except KeyError:
        return base  # no ledger at the base: everything is new
    if tree.type != "tree":
        return base
    _attributes_above(tree_root, PurePosixPath(ledger).parent.as_posix() if "/" in ledger else "")
    listing = _ls_tree(repo, commit.hexsha, ledger)
    for path in listing:
        if path == ".gitattributes" or path.endswith("/.gitattributes"):
            _refuse_stored_differently(tree_root / path)
    head_dir = posixpath.normpath(ledger_dir or "ledger")
    # Only what differs between the base and the working tree is read at the base: a file
    # git reports unchanged has nothing appended or edited. A link at the base is read
    # whole (it holds its target's text, which may have changed under it), and so is
    # everything when the ledger folder moved (every published file is then gone).
    changed = None if head_dir != base_dir else _changed(repo, commit.hexsha, ledger)
    cut = len(ledger) + 1  # paths in the repository -> as the loader names them (base_dir/...)
    if changed is not None:
        base.changed = frozenset(_named(base_dir, p[cut:]) for p in changed | _untracked(repo, ledger))
    base._reader = lambda path: _text_at(repo, tree_root, path, listing[path])
    for path, (mode, sha) in sorted(listing.items()):
        if not path.endswith(".yml"):
            continue
        inner = path[cut:]
        rel = _named(base_dir, inner)  # as the loader names files
        parts = (inner.split("/", 1)[0],)
        if parts[0] not in ("items", "revenue", "buildings.yml", "estate.yml"):
            continue
        if parts[0] == "items":
            base.item_paths[rel] = path
            if changed is not None and path not in changed and mode != _LINK_MODE:
                continue  # the same bytes at the head: nothing published was touched
        doc = base._doc(path, rel)
        if doc is None:
            base.item_paths.pop(rel, None) if parts[0] == "items" else None
            continue  # it was broken at the base: nothing published to protect
        if parts[0] == "items":
            base.items[rel] = doc
        elif parts[0] == "revenue":
            base.revenue[rel] = doc
        elif parts[0] == "estate.yml":
            base.estate = doc
        else:
            base.buildings = doc
    return base


def _named(base_dir: str, inner: str) -> str:
    return inner if base_dir == "." else f"{base_dir}/{inner}"


def _ls_tree(repo, sha: str, folder: str) -> dict[str, tuple[int, str]]:
    """path (from the work tree's top) -> (mode, blob id) of every file under `folder` at
    commit `sha`: one `git ls-tree`, no object read."""
    out = {}
    for entry in repo.git.ls_tree("-r", "-z", "--full-tree", sha, "--", folder).split("\0"):
        if not entry:
            continue
        meta, path = entry.split("\t", 1)
        mode, kind, blob = meta.split(" ")
        if kind == "blob":
            out[path] = (int(mode, 8), blob)
    return out


def _changed(repo, sha: str, folder: str) -> set[str]:
    """Paths under `folder` whose content in the working tree differs from commit `sha`
    (edited, deleted, replaced by a link or a folder): `git diff --raw` compares blob ids,
    using the index's for files whose stat data says they are untouched, so it reads only
    what changed. Files Git does not track are new at the head, never at the base."""
    out = set()
    fields = repo.git.diff("--raw", "-z", "--no-renames", "--no-ext-diff", sha, "--", folder).split("\0")
    for i in range(0, len(fields) - 1, 2):
        if fields[i].startswith(":"):
            out.add(fields[i + 1])
    return out


def _untracked(repo, folder: str) -> set[str]:
    """Files under `folder` that Git does not track (and does not ignore): new at the head."""
    return {p for p in repo.git.ls_files("-o", "-z", "--exclude-standard", "--full-name", "--", folder).split("\0") if p}


def _text_at(repo, tree_root, path: str, entry) -> str | None:
    mode, sha = entry
    if mode == _LINK_MODE:
        try:
            return _blob_text(tree_root, tree_root / path)
        except KeyError:
            return None
    data = repo.odb.stream(bytes.fromhex(sha)).read()
    if len(data) > MAX_FILE_BYTES:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _base_site_config(commit, path: str, rel: str) -> SiteDoc | None:
    """mkdocs.yml in the base commit: a regular file that parses (a tag MkDocs resolves is
    fine); anything else had nothing to compare."""
    try:
        blob = commit.tree / path
    except KeyError:
        return None
    if blob.type != "blob" or blob.mode == 0o120000 or blob.size > MAX_FILE_BYTES:
        return None  # 0o120000: a symbolic link, whose content is only a path
    try:
        text = blob.data_stream.read().decode("utf-8")
    except UnicodeDecodeError:
        return None
    site, problems = parse_site_config(None, rel, text)
    return None if site is None or any(p.code.startswith(("yaml-", "file-")) for p in problems) else site
