"""`make lab-case RUN=lab/results/<id>.json`: enter a committed lab run into the catalogue as a
case study graded primary, with the command and commit that reproduce it.

The entry is written from the run's JSON (machine, software, method, every endpoint's rate per
process at p99 <= 100 ms) and inserted at its sorted place; `make check` then validates it like
any other entry, and `make fmt` lays it out.

Usage: python -m ddscale.tools.labcase RUN.json [CATALOGUE]
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys

from ddscale.core import lab
from ddscale.core.catalogue import DEFAULT_PATH

from .scaffold import place

REPO = "https://github.com/does-django-scale/does-django-scale"
WHERE = "the table 'Sustainable rate per worker process' of the run's report"


def _q(text: object) -> str:
    return json.dumps(str(text), ensure_ascii=False)


def _figure(run: lab.Run, r: lab.Result) -> list[str]:
    at, conn = r.at_100, f" ({r.conn})" if r.conn else ""
    detail = (
        f", p50 {at.p50_ms:.1f} ms and p99 {at.p99_ms:.1f} ms, median of {at.runs} runs"
        if at
        else ""
    )
    note = (
        f"{r.endpoint} ({r.path}) on {r.server}, {r.database}{conn}: the highest rate one "
        f"worker process sustained with p99 at or under 100 ms{detail}; {WHERE}"
    )
    return [
        "      - metric: requests_per_second",
        f"        value: {round(r.rps_p99_100 or 0, 1)}",
        f'        as_of: "{run.date}"',
        "        source: run",
        "        grade: primary",
        "        served_by: django",
        f"        note: {_q(note[:500])}",
    ]


def _summary(run: lab.Run) -> str:
    listed = run.find("list", "gunicorn-sync")
    lead = (
        f"one gunicorn sync worker served the realistic list page at about "
        f"{listed.rps_p99_100:.0f} requests per second with p99 under 100 ms"
        if listed and listed.rps_p99_100
        else "the figures give each endpoint's rate"
    )
    software = run.software
    return (
        f"This project's lab measured its reference Django {software.get('django')} app on "
        f"{run.hardware} with {software.get('database')}: {lead}. The load came from wrk on "
        "its own core, closed-loop, over loopback; every endpoint's rate per process, the "
        "latency at each load and the naive page's cost are on the Measured here page."
    )


def _workload(run: lab.Run) -> str:
    m, cores = run.method, run.method.get("cores", {})
    commit = str(run.git.get("commit", ""))[:12]
    text = (
        f"{m.get('loader')} {m.get('loader_mode')} at concurrency levels "
        f"{m.get('concurrency_levels')}, {m.get('run_seconds')} s per run after a "
        f"{m.get('warmup_seconds')} s warm-up, {m.get('runs_per_deciding_point')} runs at the "
        f"points that decide each answer; app server on core {cores.get('server')}, wrk on "
        f"core {cores.get('loader')}. Reproduce with `{run.command}` at commit {commit}."
    )
    return text[:1000]


def entry(run: lab.Run, repo: str = REPO) -> str:
    """The case study's YAML, in the catalogue's canonical layout."""
    sw, today = run.software, dt.date.today().isoformat()
    versions = f"Python {sw.get('python')}, Django {sw.get('django')}"
    lines = [
        f"  - slug: lab-{run.id}",
        f"    title: {_q('Measured here: ' + run.id)}",
        f'    date: "{run.date}"',
        "    tags: [lab, load-test]",
        f"    summary: {_q(_summary(run))}",
        "    setup:",
        f"      app_server: {_q('gunicorn ' + str(sw.get('gunicorn')) + ', one worker per test')}",
        f"      database: {_q(sw.get('database'))}",
        f"      hardware: {_q(run.hardware + ', ' + str(run.machine.get('os')))}",
        f"      other: {_q(versions)}",
        f"    workload: {_q(_workload(run))}",
        "    figures:",
    ]
    for r in run.results:
        if r.rps_p99_100:
            lines += _figure(run, r)
    lines += [
        "    sources:",
        "      - id: run",
        f"        title: {_q('Lab run ' + run.id)}",
        "        publisher: Does Django scale? (this project's lab)",
        f'        date: "{run.date}"',
        f"        url: {repo}/blob/main/lab/results/{os.path.basename(run.path)}",
        f'    last_verified: "{today}"',
        f'    added: "{today}"',
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or not args[0].endswith(".json") or not os.path.exists(args[0]):
        print(
            "usage: make lab-case RUN=lab/results/<id>.json (a committed lab result)",
            file=sys.stderr,
        )
        return 2
    path = args[1] if len(args) > 1 else DEFAULT_PATH
    [run] = [r for r in lab.read(os.path.dirname(args[0]) or ".") if r.path == args[0]]
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    slug = f"lab-{run.id}"
    if f"- slug: {slug}\n" in text:
        print(f"{path}: {slug} is already in the catalogue", file=sys.stderr)
        return 1
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(place(text, "case_studies", slug, entry(run)))
    print(f"{path}: added case study '{slug}'; run make fmt and make check")
    return 0


if __name__ == "__main__":
    sys.exit(main())
