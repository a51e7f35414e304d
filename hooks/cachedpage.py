"""Pages whose HTML is kept in the content cache: Markdown is converted once per change.

Converting Markdown is most of what MkDocs spends on a page. A page's HTML depends only on its
final Markdown (after every `on_page_markdown` event, so after the macros of a hand-written
page), its place in the site and the Markdown configuration, so it is cached under exactly those
and the code's digest. A page that includes other files (snippets) is always converted. What
MkDocs reads back from the conversion (table of contents, title, anchors and the links to other
pages' anchors, which it validates after the build) is kept with it. A conversion that warned (a
link to a missing page, say) is not kept, so the warning, and `--strict`, come back every build.

From an empty cache, a forked copy of the build converts entry pages from the last one backwards
(`convert_from_end`, see forked.py) while MkDocs converts them from the first one on.
"""

from __future__ import annotations

import logging
import pickle
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import meta as front_matter

from cache import ContentCache
from pagefiles import StoredFile


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


def convert_from_end(
    entries: list[Any],
    sources: dict[str, str],
    files: Files,
    config: MkDocsConfig,
    store: ContentCache,
    salt: str,
) -> None:
    """Convert entry pages from the last one backwards, skipping those already stored (run by a
    copy of the build, forked.Helper, while MkDocs converts from the first page on)."""
    mine = {}
    for entry in entries:
        stored = StoredFile(entry.page_source, config, store, sources[entry.page_source])
        mine[entry.page_source] = stored
        if files.get_file_from_path(entry.page_source) is None:
            files.append(stored)  # for links between entry pages
    for entry in reversed(entries):
        page = CachedPage(mine[entry.page_source], config, store, salt)
        page.read_source(config)
        assert page.markdown is not None
        if not store.on_disk(page_key(salt, entry.page_source, page.markdown)):
            page.render(config, files)
