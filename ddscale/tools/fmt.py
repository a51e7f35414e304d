"""`make fmt`: rewrite the catalogue in canonical form, so that every diff is only the change.

Canonical form: sections in schema order, entries sorted by slug, fields in schema order, 2-space
mappings with list items indented by 2, one line per value, short lists in flow style, quotes only
where a value
would otherwise be read as another type (dates, numbers, yes/no). Comments are kept: this is a
round trip through ruamel.yaml, not a dump.

Usage: python -m ddscale.tools.fmt [--check] [PATH]   (--check writes nothing: see canon.py)
"""

from __future__ import annotations

import io
import os
import sys
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    PlainScalarString,
    SingleQuotedScalarString,
)

from ddscale.core import yamlsource
from ddscale.core.catalogue import DEFAULT_PATH, load
from ddscale.core.model import RECORDS, SECTIONS
from ddscale.core.problems import CatalogueError
from ddscale.core.spec import key_order, specs

from . import canon, slugs

_RESOLVER = pyyaml.resolver.Resolver()
MODELINE = "# yaml-language-server: $schema="


def _yaml() -> YAML:
    y = YAML()  # round trip
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 4096  # one line per value: a changed sentence is a changed line
    y.preserve_quotes = False
    return y


SCHEMA_PATH = "docs/schema/catalogue.schema.json"  # from the repository root
_CLASSES = [s.model for s in SECTIONS] + list(RECORDS.values())
# Canonical form, from the model: which lists are written on one line, which values are dates
# (always quoted), and which record class a nested list or mapping holds.
_FLOW = {name for cls in _CLASSES for name, s in specs(cls) if s.flow}
_DATES = {name for cls in _CLASSES for name, s in specs(cls) if s.kind == "date"}
_NESTED = {name: RECORDS[s.record] for cls in _CLASSES for name, s in specs(cls) if s.record}


def _reorder(mapping: CommentedMap, order: list[str]) -> None:
    """Put known keys in schema order (unknown keys last, as written), keeping each key's
    comments."""
    keys = list(mapping.keys())
    wanted = [k for k in order if k in mapping] + [k for k in keys if k not in order]
    if keys == wanted:
        return
    items = [(k, mapping[k]) for k in wanted]
    comments = {k: mapping.ca.items.get(k) for k in keys}
    for k in keys:
        del mapping[k]
    for k, v in items:
        mapping[k] = v
        if comments.get(k) is not None:
            mapping.ca.items[k] = comments[k]


def _one_line(value: str) -> Any:
    """A block scalar (| or >) written on one line, in the style make fmt gives any text (ruamel
    keeps a value's style when it is replaced by plain text, so the style is set explicitly)."""
    written = canon.scalar(_scalar(value) if "\n" not in value else value)
    if written.startswith("'"):
        return SingleQuotedScalarString(value)
    if written.startswith('"') or "\n" in value:
        return DoubleQuotedScalarString(value)
    return PlainScalarString(value)


def _scalar(value: Any) -> Any:
    """Quote a string exactly when PyYAML (YAML 1.1, as the check reads it) would not read it back
    as text. One line per value: a block scalar (| or >) is written on one line too."""
    if isinstance(value, (FoldedScalarString, LiteralScalarString)):
        return _one_line(str(value))
    if isinstance(value, str):
        tag = _RESOLVER.resolve(pyyaml.ScalarNode, value, (True, False))
        if tag != "tag:yaml.org,2002:str" or value != value.strip() or value == "":
            return DoubleQuotedScalarString(value)
        return str(value)
    return value


def _style(node: CommentedMap | CommentedSeq, flow: bool) -> None:
    """Only the short lists of _FLOW are written on one line; every other list and mapping is a
    block (an empty one stays [] or {})."""
    if flow and isinstance(node, CommentedSeq):
        node.fa.set_flow_style()
    elif len(node):
        node.fa.set_block_style()


def _normalise(node: Any, kind: type | None) -> None:
    if isinstance(node, CommentedMap):
        if kind:
            _reorder(node, key_order(kind))
        for key in list(node.keys()):
            value = node[key]
            if isinstance(value, (CommentedMap, CommentedSeq)):
                _style(value, flow=key in _FLOW)
                _normalise(value, _NESTED.get(key))
            elif key in _DATES and isinstance(value, str):
                node[key] = DoubleQuotedScalarString(value)
            else:
                node[key] = _scalar(value)
    elif isinstance(node, CommentedSeq):
        for i, value in enumerate(node):
            if isinstance(value, (CommentedMap, CommentedSeq)):
                _style(value, flow=False)
                _normalise(value, kind)
            else:
                node[i] = _scalar(value)


def modeline(path: str, schema_path: str = SCHEMA_PATH) -> str:
    """The first line that points editors at the schema, relative to the catalogue file."""
    relative = os.path.relpath(os.path.abspath(schema_path), os.path.dirname(os.path.abspath(path)))
    return MODELINE + relative.replace(os.sep, "/")


def canonical(text: str, path: str = DEFAULT_PATH) -> str:
    """The canonical form of a catalogue's text (which must already parse)."""
    y = _yaml()
    data = y.load(text)
    if not isinstance(data, CommentedMap):
        return text
    _reorder(data, [s.key for s in SECTIONS])
    for section in SECTIONS:
        kind, entries = section.model, data.get(section.key)
        if isinstance(entries, CommentedSeq):
            ordered = sorted(
                entries, key=lambda e: str(e.get("slug", "")) if isinstance(e, dict) else ""
            )
            if ordered != list(entries):
                entries[:] = ordered
            for entry in entries:
                _normalise(entry, kind)
    out = io.StringIO()
    y.dump(data, out)
    result = out.getvalue()
    if not result.startswith(MODELINE):
        result = modeline(path) + "\n" + result
    return result


def _check(path: str) -> int:
    """--check: is the file in canonical form? Decided from its parse (canon), not a rewrite."""
    try:
        doc = yamlsource.read(path)
    except CatalogueError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    found = canon.problems(path, doc.text, doc.data)
    for problem in found:
        print(problem, file=sys.stderr)
    return 1 if found else 0


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    check = "--check" in args
    paths = [a for a in args if not a.startswith("--")]
    path = paths[0] if paths else DEFAULT_PATH
    if check:
        return _check(path)
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    try:
        result = canonical(text, path)
    except Exception as exc:  # noqa: BLE001 - report, never a traceback
        print(
            f"{path}:1:1: (file): (format): cannot format a file that does not parse "
            f"({exc.__class__.__name__}); run make check",
            file=sys.stderr,
        )
        return 1
    if result != text:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(result)
        print(f"{path}: formatted")
    try:
        if slugs.record(load(path)):
            print(f"{slugs.registry_path(path)}: recorded new slugs")
    except CatalogueError:
        print(f"{path}: not valid yet, so new slugs were not recorded: run make check")
    return 0


if __name__ == "__main__":
    sys.exit(main())
