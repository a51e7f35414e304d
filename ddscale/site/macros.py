"""Macros for the hand-written pages (home, indexes, FAQ): every count, list and figure is computed.

Each macro is a module-level function registered with `@macro`; it receives a `Context` (the
catalogue, the templates, where the calling page sits, a cache) before the page's own arguments.
Each returns HTML rendered by the autoescaping templates in templates/macros/. Macro output is not
evaluated again; Markdown-significant characters in inline output become entities, so catalogue
text cannot become Markdown either.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from ddscale.core import extras
from ddscale.core import lab as lab_runs
from ddscale.core.catalogue import Catalogue
from ddscale.core.model import SECTION, SECTIONS, Entry, Figure, significant
from ddscale.core.spec import specs

from . import capacity as sizing
from . import charts, text
from .render import Renderer

_MD_ENTITIES = str.maketrans(
    {
        "*": "&#42;",
        "_": "&#95;",
        "[": "&#91;",
        "]": "&#93;",
        "`": "&#96;",
        "\\": "&#92;",
        "{": "&#123;",
        "}": "&#125;",
    }
)

Memo = Callable[[str, Callable[[], str]], str]


def _no_memo(key: str, make: Callable[[], str]) -> str:
    return make()


@dataclass
class Context:
    """What a macro knows: the catalogue, the templates, and how deep the calling page is."""

    cat: Catalogue
    renderer: Renderer
    root: str = ""  # "../" per folder between the calling page and the site root
    memo: Memo = field(default=_no_memo)  # key, make -> the made text, possibly from a cache
    today: dt.date = field(default_factory=dt.date.today)
    lab: list[lab_runs.Run] = field(default_factory=list)  # committed lab runs, oldest first
    releases: list[extras.Release] = field(default_factory=list)
    corrections: list[extras.Correction] = field(default_factory=list)

    @property
    def reference(self) -> tuple[lab_runs.Run, lab_runs.Result] | None:
        return lab_runs.reference(self.lab)

    def tpl(self, name: str, **ctx: Any) -> Markup:
        return Markup(self.renderer.render(f"macros/{name}", root=self.root, **ctx))


MACROS: dict[str, Callable[..., Any]] = {}


def macro(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Register a macro under its function's name."""
    MACROS[fn.__name__] = fn
    return fn


def _inline(html: str) -> Markup:
    return Markup(html.strip().translate(_MD_ENTITIES))


@macro
def count(c: Context, section: str, **where: Any) -> str:
    """How many entries of a section have the given field values."""
    entries = c.cat.sections[section]
    return str(sum(1 for e in entries if all(getattr(e, k) == v for k, v in where.items())))


@macro
def link(c: Context, slug: str) -> Markup:
    """A link to an entry's page. A slug the catalogue does not hold (a hand-written page built
    from a test catalogue) is shown as marked text; a test on the real catalogue finds none."""
    entry = c.cat.by_slug.get(slug)
    if entry is None:
        return Markup('<span class="dds-missing">{}</span>').format(slug)
    return _inline(c.tpl("link.html", entry=entry))


@macro
def fig(c: Context, slug: str, metric: str | None = None) -> Markup:
    """An entry's headline figure (or its latest of one metric), inline."""
    entry = c.cat.by_slug[slug]
    figure = entry.latest.get(metric) if metric else entry.headline
    if figure is None:
        raise KeyError(f"{slug} has no figure for {metric!r}")
    return _inline(c.tpl("figure.html", entry=entry, f=figure))


@macro
def top_sites(c: Context, metric: str, n: int = 10) -> Markup:
    return c.tpl(
        "ranking.html", metric=charts.METRICS[metric], rows=charts.ranked(c.cat, metric)[:n]
    )


