"""Shared test fixtures: fixture catalogues, a fixed 'today', and site builds made once per
session."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
TODAY = dt.date(2026, 11, 25)
sys.path.insert(0, str(ROOT / "scripts"))


SLOW = {"small_site", "real_site", "hostile_site", "browser", "small_url", "page", "real_cat"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that build a site, open a browser or read the real catalogue are `slow`: `make
    test-fast` leaves them out."""
    for item in items:
        if SLOW & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def build_site(
    catalogue: Path, out: Path, tool: str = "mkdocs", cache: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Build the site from `catalogue` into `out` with mkdocs (or properdocs), with the
    repository's build cache or `cache`; return the process."""
    env = {
        **os.environ,
        **({"DDS_CACHE": str(cache)} if cache else {}),
        "CATALOGUE": str(catalogue),
        "NO_MKDOCS_2_WARNING": "1",
        "DISABLE_MKDOCS_2_WARNING": "true",
    }
    exe = str(Path(sys.executable).parent / tool)
    cmd = [exe, "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "--site-dir", str(out)]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """Debian's Chromium, driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    from browser import launch_args

    with sync_playwright() as p:
        b = p.chromium.launch(**launch_args())
        yield b
        b.close()


@pytest.fixture(scope="session")
def small_cat():  # type: ignore[no-untyped-def]
    """The small fixture catalogue, loaded in a test (a fault fails that test, not collection)."""
    from ddscale.core import catalogue

    return catalogue.load(str(FIXTURES / "small.yaml"), today=TODAY)


@pytest.fixture(scope="session")
def real_cat():  # type: ignore[no-untyped-def]
    from ddscale.core import catalogue

    return catalogue.load(str(ROOT / "data" / "sites.yaml"))


@pytest.fixture(scope="session")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("small-site")
    proc = build_site(FIXTURES / "small.yaml", out)
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("real-site")
    proc = build_site(ROOT / "data" / "sites.yaml", out)
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="session")
def small_url(small_site: Path):  # type: ignore[no-untyped-def]
    """The small fixture site, served on loopback."""
    from serve_static import serve

    with serve(str(small_site)) as base:
        yield base


@pytest.fixture()
def page(browser):  # type: ignore[no-untyped-def]
    """A desktop-sized page in a fresh browser context."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    yield ctx.new_page()
    ctx.close()
