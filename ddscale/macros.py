"""Macros for the hand-written pages (home, indexes, FAQ): every count, list and figure is computed.

Each macro returns HTML rendered by the autoescaping templates in overrides/catalogue/macros/.
Macro output is not evaluated again by mkdocs-macros; Markdown-significant characters in inline
output are turned into entities so catalogue text cannot become Markdown either.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from . import charts, text
from .catalogue import Catalogue, Entry, Figure
from .render import render
from .vocabulary import METRICS, SECTIONS

_MD_ENTITIES = str.maketrans({"*": "&#42;", "_": "&#95;", "[": "&#91;", "]": "&#93;", "`": "&#96;", "\\": "&#92;", "{": "&#123;", "}": "&#125;"})


AUDIENCE = ("monthly_active_users", "daily_active_users", "monthly_unique_visitors", "registered_users")


def _inline(html: str) -> Markup:
    return Markup(html.strip().translate(_MD_ENTITIES))


def latest(entry: Entry, metric: str) -> Figure | None:
    found = [f for f in entry.figures if f.metric == metric]
    return max(found, key=lambda f: f.as_of) if found else None


def ranked(cat: Catalogue, metric: str) -> list[tuple[Entry, Figure]]:
    """Sites by their latest figure of one metric, biggest first (smallest first for ranks)."""
    rows = [(e, f) for e in cat.sections["sites"] if (f := latest(e, metric))]
    return sorted(rows, key=lambda r: r[1].value, reverse=not METRICS[metric].smaller_is_bigger)


def capacity(daily_users: float, minutes_per_visit: float, requests_per_minute: float,
             peak_factor: float, rps_per_process: float, processes_per_server: int = 8) -> dict[str, float]:
    """The FAQ's arithmetic: from daily users to requests per second, processes and servers."""
    concurrent = daily_users * minutes_per_visit / (24 * 60)
    average_rps = concurrent * requests_per_minute / 60
    peak_rps = average_rps * peak_factor
    processes = math.ceil(peak_rps / rps_per_process)
    return {"daily_users": daily_users, "minutes_per_visit": minutes_per_visit,
            "requests_per_minute": requests_per_minute, "peak_factor": peak_factor,
            "rps_per_process": rps_per_process, "processes_per_server": processes_per_server,
            "concurrent": concurrent, "average_rps": average_rps, "peak_rps": peak_rps,
            "processes": processes, "servers": math.ceil(processes / processes_per_server)}


