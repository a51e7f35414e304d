"""What the results were measured on: hardware, software versions and the git commit."""

import importlib.metadata
import os
import platform
import re
import subprocess
from pathlib import Path
from typing import Any

PACKAGES = ("Django", "gunicorn", "uvicorn", "uvloop", "httptools", "granian", "psycopg",
            "psycopg-pool")  # fmt: skip


def _cpuinfo(key: str) -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return 0.0


def _os_name() -> str:
    try:
        text = Path("/etc/os-release").read_text()
        m = re.search(r'^PRETTY_NAME="?([^"\n]+)', text, re.MULTILINE)
        return m.group(1) if m else platform.system()
    except OSError:
        return platform.system()


def info() -> dict[str, Any]:
    return {
        "cpu_model": _cpuinfo("model name"),
        "cores": os.cpu_count() or 0,
        "memory_gib": _memory_gib(),
        "os": _os_name(),
        "kernel": platform.release(),
        "arch": platform.machine(),
    }


def slug(override: str | None) -> str:
    """A short file-name-safe machine name: the CPU model and core count unless overridden."""
    raw = override or f"{_cpuinfo('model name')}-{os.cpu_count()}c"
    return re.sub(r"[^a-z0-9]+", "-", raw.lower()).strip("-")[:40] or "machine"


def _tool_version(cmd: list[str], pattern: str) -> str | None:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=10, check=False)
    except OSError:
        return None
    m = re.search(pattern, out.stdout + out.stderr)
    return m.group(1) if m else None


def software(database: str) -> dict[str, str | None]:
    found: dict[str, str | None] = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name.lower()] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name.lower()] = None
    found["database"] = database
    found["wrk"] = _tool_version(["wrk", "-v"], r"wrk (?:debian/)?([0-9][^ ]*)")
    found["nginx"] = _tool_version(["nginx", "-v"], r"nginx/([0-9.]+)")
    return found


def git(repo: Path) -> dict[str, Any]:
    def out(*args: str) -> str:
        res = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                             check=False)  # fmt: skip
        return res.stdout.strip() if res.returncode == 0 else ""

    status = out("status", "--porcelain", "--", ".", ":!lab/results")
    return {"commit": out("rev-parse", "HEAD") or None, "branch": out("branch", "--show-current"),
            "dirty": bool(status)}  # fmt: skip
