"""Read one YAML file into plain values while keeping the place of every value.

We build values from the parser's *events* rather than letting PyYAML construct them:
- every value's line and column are kept (`Doc.marks`), so no check ever works on data
  that has lost its place;
- duplicate keys, anchors/aliases (the "billion laughs"), unknown tags and deep nesting are
  problems, not silent surprises or crashes; the event parser is a state machine, so even
  100,000 nested brackets cannot exhaust the stack;
- libyaml's C parser is used where present (about 6x faster than the pure one).

Scalars follow YAML 1.1 as PyYAML reads them (`no` is false, `0777` is octal, unquoted
`12:30` is the number 750) so the schema can say exactly what happened. Timestamps and
dates are kept as the text that was typed: the schema parses them itself.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml import events as ev
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from .problems import Problem, Source, error

try:  # libyaml's parser where it is built in
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the machine
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_PureLoader = yaml.SafeLoader  # no nesting limit of its own; the fallback for deep files

MAX_DEPTH = 32  # the ledger format nests 4 deep; anything past this is not a ledger file

_resolver = Resolver()
_constructor = SafeConstructor()
_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_KNOWN_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    _TIMESTAMP,
}

Path = tuple  # a path into the document: ("events", 2, "at")


@dataclass
class Doc:
    """One parsed file: its values and where each of them was written."""

    path: str  # relative to the repository root, '/'-separated
    data: Any = None
    marks: dict = field(default_factory=dict)  # Path -> (line, column), 1-based
    raw: dict = field(default_factory=dict)  # Path -> text as typed, for non-string scalars
    key_marks: dict = field(default_factory=dict)  # Path of a mapping value -> place of its key
    text: str = field(default="", repr=False)  # the source, to place a hit inside a long text
    hash_spans: list = field(default_factory=list, repr=False)  # ((line, col), (line, col)) of scalars holding '#'

    def at(self, *path) -> Source:
        """The place of the value at `path`, or of its nearest parent that has one."""
        p = tuple(path)
        while p:
            m = self.marks.get(p)
            if m:
                return Source(self.path, m[0], m[1])
            p = p[:-1]
        m = self.marks.get(())
        return Source(self.path, m[0], m[1]) if m else Source(self.path, 1, 1)

    def key_at(self, *path) -> Source:
        """The place of the key that holds `path` (better for 'unknown key' messages)."""
        m = self.key_marks.get(tuple(path))
        return Source(self.path, m[0], m[1]) if m else self.at(*path)

    def typed(self, *path) -> str | None:
        return self.raw.get(tuple(path))


def locate(doc, path: tuple, value: str, start: int, needle: str) -> Source:
    """The line and column of `needle` (found at `start` in the value) in the file. A needle
    over a line break is placed by its first line. Falls back to the value's own place when
    the text was folded or escaped in the file."""
    at = doc.at(*path)
    if not doc.text or not at.line:
        return at
    needle = needle.split("\n", 1)[0] or needle
    lines = doc.text.split("\n")
    # which occurrence of the needle in the value this is, so repeated numbers land right
    nth = value[:start].count(needle)
    seen = 0
    for ln in range(at.line - 1, min(len(lines), at.line - 1 + value.count("\n") + 200)):
        line = lines[ln]
        col = line.find(needle, at.column - 1 if ln == at.line - 1 else 0)
        while col >= 0:
            if seen == nth:
                return Source(doc.path, ln + 1, col + 1)
            seen += 1
            col = line.find(needle, col + 1)
    return at


def _pos(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


class _Builder:
    __slots__ = ("doc", "problems")

    def __init__(self, doc: Doc):
        self.doc = doc
        self.problems: list[Problem] = []

    def problem(self, mark, code: str, variant: str = "", /, **params) -> None:
        line, col = _pos(mark)
        self.problems.append(error(Source(self.doc.path, line, col), code, variant, **params))

    def scalar(self, e: ev.ScalarEvent, path: Path) -> Any:
        value = e.value
        tag = e.tag
        if tag is None or tag == "!":
            tag = _resolver.resolve(ScalarNode, value, e.implicit)
        elif tag not in _KNOWN_TAGS:
            self.problem(e.start_mark, "yaml-tag", tag=tag)
            return value
        return self.convert(value, tag, e.start_mark, e.end_mark, path)

    def convert(self, value: str, tag: str, start_mark, end_mark, path: Path) -> Any:
        if tag == _STR:
            return value
        if tag == _TIMESTAMP:
            self.doc.raw[path] = value
            return value  # kept as text; the schema parses dates and times itself
        try:
            result = _constructor.construct_object(ScalarNode(tag, value, start_mark, end_mark))
        except (yaml.YAMLError, ValueError, TypeError, OverflowError):
            self.problem(start_mark, "yaml-value", value=value, type=tag.rsplit(':', 1)[-1])
            return value
        self.doc.raw[path] = value
        return result


def _is_nesting_limit(exc: yaml.MarkedYAMLError) -> bool:
    # libyaml 0.2.5+ (bundled in PyYAML 6.0.3+) stops at 1,000 levels with its own
    # "exceeded maximum nesting depth", often before our check sees level 33 (in flow
    # context its scanner reads ahead to the end of the brackets).
    return "nesting depth" in f"{exc.context} {exc.problem}"


def load_yaml(text: str, path: str) -> tuple[Doc, list[Problem]]:
    """Parse `text` (already decoded) into a Doc. Never raises for bad input.

    Deep nesting is `yaml-too-deep` at the value that passes MAX_DEPTH whichever libyaml
    is installed: when libyaml's own nesting limit fires first, the text is read again by
    PyYAML's pure-Python parser (no such limit), so our check places the problem."""
    doc, problems, nesting = _load(text, path, _Loader)
    if nesting is not None and _Loader is not _PureLoader:
        doc, problems, nesting = _load(text, path, _PureLoader)
    if nesting is not None:  # a parser limit below ours: place it where the parser stopped
        line, col = _pos(nesting.problem_mark or nesting.context_mark) if (nesting.problem_mark or nesting.context_mark) else (1, 1)
        problems = [error(Source(path, line, col), "yaml-too-deep",
                          depth=MAX_DEPTH)]
    return doc, problems


