"""Charts drawn at build time as SVG with matplotlib: the scale ladder, the timeline, figure
histories.

Each returns SVG text (or None when there is nothing to draw). Text stays text (svg.fonttype none),
points link to entry pages, and output is reproducible (fixed hash salt, no date metadata). The
pages that show a chart also show its title, a text alternative and the table of its data.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from ddscale.core import lab  # noqa: E402
from ddscale.core.catalogue import Catalogue  # noqa: E402
from ddscale.core.model import Entry, Figure, Site, fractional_year  # noqa: E402
from ddscale.core.vocabulary import METRICS  # noqa: E402

from . import text  # noqa: E402

STYLE: dict[str, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "dds",
    "font.family": "sans-serif",
    "font.size": 10,
    "axes.edgecolor": "#777777",
    "axes.labelcolor": "#444444",
    "xtick.color": "#444444",
    "ytick.color": "#444444",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.facecolor": "none",
    "axes.facecolor": "none",
}
COLOUR = "#00796b"


@contextmanager
def _figure(width: float, height: float) -> Iterator[tuple[plt.Figure, plt.Axes]]:
    with plt.rc_context(STYLE):  # type: ignore[arg-type]
        fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
        try:
            yield fig, ax
        finally:
            plt.close(fig)


def _svg(fig: plt.Figure) -> str:
    out = io.StringIO()
    with warnings.catch_warnings():  # text stays text: the browser's fonts draw any script
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    svg = out.getvalue()
    return svg[svg.index("<svg") :]  # drop the XML prolog and doctype: the SVG is inlined in HTML


def ranked(cat: Catalogue, metric: str) -> list[tuple[Entry, Figure]]:
    """Sites by their latest figure of one metric, biggest first (smallest first for ranks)."""
    rows = [(e, f) for e in cat.sections["sites"] if (f := e.latest.get(metric))]
    return sorted(rows, key=lambda r: r[1].value, reverse=not METRICS[metric].smaller_is_bigger)


def ladder(rows: list[tuple[Entry, Figure]], metric: str, root: str = "") -> str | None:
    """Sites by their latest figure of one metric, on a log scale; each point links to its site."""
    if len(rows) < 2:
        return None
    with _figure(7.5, 0.32 * len(rows) + 1.0) as (fig, ax):
        ys = list(range(len(rows)))[::-1]
        ax.hlines(
            ys,
            [min(f.value for _, f in rows) / 1.5] * len(rows),
            [f.value for _, f in rows],
            color="#b2dfdb",
            linewidth=1,
        )
        for y, (entry, figure) in zip(ys, rows):
            point = ax.scatter([figure.value], [y], color=COLOUR, s=28, zorder=3)
            point.set_urls([f"{root}{entry.page}"])
        ax.set_yticks(ys, [f"{e.title[:38]} ({f.as_of[:4]})" for e, f in rows])
        ax.set_xscale("log")
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: text.short_number(v)))
        ax.set_xlabel(f"{METRICS[metric].label} ({METRICS[metric].unit}), log scale")
        return _svg(fig)


def timeline_rows(cat: Catalogue) -> list[Site]:
    rows = [e for e in cat.sections["sites"] if isinstance(e, Site) and e.django_adopted]
    return sorted(rows, key=lambda e: (e.django_adopted or 0, e.slug))


PER_SITE_LIMIT = 80  # beyond this many sites the timeline counts them per year instead


def timeline_by_year(rows: list[Site]) -> list[tuple[int, int, int]]:
    """(year, sites adopting Django, sites leaving or closing) for every year with either."""
    adopted: dict[int, int] = {}
    left: dict[int, int] = {}
    for e in rows:
        start = e.django_adopted or 0
        adopted[start] = adopted.get(start, 0) + 1
        if e.django_end:
            left[e.django_end] = left.get(e.django_end, 0) + 1
    return [(y, adopted.get(y, 0), left.get(y, 0)) for y in sorted(set(adopted) | set(left))]


def timeline(rows: list[Site], this_year: int, root: str = "") -> str | None:
    """When each site adopted Django and, where it did, left it (or closed); per year when many."""
    if not rows:
        return None
    if len(rows) > PER_SITE_LIMIT:
        years = timeline_by_year(rows)
        with _figure(7.5, 3.2) as (fig, ax):
            xs = [y for y, _, _ in years]
            ax.bar(
                [x - 0.2 for x in xs],
                [a for _, a, _ in years],
                width=0.4,
                color=COLOUR,
                label="adopted Django",
            )
            ax.bar(
                [x + 0.2 for x in xs],
                [gone for _, _, gone in years],
                width=0.4,
                color="#9e9e9e",
                label="left Django or closed",
            )
            ax.set_ylabel("sites")
            ax.legend(frameon=False)
            return _svg(fig)
    with _figure(7.5, 0.3 * len(rows) + 1.0) as (fig, ax):
        ys = list(range(len(rows)))[::-1]
        for y, e in zip(ys, rows):
            end, start = e.django_end, e.django_adopted or this_year
            bar = ax.barh(
                [y],
                [(end or this_year) - start + 0.1],
                left=[start],
                color=COLOUR if not end else "#9e9e9e",
                height=0.6,
            )
            bar.patches[0].set_url(f"{root}{e.page}")
        ax.set_yticks(ys, [e.title[:40] for e in rows])
        ax.set_xlabel("Year (teal: still on Django; grey: left Django or closed)")
        return _svg(fig)


def histories(entry: Entry) -> dict[str, list[Figure]]:
    """Metrics with more than one dated value on this entry, oldest first."""
    by_metric: dict[str, list[Figure]] = {}
    for f in entry.all_figures:
        by_metric.setdefault(f.metric, []).append(f)
    return {
        m: sorted(fs, key=lambda f: f.as_of)
        for m, fs in by_metric.items()
        if len({f.as_of for f in fs}) > 1
    }


@dataclass(frozen=True)
class HistoryPlot:
    """Coordinates of a figure-history line chart, drawn by the template
    overrides/catalogue/history.svg.

    The site pages' small charts are laid out here and drawn by a template rather than by
    matplotlib: at about 90 ms a chart, matplotlib took more than half of a 1,000-entry build.
    """

    width: int
    height: int
    points: list[tuple[float, float, Figure]]
    y_ticks: list[tuple[float, str]]
    x_ticks: list[tuple[float, str]]
    unit: str


def history(figures: list[Figure], width: int = 560, height: int = 220) -> HistoryPlot:
    """One metric's values over time, laid out for a site page (y from zero, x by date)."""
    left, right, top, bottom = 64, 16, 12, 28
    xs = [fractional_year(f.as_of) for f in figures]
    x0, x1 = min(xs), max(xs)
    x0, x1 = (x0 - 0.5, x1 + 0.5) if x1 - x0 < 1 else (x0, x1)
    y1 = max(f.value for f in figures) * 1.1
    sx = lambda x: left + (x - x0) / (x1 - x0) * (width - left - right)  # noqa: E731
    sy = lambda y: top + (1 - y / y1) * (height - top - bottom)  # noqa: E731
    points = [(round(sx(x), 1), round(sy(f.value), 1), f) for x, f in zip(xs, figures)]
    y_ticks = [(round(sy(y1 * k / 4), 1), text.short_number(y1 * k / 4)) for k in range(5)]
    years = sorted({int(x) for x in xs} | {int(x0 + 0.99), int(x1)})
    step = max(1, len(years) // 6)
    x_ticks = [(round(sx(y), 1), str(y)) for y in years[::step] if x0 <= y <= x1]
    return HistoryPlot(width, height, points, y_ticks, x_ticks, figures[0].unit)


def latency(results: list[lab.Result]) -> str | None:
    """The lab's p99 latency against the rate each load level served, one line per endpoint;
    the 100 ms and 250 ms targets drawn across."""
    drawn = [r for r in results if r.points]
    if not drawn:
        return None
    with _figure(7.5, 3.6) as (fig, ax):
        for r in drawn:
            points = sorted(r.points, key=lambda p: p.concurrency)
            ax.plot(
                [p.rps for p in points],
                [p.p99_ms for p in points],
                marker="o",
                markersize=3,
                linewidth=1.5,
                label=r.endpoint,
            )
        for target in (100, 250):
            ax.axhline(target, color="#9e9e9e", linewidth=0.8, linestyle="--")
        ax.set_yscale("log")
        ax.set_xlabel("requests per second served by one worker process")
        ax.set_ylabel("p99 latency (ms), log scale")
        ax.legend(frameon=False, fontsize=8, ncols=3)
        return _svg(fig)
