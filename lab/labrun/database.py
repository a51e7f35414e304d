"""The lab's databases: a fresh SQLite file, or a throwaway PostgreSQL cluster on loopback."""

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from labrun.errors import LabError
from labrun.procs import free_port, pinned, prioritise


@dataclass
class Database:
    kind: str
    env: dict[str, str]
    version: str
    pid: int | None = None  # the PostgreSQL postmaster, for its CPU time
    notes: list[str] = field(default_factory=list)


@contextmanager
def sqlite(workdir: Path) -> Iterator[Database]:
    import sqlite3

    path = workdir / "lab.sqlite3"
    yield Database("sqlite", {"LAB_DB": "sqlite", "LAB_SQLITE_PATH": str(path)},
                   f"SQLite {sqlite3.sqlite_version}")  # fmt: skip


def pg_bindir() -> Path | None:
    """Where PostgreSQL's server programs are (LAB_PG_BINDIR overrides), if anywhere."""
    if "LAB_PG_BINDIR" in os.environ:
        found = [os.environ["LAB_PG_BINDIR"]]
    else:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key)
    for d in reversed(found):
        if (Path(d) / "initdb").exists() and (Path(d) / "pg_ctl").exists():
            return Path(d)
    return None


def _version_key(path: str) -> int:
    part = Path(path).parent.name
    return int(part) if part.isdigit() else 0


def ensure_postgresql(log: Path) -> Path:
    """PostgreSQL's bin folder, installing Debian's `postgresql` first when it is missing."""
    found = pg_bindir()
    if found:
        return found
    install = os.environ.get(
        "LAB_PG_INSTALL", "apt-get update -q && apt-get install -y -q postgresql"
    )
    with log.open("ab") as out:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        rc = subprocess.call(["sh", "-c", install], stdout=out, stderr=out, env=env)
    found = pg_bindir()
    if rc != 0 or found is None:
        raise LabError(
            f"PostgreSQL is missing and could not be installed ({install!r} exited {rc}; see {log})"
        )
    return found


def _as_postgres() -> list[str]:
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def _run(cmd: list[str], log: Path) -> None:
    with log.open("ab") as out:
        rc = subprocess.call(cmd, stdout=out, stderr=out, stdin=subprocess.DEVNULL)
    if rc != 0:
        name = next((Path(c).name for c in cmd if "/" in c), cmd[0])
        raise LabError(f"{name} failed (exit {rc}); see {log}")


@contextmanager
def postgresql(log: Path, core: str | None) -> Iterator[Database]:
    """initdb + pg_ctl start in a temporary folder on a free loopback port; removed at the end."""
    bindir = ensure_postgresql(log)
    tmp = Path(tempfile.mkdtemp(prefix="lab-pg-"))
    data, port = tmp / "data", free_port()
    try:
        if os.geteuid() == 0:
            shutil.chown(tmp, "postgres", "postgres")
        _run([*_as_postgres(), str(bindir / "initdb"), "-D", str(data), "-A", "trust",
              "-U", "postgres", "--no-sync", "-E", "UTF8"], log)  # fmt: skip
        opts = f"-c listen_addresses=127.0.0.1 -p {port} -k {tmp}"
        pg_ctl = [str(bindir / "pg_ctl"), "-D", str(data)]
        _run([*pinned(core), *_as_postgres(), *pg_ctl, "-o", opts, "-l", str(tmp / "pg.log"), "-w",
              "start"], log)  # fmt: skip
        try:
            yield _started(bindir, data, port, log)
        finally:
            _run([*_as_postgres(), *pg_ctl, "-m", "fast", "-w", "stop"], log)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _started(bindir: Path, data: Path, port: int, log: Path) -> Database:
    _run([str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "lab"],
         log)  # fmt: skip
    version = subprocess.run(
        [str(bindir / "postgres"), "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    pid = int((data / "postmaster.pid").read_text().split()[0])
    prioritise(pid)
    env = {"LAB_DB": "postgresql", "LAB_PG_HOST": "127.0.0.1", "LAB_PG_PORT": str(port)}
    return Database("postgresql", env, version.replace("postgres (PostgreSQL)", "PostgreSQL"), pid)
