"""MkDocs hooks: a thin adapter that loads the catalogue and hands MkDocs its pages, API and macros."""

from __future__ import annotations

import logging
import os
from typing import Any
from urllib.parse import urlsplit

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ddscale import api, cards, macros, pagefiles, render
from ddscale.catalogue import Catalogue, load_cached
from ddscale.problems import CatalogueError

log = logging.getLogger("mkdocs.hooks.catalogue")
_state: dict[str, Any] = {}


def _path(config: MkDocsConfig) -> str:
    base = os.path.dirname(config.config_file_path or ".")
    return os.path.join(base, os.environ.get("CATALOGUE") or "data/sites.yaml")


def _catalogue() -> Catalogue:
    return _state["cat"]


def on_startup(command: str, dirty: bool) -> None:
    _state["serving"] = command == "serve"  # keep rendered pages between rebuilds only when serving


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    path = _path(config)
    try:
        _state["cat"] = load_cached(path)
    except CatalogueError as exc:
        raise PluginError(f"{path} has {len(exc.problems)} problem(s); run make check:\n{exc}") from None
    _state["links"] = render.Links(repo_url=(config.repo_url or "").rstrip("/"), site_url=config.site_url or "/")
    # Root-relative base path for pages served at any depth (the 404 page).
    config.extra["dds_base_path"] = urlsplit(config.site_url or "/").path or "/"
    config.plugins["redirects"].config.setdefault("redirect_maps", {}).update(_state["cat"].redirects())
    plugin = config.plugins["macros"]
    plugin.register_macros(macros.build(_catalogue, lambda: plugin.page.url))
    return config


@event_priority(50)  # before plugins (redirects) index the documentation pages
def on_files(files: Files, config: MkDocsConfig) -> Files:
    cat, links = _state["cat"], _state["links"]
    for page in files.documentation_pages():  # hand-written pages compute from the catalogue: always rebuild
        page.is_modified = lambda: True  # type: ignore[method-assign]
    root = os.path.join(os.path.dirname(config.config_file_path), pagefiles.FOLDER)
    stamp = render.templates_stamp()

    def add(relpath: str, content: str | bytes) -> None:  # file-backed, so --dirty skips what did not change
        pagefiles.write_if_changed(root, relpath, content)
        files.append(File(relpath, root, config.site_dir, config.use_directory_urls))

    for entry in cat.entries:
        if entry.section == "also_on_django":
            continue
        page = render.entry_page_cached(entry, cat, links, stamp) if _state.get("serving") else render.entry_page(entry, cat, links)
        add(f"{entry.folder}/{entry.slug}.md", page)
    for path, content in api.documents(cat).items():
        add(path, content)
    paged = [entry for entry in cat.entries if entry.section != "also_on_django"]
    drawn = cards.cards([(entry.title, render.card_line(entry), entry.folder.replace("-", " ")) for entry in paged])
    for entry, card in zip(paged, drawn):
        add(f"cards/{entry.folder}/{entry.slug}.png", card)
        if render.badge_text(entry):
            add(f"badges/{entry.slug}.svg", render.badge_svg(entry, links))
    add("feed.xml", render.feed_xml(cat, links))
    return files


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    if not page.meta.get("dds_entry"):  # hand-written pages get a card of their own too
        path = "cards/pages/" + (page.url.strip("/").replace("/", "-") or "home") + ".png"
        _state.setdefault("page_cards", {})[path] = cards.card(page.title or config.site_name, str(page.meta.get("description", ""))[:90], "Does Django scale?")
        page.meta["dds_card"] = path
    return context


def on_post_build(config: MkDocsConfig) -> None:
    for path, data in _state.pop("page_cards", {}).items():
        target = os.path.join(config.site_dir, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as fh:
            fh.write(data)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    slug = page.meta.get("dds_entry")
    if slug:  # the edit button opens the catalogue, not the generated page
        page.edit_url = _state["links"].edit(_catalogue().by_slug[slug])
    dump = os.environ.get("DDS_DUMP_MARKDOWN")
    if dump:  # for the benchmark's static-Markdown baseline: the page as MkDocs finally sees it
        target = os.path.join(dump, page.file.src_uri)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        meta = {k: v for k, v in page.meta.items() if k not in ("render_macros", "dds_entry", "dds_card")}
        with open(target, "w", encoding="utf-8") as fh:
            fh.write("---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n\n" + markdown)
    return markdown


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    server.watch(os.path.dirname(_path(config)))
    server.watch(os.path.join(os.path.dirname(config.config_file_path), "overrides"))
    return server
