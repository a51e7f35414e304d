"""Charts drawn at build time as SVG: the scale ladder, the timeline, the lab's latency, figure
histories.

Each returns SVG text (or None when there is nothing to draw), laid out here and written as plain
SVG, with every text escaped: no plotting library, so a chart costs milliseconds and the build
imports nothing heavy (matplotlib took seconds to import and draw, and a third of the build's
memory). Text stays text (the page's font draws it), points and bars link to entry pages, and
output is reproducible. The pages that show a chart also show its title, a text alternative and
the table of its data.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import escape

from ddscale.core import lab
from ddscale.core.catalogue import Catalogue
from ddscale.core.model import Entry, Figure, Site, fractional_year
from ddscale.core.vocabulary import METRICS

from . import text

COLOUR = "#00796b"
LIGHT = "#b2dfdb"
GREY = "#9e9e9e"
LINES = ("#00796b", "#e65100", "#3949ab", "#8e24aa", "#c62828", "#2e7d32", "#6d4c41")
WIDTH = 750
CHAR = 6.4  # average width of a character at 11 px, for laying out labels


def _svg(width: float, height: float, parts: Iterable[str]) -> str:
    body = "\n".join(parts)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="dds-chart" viewBox="0 0 {width:.0f} '
        f'{height:.0f}" width="{width:.0f}" height="{height:.0f}" font-family="sans-serif" '
        f'font-size="11" fill="currentColor">\n{body}\n</svg>'
    )


def _text(x: float, y: float, value: str, anchor: str = "start", extra: str = "") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{extra}>{escape(value)}</text>'


def _log_ticks(lo: float, hi: float) -> list[float]:
    """Powers of ten within [lo, hi]; with 2 and 5 times them when that leaves fewer than three."""
    first, last = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
    for steps in ((1,), (1, 2, 5)):
        ticks = [m * 10.0**k for k in range(first, last + 1) for m in steps]
        ticks = [t for t in ticks if lo <= t <= hi]
        if len(ticks) >= 3:
            break
    return ticks


def _linear_ticks(lo: float, hi: float, count: int = 6) -> list[float]:
    span = max(hi - lo, 1e-9)
    raw = span / count
    step = 10 ** math.floor(math.log10(raw))
    step *= next(m for m in (1, 2, 5, 10) if step * m >= raw)
    start = math.ceil(lo / step) * step
    return [start + i * step for i in range(int((hi - start) / step) + 1)]


def ranked(cat: Catalogue, metric: str) -> list[tuple[Entry, Figure]]:
    """Sites by their latest figure of one metric, biggest first (smallest first for ranks)."""
    rows = [(e, f) for e in cat.sections["sites"] if (f := e.latest.get(metric))]
    return sorted(rows, key=lambda r: r[1].value, reverse=not METRICS[metric].smaller_is_bigger)


def ladder(rows: list[tuple[Entry, Figure]], metric: str, root: str = "") -> str | None:
    """Sites by their latest figure of one metric, on a log scale; each point links to its site."""
    rows = [(e, f) for e, f in rows if f.value > 0]
    if len(rows) < 2:
        return None
    labels = [f"{e.title[:38]} ({f.as_of[:4]})" for e, f in rows]
    left = 14 + CHAR * max(len(label) for label in labels)
    right, top, step = WIDTH - 24, 12, 24
    height = top + step * len(rows) + 48
    lo = min(f.value for _, f in rows) / 1.5
    hi = max(f.value for _, f in rows) * 1.3
    span = math.log10(hi) - math.log10(lo)
    x = lambda v: left + (math.log10(v) - math.log10(lo)) / span * (right - left)  # noqa: E731
    axis = top + step * len(rows) + 4
    parts = [f'<line x1="{left:.1f}" x2="{right}" y1="{axis}" y2="{axis}" stroke="{GREY}"/>']
    for tick in _log_ticks(lo, hi):
        parts.append(
            f'<line x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{top}" y2="{axis}" '
            f'stroke="currentColor" stroke-opacity="0.12"/>'
        )
        parts.append(_text(x(tick), axis + 16, text.short_number(tick), "middle"))
    for i, ((entry, figure), label) in enumerate(zip(rows, labels)):
        y = top + step * i + step / 2
        parts.append(_text(left - 8, y + 4, label, "end"))
        parts.append(
            f'<line x1="{left:.1f}" x2="{x(figure.value):.1f}" y1="{y}" y2="{y}" stroke="{LIGHT}"/>'
        )
        parts.append(
            f'<a href="{escape(root + entry.page)}"><circle cx="{x(figure.value):.1f}" cy="{y}" '
            f'r="5" fill="{COLOUR}"><title>{escape(entry.title)}: '
            f"{escape(text.number(figure.value))} ({escape(figure.as_of)})</title></circle></a>"
        )
    info = METRICS[metric]
    parts.append(
        _text((left + right) / 2, height - 8, f"{info.label} ({info.unit}), log scale", "middle")
    )
    return _svg(WIDTH, height, parts)


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
        return _timeline_by_year(timeline_by_year(rows))
    labels = [e.title[:40] for e in rows]
    left = 14 + CHAR * max(len(label) for label in labels)
    right, top, step = WIDTH - 24, 12, 22
    first = min(e.django_adopted or this_year for e in rows)
    x0, x1 = first - 0.5, this_year + 0.6
    x = lambda year: left + (year - x0) / (x1 - x0) * (right - left)  # noqa: E731
    axis = top + step * len(rows) + 4
    height = axis + 44
    parts = [f'<line x1="{left:.1f}" x2="{right}" y1="{axis}" y2="{axis}" stroke="{GREY}"/>']
    for tick in _linear_ticks(first, this_year):
        parts.append(_text(x(tick), axis + 16, f"{tick:.0f}", "middle"))
    for i, (e, label) in enumerate(zip(rows, labels)):
        y = top + step * i
        start, end = e.django_adopted or this_year, e.django_end
        colour = GREY if end else COLOUR
        parts.append(_text(left - 8, y + step / 2 + 4, label, "end"))
        parts.append(
            f'<a href="{escape(root + e.page)}"><rect x="{x(start):.1f}" y="{y + 4}" '
            f'width="{max(2.0, x((end or this_year) + 0.1) - x(start)):.1f}" height="{step - 8}" '
            f'fill="{colour}"><title>{escape(e.title)}: {start}–{end or "now"}</title></rect></a>'
        )
    parts.append(
        _text(
            (left + right) / 2,
            height - 8,
            "Year (teal: still on Django; grey: left Django or closed)",
            "middle",
        )
    )
    return _svg(WIDTH, height, parts)


def _timeline_by_year(years: list[tuple[int, int, int]]) -> str:
    left, right, top, axis = 56, WIDTH - 24, 30, 250
    x0, x1 = years[0][0] - 0.7, years[-1][0] + 0.7
    x = lambda year: left + (year - x0) / (x1 - x0) * (right - left)  # noqa: E731
    peak = max(max(a, gone) for _, a, gone in years) * 1.1 or 1
    y = lambda n: axis - n / peak * (axis - top)  # noqa: E731
    width = 0.4 * (right - left) / (x1 - x0)
    parts = [f'<line x1="{left}" x2="{right}" y1="{axis}" y2="{axis}" stroke="{GREY}"/>']
    for tick in _linear_ticks(0, peak, 5):
        parts.append(_text(left - 6, y(tick) + 4, text.short_number(tick), "end"))
        parts.append(
            f'<line x1="{left}" x2="{right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'stroke="currentColor" stroke-opacity="0.12"/>'
        )
    for tick in _linear_ticks(years[0][0], years[-1][0], 8):
        parts.append(_text(x(tick), axis + 16, f"{tick:.0f}", "middle"))
    for year, adopted, gone in years:
        for offset, count, colour, what in (
            (-width, adopted, COLOUR, "adopted Django"),
            (0.0, gone, GREY, "left Django or closed"),
        ):
            parts.append(
                f'<rect x="{x(year) + offset:.1f}" y="{y(count):.1f}" width="{width:.1f}" '
                f'height="{axis - y(count):.1f}" fill="{colour}"><title>{year}: {count} '
                f"{what}</title></rect>"
            )
    parts.append(f'<rect x="{left + 10}" y="8" width="12" height="10" fill="{COLOUR}"/>')
    parts.append(_text(left + 28, 17, "adopted Django"))
    parts.append(f'<rect x="{left + 140}" y="8" width="12" height="10" fill="{GREY}"/>')
    parts.append(_text(left + 158, 17, "left Django or closed"))
    parts.append(_text(14, top - 6, "sites"))
    return _svg(WIDTH, axis + 30, parts)


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
    points = [p for r in drawn for p in r.points]
    left, right, top, axis = 64, WIDTH - 24, 40, 300
    xs = [p.rps for p in points]
    ys = [max(p.p99_ms, 0.01) for p in points] + [100.0, 250.0]
    x_hi = max(xs) * 1.05 or 1
    lo, hi = min(ys) / 1.3, max(ys) * 1.3
    span = math.log10(hi) - math.log10(lo)
    x = lambda v: left + v / x_hi * (right - left)  # noqa: E731
    y = lambda v: axis - (math.log10(max(v, 0.01)) - math.log10(lo)) / span * (axis - top)  # noqa: E731
    parts = [f'<line x1="{left}" x2="{right}" y1="{axis}" y2="{axis}" stroke="{GREY}"/>']
    for tick in _log_ticks(lo, hi):
        parts.append(_text(left - 6, y(tick) + 4, text.short_number(tick), "end"))
    for tick in _linear_ticks(0, x_hi):
        parts.append(_text(x(tick), axis + 16, text.short_number(tick), "middle"))
    for target in (100, 250):
        parts.append(
            f'<line x1="{left}" x2="{right}" y1="{y(target):.1f}" y2="{y(target):.1f}" '
            f'stroke="{GREY}" stroke-dasharray="4 3"/>'
        )
    for i, r in enumerate(drawn):
        colour = LINES[i % len(LINES)]
        line = sorted(r.points, key=lambda p: p.concurrency)
        coords = " ".join(f"{x(p.rps):.1f},{y(p.p99_ms):.1f}" for p in line)
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="1.5" points="{coords}"/>'
        )
        for p in line:
            parts.append(
                f'<circle cx="{x(p.rps):.1f}" cy="{y(p.p99_ms):.1f}" r="3" fill="{colour}">'
                f"<title>{escape(r.endpoint)}: {p.concurrency} concurrent, "
                f"{escape(text.number(round(p.rps)))} requests/s, p99 {p.p99_ms:.1f} ms</title>"
                "</circle>"
            )
        lx = left + 10 + (i % 3) * 200
        ly = 12 + (i // 3) * 14
        parts.append(f'<rect x="{lx}" y="{ly - 8}" width="12" height="3" fill="{colour}"/>')
        parts.append(_text(lx + 18, ly, r.endpoint))
    mid = (top + axis) / 2
    x_label = "requests per second served by one worker process"
    parts.append(_text((left + right) / 2, axis + 34, x_label, "middle"))
    turn = f' transform="rotate(-90 14 {mid:.0f})"'
    parts.append(_text(14, mid, "p99 latency (ms), log scale", "middle", turn))
    return _svg(WIDTH, axis + 44, parts)
