"""Read a YAML file safely into plain Python data plus the line/column of every value.

PyYAML alone keeps the last of two equal keys, expands aliases without limit and recurses on deep
nesting. This reader refuses all three with a located problem, checks UTF-8 and size first, and
keeps dates as strings so that the schema (not the YAML resolver) decides what a date is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import CatalogueError, Problem

MAX_BYTES = 64 * 1024 * 1024  # a 10,000-entry catalogue is about 15 MB
MAX_DEPTH = 20  # the catalogue needs 6 levels
MAX_SCALAR = 100_000  # characters in one value

Path = tuple[str | int, ...]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _NoDatesLoader(_Loader):  # type: ignore[misc, valid-type]
    """SafeLoader whose resolver leaves 2012-04-09 a string (the schema checks dates)."""


_NoDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()
}


_CONSTRUCTOR = _NoDatesLoader("")


@dataclass
class Document:
    """The data of one YAML file and where each value (and each mapping key) starts."""

    path: str
    data: Any
    marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def where(self, at: Path) -> tuple[int, int]:
        """The line and column of the value at `at`, or of its nearest parent that has one."""
        while at not in self.marks and at:
            at = at[:-1]
        return self.marks.get(at, (1, 1))


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
        fieldpath += f"[{part}]" if isinstance(part, int) else (f".{part}" if fieldpath else str(part))
    return entry, fieldpath or "(entry)"


def _problem(path: str, mark: Any, message: str) -> Problem:
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return Problem(path, line, col, "(file)", "(yaml)", message)


def _decode(path: str, raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        raise CatalogueError([Problem(path, 1, 1, "(file)", "(yaml)",
                                      f"the file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}: split or trim it")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise CatalogueError([Problem(path, line, col, "(file)", "(yaml)",
                                      f"byte 0x{raw[exc.start]:02x} is not UTF-8: save the file as UTF-8")]) from None


def _prescan(path: str, text: str) -> None:
    """Walk the event stream (no recursion) to refuse aliases, deep nesting and huge values early."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_NoDatesLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise CatalogueError([_problem(path, event.start_mark,
                                               "anchors and aliases (&name, *name) are not allowed: write the value out")])
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise CatalogueError([_problem(path, event.start_mark,
                                                   f"nesting deeper than {MAX_DEPTH} levels: the catalogue needs far fewer")])
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.ScalarEvent) and len(event.value) > MAX_SCALAR:
                raise CatalogueError([_problem(path, event.start_mark,
                                               f"a value of {len(event.value):,} characters; the limit is {MAX_SCALAR:,}")])
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "invalid YAML"
        raise CatalogueError([_problem(path, mark, f"invalid YAML: {what}: check indentation, quotes and colons here")]) from None
    except yaml.reader.ReaderError as exc:  # a control character: located by its position
        before = text[: exc.position]
        line, col = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        raise CatalogueError([Problem(path, line, col, "(file)", "(yaml)",
                                      f"character #x{exc.character:04x} is not allowed in YAML: remove it")]) from None
    except yaml.YAMLError as exc:
        raise CatalogueError([Problem(path, 1, 1, "(file)", "(yaml)", f"invalid YAML: {exc}")]) from None


Pending = list[tuple[Path, Any, str]]


def _build(path: str, node: yaml.Node, at: Path, doc: Document, problems: Pending) -> Any:
    """Turn a composed node into data, recording marks; nesting is bounded by the prescan."""
    doc.marks[at] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) and key_node.tag == "tag:yaml.org,2002:str" else None
            if not isinstance(key, str) or key == "<<":
                problems.append((at, key_node.start_mark, "a key must be a plain name (no merge keys or complex keys)"))
                continue
            if key in out:
                first = doc.key_marks[at + (key,)]
                problems.append((at + (key,), key_node.start_mark,
                                 f"duplicate key '{key}' (first at line {first[0]}): YAML would keep only the last one; remove one"))
                continue
            doc.key_marks[at + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = _build(path, value_node, at + (key,), doc, problems)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(path, item, at + (i,), doc, problems) for i, item in enumerate(node.value)]
    construct = _CONSTRUCTOR.yaml_constructors.get(node.tag)
    if construct is None:
        problems.append((at, node.start_mark, f"the tag {node.tag} is not allowed: remove it and write a plain value"))
        return None
    try:
        return construct(_CONSTRUCTOR, node)
    except yaml.constructor.ConstructorError as exc:
        problems.append((at, node.start_mark, f"{exc.problem}: write a plain value"))
        return None


def read(path: str, raw: bytes | None = None) -> Document:
    """Read and parse one YAML file; raise CatalogueError listing every fault found."""
    if raw is None:
        try:
            with open(path, "rb") as fh:
                raw = fh.read()
        except OSError as exc:
            raise CatalogueError([Problem(path, 1, 1, "(file)", "(file)", f"cannot read the file: {exc.strerror}")]) from None
    text = _decode(path, raw)
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise CatalogueError([Problem(path, 1, 1, "(file)", "(yaml)",
                                      "the file is empty: it needs the sections sites:, talks: and case_studies:")])
    _prescan(path, text)
    try:
        node = yaml.compose(text, Loader=_NoDatesLoader)
    except yaml.MarkedYAMLError as exc:  # multiple documents and the like
        raise CatalogueError([_problem(path, exc.problem_mark, f"invalid YAML: {exc.problem}")]) from None
    doc = Document(path, None)
    pending: Pending = []
    doc.data = _build(path, node, (), doc, pending)
    if pending:
        raise CatalogueError([Problem(path, mark.line + 1, mark.column + 1, *describe(doc.data, at), message)
                              for at, mark, message in pending])
    return doc