@macro
def stack_counts(c: Context, *tokens: str) -> Markup:
    sites = c.cat.sections["sites"]
    stacks = {e.slug: getattr(e, "stack") for e in sites}
    counts = Counter(t for e in sites for t in stacks[e.slug] if not tokens or t in tokens)
    rows = [(t, n, [e for e in sites if t in stacks[e.slug]]) for t, n in counts.most_common()]
    return c.tpl("stack_counts.html", rows=rows)


@macro
def moved_off(c: Context) -> Markup:
    rows = [e for e in c.cat.sections["sites"] if getattr(e, "status") == "moved-off-django"]
    return c.tpl("moved_off.html", rows=rows)


@macro
def with_topic(c: Context, topic: str) -> Markup:
    talks = [e for e in c.cat.sections["talks"] if topic in getattr(e, "topics")]
    return c.tpl("entry_list.html", entries=talks)


def _once(rows: list[tuple[Entry, Any]], key: Callable[[Any], Any]) -> list[tuple[Entry, Any]]:
    """Rows without repeats: a site and its case study often cite the same figure."""
    seen: set[Any] = set()
    out = []
    for entry, item in rows:
        if key(item) not in seen:
            seen.add(key(item))
            out.append((entry, item))
    return out


def _rates(c: Context, served: set[str]) -> list[tuple[Entry, Figure]]:
    """Requests-per-second figures of sites and case studies served by one of `served`."""
    rows = [
        (e, f)
        for e in c.cat.entries
        for f in e.all_figures
        if f.metric == "requests_per_second" and (f.served_by or "django") in served
    ]
    rows = _once(rows, lambda f: (f.value, f.as_of[:4]))
    return sorted(rows, key=lambda r: -r[1].value)


@macro
def measured(c: Context, metric: str = "requests_per_second") -> Markup:
    """What one Django deployment sustained in published measurements (served by Django); rates
    that a source gives with their servers are in the per-server table instead."""
    rows = [
        (e, f)
        for e in c.cat.sections["case_studies"]
        for f in e.all_figures
        if f.metric == metric
        and (f.served_by or "django") == "django"
        and all(d.rate is not f for d in e.per_server)
        and "lab" not in getattr(e, "tags")  # the lab's own runs have their table
    ]
    return c.tpl(
        "measured.html", rows=sorted(rows, key=lambda r: -r[1].value), metric=charts.METRICS[metric]
    )


@macro
def per_server_table(c: Context) -> Markup:
    """Per-server rates derived where a source gives a rate and its fleet at the same date."""
    rows = [(e, d) for e in c.cat.entries for d in e.per_server]
    rows = _once(rows, lambda d: (d.rate.value, d.servers.value, d.servers.metric))
    return c.tpl("per_server.html", rows=sorted(rows, key=lambda r: -r[1].value))


@macro
def system_rates(c: Context) -> Markup:
    """Whole-system rates: the product with other services, or caches in front of Django."""
    return c.tpl("system_rates.html", rows=_rates(c, {"product", "edge"}))


@macro
def largest(c: Context, n: int = 10, floor: float = 1_000_000) -> Markup:
    """Sites by their newest audience figure served by Django or the whole product, at or above
    `floor`: a smaller site is not "large"."""
    rows = []
    for e in c.cat.sections["sites"]:
        people = e.people
        if people:
            newest = max(people, key=lambda f: (f.as_of, f.value))
            if newest.value >= floor:
                rows.append((e, newest))
    rows.sort(key=lambda r: -r[1].value)
    return c.tpl("largest.html", rows=rows[:n], floor=floor)


def _sizing(c: Context, inputs: dict[str, float]) -> dict[str, Any]:
    """The capacity steps, with the lab's measured rate per process as the default."""
    measured = c.reference
    if measured and "rps_per_process" not in inputs:
        inputs = {**inputs, "rps_per_process": significant(measured[1].rps_p99_100 or 0, 2)}
    return sizing.estimate(**inputs)


@macro
def capacity_table(c: Context, **inputs: float) -> Markup:
    return c.tpl("capacity.html", c=_sizing(c, inputs))


