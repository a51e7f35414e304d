"""Is a catalogue in canonical form? Decided from the parse the check already has, without
writing anything: `make fmt` stays the one writer.

The canonical text of the data (sections in model order, entries as written, fields in model
order, 2-space mappings with list items indented by 2, short lists in flow style, one line per
value, quotes only where `make fmt` puts them) is laid out line by line here and compared with the
file, whose comment and blank lines `make fmt` keeps as they are. Most values take a fast path (a
plain word or sentence, a date, a number); anything unusual is written by ruamel.yaml exactly as
`make fmt` would write it, one value at a time.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ddscale.core.model import RECORDS, SECTIONS
from ddscale.core.problems import Problem
from ddscale.core.spec import key_order, specs

MODELINE = "# yaml-language-server: $schema="
_CLASSES = [s.model for s in SECTIONS] + list(RECORDS.values())
FLOW = {name for cls in _CLASSES for name, s in specs(cls) if s.flow}
DATES = {name for cls in _CLASSES for name, s in specs(cls) if s.kind == "date"}
NESTED = {name: RECORDS[s.record] for cls in _CLASSES for name, s in specs(cls) if s.record}
ORDER: dict[type | None, list[str]] = {cls: key_order(cls) for cls in _CLASSES}
SECTION_ORDER = [s.key for s in SECTIONS]
SECTION_KIND: dict[str, type] = {s.key: s.model for s in SECTIONS}

# Words YAML 1.1 (the check's reader) or 1.2 would read as booleans or null: always quoted.
_WORDS = {
    w
    for base in ("yes", "no", "true", "false", "on", "off", "y", "n", "null")
    for w in (base, base.capitalize(), base.upper())
}
# A value is written plain when YAML reads it back as the same text (both YAML 1.1, the check's
# reader, and 1.2, ruamel.yaml's) and ruamel.yaml's emitter allows it plain in its context; else in
# single quotes when printable. Anything the fast path cannot decide goes to ruamel.yaml itself.
_SAFE = "\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff"
_NUMBERISH = re.compile(r"[0-9]{4}-")  # a timestamp may contain a space
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_BLOCK_TAIL = re.compile(rf"(?:[ -\"$-9;-~{_SAFE}]|:(?! )|(?<! )#)*(?<![ :])\Z")
_FLOW_TAIL = re.compile(rf"[ !\"$-+\--9;->@-Z\\^-z|~{_SAFE}]*(?<! )\Z")
_PRINTABLE = re.compile(rf"[ -~{_SAFE}]*\Z")
_DATE = re.compile(r"[0-9][0-9-]*\Z")
_COMMENT_OR_BLANK = re.compile(r"^[ \t]*(?:#.*)?\n", re.M)
_MAX_LINE = 4000  # ruamel.yaml folds longer plain values (width 4096): left to ruamel


@lru_cache(maxsize=4096)
def _by_ruamel(value: Any, flow: bool, date: bool) -> str:
    """How `make fmt` writes one value (the slow, exact path for unusual values)."""
    import io

    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    from . import fmt

    v = DoubleQuotedScalarString(value) if date and isinstance(value, str) else fmt._scalar(value)
    holder: Any = CommentedSeq([v]) if flow else v
    if flow:
        holder.fa.set_flow_style()
    out = io.StringIO()
    fmt._yaml().dump(CommentedMap([("k", holder)]), out)
    text = out.getvalue()[3:].rstrip("\n")
    return text[1:-1] if flow else text


def _reads_as_text(value: str) -> bool:
    if not value or value in _WORDS or value != value.strip() or len(value) > _MAX_LINE:
        return False
    if value[0] not in "-+.0123456789~=<":  # what no resolver of YAML 1.1 or 1.2 starts with
        return True
    return " " in value and not _NUMBERISH.match(value)


def _text(value: str, flow: bool) -> str | None:
    """How make fmt writes a text value, or None when only ruamel.yaml can tell."""
    if not _reads_as_text(value) or value[0] in "-?:!&*":
        return None
    if flow:  # short words in a [list]: anything unusual is left to ruamel.yaml
        return value if value[0] not in _INDICATORS and _FLOW_TAIL.match(value, 1) else None
    if value[0] not in _INDICATORS and _BLOCK_TAIL.match(value, 1) and value[:3] != "...":
        return value
    if not _PRINTABLE.match(value):
        return None
    if "'" in value:  # ruamel.yaml then prefers double quotes
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return "'" + value + "'"


def scalar(value: Any, flow: bool = False, date: bool = False) -> str:
    """A value as `make fmt` writes it (in a flow list when `flow`)."""
    if isinstance(value, str):
        if date and _DATE.match(value):
            return f'"{value}"'
        written = None if date else _text(value, flow)
        return written if written is not None else _by_ruamel(value, flow, date)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value) if isinstance(value, int) else repr(value)
    return _by_ruamel(value, flow, date)


_ORDERED: dict[tuple[type | None, tuple[str, ...]], list[str]] = {}


def _ordered(mapping: dict[str, Any], kind: type | None) -> list[str]:
    """Keys in the model's order (unknown keys last, as written); cached per set of keys."""
    keys = tuple(mapping)
    found = _ORDERED.get((kind, keys))
    if found is None:
        order = ORDER.get(kind) or []
        found = [k for k in order if k in mapping] + [k for k in keys if k not in order]
        _ORDERED[(kind, keys)] = found
    return found


