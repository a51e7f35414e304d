"""The lab's committed results (lab/results/*.json), read as typed records for the site.

The lab (lab/) measures a reference Django app on this project's machines and writes one JSON
file per run; its shape is documented in lab/README.md. The site never runs the lab: it reads
these files, so every number it shows comes from a committed, reproducible run.
"""

from __future__ import annotations

import glob
import json
import os
from dataclasses import dataclass, field
from typing import Any

from .problems import CatalogueError, Problem

REFERENCE = ("list", "gunicorn-sync")  # the realistic page that sizes the estimator


@dataclass(frozen=True)
class Point:
    """One load level: the medians of its runs."""

    concurrency: int
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    p999_ms: float
    error_rate: float
    runs: int
    spread_rps: float  # (max - min) / median of the runs' rates

    @classmethod
    def read(cls, raw: dict[str, Any]) -> Point:
        return cls(
            int(raw["concurrency"]),
            float(raw["rps"]),
            float(raw["p50_ms"]),
            float(raw["p90_ms"]),
            float(raw["p99_ms"]),
            float(raw["p999_ms"]),
            float(raw.get("error_rate", 0.0)),
            int(raw.get("runs", 1)),
            float(raw.get("spread", {}).get("rps", 0.0)),
        )


@dataclass(frozen=True)
class Result:
    """One endpoint on one server and database: its sweep and its sustainable rates."""

    endpoint: str
    path: str
    server: str
    server_about: str
    database: str
    conn: str | None
    workers: int
    command: str
    queries_per_request: float
    cpu_ms_per_request: float
    rps_p99_100: float | None  # per worker process, p99 <= 100 ms
    rps_p99_250: float | None
    at_100: Point | None  # the load point that decides rps_p99_100
    points: list[Point]
    stopped_because: str

    @classmethod
    def read(cls, raw: dict[str, Any]) -> Result:
        sustained = raw.get("sustainable", {}).get("p99_le_100ms")
        return cls(
            raw["endpoint"],
            raw.get("path", ""),
            raw["server"],
            raw.get("server_about", ""),
            raw["database"],
            raw.get("conn"),
            int(raw.get("workers", 1)),
            raw["command"],
            float(raw.get("queries_per_request") or 0),
            float(raw.get("cpu_ms_per_request") or 0),
            raw.get("rps_per_process_p99_le_100ms"),
            raw.get("rps_per_process_p99_le_250ms"),
            Point.read(sustained) if sustained else None,
            [Point.read(p) for p in raw.get("points", [])],
            raw.get("stopped_because", ""),
        )

    @property
    def label(self) -> str:
        conn = f", {self.conn}" if self.conn else ""
        return f"{self.endpoint} on {self.server} ({self.database}{conn})"


@dataclass(frozen=True)
class Run:
    """One committed run of `make lab`: where, with what, how, and its results."""

    id: str
    path: str
    kind: str
    started: str
    command: str
    machine: dict[str, Any]
    software: dict[str, Any]
    git: dict[str, Any]
    method: dict[str, Any]
    results: list[Result]
    scaling: dict[str, Any] | None = field(default=None)

    @property
    def date(self) -> str:
        return self.started[:10]

    @property
    def hardware(self) -> str:
        m = self.machine
        cpu = m.get("cpu_model", "unknown CPU")
        return f"{cpu}, {m.get('cores')} cores, {m.get('memory_gib')} GiB"

    def find(self, endpoint: str, server: str, database: str | None = None) -> Result | None:
        for r in self.results:
            if r.endpoint == endpoint and r.server == server and database in (None, r.database):
                return r
        return None


def read(folder: str) -> list[Run]:
    """Every committed run, oldest first; a file that is not a lab result is a located error."""
    runs, problems = [], []
    for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
        try:
            with open(path, encoding="utf-8") as fh:
                raw = json.load(fh)
            runs.append(
                Run(
                    raw["id"],
                    path,
                    raw.get("kind", "full"),
                    raw["started"],
                    raw["command"],
                    raw.get("machine", {}),
                    raw.get("software", {}),
                    raw.get("git", {}),
                    raw.get("method", {}),
                    [Result.read(r) for r in raw["results"]],
                    raw.get("scaling"),
                )
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            problems.append(
                Problem(
                    path,
                    1,
                    1,
                    "(lab run)",
                    "(file)",
                    f"not a lab result ({type(exc).__name__}: {exc}): rerun make lab",
                )
            )
    if problems:
        raise CatalogueError(problems)
    return sorted(runs, key=lambda r: r.started)


def reference(runs: list[Run]) -> tuple[Run, Result] | None:
    """The optimised list page on gunicorn sync workers in the newest full run (SQLite first)."""
    for database in ("sqlite", None):  # the default set-up first, then any database
        for run in reversed([r for r in runs if r.kind == "full"] or runs):
            found = run.find(*REFERENCE, database)
            if found and found.rps_p99_100:
                return run, found
    return None
