"""Pages whose HTML is kept in the content cache: Markdown is converted once per change.

Converting Markdown is most of what MkDocs spends on a page. A page's HTML depends only on its
final Markdown (after every `on_page_markdown` event, so after the macros of a hand-written
page), its place in the site and the Markdown configuration, so it is cached under exactly those
and the code's digest. A page that includes other files (snippets) is always converted. What
MkDocs reads back from the conversion (table of contents, title, anchors and the links to other
pages' anchors, which it validates after the build) is kept with it. A conversion that warned (a
link to a missing page, say) is not kept, so the warning, and `--strict`, come back every build.

When the cache lacks them, a second process (this file run as a script) converts entry pages from
the last one backwards while MkDocs converts them from the first one on; each side skips a page
the other has stored, so a build from an empty cache uses both cores. The second process only
fills the cache: a page it has not stored yet is converted here as usual.
"""

from __future__ import annotations

import logging
import pickle
import subprocess
import sys
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import meta as front_matter

from cache import ContentCache


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def markdown_salt(config: MkDocsConfig, code: str) -> str:
    """Everything besides the page itself that its HTML depends on."""
    return repr((code, config.markdown_extensions, config.mdx_configs, config.use_directory_urls))


def page_key(salt: str, src_uri: str, markdown: str) -> str:
    return repr(("html", salt, src_uri, markdown))


def markdown_in(store: ContentCache, name: str) -> str:
    """The Markdown MkDocs reads from a page's stored source (front matter removed)."""
    return front_matter.get_data((store.get_named(name) or b"").decode("utf-8"))[0]


def nav_titles(nav: Any) -> dict[str, str]:
    """The title the `nav` configuration gives each page (MkDocs keeps a page made before the
    navigation as it is, so a page made here takes its title from this)."""
    found: dict[str, str] = {}
    for item in nav if isinstance(nav, list) else []:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    found[value] = title
                else:
                    found.update(nav_titles(value))
    return found


class CachedPage(Page):
    def __init__(
        self,
        file: File,
        config: MkDocsConfig,
        store: ContentCache,
        salt: str,
        title: str | None = None,
    ) -> None:
        super().__init__(title, file, config)
        self.store, self.salt = store, salt

    def render(self, config: MkDocsConfig, files: Files) -> None:
        assert self.markdown is not None
        if "--8<--" in self.markdown:  # includes other files (snippets): their text is not a key
            super().render(config, files)
            return
        key = page_key(self.salt, self.file.src_uri, self.markdown)
        found = self.store.get(key)
        if found is not None:
            try:
                self._restore(pickle.loads(found), files)
                return
            except Exception:  # noqa: BLE001 - a damaged value is only a miss
                pass
        warnings = _Warnings()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(warnings)
        try:
            super().render(config, files)
        finally:
            logger.removeHandler(warnings)
        if not warnings.count:
            self.store.put(key, pickle.dumps(self._saved(), protocol=pickle.HIGHEST_PROTOCOL))

    def _saved(self) -> dict[str, Any]:
        links = {f.src_uri: dict(a) for f, a in (self.links_to_anchors or {}).items()}
        return {
            "content": self.content,
            "toc": self.toc,
            "title": self._title_from_render,
            "anchors": self.present_anchor_ids,
            "links": links,
        }

    def _restore(self, saved: dict[str, Any], files: Files) -> None:
        links = {}
        for src_uri, anchors in saved["links"].items():
            target = files.get_file_from_path(src_uri)
            if target is None:  # the page linked to is gone: convert again
                raise LookupError(src_uri)
            links[target] = anchors
        self.content = saved["content"]
        self.toc = saved["toc"]
        self._title_from_render = saved["title"]
        self.present_anchor_ids = saved["anchors"]
        self.links_to_anchors = links


def convert_behind(
    config: MkDocsConfig,
    files: Files,
    pages: list[tuple[File, str]],
    store: ContentCache,
    salt: str,
) -> Any:
    """Start the second process when the cache lacks the last entry page's HTML; return it.
    `pages` are the entry pages with the names their sources are stored under."""
    if store.path is None or not pages:
        return None
    last, source = pages[-1]
    if store.on_disk(page_key(salt, last.src_uri, markdown_in(store, source))):
        return None  # a warm cache: nothing for a second process to do
    job = {
        "config_file": config.config_file_path,
        "markdown": (config.markdown_extensions, config.mdx_configs),
        "salt": salt,
        "cache": store.folder,
        "files": [(f.src_uri, f.dest_uri, f.url) for f in files],
        "pages": [(f.src_uri, name) for f, name in reversed(pages)],
    }
    try:
        data = pickle.dumps(job)
    except Exception:  # noqa: BLE001 - an extension configured with an object: one process
        return None
    proc = subprocess.Popen(
        [sys.executable, __file__],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    assert proc.stdin is not None
    proc.stdin.write(data)
    proc.stdin.close()
    return proc


def _convert(job: dict[str, Any]) -> None:
    from mkdocs.config import load_config

    config = load_config(job["config_file"])
    config.markdown_extensions, config.mdx_configs = job["markdown"]
    files = Files([])
    for src_uri, dest_uri, url in job["files"]:
        f = File(src_uri, None, config.site_dir, config.use_directory_urls)
        f.dest_uri, f.url = dest_uri, url
        files.append(f)
    store = ContentCache(job["cache"])
    for src_uri, name in job["pages"]:
        markdown = markdown_in(store, name)
        key = page_key(job["salt"], src_uri, markdown)
        if store.on_disk(key):
            continue  # stored by the build, or by an earlier run
        file = files.get_file_from_path(src_uri)
        if file is None:
            continue
        page = CachedPage(file, config, store, job["salt"])
        page.markdown = markdown
        page.render(config, files)


if __name__ == "__main__":
    _convert(pickle.loads(sys.stdin.buffer.read()))
