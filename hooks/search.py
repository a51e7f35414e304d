"""MkDocs hook: index the built site with Pagefind after every build (and `serve` rebuild).

Pagefind (the binary inside the `pagefind-bin` wheel) reads the HTML in the site folder and writes
a static, chunked index and its own script into `pagefind/`; `docs/assets/dds-search.js` answers
Material's search box from it. Only what `data-pagefind-body` marks (the page's content, see
overrides/main.html) is indexed, so redirect pages and the 404 page are left out.

A build waits for the index. Under `mkdocs serve` the rebuilt page is shown at once and the index
follows a moment later: an indexing still running when the next rebuild ends is stopped and
started again, and one still running when the server stops is stopped.
"""

from __future__ import annotations

import subprocess

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from pagefind_bin import get_executable


class Indexer:
    def __init__(self) -> None:
        self.serving = False
        self.running: subprocess.Popen[str] | None = None

    def index(self, site_dir: str) -> None:
        cmd = [str(get_executable()), "--site", site_dir, "--silent"]
        cmd += ["--exclude-selectors", ".headerlink"]  # the ¶ after each heading
        self.stop()
        self.running = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
        if not self.serving:
            self.wait(site_dir)

    def stop(self) -> None:
        if self.running is not None and self.running.poll() is None:
            self.running.kill()
            self.running.wait()
        self.running = None

    def wait(self, site_dir: str) -> None:
        if self.running is None:
            return
        _, error = self.running.communicate()
        failed, self.running = self.running.returncode != 0, None
        if failed:
            raise PluginError(f"Pagefind failed to index {site_dir}:\n{error}")


indexer = Indexer()


def on_startup(command: str, dirty: bool) -> None:
    indexer.serving = command == "serve"


def on_post_build(config: MkDocsConfig) -> None:
    indexer.index(config.site_dir)


def on_shutdown() -> None:
    indexer.stop()
