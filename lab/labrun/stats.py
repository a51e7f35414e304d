"""Median, spread and the aggregation of repeated wrk runs into one load point."""

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

METRICS = ("rps", "p50_ms", "p90_ms", "p99_ms", "p999_ms")


@dataclass(frozen=True)
class Run:
    """One bounded wrk run at a fixed concurrency, with the server's CPU time during it."""

    concurrency: int
    seconds: float
    requests: int
    errors: int
    p50_ms: float
    p90_ms: float
    p99_ms: float
    p999_ms: float
    cpu_s: float = 0.0
    db_cpu_s: float = 0.0
    foreign_cores: float = 0.0  # CPU used by processes not the lab's, in cores (0.1 = 10 %)
    discarded: int = 0  # earlier attempts at this run thrown away for foreign CPU use

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else 0.0


def median(values: Sequence[float]) -> float:
    if not values:
        raise ValueError("median of no values")
    return float(statistics.median(values))


def spread(values: Sequence[float]) -> float:
    """(max - min) / median: 0 for one value; 0 when the median is 0."""
    mid = median(values)
    return (max(values) - min(values)) / mid if mid else 0.0


@dataclass
class Point:
    """All runs at one concurrency level; medians decide, spreads say how much they agree."""

    concurrency: int
    runs: list[Run] = field(default_factory=list)
    decided: bool = False  # measured with the full number of full-length runs

    def med(self, metric: str) -> float:
        return median([float(getattr(r, metric)) for r in self.runs])

    def spr(self, metric: str) -> float:
        return spread([float(getattr(r, metric)) for r in self.runs])

    @property
    def error_rate(self) -> float:
        total = sum(r.requests for r in self.runs)
        errors = sum(r.errors for r in self.runs)
        return errors / total if total else (1.0 if errors else 0.0)

    def cpu_ms_per_request(self, attr: str = "cpu_s") -> float:
        total = sum(r.requests for r in self.runs)
        return 1000.0 * sum(float(getattr(r, attr)) for r in self.runs) / total if total else 0.0

    def passes(self, target_ms: float, error_limit: float) -> bool:
        if not self.runs or self.error_rate > error_limit:
            return False
        return self.med("p99_ms") <= target_ms and self.med("requests") > 0
