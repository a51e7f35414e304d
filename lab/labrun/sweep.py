"""The load sweep: coarse concurrency steps, one refining step, then repeats where it matters.

Stopping rule: the sweep stops at the first level whose p99 is above the highest target or
whose error rate is above the limit. For each target, the deciding point is the highest level
that passes (median p99 <= target, errors within the limit): it is measured again `runs` times
with full-length runs (the short probe run is dropped) and, if its median then fails, the next
lower passing level is measured the same way; so is any passing level whose probe rate beats the
fully measured ones. The answer for a target is then the fully measured passing point with the
highest median rate (see `answers`).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from labrun.stats import Point, Run

Measure = Callable[[int], Run]


@dataclass
class SweepResult:
    points: dict[int, Point]
    decided: dict[float, int | None]  # target (ms) -> deciding concurrency, None if none passes
    stopped_because: str


def coarse(
    measure: Measure, levels: Sequence[int], limit_ms: float, error_limit: float
) -> tuple[dict[int, Point], str]:
    """One run per level, in order, until a level fails the highest target or errors appear."""
    points: dict[int, Point] = {}
    for c in levels:
        point = Point(c, [measure(c)])
        points[c] = point
        if point.error_rate > error_limit:
            return points, f"errors {point.error_rate:.2%} at concurrency {c}"
        if point.med("p99_ms") > limit_ms:
            return points, f"p99 {point.med('p99_ms'):.1f} ms > {limit_ms:g} ms at concurrency {c}"
    return points, f"highest level {levels[-1]} reached" if levels else "no levels"


def refine(measure: Measure, points: dict[int, Point], target: float, error_limit: float) -> None:
    """Between the last passing and the first failing level, try the level twice the lower."""
    levels = sorted(points)
    passing = [c for c in levels if points[c].passes(target, error_limit)]
    if not passing:
        return
    lo = passing[-1]
    above = [c for c in levels if c > lo]
    if above and above[0] > 2 * lo and 2 * lo not in points:
        points[2 * lo] = Point(2 * lo, [measure(2 * lo)])


def decide(
    measure: Measure,
    points: dict[int, Point],
    target: float,
    runs: int,
    error_limit: float,
    keep_probe: bool = False,
) -> int | None:
    """The highest passing level, measured `runs` times; lower levels if it then fails.

    The probe run counts as one of the `runs` only when `keep_probe` (runs of equal length).
    """
    while True:
        passing = [points[c] for c in sorted(points, reverse=True)]
        passing = [p for p in passing if p.passes(target, error_limit)]
        if not passing:
            return None
        best = _next(passing)
        if best is None:
            return answers(points, [target], error_limit)[target]
        kept = best.runs if keep_probe else []
        best.runs = kept + [measure(best.concurrency) for _ in range(runs - len(kept))]
        best.decided = True


def _next(passing: list[Point]) -> Point | None:
    """The passing point to measure fully next: the highest level first, then any probed level
    whose rate beats every fully measured passing point (closed-loop rate is not monotonic)."""
    if not passing[0].decided:
        return passing[0]
    done = [p.med("rps") for p in passing if p.decided]
    better = [p for p in passing if not p.decided and p.med("rps") > max(done)]
    return max(better, key=lambda p: p.med("rps")) if better else None


def sweep(
    probe: Measure,
    measure: Measure,
    levels: Sequence[int],
    targets: Sequence[float],
    runs: int,
    error_limit: float,
    refining: bool = True,
    keep_probe: bool = False,
) -> SweepResult:
    """`probe` (a short run) finds where the targets are crossed; `measure` decides there."""
    points, why = coarse(probe, levels, max(targets), error_limit)
    for target in targets if refining else ():
        refine(probe, points, target, error_limit)
    for t in targets:
        decide(measure, points, t, runs, error_limit, keep_probe)
    return SweepResult(dict(sorted(points.items())), answers(points, targets, error_limit), why)


def answers(
    points: dict[int, Point], targets: Sequence[float], error_limit: float
) -> dict[float, int | None]:
    """For each target, the fully measured passing point with the highest median rate.

    A point decided for a lower target also passes a higher one, so the rate for p99 <= 250 ms
    is never below the rate for p99 <= 100 ms."""
    found: dict[float, int | None] = {}
    for t in targets:
        ok = [p for p in points.values() if p.decided and p.passes(t, error_limit)]
        found[t] = max(ok, key=lambda p: (p.med("rps"), p.concurrency)).concurrency if ok else None
    return found
