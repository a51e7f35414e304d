"""MkDocs hooks: the thin adapter between MkDocs and the catalogue.

It owns everything MkDocs-specific: where files are (from the MkDocs config), the catalogue loaded
for this build, the pages' front matter, the content cache shared by builds and `mkdocs serve`
rebuilds, and the macros' view of the page being rendered. All of it lives on one
`CatalogueHooks` instance; the module-level functions are MkDocs' entry points into it.

What the baseline (the same Markdown, no hooks) does not do is paid once per changed input, not
per build, and on the second core where it can be: the validated catalogue, entry pages and their
HTML, API documents, badges, charts and link-preview cards are kept in `.cache/build`, keyed on
their full input and on the source of the code and templates that make them (`code_digest`).
Second processes copy files from the cache into the site (pagefiles.SiteWriter), draw missing
cards, and (a forked copy of the build) make and convert entry pages missing from the cache while
MkDocs renders pages here.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import pickle
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
import yaml
from cachedpage import (
    CachedPage,
    convert_from_end,
    markdown_in,
    markdown_salt,
    nav_titles,
    page_key,
)
from cardpainter import CardPainter
from forked import Helper, Send
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ddscale.core import catalogue as core
from ddscale.core import extras, lab, policy
from ddscale.core.problems import CatalogueError
from ddscale.site import api, macros, render
from ddscale.tools import freshness

from cache import ContentCache, digest_bytes, digest_files
from pagefiles import SiteWriter, StoredFile, write_all, write_if_changed

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
        self.cache = ContentCache(None)  # on disk once the configuration says where
        self.cat_key = ""  # the catalogue's content (and its policy's, and today's date)
        self.published: dict[str, str] = {}  # under serve: what the site folder holds
        self.writer = SiteWriter(self.cache, "", {})
        self.cards = CardPainter(self.cache, self.writer, code_digest())
        self.lab: list[lab.Run] = []
        self.releases: list[extras.Release] = []
        self.corrections: list[extras.Correction] = []
        self.macro_page: Any = None
        self.helper = Helper()
        self.published_by_copy = False
        self.made_from = ""

    # -- configuration --------------------------------------------------------------------------
    def config(self, config: MkDocsConfig) -> None:
        self.base = Path(os.path.dirname(config.config_file_path or "."))
        self.path = str(self.base / (os.environ.get("CATALOGUE") or core.DEFAULT_PATH))
        self.cache = ContentCache(cache_folder(self.base) / "build")
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
        self.renderer = render.Renderer.of(self.base / "templates")
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
        """The catalogue, read again only when its file changed (serve rebuilds), and validated
        again only when its content, its policy, the date or the code changed (the cache)."""
        mtime = os.stat(self.path).st_mtime
        if self.cat is None or mtime != self.mtime:
            with open(self.path, "rb") as fh:
                raw = fh.read()
            try:
                with open(policy.beside(self.path), "rb") as fh:
                    rules = fh.read()
            except OSError:
                rules = b""
            today = dt.date.today().isoformat()
            self.cat_key = digest_bytes(raw, rules, today.encode(), self.path.encode())
            key = repr(("catalogue", code_digest(), self.cat_key))
            try:
                self.cat = self.cache.pickled(key, lambda: core.load(self.path, raw=raw))
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
            self.memo,
            lab=self.lab,
            releases=self.releases,
            corrections=self.corrections,
        )

    def memo(self, key: str, make: Any) -> str:
        """Charts and other macro output, cached on their data and the code that draws them."""
        return self.cache.text(repr(("macro", code_digest(), key)), make)

    # -- generated files ------------------------------------------------------------------------
    def files(self, files: Files, config: MkDocsConfig) -> Files:
        salt = markdown_salt(config, code_digest())
        titles = nav_titles(config.nav)
        for page in list(files.documentation_pages()):
            files.remove(page)
            written = AlwaysRebuilt(
                page.src_uri, page.src_dir, page.dest_dir, page.use_directory_urls
            )
            # converted again only when the output of its macros changed
            CachedPage(written, config, self.cache, salt, titles.get(page.src_uri))
            files.append(written)
        root = str(cache_folder(self.base) / "pages")

        def add(
            relpath: str, content: str | bytes
        ) -> None:  # file-backed: --dirty skips the unchanged
            write_if_changed(root, relpath, content)
            files.append(File(relpath, root, config.site_dir, config.use_directory_urls))

        assert self.cat is not None
        cat = self.cat
        if not self.serving:  # MkDocs has just emptied the site folder
            self.published = {}
        self.writer = SiteWriter(self.cache, config.site_dir, self.published)
        self.cards = CardPainter(self.cache, self.writer, code_digest())
        # The entry pages' sources are stored in the cache (by content), listed under what they
        # were made from (the catalogue's content, today's date, the code and templates, the
        # links, the freshness limit): when that is unchanged they are not made again.
        inputs = (code_digest(), self.cat_key, self.links, freshness.limit_days())
        made_from = self.made_from = digest_bytes(repr(inputs).encode())
        sources = self.entry_sources(made_from, files, config, salt)
        # Under `mkdocs serve --dirty` they are also files under .cache/pages, rewritten only when
        # they change, so that an edit rebuilds the pages it changed; a build reads them from the
        # cache when MkDocs reads the page.
        stamp = os.path.join(root, ".made-from")
        try:
            with open(stamp, encoding="utf-8") as fh:
                fresh = self.serving and fh.read() == made_from
        except OSError:
            fresh = False
        for entry in cat.paged:
            name = sources[entry.page_source]
            source: File
            if not self.serving:
                source = StoredFile(entry.page_source, config, self.cache, name)
            else:
                if not (fresh and os.path.exists(os.path.join(root, entry.page_source))):
                    write_if_changed(root, entry.page_source, self.cache.get_named(name) or b"")
                source = File(entry.page_source, root, config.site_dir, config.use_directory_urls)
            CachedPage(source, config, self.cache, salt)  # its HTML from the cache when unchanged
            files.append(source)
            request = (entry.title, render.card_line(entry), entry.folder.replace("-", " "))
            self.cards.want(f"cards/{entry.folder}/{entry.slug}.png", request)
        if self.serving and not fresh:
            write_if_changed(root, ".made-from", made_from)
        if not self.published_by_copy:
            self.publish(config.site_dir, direct=False)
        self.writer.flush()
        add("feed.xml", render.feed_xml(self.template(), cat, self.links))
        return files

    def entry_sources(
        self, made_from: str, files: Files, config: MkDocsConfig, salt: str
    ) -> dict[str, str]:
        """Each entry page's source, stored: {page source path: stored name}. From an empty
        cache, a forked copy of the build (forked.Helper) makes the second half of them, writes
        the API documents and badges, and converts Markdown while MkDocs works from the start."""
        assert self.cat is not None
        entries = list(self.cat.paged)
        key = repr(("sources", made_from))
        found = self.cache.get(key)
        known: dict[str, str] | None = pickle.loads(found) if found is not None else None
        half = len(entries) // 2
        todo = entries[half:] if known is None else []
        publish = not self.cache.on_disk(self.api_key())
        convert = known is None or not self.html_stored(entries[-1], known, salt)

        def work(store: ContentCache, send: Send) -> None:  # in the copy only
            self.cache = store
            names = [self.store_source(e) for e in todo]
            send(names)
            if publish:
                self.publish(config.site_dir, direct=True)
                send("published")
            own = known or dict(zip((e.page_source for e in todo), names))
            convert_from_end(entries[half:], own, files, config, store, salt)

        self.published_by_copy = False
        if not self.serving and (todo or publish or convert):
            if self.helper.start(work, self.cache.folder):
                self.published_by_copy = publish
                names = self.helper.receive()
                if known is None and names is not None:
                    known = self.sources(entries[:half], todo, names)
        return known or self.sources(entries[:half], todo, [self.store_source(e) for e in todo])

    def sources(
        self, first: list[core.Entry], rest: list[core.Entry], names: list[str]
    ) -> dict[str, str]:
        found = {e.page_source: self.store_source(e) for e in first}
        found.update(zip((e.page_source for e in rest), names))
        key = repr(("sources", self.made_from))
        self.cache.put(key, pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL))
        return found

    def api_key(self) -> str:
        return repr(("api", code_digest(), self.cat_key))

    def publish(self, site_dir: str, direct: bool) -> None:
        """The API documents and badges: copied into the site from the cache by the site
        writer, or (direct, in the forked copy) written into it here."""
        assert self.cat is not None
        cat = self.cat
        items = list(self.cache.pickled(self.api_key(), lambda: self.store_all(api.documents(cat))))
        for entry in cat.paged:
            right = render.badge_text(entry)
            if right:
                badge = repr(("badge", code_digest(), right, self.links.page(entry)))
                make = lambda e=entry: render.badge_svg(self.template(), e, self.links).encode()  # noqa: E731
                items.append((f"badges/{entry.slug}.svg", self.cache.put_new(badge, make)))
        if direct:
            write_all(site_dir, ((path, self.cache.get_named(name) or b"") for path, name in items))
        else:
            for path, name in items:
                self.writer.add(path, name)

    def html_stored(self, entry: core.Entry, sources: dict[str, str], salt: str) -> bool:
        markdown = markdown_in(self.cache, sources[entry.page_source])
        return self.cache.on_disk(page_key(salt, entry.page_source, markdown))

    def store_source(self, entry: core.Entry) -> str:
        return self.cache.put_content(self.entry_page(entry).encode())

    def store_all(self, documents: dict[str, str]) -> list[tuple[str, str]]:
        return [(path, self.cache.put_content(text.encode())) for path, text in documents.items()]

    def template(self) -> render.Renderer:
        assert self.renderer is not None
        return self.renderer

    def entry_page(self, entry: core.Entry) -> str:
        """An entry's page: front matter for MkDocs and Material, then the rendered template."""
        assert self.cat is not None
        cat, stale = self.cat, freshness.is_stale(entry)
        made_from = render.context_key(entry, cat, self.links, stale)
        key = repr(("page", code_digest(), self.template().digest, made_from))
        body = self.cache.text(
            key,
            lambda: render.entry_body(
                self.template(), render.entry_context(entry, cat, self.links, stale)
            ),
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

    # -- pages ----------------------------------------------------------------------------------
    def page_context(self, page: Page, config: MkDocsConfig) -> None:
        # Pagefind answers the search box (hooks/search.py): Material's search plugin stays only
        # because Material draws the box when it is configured, and indexes nothing.
        page.meta["search"] = {"exclude": True}
        if not page.meta.get("dds_entry"):  # hand-written pages get a card of their own too
            path = "cards/pages/" + (page.url.strip("/").replace("/", "-") or "home") + ".png"
            line = str(page.meta.get("description", ""))[:90]
            request = (page.title or config.site_name, line, "Does Django scale?")
            self.cards.want(path, request)
            page.meta["dds_card"] = path

    def post_build(self, config: MkDocsConfig) -> None:
        if self.published_by_copy and self.helper.receive() != "published":
            self.publish(config.site_dir, direct=False)  # the copy failed: copy them here
        self.helper.stop()  # every page is converted by now
        self.cards.finish()
        self.writer.finish()

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


def ensure_folder(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_folder(base: Path) -> Path:
    """Where the cache lives: .cache beside mkdocs.yml, or DDS_CACHE (the benchmark's own)."""
    return Path(os.environ.get("DDS_CACHE") or base / ".cache")


@cache
def code_digest() -> str:
    """The source of everything that turns the catalogue into output: the package, the hooks,
    the templates and the pinned requirements. Part of every cache key."""
    package = Path(core.__file__).resolve().parent.parent  # ddscale/
    here = Path(__file__).resolve().parent
    root = here.parent
    paths = [*package.rglob("*.py"), *here.glob("*.py"), *(root / "templates").rglob("*")]
    return digest_files([p for p in paths if p.is_file()] + [root / "requirements.txt"])


hooks = CatalogueHooks()


def on_startup(command: str, dirty: bool) -> None:
    hooks.serving = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    hooks.config(config)
    return config


@event_priority(50)  # before plugins (redirects) index the documentation pages
def on_files(files: Files, config: MkDocsConfig) -> Files:
    return hooks.files(files, config)


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """The theme's templates compiled once, not again on every build and `serve` rebuild (Jinja
    keys the compiled code on each template's name and source). Every page's Markdown is
    converted by now: missing cards are drawn while MkDocs renders the pages (earlier, they would
    take the second core from the copy converting Markdown)."""
    hooks.cards.start()
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(
        str(ensure_folder(cache_folder(hooks.base) / "jinja"))
    )
    return env


@event_priority(100)  # before Material's search plugin reads the page's meta
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
