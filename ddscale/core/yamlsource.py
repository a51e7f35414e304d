"""Read a YAML file safely into plain Python data, and the line/column of any value on demand.

PyYAML alone keeps the last of two equal keys, expands aliases without limit and recurses on deep
nesting. This reader walks libyaml's event stream once (no recursion, no composed node tree),
refuses all three with a located problem, checks UTF-8 and size first, and keeps dates as strings
so that the schema (not the YAML resolver) decides what a date is. Marks are recorded only when a
problem has to be located: a second pass, paid for by files that have problems.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import yaml

from .problems import CatalogueError, Problem

MAX_BYTES = 64 * 1024 * 1024  # a 10,000-entry catalogue is about 12 MB
MAX_DEPTH = 20  # the catalogue needs 6 levels
MAX_SCALAR = 100_000  # characters in one value

Path = tuple[str | int, ...]
Mark = tuple[int, int]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _NoDatesLoader(_Loader):  # type: ignore[misc, valid-type]
    """SafeLoader whose resolver leaves 2012-04-09 a string (the schema checks dates)."""


_NoDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()
}
_CONSTRUCTOR = _NoDatesLoader("")
# The plain words YAML 1.1 reads as booleans or null (every other word starting with a letter is
# text): the check's fast path for plain scalars.
_WORDS = frozenset(
    w
    for base in ("yes", "no", "true", "false", "on", "off", "null")
    for w in (base, base.capitalize(), base.upper())
)
_STR = "tag:yaml.org,2002:str"


@dataclass
class Document:
    """The data of one YAML file; where each value (and each mapping key) starts, on demand."""

    path: str
    data: Any
    text: str = ""
    _marks: dict[Path, Mark] | None = None
    _key_marks: dict[Path, Mark] | None = None

    def _locate(self) -> None:
        if self._marks is None:
            self._marks, self._key_marks = {}, {}
            _walk(self.path, self.text, self._marks, self._key_marks)

    @property
    def marks(self) -> dict[Path, Mark]:
        self._locate()
        assert self._marks is not None
        return self._marks

    @property
    def key_marks(self) -> dict[Path, Mark]:
        self._locate()
        assert self._key_marks is not None
        return self._key_marks

    @cached_property
    def all_text(self) -> str:
        """Every key and value in one string (JSON): rules that look for words in text values
        first test that the word occurs anywhere at all."""
        return json.dumps(self.data, ensure_ascii=False)

    def where(self, at: Path) -> Mark:
        """The line and column of the value at `at`, or of its nearest parent that has one."""
        marks = self.marks
        while at not in marks and at:
            at = at[:-1]
        return marks.get(at, (1, 1))


def describe(data: Any, at: Path) -> tuple[str, str]:
    """Name the entry (its slug, else "section[i]") and the dotted field that `at` points to."""
    if len(at) < 2 or not isinstance(at[1], int):
        return "(file)", ".".join(str(p) for p in at) or "(top level)"
    entry = f"{at[0]}[{at[1]}]"
    try:
        slug = data[at[0]][at[1]].get("slug")
        if isinstance(slug, str) and slug:
            entry = slug
    except (AttributeError, IndexError, KeyError, TypeError):
        pass
    fieldpath = ""
    for part in at[2:]:
        fieldpath += (
            f"[{part}]" if isinstance(part, int) else (f".{part}" if fieldpath else str(part))
        )
    return entry, fieldpath or "(entry)"


def _problem(path: str, mark: Any, message: str) -> Problem:
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return Problem(path, line, col, "(file)", "(yaml)", message)


def _decode(path: str, raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        raise CatalogueError(
            [
                Problem(
                    path,
                    1,
                    1,
                    "(file)",
                    "(yaml)",
                    f"the file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}: split or trim it",
                )
            ]
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise CatalogueError(
            [
                Problem(
                    path,
                    line,
                    col,
                    "(file)",
                    "(yaml)",
                    f"byte 0x{raw[exc.start]:02x} is not UTF-8: save the file as UTF-8",
                )
            ]
        ) from None


def _scalar(event: yaml.ScalarEvent, at: Path, pending: list) -> Any:
    if event.tag is None and not event.implicit[0]:
        return event.value  # quoted or block scalar: text
    tag = (
        event.tag
        if event.tag not in (None, "!")
        else _CONSTRUCTOR.resolve(yaml.ScalarNode, event.value, event.implicit)
    )
    if tag == _STR:
        return event.value
    construct = _CONSTRUCTOR.yaml_constructors.get(tag)
    if construct is None:
        pending.append(
            (
                at,
                event.start_mark,
                f"the tag {tag} is not allowed: remove it and write a plain value",
            )
        )
        return None
    try:
        return construct(
            _CONSTRUCTOR,
            yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style),  # type: ignore[arg-type]
        )
    except (yaml.constructor.ConstructorError, ValueError) as exc:
        pending.append(
            (at, event.start_mark, f"{getattr(exc, 'problem', exc)}: write a plain value")
        )
        return None


@dataclass
class _Frame:
    """An open mapping or sequence: where it is, and (for mappings) the key awaiting its value."""

    container: dict[str, Any] | list[Any]
    at: Path
    key: Any = None  # _NO_KEY: the next value is a key; _BAD_KEY: skip the next value
    seen: dict[str, int] = field(default_factory=dict)  # key -> its line, for duplicate errors

    @property
    def is_mapping(self) -> bool:
        return isinstance(self.container, dict)


_ALIAS = "anchors and aliases (&name, *name) are not allowed: write the value out"


class _Walk:
    """One pass over libyaml's events: the data, and the faults found on the way (with marks)."""

    def __init__(
        self, path: str, marks: dict[Path, Mark] | None, key_marks: dict[Path, Mark] | None
    ) -> None:
        self.path, self.marks, self.key_marks = path, marks, key_marks
        self.pending: list[tuple[Path, Any, str]] = []
        self.root: Any = None
        self.stack: list[_Frame] = []

    def fail(self, mark: Any, message: str) -> CatalogueError:
        return CatalogueError([_problem(self.path, mark, message)])

    def mark(self, table: dict[Path, Mark] | None, at: Path, event: Any) -> None:
        table[at] = (event.start_mark.line + 1, event.start_mark.column + 1)  # type: ignore[index]

    def expecting_key(self) -> bool:
        return bool(self.stack) and self.stack[-1].is_mapping and self.stack[-1].key is _NO_KEY

    def child_path(self) -> Path:
        if not self.stack:
            return ()
        frame = self.stack[-1]
        return frame.at + ((frame.key,) if frame.is_mapping else (len(frame.container),))

    def take_key(self, frame: _Frame, value: Any, event: Any) -> None:
        is_node = isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent))
        if not isinstance(value, str) or is_node or value == "<<":
            message = "a key must be a plain name (no merge keys or complex keys)"
            self.pending.append((frame.at, event.start_mark, message))
            frame.key = _BAD_KEY
        elif value in frame.container or value in frame.seen:
            message = (
                f"duplicate key '{value}' (first at line {frame.seen.get(value)}): YAML "
                "would keep only the last one; remove one"
            )
            self.pending.append((frame.at + (value,), event.start_mark, message))
            frame.key = _BAD_KEY
        else:
            frame.seen[value] = event.start_mark.line + 1
            if self.key_marks is not None:
                self.mark(self.key_marks, frame.at + (value,), event)
            frame.key = value

    def place(self, value: Any, event: Any) -> None:
        if not self.stack:
            self.root = value
            if self.marks is not None:
                self.mark(self.marks, (), event)
            return
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            if self.marks is not None:
                self.mark(self.marks, frame.at + (len(frame.container),), event)
            frame.container.append(value)
        elif frame.key is _NO_KEY:
            self.take_key(frame, value, event)
        else:
            key, frame.key = frame.key, _NO_KEY
            if key is not _BAD_KEY:
                frame.container[key] = value
                if self.marks is not None:
                    self.mark(self.marks, frame.at + (key,), event)

    def scalar(self, event: yaml.ScalarEvent) -> None:
        if event.anchor:
            raise self.fail(event.start_mark, _ALIAS)
        value = event.value
        if len(value) > MAX_SCALAR:
            raise self.fail(
                event.start_mark,
                f"a value of {len(value):,} characters; the limit is {MAX_SCALAR:,}",
            )
        # Most values are text: quoted, or plain and starting with a letter that no implicit
        # resolver of YAML 1.1 claims (booleans and null are whole words). Only the rest are
        # resolved, with the path that a fault would need.
        if event.tag is None and (
            not event.implicit[0] or (value[:1].isalpha() and value not in _WORDS)
        ):
            self.place(value, event)
            return
        at = self.stack[-1].at if self.expecting_key() else self.child_path()
        self.place(_scalar(event, at, self.pending), event)

    def start(self, event: Any) -> None:
        if event.anchor:
            raise self.fail(event.start_mark, _ALIAS)
        if len(self.stack) >= MAX_DEPTH:
            raise self.fail(
                event.start_mark,
                f"nesting deeper than {MAX_DEPTH} levels: the catalogue needs far fewer",
            )
        container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
        at = (
            self.stack[-1].at if self.expecting_key() else self.child_path()
        )  # complex key: refused
        self.place(container, event)
        self.stack.append(_Frame(container, at, _NO_KEY))

    def event(self, event: Any) -> None:
        kind = type(event)
        if kind is yaml.ScalarEvent:
            self.scalar(event)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            self.start(event)
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            self.stack.pop()
        elif kind is yaml.AliasEvent:
            raise self.fail(event.start_mark, _ALIAS)
        elif kind is yaml.DocumentStartEvent and self.root is not None:
            raise self.fail(
                event.start_mark, "a second YAML document (---): the catalogue is one document"
            )


