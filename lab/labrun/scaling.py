"""Do per-process rates add up behind nginx? Compares each setup with the direct measurement."""

from typing import Any

WHY = {
    "nginx-1": "nginx's own cost: one process behind the proxy against the same process direct",
    "nginx-2": "two app processes sharing core 0 (nginx and wrk on core 1)",
    "nginx-2-spread": "app processes on cores 0 and 1; nginx and wrk share core 1 with one",
}


def _direct(results: list[dict[str, Any]], endpoint: str, conn: str | None) -> float | None:
    for r in results:
        if (r["server"], r["endpoint"], r["conn"]) == ("gunicorn-sync", endpoint, conn):
            rate = r["rps_per_process_p99_le_100ms"]
            return float(rate) if rate is not None else None
    return None


def summarise(entries: list[dict[str, Any]], results: list[dict[str, Any]]) -> dict[str, Any]:
    """`efficiency` = total rate / (processes x the direct single-process rate), at p99 <= 100ms."""
    rows = []
    for e in entries:
        direct = _direct(results, e["endpoint"], e["conn"])
        s = e["sustainable"]["p99_le_100ms"]
        total = float(s["rps"]) if s else None
        eff = total / (e["processes"] * direct) if total is not None and direct else None
        rows.append({
            "setup": e["setup"], "endpoint": e["endpoint"], "processes": e["processes"],
            "about": WHY.get(e["setup"], ""), "rps_p99_le_100ms": total,
            "rps_per_process_p99_le_100ms": e["rps_per_process_p99_le_100ms"],
            "direct_rps_per_process_p99_le_100ms": direct,
            "efficiency": round(eff, 3) if eff is not None else None,
            "p50_ms": s["p50_ms"] if s else None, "p99_ms": s["p99_ms"] if s else None,
            "cpu_ms_per_request": e["cpu_ms_per_request"],
            "db_cpu_ms_per_request": e.get("db_cpu_ms_per_request", 0.0),
        })  # fmt: skip
    return {"server": "gunicorn-sync", "summary": rows, "verdict": verdict(rows),
            "setups": entries}  # fmt: skip


def _gain(by: dict[str, dict[str, Any]], setup: str, base: float) -> float | None:
    rate = by.get(setup, {}).get("rps_p99_le_100ms")
    return rate / base if rate else None


def _endpoint_verdict(endpoint: str, by: dict[str, dict[str, Any]]) -> str | None:
    one = by.get("nginx-1", {})
    base, direct = one.get("rps_p99_le_100ms"), one.get("direct_rps_per_process_p99_le_100ms")
    if not base:
        return None
    text = f"{endpoint}: one process behind nginx {base:.0f} req/s"
    if direct:
        text += f" ({base / direct:.0%} of the same process measured directly)"
    shared, spread = _gain(by, "nginx-2", base), _gain(by, "nginx-2-spread", base)
    if shared is not None:
        text += f"; two processes sharing core 0: {shared:.2f}x"
        if shared < 1.2:
            text += " (a second process on the same busy core adds little: the core is the limit)"
    if spread is not None:
        text += f"; two processes on cores 0 and 1: {spread:.2f}x"
        db = by["nginx-2-spread"].get("db_cpu_ms_per_request") or 0.0
        if spread >= 1.8:
            text += " (the per-process rates add up: 2.00x would be perfect)"
        elif db > 0:
            text += (f" (short of 2x: PostgreSQL, on core 0 with the first process, spends {db:.2f}"
                     " CPU ms per request of both processes, and the second process shares core 1"
                     " with nginx and wrk)")  # fmt: skip
        else:
            text += " (short of 2x: the second process shares core 1 with nginx and wrk)"
    return text


def verdict(rows: list[dict[str, Any]]) -> str:
    """Per endpoint: what a second process behind nginx added, and what limited it."""
    parts = []
    for endpoint in dict.fromkeys(r["endpoint"] for r in rows):
        text = _endpoint_verdict(
            endpoint, {r["setup"]: r for r in rows if r["endpoint"] == endpoint}
        )
        if text:
            parts.append(text)
    return ". ".join(parts) + "." if parts else "no comparable setups"