# The common case, decided in one match: text written plain in a block mapping.
_PLAIN = re.compile(rf"[A-Za-z(/$^_;{_SAFE}](?:[ -\"$-9;-~{_SAFE}]++|:(?! )|(?<! )#)*+(?<![ :])\Z")


def _value(key: str, value: Any) -> str:
    kind = type(value)
    if kind is str:
        if key in DATES:
            return f'"{value}"' if _DATE.match(value) else scalar(value, date=True)
        if value not in _WORDS and len(value) < _MAX_LINE and _PLAIN.match(value):
            return value
        return scalar(value)
    if kind is int:
        return str(value)
    return scalar(value)


class _Lines:
    """The canonical lines of some data; with `paths`, also the data path each line shows."""

    def __init__(self, paths: bool) -> None:
        self.out: list[str] = []
        self.paths: list[tuple[Any, ...]] | None = [] if paths else None

    def emit(self, line: str, at: tuple[Any, ...]) -> None:
        self.out.append(line)
        if self.paths is not None:
            self.paths.append(at)

    def mapping(
        self, m: dict[str, Any], kind: type | None, pad: str, first: str, at: tuple
    ) -> None:
        lead, out, track = first, self.out, self.paths is not None
        for key in _ordered(m, kind):
            value = m[key]
            here = at + (key,) if track else at
            if isinstance(value, (dict, list)):
                self.nested(key, value, kind, lead, pad, here)
            else:
                text = _value(key, value)
                line = f"{lead}{key}: {text}" if text else f"{lead}{key}:"
                if track:
                    self.emit(line, here)
                else:
                    out.append(line)
            lead = pad

    def nested(
        self, key: str, value: Any, kind: type | None, lead: str, pad: str, at: tuple
    ) -> None:
        if isinstance(value, dict) and value:
            self.emit(f"{lead}{key}:", at)
            self.mapping(value, NESTED.get(key), pad + "  ", pad + "  ", at)
        elif isinstance(value, list) and value and key not in FLOW:
            self.emit(f"{lead}{key}:", at)
            self.sequence(value, NESTED.get(key) or kind, pad + "  ", at)
        elif isinstance(value, list):
            items = ", ".join(scalar(v, flow=True) for v in value)
            self.emit(f"{lead}{key}: [{items}]", at)
        else:
            self.emit(f"{lead}{key}: {{}}", at)

    def sequence(self, items: list[Any], kind: type | None, pad: str, at: tuple) -> None:
        track = self.paths is not None
        for i, item in enumerate(items):
            here = at + (i,) if track else at
            if isinstance(item, dict) and item:
                self.mapping(item, kind, pad + "  ", pad + "- ", here)
            elif isinstance(item, list) and item:
                self.emit(f"{pad}-", here)  # nested lists do not occur in a valid catalogue
                self.sequence(item, kind, pad + "  ", here)
            else:
                self.emit(f"{pad}- {scalar(item)}".rstrip(), here)

    def document(self, data: dict[str, Any]) -> None:
        order = [k for k in SECTION_ORDER if k in data]
        for key in order + [k for k in data if k not in SECTION_ORDER]:
            value = data[key]
            if isinstance(value, list) and value:
                self.emit(f"{key}:", (key,))
                if key in SECTION_KIND:  # entries sorted by slug, as make fmt sorts them
                    value = sorted(value, key=_slug)
                self.sequence(value, SECTION_KIND.get(key), "  ", (key,))
            elif isinstance(value, dict) and value:
                self.emit(f"{key}:", (key,))
                self.mapping(value, None, "  ", "  ", (key,))
            else:
                text = "[]" if value == [] else "{}" if value == {} else scalar(value)
                self.emit(f"{key}: {text}" if text else f"{key}:", (key,))


