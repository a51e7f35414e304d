"""The build's content cache, the search-index merge of dirty rebuilds, and the plain-SVG charts."""

from __future__ import annotations

import sys
import xml.dom.minidom
from pathlib import Path
from types import SimpleNamespace
from typing import Any

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


def _entries(*locations: str) -> list[dict[str, Any]]:
    return [{"location": loc, "title": loc, "text": ""} for loc in locations]


def test_dirty_rebuild_lists_every_recomputed_page_once() -> None:
    import catalogue as hooks_module  # hooks/catalogue.py

    previous = SimpleNamespace(entries=_entries("", "faq/", "faq/#q1", "sites/a/", "sites/b/"))
    current = SimpleNamespace(entries=_entries("sites/a/", "faq/", "faq/#q1", ""))
    plugin = SimpleNamespace(search_index=current, search_index_prev=previous)
    config = SimpleNamespace(plugins={"material/search": plugin})
    hooks_module.merge_search_index(config)  # type: ignore[arg-type]
    locations = [e["location"] for e in plugin.search_index.entries]
    assert sorted(locations) == sorted(["", "faq/", "faq/#q1", "sites/a/", "sites/b/"])
    assert plugin.search_index_prev is None


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
