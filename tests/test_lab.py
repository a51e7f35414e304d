"""Tests of the lab's runner (lab/labrun): its pure parts and one-line errors, without Django."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lab"))

from labrun import check, compare, report, wrk
from labrun.config import ENDPOINTS, SERVERS
from labrun.plan import Options, plan
from labrun.stats import Point, Run, median, spread
from labrun.sweep import decide, sweep

ROOT = Path(__file__).resolve().parent.parent
WRK_OUTPUT = """\
Running 2s test @ http://127.0.0.1:40000/
  1 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    45.10ms    3.02ms  60.00ms   90.00%
  700 requests in 2.00s, 8.00MB read
Requests/sec:    350.00
LAB-RESULT {"requests": 700, "duration_us": 2000000, "bytes": 8000000, "connect": 0, \
"read": 0, "write": 0, "status": 2, "timeout": 1, "p50_us": 45000, "p90_us": 48000, \
"p99_us": 55000, "p999_us": 59000, "max_us": 60000}
"""


def run(c: int, p99: float, errors: int = 0, requests: int = 1000) -> Run:
    return Run(c, 2.0, requests, errors, p99 / 2, p99 * 0.8, p99, p99 * 1.1)


# wrk output and command line


def test_parse_reads_the_result_line() -> None:
    r = wrk.parse(WRK_OUTPUT, 16)
    assert (r.concurrency, r.requests, r.errors) == (16, 700, 3)
    assert r.rps == pytest.approx(350.0)
    assert (r.p50_ms, r.p90_ms, r.p99_ms, r.p999_ms) == (45.0, 48.0, 55.0, 59.0)


@pytest.mark.parametrize(
    "text", ["Requests/sec: 350.00\n", "LAB-RESULT {not json}\n", 'LAB-RESULT {"requests": 1}\n']
)
def test_parse_rejects_output_without_a_valid_result_line(text: str) -> None:
    with pytest.raises(wrk.WrkOutputError):
        wrk.parse(text, 1)


def test_wrk_command_is_bounded_single_threaded_and_pinned() -> None:
    cmd = wrk.command("http://127.0.0.1:1234/", 64, 2, "1")
    assert cmd[cmd.index("taskset") : cmd.index("taskset") + 3] == ["taskset", "-c", "1"]
    assert {"-t1", "-c64", "-d2s", "--timeout=2s"} <= set(cmd)
    assert cmd[-1] == "http://127.0.0.1:1234/"
    assert "taskset" not in wrk.command("http://127.0.0.1:1/", 1, 1, None)


# median and spread


def test_median_and_spread() -> None:
    assert median([3.0, 1.0, 2.0]) == 2.0
    assert median([1.0, 2.0, 3.0, 4.0]) == 2.5
    assert spread([90.0, 100.0, 110.0]) == pytest.approx(0.2)
    assert spread([5.0]) == 0.0
    assert spread([0.0, 0.0]) == 0.0
    with pytest.raises(ValueError):
        median([])


def test_point_medians_error_rate_and_passing() -> None:
    p = Point(4, [run(4, 80), run(4, 90), run(4, 120, errors=1)])
    assert p.med("p99_ms") == 90
    assert p.error_rate == pytest.approx(1 / 3000)
    assert p.passes(100, error_limit=0.001)
    assert not p.passes(85, error_limit=0.001)
    assert not p.passes(100, error_limit=0.0001)


# the sweep and its stopping rule


class Fake:
    """A server whose p99 is 2 ms per connection; counts the runs asked of it."""

    def __init__(self, errors_from: int = 10**9) -> None:
        self.calls: list[int] = []
        self.errors_from = errors_from

    def __call__(self, c: int) -> Run:
        self.calls.append(c)
        return run(c, 2.0 * c, errors=100 if c >= self.errors_from else 0)


def test_sweep_stops_at_the_first_level_past_the_highest_target() -> None:
    fake = Fake()
    result = sweep(fake, fake, (1, 4, 16, 64, 256, 1024), (100, 250), 5, 0.001)
    assert 1024 not in fake.calls  # 256 -> p99 512 ms > 250 ms: stop
    assert "concurrency 256" in result.stopped_because
    # refined: 32 (64 ms) passes 100 ms; 128 (256 ms) fails 250 ms, so 64 decides it
    assert result.decided == {100: 32, 250: 64}
    assert len(result.points[32].runs) == 5 and len(result.points[64].runs) == 5
    assert len(result.points[16].runs) == 1


def test_sweep_stops_when_errors_appear() -> None:
    fake = Fake(errors_from=16)
    result = sweep(fake, fake, (1, 4, 16, 64), (100, 250), 5, 0.001)
    assert max(fake.calls) == 16 and 64 not in fake.calls
    assert result.stopped_because.startswith("errors")
    assert result.decided[100] == 8  # refined between 4 and 16; 16 failed on errors


def test_decide_falls_back_when_the_repeated_runs_fail() -> None:
    points = {1: Point(1, [run(1, 10)]), 4: Point(4, [run(4, 95)])}
    result = decide(lambda c: run(c, 10 if c == 1 else 130), points, 100, 5, 0.001)
    assert result == 1
    assert points[4].med("p99_ms") == 130 and len(points[1].runs) == 5


def test_decide_says_none_when_nothing_passes() -> None:
    points = {1: Point(1, [run(1, 300)])}
    assert decide(lambda c: run(c, 300), points, 100, 5, 0.001) is None


def test_probe_counts_as_a_run_only_when_runs_are_equally_long() -> None:
    points = {1: Point(1, [run(1, 10)])}
    calls: list[int] = []
    decide(lambda c: calls.append(c) or run(c, 10), points, 100, 3, 0.001, keep_probe=True)
    assert len(calls) == 2 and len(points[1].runs) == 3


# the plan


def test_default_plan_covers_every_endpoint_on_sync_and_json_list_elsewhere() -> None:
    groups = plan(Options())
    assert groups[0].server == "gunicorn-sync" and set(groups[0].endpoints) == set(ENDPOINTS)
    assert groups[0].endpoints[-1] == "form"  # the writing endpoint runs last
    assert {g.server for g in groups} == set(SERVERS)
    assert all(g.endpoints == ("json", "list") for g in groups[1:])


def test_postgresql_plan_measures_both_connection_modes() -> None:
    groups = plan(Options(db="postgresql"))
    assert {g.conn for g in groups if g.server == "gunicorn-sync"} == {"persistent", "pool"}
    custom = plan(Options(db="postgresql", servers=("uvicorn",), conns=("pool",)))
    assert [(g.server, g.conn) for g in custom] == [("uvicorn", "pool")]


# the results document: checks, report, comparison


def result(endpoint: str, rate: float, queries: float, **point: float) -> dict[str, object]:
    p = {"concurrency": 4, "runs": 5, "rps": rate, "p50_ms": 5.0, "p90_ms": 8.0, "p99_ms": 20.0,
         "p999_ms": 30.0, "spread": {"rps": 0.05, "p99_ms": 0.1}, "requests": 1000, "errors": 0,
         "error_rate": 0.0, "cpu_ms_per_request": 2.5, "rps_per_process": rate,
         **point}  # fmt: skip
    return {
        "endpoint": endpoint, "path": "/", "method": "GET", "server": "gunicorn-sync",
        "database": "sqlite", "conn": None, "workers": 1, "processes": 1, "cores": {},
        "loader_mode": "closed-loop", "command": "make lab", "queries_per_request": queries,
        "cpu_ms_per_request": 2.5, "rps_per_process_p99_le_100ms": rate,
        "rps_per_process_p99_le_250ms": rate, "sustainable": {"p99_le_100ms": p,
        "p99_le_250ms": p}, "points": [p], "stopped_because": "test",
    }  # fmt: skip


def document(*results: dict[str, object]) -> dict[str, object]:
    return {
        "schema_version": 1, "id": "x", "kind": "full", "started": "2026-12-05T00:00:00+00:00",
        "command": "make lab", "duration_s": 1.0,
        "machine": {"name": "m", "cpu_model": "CPU", "cores": 2, "memory_gib": 1, "os": "Linux"},
        "software": {k: "1" for k in ("python", "django", "gunicorn", "uvicorn", "granian",
                                      "psycopg", "database", "wrk", "nginx")},
        "git": {"commit": "abc", "dirty": False},
        "method": {"loader_mode": "closed-loop", "cores": {"server": "0", "database": "0",
                   "loader": "1"}, "concurrency_levels": [1], "run_seconds": 2,
                   "warmup_seconds": 2, "runs_per_deciding_point": 5, "error_limit": 0.001},
        "results": list(results), "scaling": None,
    }  # fmt: skip


def test_check_accepts_a_consistent_document() -> None:
    doc = document(result("list", 150, 3), result("naive", 40, 76), result("cached", 2000, 0))
    assert check.problems(doc, low_load=True) == []


def test_check_finds_inconsistent_numbers() -> None:
    doc = document(result("list", 150, 3, p90_ms=50.0), result("naive", 40, 2, errors=3))
    found = "\n".join(check.problems(doc, low_load=True))
    assert "percentiles out of order" in found and "3 errors at low load" in found
    doc = document(result("list", 150, 3), result("naive", 40, 2))
    assert check.problems(doc) == ["naive/gunicorn-sync/sqlite/None: not more queries than list"]
    assert check.problems({"results": []})[0].startswith("document: missing")


def test_report_has_the_tables_the_site_quotes() -> None:
    text = report.render(document(result("list", 150, 3), result("naive", 40, 76)))
    assert "## Sustainable rate per worker process" in text
    assert "| list | gunicorn-sync | sqlite | 150 |" in text
    assert "the naive page sustains 27% of the optimised page's rate" in text


def test_compare_reports_the_relative_difference() -> None:
    rows = compare.compare(document(result("list", 100, 3)), document(result("list", 110, 3)))
    assert rows[0]["difference"] == pytest.approx(10 / 105)


# one-line errors (exit status 2), through the real command line


def lab(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "labrun", *args], cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "lab"), **env}, timeout=60, check=False,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--endpoints", "json,bogus"], "unknown endpoint 'bogus'"),
        (["--server", "waitress"], "unknown server 'waitress'"),
        (["--db", "mysql"], "unknown database 'mysql'"),
        (["--conn", "forever"], "unknown connection mode 'forever'"),
        (["--workers", "0"], "workers must be between 1 and 64"),
        (["--workers", "two"], "workers must be a whole number"),
        (["--port", "70000"], "port must be between 1 and 65535"),
        (["--frobnicate"], "unrecognized arguments"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], message: str) -> None:
    done = lab(*args)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and message in done.stderr
    assert "Traceback" not in done.stderr


def test_a_taken_port_is_refused() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        done = lab("--port", str(port))
    assert done.returncode == 2
    assert done.stderr.strip() == f"lab: error: port {port} on 127.0.0.1 is already in use"


def test_a_missing_postgresql_that_cannot_be_installed() -> None:
    done = lab("--db", "postgresql", "--quick", "1", "--out", "/tmp/lab-test-unused",
               LAB_PG_BINDIR="/nonexistent", LAB_PG_INSTALL="exit 100")  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "PostgreSQL is missing and could not be installed" in (
        done.stderr
    )


def test_scaling_verdict_says_whether_processes_add_up() -> None:
    from labrun.scaling import verdict

    rows = [
        {"setup": "nginx-1", "endpoint": "list", "rps_p99_le_100ms": 160.0,
         "direct_rps_per_process_p99_le_100ms": 170.0},
        {"setup": "nginx-2", "endpoint": "list", "rps_p99_le_100ms": 170.0},
        {"setup": "nginx-2-spread", "endpoint": "list", "rps_p99_le_100ms": 300.0},
    ]  # fmt: skip
    text = verdict(rows)
    assert "list: one process behind nginx 160 req/s (94% of the same process" in text
    assert "sharing core 0: 1.06x (a second process on the same busy core adds little" in text
    assert "cores 0 and 1: 1.88x (the per-process rates add up" in text


def test_the_rate_for_the_looser_target_is_never_lower() -> None:
    from labrun.sweep import answers

    points = {
        4: Point(4, [Run(4, 2.0, 1000, 0, 8, 20, 40, 45)] * 5, decided=True),  # 500 req/s
        16: Point(16, [Run(16, 2.0, 800, 0, 90, 150, 200, 210)] * 5, decided=True),  # 400
    }
    assert answers(points, (100, 250), 0.001) == {100: 4, 250: 4}


def test_a_lower_level_with_a_faster_probe_is_measured_too() -> None:
    """Closed-loop rate is not monotonic: a faster lower level gets its own 5 runs."""
    points = {
        16: Point(16, [Run(16, 2.0, 4600, 0, 5, 9, 14, 20)]),  # 2,300 req/s
        64: Point(64, [Run(64, 2.0, 3900, 0, 30, 60, 90, 95)]),
    }  # 1,950 req/s
    calls: list[int] = []

    def measure(c: int) -> Run:
        calls.append(c)
        return points[c].runs[0]

    assert decide(measure, points, 100, 5, 0.001) == 16
    assert calls == [64] * 5 + [16] * 5
