"""Writes the Markdown report that sits next to each results JSON."""

from typing import Any


def _f(x: Any, fmt: str = ".0f", none: str = "–") -> str:
    return none if x is None else str(format(x, fmt))


def _where(r: dict[str, Any]) -> str:
    return str(r["database"]) + (f" ({r['conn']})" if r.get("conn") else "")


def header(doc: dict[str, Any]) -> list[str]:
    m, s, meth = doc["machine"], doc["software"], doc["method"]
    cores = meth["cores"]
    return [
        f"# Lab results: {doc['id']}",
        "",
        f"- Measured {doc['started']} with `{doc['command']}` ({doc['kind']} run, "
        f"{doc.get('duration_s', 0):.0f} s), commit `{(doc['git']['commit'] or '?')[:12]}`"
        + (" (uncommitted changes)" if doc["git"]["dirty"] else "")
        + ".",
        f"- Machine: {m['cpu_model']}, {m['cores']} cores, {m['memory_gib']} GiB, {m['os']}.",
        (
            f"- Software: Python {s['python']}, Django {s['django']}, gunicorn {s['gunicorn']}, "
            f"uvicorn {s['uvicorn']}, granian {s['granian']}, psycopg {s['psycopg']}, "
            f"{s['database']}, wrk {s['wrk']}, nginx {s['nginx']}."
        ),
        (
            f"- Load: wrk, **{meth['loader_mode']}** (each connection waits for its response), "
            f"concurrency levels {meth['concurrency_levels']} probed with one "
            f"{meth.get('probe_seconds', meth['run_seconds'])} s run each after a "
            f"{meth['warmup_seconds']} s warm-up, then {meth['runs_per_deciding_point']} runs of "
            f"{meth['run_seconds']} s at the points that decide each answer (medians; "
            "spread = (max - min) / median)."
        ),
        (
            f"- Cores: app server on core {cores['server']}, database on core {cores['database']} "
            f"(PostgreSQL only), wrk on core {cores['loader']}. 127.0.0.1 only."
        ),
        "",
    ]


def summary(doc: dict[str, Any]) -> list[str]:
    lines = [
        "## Sustainable rate per worker process",
        "",
        (
            "Highest median rate whose median p99 stays at or under the target, errors at most "
            f"{doc['method']['error_limit']:.1%}."
        ),
        "",
        (
            "| endpoint | server | database | req/s/process p99≤100 ms | p50 ms | p99 ms | "
            "spread (rate) | req/s/process p99≤250 ms | errors | CPU ms/req | queries/req |"
        ),
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in doc["results"]:
        a, b = r["sustainable"]["p99_le_100ms"], r["sustainable"]["p99_le_250ms"]
        lines.append(
            f"| {r['endpoint']} | {r['server']} | {_where(r)} | {_f(a and a['rps_per_process'])} "
            f"| {_f(a and a['p50_ms'], '.1f')} | {_f(a and a['p99_ms'], '.1f')} | "
            f"{_f(a and a['spread']['rps'] * 100, '.1f')}% | {_f(b and b['rps_per_process'])} | "
            f"{_f(a and a['error_rate'] * 100, '.2f')}% | {r['cpu_ms_per_request']:.2f} | "
            f"{r['queries_per_request']:g} |"
        )
    return lines + [""]


def naive(doc: dict[str, Any]) -> list[str]:
    lines = ["## The naive page against the optimised one", ""]
    for r in doc["results"]:
        if r["endpoint"] != "naive":
            continue
        for o in doc["results"]:
            same = (o["server"], o["database"], o.get("conn")) == (
                r["server"], r["database"], r.get("conn"))  # fmt: skip
            if o["endpoint"] == "list" and same and o["rps_per_process_p99_le_100ms"]:
                ratio = (r["rps_per_process_p99_le_100ms"] or 0) / o["rps_per_process_p99_le_100ms"]
                lines.append(
                    f"- {r['server']}, {_where(r)}: {r['queries_per_request']:g} queries and "
                    f"{r['cpu_ms_per_request']:.2f} CPU ms per request against "
                    f"{o['queries_per_request']:g} and {o['cpu_ms_per_request']:.2f}; the naive "
                    f"page sustains {ratio:.0%} of the optimised page's rate."
                )
    return lines + [""]


def scaling(doc: dict[str, Any]) -> list[str]:
    sc = doc.get("scaling")
    if not sc:
        return []
    if "skipped" in sc:
        return ["## Behind nginx", "", f"Skipped: {sc['skipped']}.", ""]
    lines = [
        "## Several processes behind nginx (loopback)",
        "",
        (
            "| setup | endpoint | processes | total req/s p99≤100 ms | per process | direct, "
            "1 process | efficiency | p50 ms | p99 ms |"
        ),
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in sc["summary"]:
        lines.append(
            f"| {s['setup']} | {s['endpoint']} | {s['processes']} | "
            f"{_f(s['rps_p99_le_100ms'])} | {_f(s['rps_per_process_p99_le_100ms'])} | "
            f"{_f(s['direct_rps_per_process_p99_le_100ms'])} | {_f(s['efficiency'], '.2f')} | "
            f"{_f(s['p50_ms'], '.1f')} | {_f(s['p99_ms'], '.1f')} |"
        )
    about = [f"- {s['setup']}: {s['about']}" for s in sc["summary"][::2]]
    return lines + ["", *dict.fromkeys(about), "", sc["verdict"], ""]


def points(doc: dict[str, Any]) -> list[str]:
    lines = ["## Every load point (latency against load)", ""]
    for r in doc["results"]:
        lines += [
            f"### {r['endpoint']} on {r['server']}, {_where(r)}",
            "",
            f"Reproduce: `{r['command']}`. Stopped: {r['stopped_because']}.",
            "",
            (
                "| concurrency | runs | req/s | p50 ms | p90 ms | p99 ms | p99.9 ms | spread p99 "
                "| errors | CPU ms/req |"
            ),
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for p in r["points"]:
            lines.append(
                f"| {p['concurrency']} | {p['runs']} | {p['rps']:.0f} | {p['p50_ms']:.1f} | "
                f"{p['p90_ms']:.1f} | {p['p99_ms']:.1f} | {p['p999_ms']:.1f} | "
                f"{p['spread']['p99_ms']:.0%} | {p['error_rate']:.2%} | "
                f"{p['cpu_ms_per_request']:.2f} |"
            )
        lines.append("")
    return lines


def render(doc: dict[str, Any]) -> str:
    return "\n".join(header(doc) + summary(doc) + naive(doc) + scaling(doc) + points(doc))