@macro
def estimator(c: Context, **inputs: float) -> Markup:
    link = f"{c.root}measured-here/" if c.reference else None
    return c.tpl("estimator.html", c=_sizing(c, inputs), lab_link=link)


@macro
def lab_rps(
    c: Context, endpoint: str = "list", server: str = "gunicorn-sync", database: str = "sqlite"
) -> str:
    """A measured rate per process at p99 <= 100 ms in the newest full run on `database`,
    rounded to what the runs support."""
    run = _newest_full(c, database)
    found = run.find(endpoint, server, database) if run else None
    if found is None or not found.rps_p99_100:
        raise KeyError(f"no committed lab run measured {endpoint} on {server} with {database}")
    return text.number(significant(found.rps_p99_100, 2))


@macro
def lab_table(c: Context, database: str = "sqlite", compact: bool = False) -> Markup:
    """The newest full run on a database: every endpoint and server, rates per process and
    latencies (`compact`: the rate and its latencies only)."""
    return c.tpl("lab_table.html", run=_newest_full(c, database), compact=compact)


@macro
def lab_runs_list(c: Context) -> Markup:
    return c.tpl("lab_runs.html", runs=list(reversed(c.lab)))


@macro
def lab_chart(c: Context, server: str = "gunicorn-sync", database: str = "sqlite") -> Markup:
    """p99 latency against the rate served, one line per endpoint, from the newest full run."""
    run = _newest_full(c, database)
    results = (
        [r for r in run.results if r.server == server and r.database == database] if run else []
    )
    key = repr(("lab", c.root, [(r.label, r.points) for r in results]))
    svg = c.memo(key, lambda: charts.latency(results) or "")
    return c.tpl("lab_chart.html", svg=Markup(svg) if svg else None, results=results)


def _newest_full(c: Context, database: str = "sqlite") -> lab_runs.Run | None:
    """The newest full run that measured `database` (any run when none is full)."""
    runs = [r for r in c.lab if r.kind == "full"] or c.lab
    runs = [r for r in runs if any(x.database == database for x in r.results)]
    return runs[-1] if runs else None


@macro
def lab_naive(c: Context) -> Markup:
    """The same page written naively (one query per row) against the optimised one, on each
    database's newest full run."""
    pairs = []
    for database in ("sqlite", "postgresql"):
        run = _newest_full(c, database)
        for naive in run.results if run else []:
            good = run.find("list", naive.server, database) if run else None
            if naive.endpoint == "naive" and good and good.conn == naive.conn:
                pairs.append((good, naive))
    return c.tpl("lab_naive.html", pairs=pairs)


@macro
def lab_scaling(c: Context) -> Markup:
    """Do per-process rates add up behind nginx on loopback? From the newest run that checked."""
    found = [r for r in c.lab if r.scaling and r.scaling.get("summary")]
    return c.tpl("lab_scaling.html", run=found[-1] if found else None)


@macro
def releases(c: Context) -> Markup:
    return c.tpl("releases.html", releases=c.releases)


@macro
def corrections(c: Context) -> Markup:
    """Corrections made to entries, newest first, each linked to the entry as it is now."""
    moved = c.cat.former_slugs()
    rows = [(x, c.cat.by_slug.get(x.slug) or moved.get(x.slug)) for x in c.corrections]
    rows.sort(key=lambda r: (r[0].date, r[0].slug), reverse=True)
    return c.tpl("corrections.html", rows=rows)


@macro
def ladder_chart(c: Context, metric: str, limit: int = 40) -> Markup:
    rows = charts.ranked(c.cat, metric)[:limit]
    key = repr(("ladder", metric, c.root, [(e.page, e.title, f.value, f.as_of) for e, f in rows]))
    svg = c.memo(key, lambda: charts.ladder(rows, metric, c.root) or "")
    return c.tpl(
        "chart.html",
        svg=Markup(svg) if svg else None,
        metric=charts.METRICS[metric],
        chart_id=metric,
        rows=rows,
        kind="ladder",
    )


