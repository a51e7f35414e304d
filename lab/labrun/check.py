"""Checks a results document's shape and that its numbers are present, positive, consistent."""

import math
from typing import Any, TypeGuard

TOP = ("schema_version", "id", "kind", "started", "command", "machine", "software", "git",
       "method", "results")  # fmt: skip
RESULT = ("endpoint", "server", "database", "conn", "workers", "processes", "cores",
          "loader_mode", "command", "queries_per_request", "cpu_ms_per_request",
          "rps_per_process_p99_le_100ms", "rps_per_process_p99_le_250ms", "sustainable",
          "points", "stopped_because")  # fmt: skip
PERCENTILES = ("p50_ms", "p90_ms", "p99_ms", "p999_ms")


def _num(x: object) -> TypeGuard[float]:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


def point_problems(where: str, p: dict[str, Any], low_load: bool) -> list[str]:
    out = []
    values = [p.get(k) for k in ("rps", *PERCENTILES)]
    if not all(_num(v) and v > 0 for v in values):
        return [f"{where}: rate and latencies must be positive numbers, got {values}"]
    lat = [float(p[k]) for k in PERCENTILES]
    if lat != sorted(lat):
        out.append(f"{where}: percentiles out of order {lat}")
    rate = p.get("error_rate")
    if not (_num(rate) and 0 <= rate <= 1):
        out.append(f"{where}: error_rate {p.get('error_rate')} not in [0, 1]")
    if low_load and p.get("errors") != 0:
        out.append(f"{where}: {p.get('errors')} errors at low load")
    if not all(_num(v) and v >= 0 for v in p.get("spread", {}).values()):
        out.append(f"{where}: spreads must be numbers >= 0")
    if not _num(p.get("cpu_ms_per_request")) or p["cpu_ms_per_request"] <= 0:
        out.append(f"{where}: cpu_ms_per_request must be > 0")
    return out


def result_problems(r: dict[str, Any], low_load: bool) -> list[str]:
    where = f"{r.get('endpoint')}/{r.get('server')}/{r.get('database')}/{r.get('conn')}"
    missing = [k for k in RESULT if k not in r]
    if missing:
        return [f"{where}: missing {', '.join(missing)}"]
    out = []
    if not _num(r["queries_per_request"]) or r["queries_per_request"] < 0:
        out.append(f"{where}: queries_per_request must be a number >= 0")
    if not _num(r["cpu_ms_per_request"]) or r["cpu_ms_per_request"] <= 0:
        out.append(f"{where}: cpu_ms_per_request must be > 0")
    if not r["points"]:
        out.append(f"{where}: no load points")
    for p in r["points"]:
        out += point_problems(f"{where} c={p.get('concurrency')}", p, low_load)
    for key in ("rps_per_process_p99_le_100ms", "rps_per_process_p99_le_250ms"):
        rate = r[key]
        if rate is not None and not (_num(rate) and rate > 0):
            out.append(f"{where}: {key} must be a positive number or null")
    return out


def cross_problems(results: list[dict[str, Any]]) -> list[str]:
    """Relations between endpoints measured on the same server and database."""
    out = []
    by = {(r["endpoint"], r["server"], r["database"], r["conn"]): r for r in results}
    for (endpoint, *rest), r in by.items():
        other = by.get(("list", *rest))
        if (
            endpoint == "naive"
            and other
            and r["queries_per_request"] <= other["queries_per_request"]
        ):
            out.append(f"naive/{'/'.join(map(str, rest))}: not more queries than list")
        if endpoint == "cached" and r["queries_per_request"] != 0:
            out.append("cached: a cached page should make no queries")
        if endpoint == "form" and r["queries_per_request"] < 1:
            out.append("form: a POST that writes a row makes at least one query")
    return out


def problems(doc: dict[str, Any], low_load: bool = False) -> list[str]:
    missing = [k for k in TOP if k not in doc]
    if missing:
        return [f"document: missing {', '.join(missing)}"]
    out = []
    if not doc["results"]:
        out.append("document: no results")
    if not doc["machine"].get("cpu_model") or not doc["software"].get("django"):
        out.append("document: machine or software versions missing")
    for r in doc["results"]:
        out += result_problems(r, low_load)
    for r in (doc.get("scaling") or {}).get("setups", []):
        out += [f"scaling {r.get('setup')}: {p}" for p in result_problems(r, low_load)]
    return out + (cross_problems(doc["results"]) if not out else [])
