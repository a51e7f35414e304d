"""Runs a whole lab session: database, data set, each server group, the nginx scaling check."""

import os
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from labrun import database, nginx, servers
from labrun.config import ERROR_LIMIT, SCALING_ENDPOINTS, TARGETS_MS, THREADS_PER_WORKER
from labrun.errors import LabError
from labrun.measure import Target, measure
from labrun.plan import Group, Options
from labrun.procs import free_port, group, wait_http
from labrun.results import case_doc

LAB = Path(__file__).resolve().parent.parent
APP = LAB / "app"


def cores() -> dict[str, str | None]:
    """Server (and database) on core 0, load generator on core 1; unpinned on one core."""
    if (os.cpu_count() or 1) < 2:
        return {"server": None, "database": None, "loader": None}
    return {"server": "0", "database": "0", "loader": "1"}


def make_command(opts: Options, server: str, endpoint: str, conn: str | None) -> str:
    """The `make lab` line that measures exactly this endpoint on this server again."""
    parts = ["make lab", f"LAB_DB={opts.db}", f"LAB_SERVER={server}", f"LAB_ENDPOINTS={endpoint}"]
    parts.append(f"LAB_WORKERS={opts.workers}")
    if conn:
        parts.append(f"LAB_CONN={conn}")
    if opts.mode == "quick":
        parts.append("QUICK=1")
    return " ".join(parts)


def app_env(db: database.Database, conn: str | None) -> dict[str, str]:
    env = {**os.environ, **db.env, "DJANGO_SETTINGS_MODULE": "labsite.settings"}
    env["PYTHONPATH"] = str(APP)
    env["LAB_CONN"] = conn or ""
    return env


def manage(args: list[str], env: dict[str, str], log: Path) -> None:
    with log.open("ab") as out:
        rc = subprocess.call([sys.executable, "manage.py", *args], cwd=APP, env=env,
                             stdout=out, stderr=out)  # fmt: skip
    if rc != 0:
        raise LabError(f"manage.py {args[0]} failed (exit {rc}); see {log}")


def prepare(db: database.Database, articles: int, log: Path) -> None:
    env = app_env(db, None)
    manage(["migrate", "--verbosity", "0"], env, log)
    manage(["seed", "--articles", str(articles)], env, log)


def say(text: str) -> None:
    print(f"[lab {time.strftime('%H:%M:%S')}] {text}", flush=True)


def run_group(opts: Options, g: Group, db: database.Database, log: Path) -> list[dict[str, Any]]:
    """Starts `g.server`, measures each endpoint of the group against it, stops it."""
    port = opts.port or free_port()
    core = cores()
    cmd = servers.command(g.server, opts.workers, port, core["server"])
    base = f"http://127.0.0.1:{port}"
    docs = []
    with group(cmd, APP, app_env(db, g.conn), log) as pid:
        wait_http(base + "/lab/health/", 30, pid)
        target = Target(base, (pid,), db.pid, core["loader"], opts.budget.articles, core["server"])
        for name in g.endpoints:
            m = measure(target, name, opts.budget, TARGETS_MS, ERROR_LIMIT)
            ctx = {
                "server": g.server,
                "server_about": servers.describe(g.server),
                "server_command": " ".join(cmd),
                "workers": opts.workers,
                "processes": opts.workers,
                "threads_per_process": THREADS_PER_WORKER if g.server == "gunicorn-threads" else 1,
                "database": db.kind,
                "conn": g.conn,
                "cores": {**core, "database": core["database"] if db.pid else None},
                "loader_mode": "closed-loop",
                "command": make_command(opts, g.server, name, g.conn),
            }
            docs.append(case_doc(m, ctx))
            say(_line(docs[-1]))
    if "form" in g.endpoints:
        manage(["seed", "--trim"], app_env(db, g.conn), log)
    return docs


def _line(doc: dict[str, Any]) -> str:
    s = doc["sustainable"]["p99_le_100ms"]
    rate = f"{s['rps_per_process']:.0f} req/s/process, p99 {s['p99_ms']:.1f} ms" if s else "none"
    conn = f"/{doc['conn']}" if doc["conn"] else ""
    return (f"{doc['endpoint']:<7} {doc['server']:<17} {doc['database']}{conn}: p99<=100ms at "
            f"{rate}; {doc['queries_per_request']:g} queries, "
            f"{doc['cpu_ms_per_request']:.2f} CPU ms/request")  # fmt: skip


SETUPS = (
    ("nginx-1", ("0",), "1"),
    ("nginx-2", ("0", "0"), "1"),
    ("nginx-2-spread", ("0", "1"), "1"),
)


def run_scaling(
    opts: Options, db: database.Database, conn: str | None, log: Path, smoke: bool = False
) -> list[Any]:
    """gunicorn sync processes behind nginx (one worker each), measured like the rest."""
    entries = []
    setups: tuple[tuple[str, tuple[str, ...], str], ...] = SETUPS
    endpoints: tuple[str, ...] = SCALING_ENDPOINTS
    if smoke:
        setups, endpoints = SETUPS[1:2], SCALING_ENDPOINTS[:1]
    elif db.kind == "postgresql":  # keeps the PostgreSQL run within its time budget
        setups, endpoints = (SETUPS[0], SETUPS[2]), ("list",)
    for name, app_cores, proxy_core in setups:
        with ExitStack() as stack:
            ports = [free_port() for _ in app_cores]
            pids = []
            for port, core in zip(ports, app_cores, strict=True):
                cmd = servers.command("gunicorn-sync", 1, port, core)
                pid = stack.enter_context(group(cmd, APP, app_env(db, conn), log))
                wait_http(f"http://127.0.0.1:{port}/lab/health/", 30, pid)
                pids.append(pid)
            front = free_port()
            stack.enter_context(nginx.nginx(front, ports, proxy_core, log))
            target = Target(f"http://127.0.0.1:{front}", tuple(pids), db.pid, "1",
                            opts.budget.articles, "0")  # fmt: skip
            for endpoint in endpoints:
                m = measure(target, endpoint, opts.budget, TARGETS_MS[:1], ERROR_LIMIT)
                ctx = {"setup": name, "processes": len(app_cores), "workers": 1,
                       "cores": {"app": ",".join(app_cores), "nginx": proxy_core, "loader": "1",
                                 "database": "0" if db.pid else None},
                       "server": "gunicorn-sync", "database": db.kind, "conn": conn,
                       "loader_mode": "closed-loop"}  # fmt: skip
                entries.append(case_doc(m, {**ctx, "command": make_command(
                    opts, "gunicorn-sync", endpoint, conn)}))  # fmt: skip
                say(f"scaling {name}: {_line(entries[-1])}")
    return entries
