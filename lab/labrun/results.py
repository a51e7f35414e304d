"""Turns measured sweeps into the JSON document the site reads (shape: lab/README.md)."""

from typing import Any

from labrun.config import ENDPOINTS, TARGETS_MS
from labrun.measure import FOREIGN_LIMIT, Measured
from labrun.stats import METRICS, Point

SCHEMA_VERSION = 1


def target_key(target_ms: float) -> str:
    return f"p99_le_{target_ms:g}ms"


def _r(x: float, digits: int = 3) -> float:
    return round(x, digits)


def point_doc(p: Point, processes: int) -> dict[str, Any]:
    """One load point: medians of its runs, their spreads, errors and CPU time."""
    doc: dict[str, Any] = {"concurrency": p.concurrency, "runs": len(p.runs)}
    for m in METRICS:
        doc[m] = _r(p.med(m))
    doc["rps_per_process"] = _r(p.med("rps") / processes)
    doc["spread"] = {m: _r(p.spr(m)) for m in METRICS}
    doc["requests"] = sum(r.requests for r in p.runs)
    doc["errors"] = sum(r.errors for r in p.runs)
    doc["error_rate"] = _r(p.error_rate, 6)
    doc["cpu_ms_per_request"] = _r(p.cpu_ms_per_request())
    doc["db_cpu_ms_per_request"] = _r(p.cpu_ms_per_request("db_cpu_s"))
    doc["foreign_cores"] = _r(max(r.foreign_cores for r in p.runs))
    doc["discarded_runs"] = sum(r.discarded for r in p.runs)
    doc["disturbed_runs"] = sum(r.foreign_cores > FOREIGN_LIMIT for r in p.runs)
    return doc


def sustainable_doc(p: Point | None, processes: int) -> dict[str, Any] | None:
    if p is None:
        return None
    d = point_doc(p, processes)
    keep = ("concurrency", "runs", "rps", "rps_per_process", "p50_ms", "p90_ms", "p99_ms",
            "p999_ms", "spread", "error_rate", "cpu_ms_per_request")  # fmt: skip
    return {k: d[k] for k in keep}


def case_doc(m: Measured, ctx: dict[str, Any]) -> dict[str, Any]:
    """Everything about one endpoint on one server; `ctx` holds server, database, cores..."""
    processes = int(ctx["processes"])
    points = m.result.points
    sustainable = {
        target_key(t): sustainable_doc(points[c] if c is not None else None, processes)
        for t, c in m.result.decided.items()
    }
    low_key = target_key(TARGETS_MS[0])
    basis = m.result.decided.get(TARGETS_MS[0]) or min(points)  # CPU/request at the 100 ms point
    ep = ENDPOINTS[m.endpoint]
    return {
        "endpoint": m.endpoint,
        "path": ep.path,
        "method": ep.method,
        **ctx,
        "loader_command": " ".join(m.loader_command),
        "queries_per_request": m.queries_per_request,
        "cpu_ms_per_request": _r(points[basis].cpu_ms_per_request()),
        "db_cpu_ms_per_request": _r(points[basis].cpu_ms_per_request("db_cpu_s")),
        "rps_per_process_p99_le_100ms": _rate(sustainable[low_key]),
        "rps_per_process_p99_le_250ms": _rate(sustainable.get(target_key(TARGETS_MS[1]))),
        "sustainable": sustainable,
        "points": [point_doc(p, processes) for p in points.values()],
        "stopped_because": m.result.stopped_because,
    }


def _rate(s: dict[str, Any] | None) -> float | None:
    return None if s is None else float(s["rps_per_process"])
