"""Launch Debian's Chromium through Playwright with the flags this offline machine needs."""

from __future__ import annotations

import os
import shutil

CHROMIUM = (
    os.environ.get("CHROMIUM")
    or shutil.which("chromium")
    or shutil.which("chromium-browser")
    or "/usr/bin/chromium"
)
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def launch_args() -> dict[str, object]:
    return {"executable_path": CHROMIUM, "args": ARGS, "headless": True}
