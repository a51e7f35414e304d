"""Builds the wrk command line and reads the one result line its Lua script prints."""

import json
from pathlib import Path

from labrun.procs import pinned
from labrun.stats import Run

MARKER = "LAB-RESULT "
SCRIPT = Path(__file__).with_name("wrk.lua")


class WrkOutputError(ValueError):
    """wrk's output had no (or a malformed) result line."""


def command(
    url: str, concurrency: int, seconds: int, core: str | None, timeout_s: int = 2
) -> list[str]:
    """One wrk thread, `concurrency` connections, bounded in time; pinned with taskset if asked."""
    cmd = [
        "wrk",
        "-t1",
        f"-c{concurrency}",
        f"-d{max(1, seconds)}s",
        f"--timeout={timeout_s}s",
        "-s",
        str(SCRIPT),
        url,
    ]
    return pinned(core) + cmd


def parse(output: str, concurrency: int) -> Run:
    """The Run described by the LAB-RESULT line of wrk's standard output."""
    for line in output.splitlines():
        if line.startswith(MARKER):
            try:
                data = json.loads(line[len(MARKER) :])
                return _run(data, concurrency)
            except (ValueError, KeyError, TypeError) as exc:
                raise WrkOutputError(f"malformed wrk result line: {exc}") from exc
    raise WrkOutputError("no LAB-RESULT line in wrk's output")


def _run(data: dict[str, float], concurrency: int) -> Run:
    errors = sum(int(data[k]) for k in ("connect", "read", "write", "status", "timeout"))
    seconds = float(data["duration_us"]) / 1e6
    if seconds <= 0 or int(data["requests"]) < 0:
        raise WrkOutputError("wrk reported no duration")
    return Run(
        concurrency=concurrency,
        seconds=seconds,
        requests=int(data["requests"]),
        errors=errors,
        p50_ms=float(data["p50_us"]) / 1000,
        p90_ms=float(data["p90_us"]) / 1000,
        p99_ms=float(data["p99_us"]) / 1000,
        p999_ms=float(data["p999_us"]) / 1000,
    )
