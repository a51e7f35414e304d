"""Render catalogue entries and tables with the project's own autoescaping Jinja templates.

Templates live in overrides/catalogue/. Every value from the catalogue is escaped on output; the
rendered text is handed to MkDocs as page Markdown whose front matter turns macros off, so nothing
from the catalogue is ever evaluated as a template.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from . import charts, freshness, text
from .catalogue import Catalogue, Entry, Figure
from .vocabulary import GRADES, METRICS, SCOPES, STATUSES, VERDICTS, VERIFICATIONS

TEMPLATES = Path(__file__).resolve().parent.parent / "overrides" / "catalogue"


@dataclass(frozen=True)
class Links:
    """Where a page points outside itself: the repository (edit, report) and the site's own URL."""

    repo_url: str
    site_url: str
    catalogue_path: str = "data/sites.yaml"

    def edit(self, entry: Entry) -> str:
        return f"{self.repo_url}/blob/main/{self.catalogue_path}#L{entry.line}"

    def report(self, entry: Entry) -> str:
        return f"{self.repo_url}/issues/new?template=correction.yml&title=Correction%3A+{entry.slug}"

    def page(self, entry: Entry) -> str:
        return f"{self.site_url.rstrip('/')}/{entry.url}"


def figure_text(figure: Figure | None) -> str:
    if figure is None:
        return ""
    return f"{text.number(figure.value)} {figure.unit} ({figure.label.lower()}, as of {figure.as_of})"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(markdown=text.markdown_html, number=text.number, plain=text.plain)
    env.globals.update(METRICS=METRICS, SCOPES=SCOPES, STATUSES=STATUSES, GRADES=GRADES,
                       VERDICTS=VERDICTS, VERIFICATIONS=VERIFICATIONS, figure_text=figure_text)
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


TEMPLATE_OF = {"sites": "site.md", "talks": "talk.md", "case_studies": "case_study.md", "myths": "myth.md"}


def description(entry: Entry) -> str:
    """One plain sentence for search engines and link previews, led by the headline figure."""
    lead = figure_text(entry.headline)
    if entry.section == "myths":
        lead = f"Myth: {entry.get('claim')} Verdict: {VERDICTS[entry.get('verdict')].lower()}."
    elif entry.section == "talks":
        lead = f"{', '.join(entry.get('speakers'))} at {entry.get('event')} ({entry.get('date')})."
    elif lead:
        lead = f"{entry.title}: {lead}."
    summary = text.plain(entry.get("summary", ""))
    out = f"{lead} {summary}".strip()
    return out if len(out) <= 200 else out[:197].rsplit(" ", 1)[0] + "…"


def badge_text(entry: Entry) -> str | None:
    """The right half of a site's badge: "1.2B monthly active users · 2019"."""
    head = entry.headline
    if entry.section != "sites" or head is None:
        return None
    return f"{text.short_number(head.value)} {head.label.lower()} · {head.as_of[:4]}"


def badge_svg(entry: Entry, links: Links) -> str:
    return render("badge.svg", left="Django at scale", right=badge_text(entry), href=links.page(entry))


def feed_xml(cat: Catalogue, links: Links, limit: int = 50) -> str:
    """Atom: the latest additions and re-verifications, newest first."""
    items = []
    for e in cat.entries:
        if e.get("added"):
            items.append((e, e.get("added"), "added"))
        if e.get("last_verified") and e.get("last_verified") != e.get("added"):
            items.append((e, e.get("last_verified"), "verified"))
    items.sort(key=lambda i: (i[1], i[0].slug), reverse=True)
    items = [(e, _day(d), what) for e, d, what in items[:limit]]
    updated = items[0][1] if items else "1970-01-01"
    return render("feed.xml", items=items, updated=updated, site_url=links.site_url.rstrip("/") + "/")


def _day(date: str) -> str:
    """A YYYY, YYYY-MM or YYYY-MM-DD date as a full day (the first of its period)."""
    parts = date.split("-") + ["01", "01"]
    return "-".join(parts[:3])


def card_line(entry: Entry) -> str:
    head = entry.headline
    if head:
        return f"{text.number(head.value)} {head.unit} · as of {head.as_of}"
    if entry.section == "talks":
        return f"{', '.join(entry.get('speakers'))} · {entry.get('event')}"
    if entry.section == "myths":
        return f"Verdict: {VERDICTS[entry.get('verdict')].lower()}"
    return ""


def entry_page(entry: Entry, cat: Catalogue, links: Links) -> str:
    """The Markdown source of an entry's page: YAML front matter, then the rendered template."""
    histories = [(m, figs, charts.history(figs)) for m, figs in charts.histories(entry).items()] \
        if entry.section == "sites" else []
    meta = {
        # Material writes title and description into the page unescaped: escape them here.
        "title": text.attribute(entry.title),
        "description": text.attribute(description(entry)),
        "tags": list(entry.get("tags", [])),
        "render_macros": False,
        "dds_entry": entry.slug,
        "dds_card": f"cards/{entry.folder}/{entry.slug}.png",
    }
    body = render(TEMPLATE_OF[entry.section], entry=entry, cat=cat, links=links, stale=freshness.is_stale(entry),
                  histories=histories, badge=badge_text(entry))
    # JSON values are YAML too, and json.dumps is many times faster than PyYAML's Python emitter.
    front = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in meta.items())
    return "---\n" + front + "---\n\n" + body


_page_cache: dict[tuple, str] = {}


def entry_page_cached(entry: Entry, cat: Catalogue, links: Links, stamp: float) -> str:
    """entry_page(), reused across `mkdocs serve` rebuilds while nothing it shows has changed."""
    related = [(e.slug, e.title, e.get("date")) for e in cat.covering.get(entry.slug, [])]
    related += [(s, cat.by_slug[s].title) for s in entry.get("sites", []) if s in cat.by_slug] if entry.section != "sites" else []
    key = (entry.slug, entry.line, json.dumps(entry.fields, sort_keys=True, default=str), tuple(related),
           freshness.is_stale(entry), links, stamp)
    page = _page_cache.get(key)
    if page is None:
        page = _page_cache[key] = entry_page(entry, cat, links)
    return page


def templates_stamp() -> float:
    """Changes whenever an entry template changes: part of entry_page_cached's key."""
    return max(p.stat().st_mtime for p in TEMPLATES.rglob("*") if p.is_file())
