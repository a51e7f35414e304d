"""One `make lab` session from start to finish: database up, groups measured, files written."""

import json
import os
import signal
import tempfile
import time
from contextlib import AbstractContextManager, ExitStack
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any

from labrun import database, machine, nginx, report
from labrun.config import ERROR_LIMIT, TARGETS_MS
from labrun.plan import Options, plan
from labrun.procs import prioritise
from labrun.results import SCHEMA_VERSION
from labrun.runner import LAB, cores, prepare, run_group, run_scaling, say
from labrun.scaling import summarise

OUT = LAB / "out"
RESULTS = LAB / "results"


def _on_signal(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # unwinds through every `finally`: servers are stopped


def _database(opts: Options, log: Path, workdir: Path) -> AbstractContextManager[Any]:
    if opts.db == "postgresql":
        return database.postgresql(log, cores()["database"])
    return database.sqlite(workdir)


def run(opts: Options, command: str) -> tuple[Path, dict[str, Any]]:
    """Measures what `opts` asks for and writes <out>/<name>.json and .md; returns the JSON."""
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _on_signal)
    prioritise(os.getpid())  # this session's group: the runner and wrk
    OUT.mkdir(exist_ok=True)
    started, t0 = datetime.now(UTC), time.monotonic()
    code = machine.git(LAB.parent)  # the commit that runs, read before anything else changes
    log = OUT / f"lab-{started:%Y%m%dT%H%M%S}-{opts.db}-{opts.mode}.log"
    say(f"{opts.mode} run on {opts.db}; log in {log.relative_to(LAB.parent)}")
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="lab-run-")))
        db = stack.enter_context(_database(opts, log, tmp))
        prepare(db, opts.budget.articles, log)
        say(f"{db.version} ready with {opts.budget.articles} articles")
        results = [d for g in plan(opts) for d in run_group(opts, g, db, log)]
        scaling = None
        if opts.scaling and not opts.custom and opts.mode != "quick":
            scaling = _scaling(opts, db, log, results)
        version = db.version
    doc = _document(opts, command, started, version, results, scaling)
    doc["git"] = code
    doc["duration_s"] = round(time.monotonic() - t0, 1)
    return _write(opts, doc, started), doc


def _scaling(opts: Options, db: database.Database, log: Path, results: list[Any]) -> Any:
    if not nginx.available():
        return {"skipped": "nginx is not installed (apt-get install nginx)"}
    conn = opts.conns[-1] if opts.db == "postgresql" else None
    if opts.mode == "smoke" and opts.db == "postgresql":
        return None  # the smoke test checks nginx once, on SQLite
    return summarise(run_scaling(opts, db, conn, log, opts.mode == "smoke"), results)


def _document(opts: Options, command: str, started: datetime, db_version: str,
              results: list[Any], scaling: Any) -> dict[str, Any]:  # fmt: skip
    budget = opts.budget
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": opts.mode,
        "started": started.isoformat(timespec="seconds"),
        "command": command,
        "machine": {"name": machine.slug(opts.machine), **machine.info()},
        "software": machine.software(db_version),
        "git": {},
        "method": {
            "loader": "wrk",
            "loader_mode": "closed-loop",
            "threads": 1,
            "cores": cores(),
            "concurrency_levels": list(budget.levels),
            "probe_seconds": budget.probe_seconds,
            "run_seconds": budget.run_seconds,
            "warmup_seconds": budget.warmup_seconds,
            "runs_per_deciding_point": budget.runs,
            "targets_ms": list(TARGETS_MS),
            "error_limit": ERROR_LIMIT,
            "articles": budget.articles,
            "workers": opts.workers,
        },
        "results": results,
        "scaling": scaling,
    }


def _write(opts: Options, doc: dict[str, Any], started: datetime) -> Path:
    out = opts.out or (RESULTS if opts.mode == "full" else OUT)
    out.mkdir(parents=True, exist_ok=True)
    suffix = "" if opts.mode == "full" else f"-{opts.mode}"
    stem = f"{started:%Y-%m-%d}-{doc['machine']['name']}-{opts.db}{suffix}"
    path, n = out / f"{stem}.json", 1
    while path.exists():
        n += 1
        path = out / f"{stem}-{n}.json"
    doc["id"] = path.stem
    path.write_text(json.dumps(doc, indent=1) + "\n")
    path.with_suffix(".md").write_text(report.render(doc))
    say(f"wrote {os.path.relpath(path)} and its .md report")
    return path