def _walk(
    path: str,
    text: str,
    marks: dict[Path, Mark] | None = None,
    key_marks: dict[Path, Mark] | None = None,
) -> tuple[Any, list[tuple[Path, Any, str]]]:
    """The data of `text` and the faults found on the way; YAML syntax errors are raised located."""
    walk = _Walk(path, marks, key_marks)
    try:
        loader = _NoDatesLoader(text)
        try:
            get, handle = loader.get_event, walk.event  # one call per event (yaml.parse makes two)
            while (event := get()) is not None:
                handle(event)
                if type(event) is yaml.StreamEndEvent:
                    break
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "invalid YAML"
        raise walk.fail(
            mark, f"invalid YAML: {what}: check indentation, quotes and colons here"
        ) from None
    except yaml.reader.ReaderError as exc:  # a control character: located by its position
        before = text[: exc.position]
        line, col = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        message = f"character #x{exc.character:04x} is not allowed in YAML: remove it"
        raise CatalogueError([Problem(path, line, col, "(file)", "(yaml)", message)]) from None
    except yaml.YAMLError as exc:
        raise CatalogueError(
            [Problem(path, 1, 1, "(file)", "(yaml)", f"invalid YAML: {exc}")]
        ) from None
    return walk.root, walk.pending


class _Sentinel:
    pass


