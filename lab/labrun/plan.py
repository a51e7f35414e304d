"""Which (server, connection mode, endpoints) groups a run measures, from the user's options."""

from dataclasses import dataclass
from pathlib import Path

from labrun.config import ENDPOINTS, FULL, OTHER_SERVER_ENDPOINTS, QUICK, SERVERS, SMOKE, Budget


@dataclass(frozen=True)
class Options:
    db: str = "sqlite"
    servers: tuple[str, ...] | None = None  # None: the default plan
    endpoints: tuple[str, ...] | None = None
    workers: int = 1
    conns: tuple[str, ...] = ("persistent", "pool")
    mode: str = "full"  # full | quick | smoke
    port: int | None = None
    out: Path | None = None
    machine: str | None = None
    scaling: bool = True

    @property
    def budget(self) -> Budget:
        return {"full": FULL, "quick": QUICK, "smoke": SMOKE}[self.mode]

    @property
    def custom(self) -> bool:
        return self.servers is not None or self.endpoints is not None


@dataclass(frozen=True)
class Group:
    """One server start: these endpoints are measured, in order, against it."""

    server: str
    conn: str | None
    endpoints: tuple[str, ...]


def _ordered(names: tuple[str, ...]) -> tuple[str, ...]:
    """Catalogue order, with the writing endpoint last so reads see the seeded data only."""
    return tuple(n for n in ENDPOINTS if n in names and n != "form") + (
        ("form",) if "form" in names else ()
    )


def plan(opts: Options) -> list[Group]:
    conns: tuple[str | None, ...] = opts.conns if opts.db == "postgresql" else (None,)
    every = tuple(ENDPOINTS)
    if opts.custom:
        servers = opts.servers or ("gunicorn-sync",)
        endpoints = _ordered(opts.endpoints or every)
        return [Group(s, c, endpoints) for c in conns for s in servers]
    if opts.mode == "smoke":
        return _smoke(conns)
    # With the first mode (persistent), the endpoints whose queries differ most; all with the pool.
    reads = ("json", "list", "naive")
    groups = [Group("gunicorn-sync", c, every if c == conns[-1] else reads) for c in conns]
    if opts.mode == "full":
        last = conns[-1:]  # other servers: SQLite, or PostgreSQL's last mode (the pool)
        groups += [Group(s, c, OTHER_SERVER_ENDPOINTS) for c in last for s in SERVERS[1:]]
    return groups


def _smoke(conns: tuple[str | None, ...]) -> list[Group]:
    """A few seconds per server: enough to check every code path and the report's shape."""
    if conns == (None,):
        return [Group("gunicorn-sync", None, tuple(ENDPOINTS))] + [
            Group(s, None, ("json",)) for s in SERVERS[1:]
        ]
    first, last = conns[0], conns[-1]
    groups = [Group("gunicorn-sync", last, ("list", "naive", "form"))]
    if first != last:
        groups.append(Group("gunicorn-sync", first, ("json",)))
    return groups + [Group(s, last, ("json",)) for s in SERVERS[1:]]