def _load(text: str, path: str, loader_cls) -> tuple[Doc, list[Problem], yaml.MarkedYAMLError | None]:
    doc = Doc(path, text=text)
    b = _Builder(doc)
    loader = loader_cls(text)
    # A stack of open containers: [container, path, pending_key, key_mark, seen_keys]
    stack: list[list] = []
    root_set = False
    documents = 0
    skip = 0  # depth of a subtree being skipped (complex keys)
    try:
        while True:
            e = loader.get_event()
            if e is None:
                break
            if isinstance(e, ev.DocumentStartEvent):
                documents += 1
                if documents == 2:
                    b.problem(e.start_mark, "yaml-documents")
                continue
            if documents >= 2 or isinstance(e, (ev.StreamStartEvent, ev.StreamEndEvent, ev.DocumentEndEvent)):
                continue
            if skip:
                if isinstance(e, (ev.MappingStartEvent, ev.SequenceStartEvent)):
                    skip += 1
                elif isinstance(e, (ev.MappingEndEvent, ev.SequenceEndEvent)):
                    skip -= 1
                continue

            if isinstance(e, (ev.MappingEndEvent, ev.SequenceEndEvent)):
                stack.pop()
                continue

            # Where does this value go?
            if stack:
                top = stack[-1]
                container, cpath = top[0], top[1]
                if isinstance(container, dict) and top[2] is None:
                    # This event is a key.
                    if not isinstance(e, ev.ScalarEvent):
                        if isinstance(e, ev.AliasEvent):
                            b.problem(e.start_mark, "yaml-alias")
                            top[2] = ("\0alias",)
                        else:
                            b.problem(e.start_mark, "yaml-key")
                            skip = 1
                            top[2] = ("\0complex",)
                        top[3] = _pos(e.start_mark)
                        continue
                    key = e.value
                    if "#" in key:
                        doc.hash_spans.append((_pos(e.start_mark), _pos(e.end_mark)))
                    if key in top[4]:
                        first = top[4][key]
                        b.problem(e.start_mark, "yaml-duplicate-key",
                                  key=key, first=first)
                    else:
                        top[4][key] = e.start_mark.line + 1
                    top[2] = key
                    top[3] = _pos(e.start_mark)
                    continue
                if isinstance(container, dict):
                    key = top[2]
                    vpath = cpath + (key,)
                    top[2] = None
                    keep = isinstance(key, str) and key not in container
                    if isinstance(key, str):
                        doc.key_marks.setdefault(vpath, top[3])
                else:
                    vpath = cpath + (len(container),)
                    keep = True
            else:
                if root_set:
                    continue
                container, vpath, keep, key = None, (), True, None

            if isinstance(e, ev.AliasEvent):
                b.problem(e.start_mark, "yaml-alias")
                continue
            if getattr(e, "anchor", None):
                b.problem(e.start_mark, "yaml-alias", 'anchor', anchor=e.anchor)

            if isinstance(e, ev.ScalarEvent):
                if "#" in e.value:  # a '#' inside a value is text, not a comment (checks/privacy.py)
                    doc.hash_spans.append((_pos(e.start_mark), _pos(e.end_mark)))
                value = b.scalar(e, vpath)
            elif isinstance(e, (ev.MappingStartEvent, ev.SequenceStartEvent)):
                if e.tag and e.tag not in ("!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:omap"):
                    b.problem(e.start_mark, "yaml-tag", tag=e.tag)
                if len(stack) >= MAX_DEPTH:
                    b.problem(e.start_mark, "yaml-too-deep", depth=MAX_DEPTH)
                    return Doc(path), b.problems, None
                value = {} if isinstance(e, ev.MappingStartEvent) else []
                stack.append([value, vpath, None, None, {}])
            else:  # pragma: no cover - no other event kinds exist
                continue

            if keep:
                doc.marks[vpath] = _pos(e.start_mark)
                if container is None:
                    doc.data = value
                    root_set = True
                elif isinstance(container, dict):
                    container[key] = value
                else:
                    container.append(value)
    except yaml.MarkedYAMLError as exc:
        if _is_nesting_limit(exc):
            return Doc(path), b.problems, exc
        mark = exc.problem_mark or exc.context_mark
        msg = " ".join(x for x in (exc.context, exc.problem) if x) or "YAML syntax error"
        line, col = _pos(mark) if mark else (1, 1)
        lines = text.split("\n")
        if "\t" in msg or (line <= len(lines) and "\t" in lines[line - 1][: col + 1]):
            msg += " (use spaces, not tabs, to indent)"
        b.problems.append(error(Source(path, line, col), "yaml-syntax", detail=msg))
        return Doc(path), b.problems, None
    except yaml.YAMLError as exc:
        b.problems.append(error(Source(path, 1, 1), "yaml-syntax", detail=str(exc)))
        return Doc(path), b.problems, None
    except RecursionError:  # pragma: no cover - the event parser does not recurse
        b.problems.append(error(Source(path, 1, 1), "yaml-too-deep", depth=MAX_DEPTH))
        return Doc(path), b.problems, None
    finally:
        loader.dispose()
    return doc, b.problems, None
