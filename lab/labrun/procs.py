"""Starting and stopping the lab's own processes (whole process groups), ports and CPU time."""

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from labrun.errors import LabError

CLK_TCK = os.sysconf("SC_CLK_TCK")


NICE = "-20"  # lab processes outrank the machine's other work (root only), see README


def pinned(core: str | None) -> list[str]:
    """Command prefix: higher priority (as root) and pinned to `core` (when there is one)."""
    nice = ["nice", "-n", NICE] if os.geteuid() == 0 else []
    return nice + (["taskset", "-c", core] if core is not None else [])


def prioritise(pid: int) -> None:
    """Gives the scheduler autogroup of `pid` the lab's priority (root only, else nothing).

    With autogroups (Linux's default for desktop-like setups) each session's processes share
    one weight, so `nice` alone does not make the lab outrank other sessions' work."""
    if os.geteuid() != 0:
        return
    try:
        with open(f"/proc/{pid}/autogroup", "w") as f:
            f.write(NICE)
    except OSError:
        pass


def free_port() -> int:
    """A port the OS says is free on 127.0.0.1 now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def check_port_free(port: int) -> None:
    """Exit-2 error when an explicitly requested port is taken (or not a valid port)."""
    if not 1 <= port <= 65535:
        raise LabError(f"port {port} is not between 1 and 65535")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            raise LabError(f"port {port} on 127.0.0.1 is already in use") from None


def stop_group(proc: subprocess.Popen[bytes], grace_s: float = 5.0) -> None:
    """SIGTERM the process group, then SIGKILL it if it has not gone within the grace time."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    try:
        proc.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # stragglers of the group, if any
    except ProcessLookupError:
        pass
    if proc.poll() is None:
        proc.wait(timeout=grace_s)


@contextmanager
def group(cmd: Sequence[str], cwd: Path, env: dict[str, str], log: Path) -> Iterator[int]:
    """Runs `cmd` in its own process group for the duration of the block; yields its pid."""
    with log.open("ab") as out:
        proc = subprocess.Popen(
            list(cmd),
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    prioritise(proc.pid)
    try:
        yield proc.pid
    finally:
        stop_group(proc)


def wait_http(url: str, timeout_s: float, pid: int | None = None) -> None:
    """Polls `url` until it answers 200; error if the timeout passes or `pid` dies."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if pid is not None and not _alive(pid):
            raise LabError(f"the server exited before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=1) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise LabError(f"nothing answered {url} within {timeout_s:g} s")


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _stat_fields(pid: int) -> list[str] | None:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None


def core_busy_seconds(core: str | None) -> float:
    """CPU seconds `core` (all cores if None) spent in user, nice and system time since boot."""
    name = "cpu" if core is None else f"cpu{core}"
    with open("/proc/stat") as f:
        for line in f:
            fields = line.split()
            if fields[0] == name:
                return sum(int(x) for x in fields[1:4]) / CLK_TCK
    return 0.0


def tree_cpu_seconds(root: int) -> float:
    """User + system CPU seconds of `root` and all its live descendants."""
    children: dict[int, list[int]] = {}
    stats: dict[int, list[str]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            fields = _stat_fields(int(name))
            if fields is not None:
                stats[int(name)] = fields
                children.setdefault(int(fields[1]), []).append(int(name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        if pid in stats:
            total += int(stats[pid][11]) + int(stats[pid][12])  # utime, stime
        todo.extend(children.get(pid, []))
    return total / CLK_TCK