def _slug(entry: Any) -> str:
    return str(entry.get("slug", "")) if isinstance(entry, dict) else ""


def canonical_body(data: dict[str, Any]) -> str:
    """The canonical text of `data`, without comments (and without the schema line)."""
    lines = _Lines(paths=False)
    lines.document(data)
    return "\n".join(lines.out) + "\n"


def _same(have: str, want: str) -> bool:
    """One line of the file against its canonical form: equal, or equal with a comment after it,
    or the same number written another way (make fmt keeps how a number is written)."""
    if have == want or (have.startswith(want + " ") and have[len(want) :].lstrip().startswith("#")):
        return True
    head, _, number = want.rpartition(": ")
    if head and have.startswith(head + ": ") and re.fullmatch(r"-?[0-9][0-9.e+-]*", number):
        import yaml

        token = have[len(head) + 2 :].split(" #")[0].strip()
        try:
            return bool(yaml.safe_load(token) == yaml.safe_load(number))
        except yaml.YAMLError:
            return False
    return False


def _describe(data: Any, at: tuple) -> tuple[str, str]:
    from ddscale.core.yamlsource import describe

    return describe(data, at) if len(at) >= 2 else ("(file)", ".".join(map(str, at)) or "(file)")


def problems(path: str, text: str, data: Any) -> list[Problem]:
    """The first place where the file leaves canonical form, located; [] when it is canonical."""
    fix = "run make fmt"
    if not text.startswith(MODELINE):
        first = text.split("\n", 1)[0][:40]
        message = f"the first line must be the schema line ({MODELINE}...), not {first!r}: {fix}"
        return [Problem(path, 1, 1, "(file)", "(format)", message)]
    if not isinstance(data, dict):
        return []
    body = canonical_body(data)
    below = text.find("\n") + 1
    if text[below:] == body:  # no comments below the schema line: one comparison
        return []
    if _COMMENT_OR_BLANK.sub("", text) == body and text.endswith("\n"):
        return []
    found = _first_difference(path, text, data)
    return [found] if found else []


def _first_difference(path: str, text: str, data: dict[str, Any]) -> Problem | None:
    """Where the file and its canonical form part, and why (the slow path: files that differ)."""
    lines = _Lines(paths=True)
    lines.document(data)
    assert lines.paths is not None
    want = list(zip(lines.out, lines.paths))
    have = [
        (n, line)
        for n, line in enumerate(text.split("\n"), 1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    for (n, line), (expected, at) in zip(have, want):
        if not _same(line, expected):
            entry, field = _describe(data, at)
            return Problem(path, n, _column(line, expected), entry, field, _why(line, expected))
    n = have[-1][0] if have else 1
    if len(have) != len(want):
        return Problem(
            path, n, 1, "(file)", "(format)", "the file is not in canonical form here: run make fmt"
        )
    if text.endswith("\n"):
        return None  # the same lines, with comments after some of them
    return Problem(
        path, n, 1, "(file)", "(format)", "the file must end with one line break: run make fmt"
    )


def _column(have: str, want: str) -> int:
    for i, (a, b) in enumerate(zip(have, want)):
        if a != b:
            return i + 1
    return min(len(have), len(want)) + 1


def _why(have: str, want: str) -> str:
    indent_have, indent_want = len(have) - len(have.lstrip(" ")), len(want) - len(want.lstrip(" "))
    key_have = have.strip().lstrip("- ").split(":", 1)[0]
    key_want = want.strip().lstrip("- ").split(":", 1)[0]
    if key_have != key_want:
        what = f"'{key_want}' belongs here, before '{key_have}' (fields in the model's order)"
    elif indent_have != indent_want or have.lstrip(" ")[:2] != want.lstrip(" ")[:2]:
        what = f"indent this line by {indent_want} spaces: {want.strip()!r}"
    elif have.rstrip() != have:
        what = "no spaces at the end of a line"
    else:
        what = f"write it as {want.strip()!r} (quotes and list style as make fmt writes them)"
    return f"the file is not in canonical form: {what}; run make fmt"
