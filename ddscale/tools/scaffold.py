"""`make new KIND=site SLUG=example`: insert a commented entry, to be filled in, at its sorted
place.

Every value to fill starts with "FILL IN"; until it is replaced, `make check` names that field at
its line (and reports nothing else about it).

Usage: python -m ddscale.tools.scaffold KIND SLUG [PATH]   (KIND: site, talk, case-study, myth,
also)
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Iterator
from typing import Any

from ddscale.core.catalogue import DEFAULT_PATH
from ddscale.core.model import RECORDS, SECTIONS
from ddscale.core.spec import specs

SECTION_OF = {s.kind: s for s in SECTIONS}


def _value(value: Any, today: dt.date) -> str:
    if isinstance(value, str):
        return json.dumps(value.replace("{today}", today.isoformat()), ensure_ascii=False)
    return json.dumps(value)


def _fields(cls: type, indent: str, today: dt.date, first: str = "") -> Iterator[str]:
    """The lines of one mapping: declared fields with an example to fill in, the others
    commented."""
    lead = first or indent
    for name, s in specs(cls):
        if s.kind == "records" and not s.hidden and s.record:
            yield f"{lead}{name}:  # {s.help}"
            yield from _fields(RECORDS[s.record], indent + "    ", today, first=indent + "  - ")
        elif s.kind == "record" and s.record:
            yield f"{lead}{name}:  # {s.help}"
            yield from _fields(RECORDS[s.record], indent + "  ", today)
        elif s.hidden or s.example is None:
            yield f"{indent}# {name}:  # {s.help}"
            continue
        else:
            yield f"{lead}{name}: {_value(s.example, today)}  # {s.help}"
        lead = indent


def entry_text(kind: str, slug: str, today: dt.date) -> str:
    """A new entry of a section, every field from the model: values to fill start with FILL IN."""
    lines = [f"  - slug: {slug}"]
    lines += [
        line
        for line in _fields(SECTION_OF[kind].model, "    ", today)
        if not line.startswith("    # slug:")
    ]
    return "\n".join(lines) + "\n"


def insert(text: str, kind: str, slug: str, today: dt.date) -> str:
    """Insert the template into the catalogue text at its sorted place within its section."""
    return place(text, SECTION_OF[kind].key, slug, entry_text(kind, slug, today))


def place(text: str, section: str, slug: str, entry: str) -> str:
    """Insert an entry's text into the catalogue text at its sorted place within `section`."""
    lines = text.splitlines(keepends=True)
    start = next(
        (i for i, ln in enumerate(lines) if ln.rstrip() in (f"{section}:", f"{section}: []")), None
    )
    if start is None:
        return text.rstrip("\n") + f"\n{section}:\n" + entry
    if lines[start].rstrip().endswith("[]"):
        lines[start] = f"{section}:\n"
    end = next(
        (i for i in range(start + 1, len(lines)) if re.match(r"^[a-z_]+:", lines[i])), len(lines)
    )
    at = end
    for i in range(start + 1, end):
        match = re.match(r"^  - slug: (\S+)", lines[i])
        if match and match.group(1) > slug:
            at = i
            break
    return "".join(lines[:at]) + entry + "".join(lines[at:])


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if (
        len(args) < 2
        or args[0] not in SECTION_OF
        or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", args[1])
    ):
        print(
            "usage: make new KIND=site|talk|case-study|myth|also SLUG=lowercase-with-hyphens",
            file=sys.stderr,
        )
        return 2
    kind, slug = args[0], args[1]
    path = args[2] if len(args) > 2 else DEFAULT_PATH
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    if re.search(rf"^\s+- slug: {re.escape(slug)}\s*$", text, re.M):
        print(f"{path}: the slug '{slug}' already exists: choose another", file=sys.stderr)
        return 1
    result = insert(text, kind, slug, dt.date.today())
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(result)
    line = result[: result.index(f"- slug: {slug}\n")].count("\n") + 1
    print(f"{path}:{line}: added {kind} '{slug}'; fill in every FILL IN value, then run make check")
    return 0


if __name__ == "__main__":
    sys.exit(main())
