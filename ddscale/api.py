"""The JSON API: one document per entry, per section and for the whole catalogue, keys kept stable.

Every entry is published with exactly the fields it has in data/sites.yaml, plus `page` (its page,
relative to the site root), `api` (its own JSON path) and, where it has figures, `headline`.
"""

from __future__ import annotations

import json
from typing import Any

from .catalogue import Catalogue, Entry, Figure
from .schema import SCHEMA_PATH
from .vocabulary import SECTIONS

VERSION = "v1"


def _figure(f: Figure) -> dict[str, Any]:
    out = {"metric": f.metric, "value": f.value, "unit": f.unit, "as_of": f.as_of, "grade": f.grade, "source": f.source.id}
    if f.note:
        out["note"] = f.note
    return out


def entry_json(entry: Entry) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": entry.section, **entry.fields}
    if entry.figures:
        out["figures"] = [_figure(f) for f in entry.figures]
        out["headline"] = _figure(entry.headline) if entry.headline else None
    out["page"] = entry.url  # the entry's page; a site's own `url` field stays its address
    out["api"] = f"api/{VERSION}/{entry.folder}/{entry.slug}.json"
    return out


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n"  # compact: the C encoder


def documents(cat: Catalogue) -> dict[str, str]:
    """Map of output path (below the site root) to JSON text."""
    docs: dict[str, str] = {}
    everything: dict[str, Any] = {"version": VERSION, "schema": f"api/{VERSION}/schema.json"}
    for section, folder in SECTIONS.items():
        items = [entry_json(e) for e in cat.sections[section]]
        everything[section] = items
        docs[f"api/{VERSION}/{folder}.json"] = _dump({"version": VERSION, section: items})
        for entry, item in zip(cat.sections[section], items):
            docs[f"api/{VERSION}/{folder}/{entry.slug}.json"] = _dump(item)
    docs[f"api/{VERSION}/catalogue.json"] = _dump(everything)
    docs[f"api/{VERSION}/schema.json"] = SCHEMA_PATH.read_text(encoding="utf-8")
    return docs
