"""The one model of the catalogue, and the one loader used by the build, the check, the API and tests."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from typing import Any

from . import rules, schema, yamlsource
from .problems import CatalogueError
from .vocabulary import HEADLINE_ORDER, METRICS, SECTIONS

DEFAULT_PATH = "data/sites.yaml"


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    url: str
    date: str | None = None
    author: str | None = None
    archive_url: str | None = None
    kind: str | None = None


@dataclass(frozen=True)
class Figure:
    metric: str
    value: float
    as_of: str
    source: Source
    grade: str
    note: str | None = None

    @property
    def label(self) -> str:
        return METRICS[self.metric].label

    @property
    def unit(self) -> str:
        return METRICS[self.metric].unit


@dataclass
class Entry:
    """One entry of any section; `fields` keeps every validated field as written."""

    section: str  # sites | talks | case_studies | myths
    slug: str
    fields: dict[str, Any]
    figures: list[Figure]
    sources: list[Source]
    doc: yamlsource.Document | None = field(default=None, repr=False, compare=False)
    index: int = 0

    @property
    def line(self) -> int:
        """The entry's first line in the catalogue file (located on first use)."""
        if self.doc is None:
            return 1
        return _slug_lines(self.doc).get(self.slug) or self.doc.where((self.section, self.index))[0]

    @property
    def title(self) -> str:
        return str(self.fields.get("name") or self.fields.get("title") or self.fields.get("subject"))

    @property
    def folder(self) -> str:
        return SECTIONS[self.section]

    @property
    def url(self) -> str:
        """The page's path below the site root, e.g. sites/instagram/."""
        return f"{self.folder}/{self.slug}/"

    @property
    def headline(self) -> Figure | None:
        """The figure that says most about size: the preferred metric, its latest value."""
        for metric in HEADLINE_ORDER:
            found = [f for f in self.figures if f.metric == metric]
            if found:
                return max(found, key=lambda f: f.as_of)
        return None

    def latest(self) -> dict[str, Figure]:
        """The most recent figure of each metric the entry has."""
        out: dict[str, Figure] = {}
        for f in self.figures:
            if f.metric not in out or f.as_of > out[f.metric].as_of:
                out[f.metric] = f
        return out

    @property
    def decade(self) -> str | None:
        """The decade the entry belongs to: when it adopted Django, else its date, else its headline's."""
        year = self.fields.get("django_adopted") or str(self.fields.get("date") or "")[:4] or (
            self.headline.as_of[:4] if self.headline else None)
        return f"{str(year)[:3]}0s" if year else None

    def get(self, key: str, default: Any = None) -> Any:
        return self.fields.get(key, default)


@dataclass
class Catalogue:
    path: str
    sections: dict[str, list[Entry]]
    by_slug: dict[str, Entry] = field(default_factory=dict)
    # site slug -> talks, case studies and myths that name it
    covering: dict[str, list[Entry]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for entries in self.sections.values():
            for entry in entries:
                self.by_slug[entry.slug] = entry
                for ref in entry.fields.get("sites", []) if entry.section != "sites" else []:
                    self.covering.setdefault(ref, []).append(entry)

    @property
    def entries(self) -> list[Entry]:
        return [e for entries in self.sections.values() for e in entries]

    def former_slugs(self) -> dict[str, Entry]:
        return {old: e for e in self.entries for old in e.fields.get("former_slugs", [])}

    def redirects(self) -> dict[str, str]:
        """Old page -> current page, as docs paths. A former slug redirects from every section's folder,
        so an entry that moved section (a site found never to have run Django, now a myth) keeps its links;
        slugs are unique across sections, so no two entries can claim the same old page."""
        return {f"{folder}/{old}.md": f"{entry.folder}/{entry.slug}.md"
                for old, entry in self.former_slugs().items() for folder in SECTIONS.values()}


def _slug_lines(doc: yamlsource.Document) -> dict[str, int]:
    """Line of each "- slug: x" in canonical layout: a text scan, cheaper than locating every value."""
    cached = getattr(doc, "_slug_lines", None)
    if cached is None:
        cached, line, pos = {}, 1, 0
        for m in re.finditer(r"^[ \t]*- slug: ([a-z0-9-]+)[ \t]*$", doc.text, re.M):
            line += doc.text.count("\n", pos, m.start())
            pos = m.start()
            cached[m.group(1)] = line
        doc._slug_lines = cached  # type: ignore[attr-defined]
    return cached


def _entry(section: str, index: int, raw: dict[str, Any], doc: yamlsource.Document) -> Entry:
    sources = [Source(**s) for s in raw.get("sources", [])]
    by_id = {s.id: s for s in sources}
    figures = [Figure(f["metric"], f["value"], f["as_of"], by_id[f["source"]], f["grade"], f.get("note"))
               for f in raw.get("figures", [])]
    return Entry(section, raw["slug"], raw, figures, sources, doc, index)


def validate(doc: yamlsource.Document, today: dt.date | None = None) -> None:
    """Raise CatalogueError with every schema and rule problem of a read document."""
    todo = list(rules.placeholders(doc))
    found = list(schema.problems(doc)) + list(rules.problems(doc, today or dt.date.today()))
    # A field still to fill in gets that one message, not the faults of its placeholder text.
    unfilled = {(p.entry, p.field) for p in todo}
    found = todo + [p for p in found if (p.entry, p.field) not in unfilled]
    if found:
        raise CatalogueError(found)


def load(path: str = DEFAULT_PATH, today: dt.date | None = None, raw: bytes | None = None) -> Catalogue:
    """Read, validate and model a catalogue file; raise CatalogueError listing every problem."""
    doc = yamlsource.read(path, raw)
    validate(doc, today)
    sections = {name: [_entry(name, i, e, doc) for i, e in enumerate(doc.data.get(name, []))] for name in SECTIONS}
    return Catalogue(path, sections)


_cache: dict[str, tuple[float, Catalogue]] = {}


def load_cached(path: str = DEFAULT_PATH) -> Catalogue:
    """load(), reused while the file's modification time is unchanged (for the build and macros)."""
    mtime = os.stat(path).st_mtime
    hit = _cache.get(path)
    if hit and hit[0] == mtime:
        return hit[1]
    cat = load(path)
    _cache[path] = (mtime, cat)
    return cat
