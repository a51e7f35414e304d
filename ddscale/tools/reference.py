"""`make schema`: write what is derived from the model for people and editors: the JSON Schema
(docs/schema/catalogue.schema.json) and the field reference in CONTRIBUTING.md (between markers).

Usage: python -m ddscale.tools.reference [--check]   (from the repository root)
"""

from __future__ import annotations

import sys
from pathlib import Path

from ddscale.core import schema, vocabulary
from ddscale.core.model import RECORDS, SECTIONS
from ddscale.core.spec import Spec, specs

SCHEMA_FILE = Path("docs/schema/catalogue.schema.json")
CONTRIBUTING = Path("CONTRIBUTING.md")
START, END = (
    "<!-- field reference: start (make schema writes it) -->",
    "<!-- field reference: end -->",
)
KINDS = {
    "text": "text",
    "slug": "slug",
    "url": "http(s) URL",
    "date": "date",
    "year": "year",
    "number": "number",
    "word": "one word",
    "id": "source id",
    "texts": "list of text",
    "slugs": "list of slugs",
    "tokens": "list of words",
    "words": "list of words",
    "records": "list",
    "record": "mapping",
}


def _row(name: str, s: Spec) -> str:
    kind = KINDS[s.kind] + (f" of {s.record}s" if s.kind == "records" else "")
    words = ", ".join(f"`{w}`" for w in s.words) if s.words and len(s.words) <= 10 else ""
    if s.words and len(s.words) > 10:
        words = "see the list below"
    help_text = s.help.replace("|", "\\|")
    return f"| `{name}` | {'yes' if s.required else ''} | {kind} | {words} | {help_text} |"


def _table(cls: type) -> list[str]:
    lines = [
        "| Field | Required | Kind | Allowed | What it holds |",
        "| --- | --- | --- | --- | --- |",
    ]
    return lines + [_row(name, s) for name, s in specs(cls)]


def reference() -> str:
    """The Markdown field reference of every section and record, and the metric vocabulary."""
    out = [
        START,
        "",
        "Every field, as declared in `ddscale/core/model.py` (the one place that defines "
        "it); `make new` writes an entry with these fields and `make check` enforces them.",
        "",
    ]
    for section in SECTIONS:
        out += [f"### {section.singular} (`{section.key}`)", "", *_table(section.model), ""]
    for name, cls in RECORDS.items():
        out += [f"### {name.capitalize()} (inside an entry)", "", *_table(cls), ""]
    out += ["### Metrics", "", "| Metric | Unit | Class | Label |", "| --- | --- | --- | --- |"]
    out += [f"| `{k}` | {m.unit} | {m.klass} | {m.label} |" for k, m in vocabulary.METRICS.items()]
    out += [
        "",
        "A site's headline is its newest audience or traffic figure, else its newest data or "
        "capacity figure; organisation and efficiency figures are never headlines.",
        "",
        END,
    ]
    return "\n".join(out)


def contributing(text: str) -> str:
    before, rest = text.split(START, 1)
    return before + reference() + rest.split(END, 1)[1]


def main(argv: list[str] | None = None) -> int:
    check = "--check" in (sys.argv[1:] if argv is None else argv)
    wanted = {
        SCHEMA_FILE: schema.text(),
        CONTRIBUTING: contributing(CONTRIBUTING.read_text("utf-8")),
    }
    stale = [path for path, text in wanted.items() if path.read_text("utf-8") != text]
    if check:
        for path in stale:
            print(f"{path}: not as the model says: run make schema", file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        path.write_text(wanted[path], encoding="utf-8")
        print(f"{path}: written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
