"""Command line of the lab: reads and checks the options; bad input is one line, exit 2."""

import argparse
import shlex
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from labrun.config import CONN_MODES, DATABASES, ENDPOINTS, SERVERS
from labrun.errors import LabError
from labrun.plan import Options
from labrun.procs import check_port_free


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise LabError(message)


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="labrun", description="Load-test the lab's reference Django app.")
    add = p.add_argument
    add("--db", default="", help=f"database: {', '.join(DATABASES)} (default sqlite)")
    add("--server", default="", help=f"comma-separated servers or 'all': {', '.join(SERVERS)}")
    add(
        "--endpoints",
        default="",
        help=f"comma-separated endpoints or 'all': {', '.join(ENDPOINTS)}",
    )
    add("--workers", default="", help="worker processes per server (default 1)")
    add("--conn", default="", help="PostgreSQL connections: persistent, pool or both (default)")
    add("--port", default="", help="app server port (default: a free port from the OS)")
    add("--out", default="", help="folder for the JSON and report")
    add("--machine", default="", help="machine name in the file name")
    add("--quick", default="", help="any non-empty value: the quick run")
    add("--smoke", action="store_true", help="seconds of low load per server, then checks")
    add("--no-scaling", action="store_true", help="skip the nginx scaling check")
    add("--check", nargs="+", metavar="JSON", help="check the shape of results files and exit")
    add("--compare", nargs=2, metavar="JSON", help="rate differences between two results files")
    add("--render", nargs="+", metavar="JSON", help="rewrite the reports of results files")
    return p


def _names(raw: str, allowed: Sequence[str], what: str) -> tuple[str, ...] | None:
    if not raw.strip():
        return None
    if raw.strip() == "all":
        return tuple(allowed)
    names = tuple(dict.fromkeys(n.strip() for n in raw.split(",") if n.strip()))
    for n in names:
        if n not in allowed:
            raise LabError(f"unknown {what} {n!r} (choose from: {', '.join(allowed)})")
    return names


def _int(raw: str, what: str, low: int, high: int) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise LabError(f"{what} must be a whole number, not {raw!r}") from None
    if not low <= value <= high:
        raise LabError(f"{what} must be between {low} and {high}, not {value}")
    return value


def options(args: argparse.Namespace) -> Options:
    db = args.db.strip() or "sqlite"
    if db not in DATABASES:
        raise LabError(f"unknown database {db!r} (choose from: {', '.join(DATABASES)})")
    conn = args.conn.strip() or "both"
    if conn not in (*CONN_MODES, "both"):
        raise LabError(f"unknown connection mode {conn!r} (choose from: persistent, pool, both)")
    port = _int(args.port, "port", 1, 65535) if args.port.strip() else None
    if port is not None:
        check_port_free(port)
    mode = "smoke" if args.smoke else ("quick" if args.quick.strip() not in ("", "0") else "full")
    return Options(
        db=db,
        servers=_names(args.server, SERVERS, "server"),
        endpoints=_names(args.endpoints, tuple(ENDPOINTS), "endpoint"),
        workers=_int(args.workers, "workers", 1, 64) if args.workers.strip() else 1,
        conns=CONN_MODES if conn == "both" else (conn,),
        mode=mode,
        port=port,
        out=Path(args.out) if args.out.strip() else None,
        machine=args.machine.strip() or None,
        scaling=not args.no_scaling,
    )


def command_line(argv: Sequence[str]) -> str:
    return shlex.join(["python", "-m", "labrun", *argv])
