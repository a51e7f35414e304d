"""`make serve`'s preview: an edited entry shows on its page after the rebuild, and the search
index written in the background then counts every page once."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as fh:
            return str(fh.read().decode("utf-8"))
    except OSError:
        return ""


def _wait_for(url: str, text: str, seconds: float = 120) -> bool:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if text in _get(url):
            return True
        time.sleep(0.3)
    return False


@pytest.mark.slow
def test_an_edit_shows_after_the_rebuild_and_search_counts_pages_once(tmp_path: Path) -> None:
    data = tmp_path / "data"  # the fixture alone, as the build tests read it
    data.mkdir()
    catalogue = data / "sites.yaml"
    shutil.copy(FIXTURES / "small.yaml", catalogue)
    port = _free_port()
    env = {
        **os.environ,
        "CATALOGUE": str(catalogue),
        "DDS_CACHE": str(tmp_path / "cache"),
        "NO_MKDOCS_2_WARNING": "1",
        "DISABLE_MKDOCS_2_WARNING": "true",
    }
    exe = str(Path(sys.executable).parent / "mkdocs")
    cmd = [exe, "serve", "--dirty", "-a", f"127.0.0.1:{port}", "--watch", str(data)]
    server = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    page = f"http://127.0.0.1:{port}/sites/example-news/"
    try:
        assert _wait_for(page, "Example News"), "the preview did not start"
        text = catalogue.read_text()
        start = text.index("- slug: example-news")
        at = text.index("\n    summary: ", start) + len("\n    summary: ")
        catalogue.write_text(text[:at] + "Edited for the preview test. " + text[at:])
        assert _wait_for(page, "Edited for the preview test."), "the edit never showed"
        counts: list[int] = []  # the index's page count, until it holds still
        deadline = time.time() + 60
        while time.time() < deadline:
            entry = _get(f"http://127.0.0.1:{port}/pagefind/pagefind-entry.json")
            if entry:
                counts.append(sum(v["page_count"] for v in json.loads(entry)["languages"].values()))
            if len(counts) >= 3 and len(set(counts[-3:])) == 1:
                break
            time.sleep(0.5)
        assert counts, "no search index was served"
        assert "Edited for the preview test" in _get(page)
    finally:
        server.terminate()
        server.wait(timeout=30)
    built = tmp_path / "built"
    from conftest import build_site

    proc = build_site(catalogue, built, cache=tmp_path / "cache")
    assert proc.returncode == 0, proc.stderr
    from test_build import searchable_pages

    assert counts[-1] == len(searchable_pages(built))
