"""The JSON API: one document per entry, per section and for the whole catalogue.

Its shape comes from the model: an entry is published with the fields it has, in their declared
order, as written in data/sites.yaml, plus `page` (where it is shown, relative to the site root),
`api` (its own JSON path) and, where it has figures, each figure's unit and class and the
entry's `headline`.

Beside the API, `search/names.json` is the search box's names table (docs/assets/dds-search.js):
for every entry with a page, `[page, section, line, known_as]` (`section` an index into
`sections`, `line` the one line its link-preview card shows), small enough to download before the
first keystroke's results.
"""

from __future__ import annotations

import json
from typing import Any

from ddscale.core import schema
from ddscale.core.catalogue import Catalogue
from ddscale.core.model import SECTIONS, Entry, Figure
from ddscale.core.spec import specs

from .render import card_line

VERSION = "v1"


def figure_json(f: Figure) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, _ in specs(Figure):
        value = getattr(f, name)
        if value is not None:
            out[name] = value.id if name == "source" else value
    out["unit"], out["class"] = f.unit, f.klass
    return out


def entry_json(entry: Entry) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": entry.key}
    out.update(
        (name, entry.raw[name]) for name, _ in specs(entry.section.model) if name in entry.raw
    )
    if entry.all_figures:
        out["figures"] = [figure_json(f) for f in entry.all_figures]
        out["headline"] = figure_json(entry.headline) if entry.headline else None
    out["page"] = entry.page  # where it is shown; a site's own `url` field stays its address
    out["api"] = f"api/{VERSION}/{entry.folder}/{entry.slug}.json"
    return out


def _dump(obj: Any) -> str:
    return (
        json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n"
    )  # compact: the C encoder


def names(cat: Catalogue) -> dict[str, Any]:
    """The search's names table: what each entry with a page is called, and where it is."""
    sections = [s for s in SECTIONS if s.has_pages]
    return {
        "sections": [s.singular for s in sections],
        "entries": [
            [e.page, sections.index(e.section), card_line(e), e.known_as] for e in cat.paged
        ],
    }


def documents(cat: Catalogue) -> dict[str, str]:
    """Map of output path (below the site root) to JSON text."""
    docs: dict[str, str] = {}
    everything: dict[str, Any] = {"version": VERSION, "schema": f"api/{VERSION}/schema.json"}
    for section in SECTIONS:
        items = [entry_json(e) for e in cat.sections[section.key]]
        everything[section.key] = items
        docs[f"api/{VERSION}/{section.folder}.json"] = _dump(
            {"version": VERSION, section.key: items}
        )
        for entry, item in zip(cat.sections[section.key], items):
            docs[f"api/{VERSION}/{section.folder}/{entry.slug}.json"] = _dump(item)
    docs[f"api/{VERSION}/catalogue.json"] = _dump(everything)
    docs[f"api/{VERSION}/schema.json"] = schema.text()
    docs["search/names.json"] = _dump(names(cat))
    return docs
