"""MkDocs hook: index the built site with Pagefind after every build (and `serve` rebuild).

Pagefind (the binary inside the `pagefind-bin` wheel) reads the HTML in the site folder and writes
a static, chunked index and its own script into `pagefind/`; `docs/assets/dds-search.js` answers
Material's search box from it. Only what `data-pagefind-body` marks (the page's content, see
overrides/main.html) is indexed, so redirect pages and the 404 page are left out.
"""

from __future__ import annotations

import subprocess

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from pagefind_bin import get_executable


def on_post_build(config: MkDocsConfig) -> None:
    cmd = [str(get_executable()), "--site", config.site_dir, "--silent"]
    cmd += ["--exclude-selectors", ".headerlink"]  # the ¶ after each heading
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise PluginError(f"Pagefind failed to index {config.site_dir}:\n{proc.stderr}")
