"""Command lines of the app servers the lab measures, each pinned to the server's cores."""

import sys
from pathlib import Path

from labrun.config import THREADS_PER_WORKER
from labrun.errors import LabError
from labrun.procs import pinned

BIN = Path(sys.executable).parent


def command(server: str, workers: int, port: int, core: str | None) -> list[str]:
    """The exact command that starts `server` with `workers` processes on 127.0.0.1:`port`."""
    bind = ["-b", f"127.0.0.1:{port}", "-w", str(workers), "--backlog", "2048"]
    quiet = ["--no-control-socket", "--log-level", "warning"]
    wsgi = "labsite.wsgi:application"
    if server == "gunicorn-sync":
        cmd = [str(BIN / "gunicorn"), "-k", "sync", *bind, *quiet, wsgi]
    elif server == "gunicorn-threads":
        threads = ["-k", "gthread", "--threads", str(THREADS_PER_WORKER)]
        cmd = [str(BIN / "gunicorn"), *threads, *bind, *quiet, wsgi]
    elif server == "uvicorn":
        cmd = [
            str(BIN / "uvicorn"), "--host", "127.0.0.1", "--port", str(port),
            "--workers", str(workers), "--loop", "uvloop", "--http", "httptools",
            "--backlog", "2048", "--no-access-log", "--log-level", "warning",
            "labsite.asgi:application",
        ]  # fmt: skip
    elif server == "granian":
        cmd = [
            str(BIN / "granian"), "--interface", "wsgi", "--host", "127.0.0.1",
            "--port", str(port), "--workers", str(workers), "--blocking-threads", "1",
            "--backlog", "2048", "--no-ws", "--log-level", "warning", wsgi,
        ]  # fmt: skip
    else:
        raise LabError(f"unknown server {server!r}")
    return pinned(core) + cmd


def describe(server: str) -> str:
    """A short human description of the server's concurrency model."""
    return {
        "gunicorn-sync": "gunicorn, sync workers (one request at a time per process)",
        "gunicorn-threads": f"gunicorn, gthread workers ({THREADS_PER_WORKER} threads/process)",
        "uvicorn": "uvicorn (ASGI, uvloop+httptools); sync views run in a worker thread",
        "granian": "granian (Rust HTTP server), WSGI interface, 1 blocking thread/process",
    }[server]
