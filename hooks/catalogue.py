"""MkDocs hooks: the thin adapter between MkDocs and the catalogue.

It owns everything MkDocs-specific: where files are (from the MkDocs config), the catalogue loaded
for this build, the pages' front matter, caches kept between `mkdocs serve` rebuilds, and the
macros' view of the page being rendered. All of it lives on one `CatalogueHooks` instance; the
module-level functions are MkDocs' entry points into it.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ddscale.core import catalogue as core
from ddscale.core import extras, lab
from ddscale.core.problems import CatalogueError
from ddscale.site import api, cards, macros, render
from ddscale.tools import freshness

from cache import ContentCache
from pagefiles import write_if_changed

log = logging.getLogger("mkdocs.hooks.catalogue")


class AlwaysRebuilt(File):
    """A hand-written page: it computes from the catalogue, so `serve --dirty` always rebuilds
    it."""

    def is_modified(self) -> bool:
        return True


class CatalogueHooks:
    def __init__(self) -> None:
        self.serving = False
        self.base = Path(".")
        self.path = ""
        self.mtime = -1.0
        self.cat: core.Catalogue | None = None
        self.links = render.Links("", "/")
        self.renderer: render.Renderer | None = None
        self.pages = ContentCache(None)  # rendered entry pages, kept only while serving
        self.charts = ContentCache(".cache/charts")
        self.cards = ContentCache(".cache/cards")
        self.page_cards: dict[str, bytes] = {}
        self.lab: list[lab.Run] = []
        self.releases: list[extras.Release] = []
        self.corrections: list[extras.Correction] = []
        self.macro_page: Any = None

    # -- configuration --------------------------------------------------------------------------
    def config(self, config: MkDocsConfig) -> None:
        self.base = Path(os.path.dirname(config.config_file_path or "."))
        self.path = str(self.base / (os.environ.get("CATALOGUE") or core.DEFAULT_PATH))
        self.cat = self.load()
        data = os.path.dirname(self.path)
        try:
            self.lab = lab.read(str(self.base / "lab" / "results"))
            self.releases = extras.releases(str(self.base / "data"))  # the site's, any catalogue
            self.corrections = extras.corrections(data)
            known = set(self.cat.by_slug) | set(self.cat.former_slugs())
            wrong = extras.unknown_slugs(
                self.corrections, known, os.path.join(data, extras.CORRECTIONS)
            )
            if wrong:
                raise CatalogueError(wrong)
        except CatalogueError as exc:
            raise PluginError(
                f"{len(exc.problems)} problem(s) in the site's data:\n{exc}"
            ) from None
        self.renderer = render.Renderer(self.base / "templates")
        self.links = render.Links(
            repo_url=(config.repo_url or "").rstrip("/"), site_url=config.site_url or "/"
        )
        config.extra["dds_base_path"] = (
            urlsplit(config.site_url or "/").path or "/"
        )  # for the 404 page
        config.plugins["redirects"].config.setdefault("redirect_maps", {}).update(
            self.cat.redirects()
        )
        plugin: Any = config.plugins["macros"]
        self.macro_page = plugin
        plugin.register_macros(macros.bind(self.macro_context))

    def load(self) -> core.Catalogue:
        """The catalogue, read again only when its file changed (serve rebuilds)."""
        mtime = os.stat(self.path).st_mtime
        if self.cat is None or mtime != self.mtime:
            try:
                self.cat = core.load(self.path)
            except CatalogueError as exc:
                raise PluginError(
                    f"{self.path} has {len(exc.problems)} problem(s); run make check:\n{exc}"
                ) from None
            self.mtime = mtime
        return self.cat

    def macro_context(self) -> macros.Context:
        url = self.macro_page.page.url if self.macro_page and self.macro_page.page else ""
        depth = len([part for part in url.split("/") if part and not part.endswith(".html")])
        assert self.cat is not None and self.renderer is not None
        return macros.Context(
            self.cat,
            self.renderer,
            "../" * depth,
            self.charts.text,
            lab=self.lab,
            releases=self.releases,
            corrections=self.corrections,
        )

    # -- generated files ------------------------------------------------------------------------
    def files(self, files: Files, config: MkDocsConfig) -> Files:
        for page in list(files.documentation_pages()):
            files.remove(page)
            files.append(
                AlwaysRebuilt(page.src_uri, page.src_dir, page.dest_dir, page.use_directory_urls)
            )
        root = str(self.base / ".cache" / "pages")

        def add(
            relpath: str, content: str | bytes
        ) -> None:  # file-backed: --dirty skips the unchanged
            write_if_changed(root, relpath, content)
            files.append(File(relpath, root, config.site_dir, config.use_directory_urls))

        assert self.cat is not None
        for entry in self.cat.paged:
            add(entry.page_source, self.entry_page(entry))
        for path, content in api.documents(self.cat).items():
            add(path, content)
        for entry, card in zip(self.cat.paged, self.entry_cards()):
            add(f"cards/{entry.folder}/{entry.slug}.png", card)
            if render.badge_text(entry):
                add(
                    f"badges/{entry.slug}.svg", render.badge_svg(self.template(), entry, self.links)
                )
        add("feed.xml", render.feed_xml(self.template(), self.cat, self.links))
        return files

    def template(self) -> render.Renderer:
        assert self.renderer is not None
        return self.renderer

    def entry_page(self, entry: core.Entry) -> str:
        """An entry's page: front matter for MkDocs and Material, then the rendered template."""
        assert self.cat is not None
        stale = freshness.is_stale(entry)
        context = render.entry_context(entry, self.cat, self.links, stale)
        key = repr((self.template().digest, sorted(context.items())))
        body = (
            self.pages.text(key, lambda: render.entry_body(self.template(), context))
            if self.serving
            else render.entry_body(self.template(), context)
        )
        meta = {
            # Material writes title and description into the page unescaped: escape them here.
            "title": render.text.attribute(entry.title),
            "description": render.text.attribute(render.description(entry)),
            "tags": list(getattr(entry, "tags", [])),
            "render_macros": False,
            "dds_entry": entry.slug,
            "dds_card": f"cards/{entry.folder}/{entry.slug}.png",
        }
        # JSON values are YAML too, and json.dumps is many times faster than PyYAML's emitter.
        front = "".join(
            f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in meta.items()
        )
        return "---\n" + front + "---\n\n" + body

    def entry_cards(self) -> list[bytes]:
        """Every entry's link-preview card: drawn (in parallel) only where the cache has none."""
        assert self.cat is not None
        wanted = [
            (e.title, render.card_line(e), e.folder.replace("-", " ")) for e in self.cat.paged
        ]
        found = [self.cards.get(repr(w)) for w in wanted]
        missing = [w for w, f in zip(wanted, found) if f is None]
        drawn = iter(cards.draw_many(missing))
        out = []
        for w, f in zip(wanted, found):
            if f is None:
                f = next(drawn)
                self.cards.put(repr(w), f)
            out.append(f)
        return out

    # -- pages ----------------------------------------------------------------------------------
    def page_context(self, page: Page, config: MkDocsConfig) -> None:
        if not page.meta.get("dds_entry"):  # hand-written pages get a card of their own too
            path = "cards/pages/" + (page.url.strip("/").replace("/", "-") or "home") + ".png"
            line = str(page.meta.get("description", ""))[:90]
            request = (page.title or config.site_name, line, "Does Django scale?")
            self.page_cards[path] = self.cards.get(repr(request)) or cards.draw(*request)
            page.meta["dds_card"] = path

    def post_build(self, config: MkDocsConfig) -> None:
        for path, data in self.page_cards.items():
            target = os.path.join(config.site_dir, path)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as fh:
                fh.write(data)
        self.page_cards = {}

    def page_markdown(self, markdown: str, page: Page) -> str:
        slug = page.meta.get("dds_entry")
        if slug and self.cat:  # the edit button opens the catalogue, not the generated page
            page.edit_url = self.links.edit(self.cat.by_slug[slug])
        dump = os.environ.get("DDS_DUMP_MARKDOWN")
        if dump:  # for the benchmark's static-Markdown baseline: the page as MkDocs finally sees it
            target = os.path.join(dump, page.file.src_uri)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            meta = {
                k: v
                for k, v in page.meta.items()
                if k not in ("render_macros", "dds_entry", "dds_card")
            }
            with open(target, "w", encoding="utf-8") as fh:
                fh.write("---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n\n" + markdown)
        return markdown


hooks = CatalogueHooks()


def on_startup(command: str, dirty: bool) -> None:
    hooks.serving = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    hooks.config(config)
    return config


@event_priority(50)  # before plugins (redirects) index the documentation pages
def on_files(files: Files, config: MkDocsConfig) -> Files:
    return hooks.files(files, config)


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any
) -> dict[str, Any]:
    hooks.page_context(page, config)
    return context


def on_post_build(config: MkDocsConfig) -> None:
    hooks.post_build(config)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return hooks.page_markdown(markdown, page)


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    server.watch(os.path.dirname(hooks.path))
    server.watch(str(hooks.base / "templates"))
    server.watch(str(hooks.base / "lab" / "results"))
    return server
