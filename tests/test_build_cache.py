"""The build's content cache, the files copied from it, cached entry pages, and the plain-SVG
charts."""

from __future__ import annotations

import sys
import xml.dom.minidom
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

import cache  # noqa: E402
import pagefiles  # noqa: E402


def test_cache_on_disk_misses_until_put_and_survives_a_damaged_value(tmp_path: Path) -> None:
    store = cache.ContentCache(tmp_path)
    assert store.get("k") is None
    store.put("k", b"v")
    assert cache.ContentCache(tmp_path).get("k") == b"v"  # another process, the same folder
    made: list[int] = []
    assert store.pickled("p", lambda: made.append(1) or {"a": 1}) == {"a": 1}
    assert store.pickled("p", lambda: made.append(1) or {"a": 2}) == {"a": 1} and made == [1]
    for f in tmp_path.rglob("*"):
        if f.is_file():
            f.write_bytes(b"not a pickle")
    assert store.pickled("p", lambda: {"a": 3}) == {"a": 3}


def test_digest_changes_with_any_file(tmp_path: Path) -> None:
    a, b = tmp_path / "a.py", tmp_path / "b.html"
    a.write_text("x")
    b.write_text("y")
    before = cache.digest_files([a, b])
    b.write_text("y2")
    assert cache.digest_files([a, b]) != before


def test_write_all_writes_only_what_changed(tmp_path: Path) -> None:
    assert pagefiles.write_all(str(tmp_path), [("x/a.json", "1"), ("x/b.json", b"2")]) == 2
    assert pagefiles.write_all(str(tmp_path), [("x/a.json", "1"), ("x/b.json", b"3")]) == 1
    assert (tmp_path / "x" / "b.json").read_bytes() == b"3"


def test_a_damaged_cache_file_only_misses(tmp_path: Path) -> None:
    (tmp_path / "cache.sqlite3").write_bytes(b"this is not a database" * 100)
    store = cache.ContentCache(tmp_path)
    assert store.get("k") is None
    store.put("k", b"v")
    assert cache.ContentCache(tmp_path).get("k") == b"v"


def test_site_writer_copies_stored_values_in_a_second_process(tmp_path: Path) -> None:
    store = cache.ContentCache(tmp_path / "cache")
    site = tmp_path / "site"
    writer = pagefiles.SiteWriter(store, str(site), {})
    writer.add("api/a.json", store.put_content(b'{"a": 1}'))
    writer.flush()  # one batch running ...
    writer.add("badges/b.svg", store.put_new("badge b", lambda: b"<svg/>"))
    writer.finish()  # ... and the rest, then both waited for
    assert (site / "api" / "a.json").read_bytes() == b'{"a": 1}'
    assert (site / "badges" / "b.svg").read_bytes() == b"<svg/>"
    (site / "api" / "a.json").write_bytes(b"changed by hand")
    writer.add("api/a.json", store.put_content(b'{"a": 1}'))  # the folder holds it: not copied
    writer.finish()
    assert (site / "api" / "a.json").read_bytes() == b"changed by hand"
    writer.add("x.json", "0" * 32)  # a name nothing was stored under: the copy fails loudly
    with pytest.raises(OSError, match="x.json"):
        writer.finish()


def test_a_forked_copy_sends_in_order_and_a_failed_one_sends_nothing(tmp_path: Path) -> None:
    import forked

    def work(store: Any, send: Any) -> None:
        store.put("from the copy", b"stored")
        send(["a", "b"])
        raise RuntimeError("the copy fails here")

    helper = forked.Helper()
    assert helper.start(work, str(tmp_path))
    assert helper.receive() == ["a", "b"]
    assert helper.receive() is None  # it failed: the build does the rest itself
    helper.stop()
    assert cache.ContentCache(tmp_path).get("from the copy") == b"stored"
    assert not forked.Helper().start(work, None)  # no cache folder: no copy


def _mkdocs_project(tmp_path: Path) -> tuple[Any, Any]:
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\n## Part { #part }\n")
    (docs / "a.md").write_text("# A\n\nSee [home](index.md#part).\n\n## Details\n")
    (docs / "broken.md").write_text("# B\n\nSee [nowhere](missing.md).\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nmarkdown_extensions: [attr_list, toc]\n")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    return config, get_files(config)


def _render(config: Any, files: Any, store: Any, src: str) -> Any:
    from cachedpage import CachedPage, markdown_salt

    page = CachedPage(files.get_file_from_path(src), config, store, markdown_salt(config, "code"))
    page.read_source(config)
    page.render(config, files)
    return page


def test_an_entry_page_is_converted_once_and_restored_whole(tmp_path: Path) -> None:
    config, files = _mkdocs_project(tmp_path)
    store = cache.ContentCache(tmp_path / "cache")
    first = _render(config, files, store, "a.md")
    misses = store.misses
    again = _render(config, files, store, "a.md")
    assert store.misses == misses and store.hits >= 1  # from the cache, not converted
    assert again.content == first.content and 'href="../#part"' in again.content
    assert [t.title for t in again.toc] == [t.title for t in first.toc] == ["A"]
    assert [c.id for c in list(again.toc)[0].children] == ["details"]
    assert again.present_anchor_ids == first.present_anchor_ids
    assert {f.src_uri: a for f, a in again.links_to_anchors.items()} == {
        "index.md": {"part": "index.md#part"}
    }


def test_a_conversion_that_warned_is_not_kept(tmp_path: Path) -> None:
    config, files = _mkdocs_project(tmp_path)
    store = cache.ContentCache(tmp_path / "cache")
    _render(config, files, store, "broken.md")
    hits = store.hits
    _render(config, files, store, "broken.md")
    assert store.hits == hits  # converted again, so its warning comes back


@pytest.mark.slow
def test_a_build_from_the_cache_is_the_build_from_nothing(tmp_path: Path) -> None:
    from conftest import FIXTURES, build_site

    cold = build_site(FIXTURES / "small.yaml", tmp_path / "cold", cache=tmp_path / "cache")
    warm = build_site(FIXTURES / "small.yaml", tmp_path / "warm", cache=tmp_path / "cache")
    assert cold.returncode == 0 and warm.returncode == 0, cold.stderr + warm.stderr
    made = sorted(p.relative_to(tmp_path / "cold") for p in (tmp_path / "cold").rglob("*"))
    assert made == sorted(p.relative_to(tmp_path / "warm") for p in (tmp_path / "warm").rglob("*"))
    different = [
        str(p)
        for p in made
        if (tmp_path / "cold" / p).is_file()
        and (tmp_path / "cold" / p).read_bytes() != (tmp_path / "warm" / p).read_bytes()
        and p.name != "sitemap.xml.gz"  # gzip stamps the time
    ]
    assert different == []
    assert len([p for p in made if p.name == "index.html"]) > 20


def test_charts_are_plain_svg_with_text_escaped(real_cat) -> None:  # type: ignore[no-untyped-def]
    from ddscale.site import charts

    svg = charts.timeline(charts.timeline_rows(real_cat), 2026, "../")
    assert svg is not None
    xml.dom.minidom.parseString(svg)
    rows = [
        (SimpleNamespace(title=f"<script>x{i}</script>", page=f"sites/s{i}/"), f)
        for i, f in enumerate(
            SimpleNamespace(value=10.0**k, as_of=f"20{10 + k}-01") for k in range(1, 4)
        )
    ]
    svg = charts.ladder(rows, "monthly_active_users", "../")  # type: ignore[arg-type]
    assert svg is not None and "<script" not in svg and 'href="../sites/s0/"' in svg
    xml.dom.minidom.parseString(svg)