@macro
def timeline_chart(c: Context) -> Markup:
    rows = charts.timeline_rows(c.cat)
    year = c.today.year
    key = repr(
        (
            "timeline",
            year,
            c.root,
            [(e.page, e.title, e.django_adopted, e.django_end) for e in rows],
        )
    )
    svg = c.memo(key, lambda: charts.timeline(rows, year, c.root) or "")
    by_year = charts.timeline_by_year(rows) if len(rows) > charts.PER_SITE_LIMIT else None
    return c.tpl(
        "chart.html",
        svg=Markup(svg) if svg else None,
        rows=rows,
        by_year=by_year,
        kind="timeline",
        chart_id="timeline",
    )


@macro
def index_table(c: Context, section: str) -> Markup:
    return c.tpl(f"index_{section}.html", entries=c.cat.sections[section], cat=c.cat)


@macro
def headline_figures(c: Context, n: int = 6) -> Markup:
    """The largest audiences: each site's biggest audience figure, biggest first."""
    picks = []
    for e in c.cat.sections["sites"]:
        people = e.people
        if people:
            picks.append((e, max(people, key=lambda f: (f.value, f.as_of))))
    picks.sort(key=lambda r: -r[1].value)
    return c.tpl("headlines.html", rows=picks[:n])


@macro
def myth_list(c: Context) -> Markup:
    return c.tpl("myth_list.html", entries=c.cat.sections["myths"])


@macro
def growth(c: Context) -> Markup:
    """Entries added per date, by section: the catalogue's changelog, computed."""
    days: dict[str, Counter[str]] = {}
    for e in c.cat.entries:
        days.setdefault(str(getattr(e, "added") or "unknown"), Counter())[e.key] += 1
    newest_first = sorted(days.items(), key=lambda day: (day[0] != "unknown", day[0]), reverse=True)
    return c.tpl("growth.html", rows=newest_first, sections=SECTIONS)


@macro
def tally(c: Context, section: str, key: str) -> Markup:
    """How many entries of a section have each value of a field (or, for grade, each figure)."""
    entries = c.cat.sections[section]
    declared = dict(specs(SECTION[section].model)).get(key)
    labels = declared.words if declared else None
    if key == "grade":
        counts = Counter(f.grade for e in entries for f in e.all_figures)
    elif key == "decade":
        counts = Counter(e.decade or "unknown" for e in entries)
    elif key == "headline_class":
        counts = Counter(e.headline.class_label if e.headline else "none" for e in entries)
    else:
        counts = Counter(str(getattr(e, key) or "not stated") for e in entries)
    rows = sorted(counts.items())
    return c.tpl("tally.html", key=key, rows=[((labels or {}).get(v, v), n) for v, n in rows])


@macro
def also_list(c: Context) -> Markup:
    return c.tpl("also_list.html", entries=c.cat.sections["also_on_django"])


@macro
def recently_added(c: Context, n: int = 8) -> Markup:
    """The newest additions after the first import (whose date every early entry has)."""
    dated = [e for e in c.cat.paged if getattr(e, "added")]
    first = min((getattr(e, "added") for e in dated), default="")
    entries = [e for e in dated if getattr(e, "added") != first]
    entries.sort(key=lambda e: (getattr(e, "added"), e.slug), reverse=True)
    return c.tpl("entry_list.html", entries=entries[:n], show_kind=True)


@macro
def number(c: Context, value: float) -> str:
    return text.number(value)


def bind(get_context: Callable[[], Context]) -> dict[str, Callable[..., Any]]:
    """Every macro, each called with the Context of the page being rendered."""

    def bound(fn: Callable[..., Any]) -> Callable[..., Any]:
        return lambda *args, **kwargs: fn(get_context(), *args, **kwargs)

    return {name: bound(fn) for name, fn in MACROS.items()}