_NO_KEY, _BAD_KEY = _Sentinel(), _Sentinel()


class _Unusual(Exception):
    """Something only the full walk may judge (and locate): a tag, an anchor, a fault."""


def _fast_walk(text: str) -> Any:  # noqa: C901, PLR0915 - one loop: a call per event costs
    """The data of a file with nothing unusual in it, in one tight loop over libyaml's events.

    A catalogue is almost always plain mappings, lists and text: this is the full walk's work
    for that case, without its bookkeeping for faults. Anything else (a tag, an anchor or alias,
    a duplicate or complex key, a value to resolve that fails, too deep or too long, a second
    document, a syntax error) raises _Unusual, and the full walk reads the file again.
    """
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    map_start, seq_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    map_end, seq_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    doc_start, stream_end = yaml.DocumentStartEvent, yaml.StreamEndEvent
    words, no_key = _WORDS, _NO_KEY
    key: Any
    root: Any = None
    container: Any = None  # the open mapping or list, None at the top
    is_map, key = False, no_key  # key: the text awaiting its value, or no_key
    stack: list[tuple[Any, bool, Any]] = []
    loader = _NoDatesLoader(text)
    get = loader.get_event
    try:
        while True:
            event = get()
            kind = type(event)
            if kind is scalar_event:
                if event.anchor or event.tag is not None:
                    raise _Unusual
                value: Any = event.value
                if len(value) > MAX_SCALAR:
                    raise _Unusual
                if event.implicit[0] and not (value[:1].isalpha() and value not in words):
                    pending: list[Any] = []
                    value = _scalar(event, (), pending)
                    if pending:
                        raise _Unusual
                if is_map:
                    if key is no_key:
                        if type(value) is not str or value == "<<" or value in container:
                            raise _Unusual
                        key = value
                    else:
                        container[key], key = value, no_key
                elif container is not None:
                    container.append(value)
                else:
                    root = value
            elif kind is map_start or kind is seq_start:
                if event.anchor or len(stack) >= MAX_DEPTH:
                    raise _Unusual
                new: Any = {} if kind is map_start else []
                if is_map:
                    if key is no_key:
                        raise _Unusual  # a mapping or list as a key
                    container[key], key = new, no_key
                elif container is not None:
                    container.append(new)
                else:
                    root = new
                stack.append((container, is_map, key))
                container, is_map, key = new, kind is map_start, no_key
            elif kind is map_end or kind is seq_end:
                container, is_map, key = stack.pop()
            elif kind is alias_event or (kind is doc_start and root is not None):
                raise _Unusual
            elif kind is stream_end or event is None:
                return root
    except yaml.YAMLError:
        raise _Unusual from None
    finally:
        loader.dispose()


def read(path: str, raw: bytes | None = None) -> Document:
    """Read and parse one YAML file; raise CatalogueError listing every fault found."""
    if raw is None:
        try:
            with open(path, "rb") as fh:
                raw = fh.read()
        except OSError as exc:
            raise CatalogueError(
                [Problem(path, 1, 1, "(file)", "(file)", f"cannot read the file: {exc.strerror}")]
            ) from None
    text = _decode(path, raw)
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise CatalogueError(
            [
                Problem(
                    path,
                    1,
                    1,
                    "(file)",
                    "(yaml)",
                    "the file is empty: it needs the sections sites:, talks: and case_studies:",
                )
            ]
        )
    try:
        return Document(path, _fast_walk(text), text)
    except _Unusual:
        pass
    data, pending = _walk(path, text)
    if pending:
        raise CatalogueError(
            [
                Problem(path, mark.line + 1, mark.column + 1, *describe(data, at), message)
                for at, mark, message in pending
            ]
        )
    return Document(path, data, text)
