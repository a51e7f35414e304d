"""Measuring one endpoint on one running server: CSRF token, warm-up, query count, the sweep."""

import html
import re
import statistics
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, replace
from http.cookies import SimpleCookie

from labrun import wrk
from labrun.config import ENDPOINTS, Budget
from labrun.errors import LabError
from labrun.procs import core_busy_seconds, tree_cpu_seconds
from labrun.stats import Run
from labrun.sweep import SweepResult, sweep

TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FOREIGN_LIMIT = 0.10  # cores: a run whose server core was this busy with others is repeated
FOREIGN_RETRIES = 1
POST_BODY = "csrfmiddlewaretoken={token}&article={{id}}&author_name=Lab+load&body=Measured."


@dataclass(frozen=True)
class Target:
    """A running server (or nginx) to load, and the processes whose CPU time is counted."""

    base_url: str
    server_pids: tuple[int, ...]
    db_pid: int | None
    loader_core: str | None
    articles: int
    server_core: str | None = None  # where the servers (and database) run: foreign CPU there


def csrf(base_url: str) -> tuple[str, str]:
    """(cookie, form token) from one GET of the form page, as a browser would get them."""
    with urllib.request.urlopen(base_url + ENDPOINTS["form"].path, timeout=10) as resp:
        page = resp.read().decode()
        cookie = SimpleCookie(resp.headers.get("Set-Cookie", ""))
    match = TOKEN_RE.search(page)
    if "csrftoken" not in cookie or match is None:
        raise LabError("the form page gave no CSRF cookie and token")
    return cookie["csrftoken"].value, html.unescape(match.group(1))


def loader_env(name: str, target: Target) -> dict[str, str]:
    """The LAB_* variables wrk.lua reads to shape the requests of endpoint `name`."""
    ep = ENDPOINTS[name]
    env = {"LAB_METHOD": ep.method, "LAB_PATH": ep.path}
    if "{id}" in ep.path or ep.method == "POST":
        env["LAB_ID_MAX"] = str(target.articles)
    if ep.method == "POST":
        cookie, token = csrf(target.base_url)
        env["LAB_BODY"] = POST_BODY.format(token=token)
        env["LAB_COOKIE"] = f"csrftoken={cookie}"
    return env


def _request(target: Target, env: dict[str, str], article: int) -> urllib.request.Request:
    url = target.base_url + env["LAB_PATH"].replace("{id}", str(article))
    body = env.get("LAB_BODY", "").replace("{id}", str(article)).encode() or None
    headers = {"Cookie": env["LAB_COOKIE"]} if "LAB_COOKIE" in env else {}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    return urllib.request.Request(url, data=body, headers=headers, method=env["LAB_METHOD"])


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def queries_per_request(target: Target, env: dict[str, str], samples: int = 5) -> float:
    """Median of the X-Lab-Queries header over a few requests (the form's redirect included)."""
    opener = urllib.request.build_opener(_NoRedirect)
    counts = []
    for i in range(samples):
        req = _request(target, env, 1 + (i * 7919) % target.articles)
        try:
            resp = opener.open(req, timeout=10)
        except urllib.error.HTTPError as err:  # a 3xx with redirects turned off
            if not 300 <= err.code < 400:
                raise LabError(f"{req.full_url} answered {err.code}") from None
            resp = err
        counts.append(float(resp.headers.get("X-Lab-Queries", "nan")))
        resp.close()
    return float(statistics.median(counts))


def _cpu(pids: tuple[int, ...]) -> float:
    return sum(tree_cpu_seconds(p) for p in pids)


def settle(pids: tuple[int, ...], quiet_s: float = 0.05, max_s: float = 5.0) -> None:
    """Waits until the servers stop using CPU (requests left queued by wrk are done)."""
    deadline = time.monotonic() + max_s
    last = _cpu(pids)
    while time.monotonic() < deadline:
        time.sleep(quiet_s)
        now = _cpu(pids)
        if now - last < 0.006:
            return
        last = now


def run_clean(
    target: Target, env: dict[str, str], concurrency: int, seconds: int, guard: bool = True
) -> Run:
    """A run during which other processes used at most FOREIGN_LIMIT cores (else repeated)."""
    for attempt in range(FOREIGN_RETRIES + 1 if guard else 1):
        run = run_once(target, env, concurrency, seconds)
        if run.foreign_cores <= FOREIGN_LIMIT:
            break
    return replace(run, discarded=attempt)


def run_once(target: Target, env: dict[str, str], concurrency: int, seconds: int) -> Run:
    """One bounded wrk run; the server's (and database's) CPU time is read around it."""
    cmd = wrk.command(target.base_url + "/", concurrency, seconds, target.loader_core)
    cpu0 = _cpu(target.server_pids)
    db0 = tree_cpu_seconds(target.db_pid) if target.db_pid else 0.0
    busy0, t0 = core_busy_seconds(target.server_core), time.monotonic()
    try:
        out = subprocess.run(
            cmd, env={"PATH": "/usr/bin:/bin", **env}, capture_output=True, text=True,
            timeout=seconds + 30, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        raise LabError(f"wrk did not stop within {seconds + 30} s") from None
    cpu = _cpu(target.server_pids) - cpu0
    db = tree_cpu_seconds(target.db_pid) - db0 if target.db_pid else 0.0
    foreign = max(0.0, core_busy_seconds(target.server_core) - busy0 - cpu - db)
    foreign /= time.monotonic() - t0
    settle(target.server_pids)
    try:
        run = wrk.parse(out.stdout, concurrency)
    except wrk.WrkOutputError as exc:
        raise LabError(f"{exc} (stderr: {out.stderr.strip()[:200]})") from None
    return replace(run, cpu_s=cpu, db_cpu_s=db, foreign_cores=foreign)


@dataclass
class Measured:
    endpoint: str
    queries_per_request: float
    result: SweepResult
    loader_command: list[str]


def measure(target: Target, name: str, budget: Budget, targets: tuple[float, ...],
            error_limit: float) -> Measured:  # fmt: skip
    """Warm-up, query count, then the sweep of endpoint `name` on the running target."""
    env = loader_env(name, target)
    if budget.warmup_seconds:
        run_once(target, env, 4, budget.warmup_seconds)
    queries = queries_per_request(target, env)
    result = sweep(
        lambda c: run_clean(target, env, c, budget.probe_seconds, budget.guard),
        lambda c: run_clean(target, env, c, budget.run_seconds, budget.guard),
        budget.levels, targets, budget.runs, error_limit, budget.refine,
        budget.probe_seconds == budget.run_seconds,
    )  # fmt: skip
    shown = wrk.command(target.base_url + "/", 0, budget.run_seconds, target.loader_core)
    shown[shown.index("-c0")] = "-c<concurrency>"
    return Measured(name, queries, result, shown)