def build(get_cat: Callable[[], Catalogue], page_url: Callable[[], str]) -> dict[str, Callable[..., Any]]:
    """The macros, bound to a catalogue getter and to the URL of the page being rendered."""

    def root() -> str:
        return "../" * len([part for part in page_url().split("/") if part and not part.endswith(".html")])

    def tpl(name: str, **ctx: Any) -> Markup:
        return Markup(render(f"macros/{name}", cat=get_cat(), root=root(), **ctx))

    def count(section: str, **where: Any) -> str:
        entries = get_cat().sections[section]
        return str(sum(1 for e in entries if all(e.get(k) == v for k, v in where.items())))

    def link(slug: str) -> Markup:
        return _inline(str(tpl("link.html", entry=get_cat().by_slug[slug])))

    def fig(slug: str, metric: str | None = None) -> Markup:
        entry = get_cat().by_slug[slug]
        figure = latest(entry, metric) if metric else entry.headline
        if figure is None:
            raise KeyError(f"{slug} has no figure for {metric!r}")
        return _inline(str(tpl("figure.html", entry=entry, f=figure)))

    def top_sites(metric: str, n: int = 10) -> Markup:
        return tpl("ranking.html", metric=METRICS[metric], rows=ranked(get_cat(), metric)[:n])

    def stack_counts(*tokens: str) -> Markup:
        sites = get_cat().sections["sites"]
        counts = Counter(t for e in sites for t in e.get("stack", []) if not tokens or t in tokens)
        return tpl("stack_counts.html", rows=[(t, n, [e for e in sites if t in e.get("stack", [])]) for t, n in counts.most_common()])

    def moved_off() -> Markup:
        return tpl("moved_off.html", rows=[e for e in get_cat().sections["sites"] if e.get("status") == "moved-off-django"])

    def with_topic(topic: str) -> Markup:
        return tpl("entry_list.html", entries=[e for e in get_cat().sections["talks"] if topic in e.get("topics", [])])

    def measured(metric: str = "requests_per_second") -> Markup:
        rows = [(e, f) for e in get_cat().sections["case_studies"] for f in e.figures if f.metric == metric]
        return tpl("measured.html", rows=sorted(rows, key=lambda r: -r[1].value), metric=METRICS[metric])

    def capacity_table(**inputs: float) -> Markup:
        return tpl("capacity.html", c=capacity(**inputs))

    def estimator(**inputs: float) -> Markup:
        return tpl("estimator.html", c=capacity(**inputs))

    def ladder_chart(metric: str, limit: int = 40) -> Markup:
        cat = get_cat()
        rows = charts.ladder_rows(cat, metric)[:limit]
        key = repr(("ladder", metric, root(), [(e.url, e.title, f.value, f.as_of) for e, f in rows]))
        svg = charts.cached(key, lambda: charts.ladder(cat, metric, root(), limit))
        return tpl("chart.html", svg=Markup(svg) if svg else None, metric=METRICS[metric], chart_id=metric,
                   rows=rows, kind="ladder")

    def timeline_chart() -> Markup:
        cat = get_cat()
        rows = charts.timeline_rows(cat)
        year = dt.date.today().year
        key = repr(("timeline", year, root(), [(e.url, e.title, e.get("django_adopted"), e.get("django_left"), e.get("status"), e.get("status_year")) for e in rows]))
        svg = charts.cached(key, lambda: charts.timeline(cat, year, root()))
        by_year = charts.timeline_by_year(cat) if len(rows) > charts.PER_SITE_LIMIT else None
        return tpl("chart.html", svg=Markup(svg) if svg else None, rows=rows, by_year=by_year, kind="timeline", chart_id="timeline")

    def index_table(section: str) -> Markup:
        return tpl(f"index_{SECTIONS[section].replace('-', '_')}.html", entries=get_cat().sections[section])

    def headline_figures(n: int = 6) -> Markup:
        """The largest audiences: each site's biggest people-counting figure, biggest first."""
        picks = []
        for e in get_cat().sections["sites"]:
            people = [f for f in e.figures if f.metric in AUDIENCE]
            if people:
                picks.append((e, max(people, key=lambda f: (f.value, f.as_of))))
        picks.sort(key=lambda r: -r[1].value)
        return tpl("headlines.html", rows=picks[:n])

    def myth_list() -> Markup:
        return tpl("myth_list.html", entries=get_cat().sections["myths"])

    def growth() -> Markup:
        """Entries added per date, by section: the catalogue's changelog, computed."""
        days: dict[str, Counter[str]] = {}
        for e in get_cat().entries:
            days.setdefault(str(e.get("added") or "unknown"), Counter())[e.section] += 1
        newest_first = sorted(days.items(), key=lambda day: (day[0] != "unknown", day[0]), reverse=True)
        return tpl("growth.html", rows=newest_first, sections=list(SECTIONS))

    def tally(section: str, key: str) -> Markup:
        """How many entries of a section have each value of a field (or, for grade, each figure)."""
        entries = get_cat().sections[section]
        if key == "grade":
            counts = Counter(f.grade for e in entries for f in e.figures)
        elif key == "decade":
            counts = Counter(e.decade or "unknown" for e in entries)
        else:
            counts = Counter(str(e.get(key) or "not stated") for e in entries)
        return tpl("tally.html", key=key, rows=sorted(counts.items()))

    def recently_added(n: int = 8) -> Markup:
        entries = [e for e in get_cat().entries if e.get("added")]
        entries.sort(key=lambda e: (e.get("added"), e.slug), reverse=True)
        return tpl("entry_list.html", entries=entries[:n], show_kind=True)

    return {"count": count, "link": link, "fig": fig, "top_sites": top_sites, "stack_counts": stack_counts,
            "moved_off": moved_off, "with_topic": with_topic, "measured": measured,
            "capacity_table": capacity_table, "estimator": estimator, "index_table": index_table,
            "headline_figures": headline_figures, "myth_list": myth_list, "growth": growth, "tally": tally, "ladder_chart": ladder_chart, "timeline_chart": timeline_chart, "recently_added": recently_added,
            "number": text.number}
