"""What the lab can measure (endpoints, servers, databases) and the method's fixed numbers."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: str
    method: str
    about: str


ENDPOINTS: dict[str, Endpoint] = {
    e.name: e
    for e in (
        Endpoint("json", "/api/articles/", "GET", "JSON list of the 50 latest articles"),
        Endpoint("list", "/articles/", "GET", "HTML list, select_related/prefetch_related"),
        Endpoint("naive", "/articles/naive/", "GET", "same HTML list written naively (N+1)"),
        Endpoint("detail", "/articles/{id}/", "GET", "one article (random id) with comments"),
        Endpoint("cached", "/articles/cached/", "GET", "the HTML list behind cache_page"),
        Endpoint("form", "/comments/new/", "POST", "form POST with CSRF token, writes a row"),
    )
}

SERVERS = ("gunicorn-sync", "gunicorn-threads", "uvicorn", "granian")
DATABASES = ("sqlite", "postgresql")
CONN_MODES = ("persistent", "pool")

# The full default: every endpoint on gunicorn sync; the others on JSON and the optimised list.
OTHER_SERVER_ENDPOINTS = ("json", "list")
SCALING_ENDPOINTS = ("json", "list")

TARGETS_MS = (100.0, 250.0)
ERROR_LIMIT = 0.001  # a point whose error rate is above 0.1 % fails, whatever its latency
THREADS_PER_WORKER = 4  # gunicorn threads (gthread) per worker process


@dataclass(frozen=True)
class Budget:
    """How long and how often each load point is measured."""

    levels: tuple[int, ...]
    probe_seconds: int  # the first, single run at each level (wrk takes whole seconds)
    run_seconds: int  # each of the `runs` runs at a deciding level
    warmup_seconds: int
    runs: int
    articles: int
    refine: bool = True  # try the level between the last passing and the first failing one
    guard: bool = True  # repeat runs disturbed by other processes on the server's core


FULL = Budget((1, 4, 16, 64, 256, 1024), 1, 2, 1, 5, 20000, refine=False)
QUICK = Budget((1, 4, 16, 64, 256, 1024), 1, 1, 1, 3, 20000, refine=False)
SMOKE = Budget((1,), 1, 1, 0, 1, 1000, guard=False)
