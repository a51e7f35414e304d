"""Render entry pages, badges and the feed with the project's own autoescaping Jinja templates.

Every value from the catalogue is escaped on output. The caller (the MkDocs adapter) hands the
rendered text to MkDocs as a page whose front matter turns macros off, so nothing from the
catalogue is ever evaluated as a template. Each page's full template context is built by
`entry_context`, so a cache can key on exactly what the page shows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2

from ddscale.core.catalogue import Catalogue
from ddscale.core.model import Entry, Figure, first_day, significant

from . import charts, text


@dataclass(frozen=True)
class Links:
    """Where a page points outside itself: the repository (edit, report) and the site's own URL."""

    repo_url: str
    site_url: str
    catalogue_path: str = "data/sites.yaml"

    def edit(self, entry: Entry) -> str:
        return f"{self.repo_url}/blob/main/{self.catalogue_path}#L{entry.line}"

    def report(self, entry: Entry) -> str:
        return (
            f"{self.repo_url}/issues/new?template=correction.yml&title=Correction%3A+{entry.slug}"
        )

    def page(self, entry: Entry) -> str:
        return f"{self.site_url.rstrip('/')}/{entry.page}"


def figure_text(figure: Figure | None) -> str:
    if figure is None:
        return ""
    return (
        f"{text.number(figure.value)} {figure.unit} ({figure.label.lower()}, as of {figure.as_of})"
    )


class Renderer:
    """The templates of one folder, with the project's filters; `digest` changes with any of
    them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(folder),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,  # no stat of every template on every render: see Renderer.of
        )
        self.env.filters["about"] = lambda v: text.number(significant(v, 3))
        self.env.filters.update(
            markdown=text.markdown_html,
            number=text.number,
            plain=text.plain,
            figure_text=figure_text,
        )

    @classmethod
    def of(cls, folder: Path) -> Renderer:
        """The folder's renderer, kept between `mkdocs serve` rebuilds with its compiled
        templates, unless a template changed since (its digest is computed again here)."""
        found = _RENDERERS.get(folder)
        if found is not None:
            before = found.digest
            found.__dict__.pop("digest", None)
            if found.digest == before:
                return found
        found = _RENDERERS[folder] = cls(folder)
        return found

    def render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(**context)

    @cached_property
    def digest(self) -> str:
        """A hash of every template's source: part of every cache key of rendered output."""
        h = hashlib.sha256()
        for path in sorted(p for p in self.folder.rglob("*") if p.is_file()):
            h.update(str(path.relative_to(self.folder)).encode() + b"\0" + path.read_bytes())
        return h.hexdigest()


_RENDERERS: dict[Path, Renderer] = {}


def description(entry: Entry) -> str:
    """One plain sentence for search engines and link previews, led by the headline figure."""
    lead = figure_text(entry.headline)
    if entry.key == "myths":
        lead = (
            f"Myth: {getattr(entry, 'claim')} Verdict: {getattr(entry, 'verdict_label').lower()}."
        )
    elif entry.key == "talks":
        lead = (
            f"{', '.join(getattr(entry, 'speakers'))} at {getattr(entry, 'event')} ({entry.dated})."
        )
    elif lead:
        lead = f"{entry.title}: {lead}."
    summary = text.plain(getattr(entry, "summary", ""))
    out = f"{lead} {summary}".strip()
    return out if len(out) <= 200 else out[:197].rsplit(" ", 1)[0] + "…"


def badge_text(entry: Entry) -> str | None:
    """The right half of a site's badge: "1.2B monthly active users · 2019"."""
    head = entry.headline
    if entry.key != "sites" or head is None:
        return None
    return f"{text.short_number(head.value)} {head.label.lower()} · {head.year}"


def card_line(entry: Entry) -> str:
    """The line under the title on an entry's link-preview card."""
    head = entry.headline
    if head:
        return f"{text.number(head.value)} {head.unit} · as of {head.as_of}"
    if entry.key == "talks":
        return f"{', '.join(getattr(entry, 'speakers'))} · {getattr(entry, 'event')}"
    if entry.key == "myths":
        return f"Verdict: {getattr(entry, 'verdict_label').lower()}"
    return ""


def entry_context(entry: Entry, cat: Catalogue, links: Links, stale: bool) -> dict[str, Any]:
    """Everything an entry's page shows: the template sees this and nothing else."""
    refs = {s: cat.by_slug[s].title for s in getattr(entry, "sites", []) if entry.key != "sites"}
    histories = (
        [(m, figs, charts.history(figs)) for m, figs in charts.histories(entry).items()]
        if entry.key == "sites"
        else []
    )
    return {
        "entry": entry,
        "line": entry.line,
        "covering": cat.covering.get(entry.slug, []),
        "refs": refs,
        "links": links,
        "stale": stale,
        "histories": histories,
        "badge": badge_text(entry),
    }


def context_key(entry: Entry, cat: Catalogue, links: Links, stale: bool) -> str:
    """What entry_context() is made from, cheaply: entries as written (every property of an
    entry derives from its fields, its place and the date), the entries covering it, the names
    it refers to, the links and whether it is stale. Two equal keys give the same context."""
    covering = [(c.key, c.raw, c.index, c.line) for c in cat.covering.get(entry.slug, [])]
    refs = {s: cat.by_slug[s].title for s in getattr(entry, "sites", []) if entry.key != "sites"}
    written = (entry.key, entry.raw, entry.index, entry.line)
    return repr((written, covering, refs, links, stale, dt.date.today()))


def entry_body(renderer: Renderer, context: dict[str, Any]) -> str:
    entry: Entry = context["entry"]
    return renderer.render(entry.section.template or "", **context)


def badge_svg(renderer: Renderer, entry: Entry, links: Links) -> str:
    return renderer.render(
        "badge.svg", left="Django at scale", right=badge_text(entry), href=links.page(entry)
    )


def feed_xml(renderer: Renderer, cat: Catalogue, links: Links, limit: int = 50) -> str:
    """Atom: the latest additions and re-verifications, newest first."""
    items = []
    for e in cat.paged:
        added, verified = getattr(e, "added", None), getattr(e, "last_verified", None)
        if added:
            items.append((e, added, "added"))
        if verified and verified != added:
            items.append((e, verified, "verified"))
    items.sort(key=lambda i: (i[1], i[0].slug), reverse=True)
    rows = [(e, first_day(d).isoformat(), what) for e, d, what in items[:limit]]
    updated = rows[0][1] if rows else "1970-01-01"
    return renderer.render(
        "feed.xml", items=rows, updated=updated, site_url=links.site_url.rstrip("/") + "/"
    )
