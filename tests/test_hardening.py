"""Hostile catalogues: injection in every text and URL field, random mutation, and reproducible
builds.

Each test here fails if its protection is removed: autoescaping templates, the safe Markdown
renderer, `render_macros: false` on generated pages, http(s)-only URLs, the loader's limits.
"""

from __future__ import annotations

import copy
import filecmp
import json
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ddscale.core import catalogue
from ddscale.core.problems import CatalogueError
from ddscale.site import api, render

from conftest import FIXTURES, ROOT, TODAY, build_site

RENDERER = render.Renderer(ROOT / "templates")
BASE: dict[str, Any] = yaml.safe_load((FIXTURES / "small.yaml").read_text())
PAYLOAD = (
    "{{ 1234*1000 }} {% for x in range(3) %}loop{% endfor %} <script>alert('xss')</script> "
    "<img src=x onerror=alert('img')> \"><svg onload=alert('svg')> "
    "</title><script>alert('t')</script> "
    "[click](javascript:alert('md')) [e](&#106;avascript:alert('ent')) <javascript:alert('auto')> "
    "[r][1] {{ ''.__class__.__mro__ }}\n\n[1]: javascript:alert('ref')"
)
TEXT_FIELDS = {
    "sites": ["name", "scope_note", "verification_note", "summary"],
    "talks": ["title", "event", "summary"],
    "case_studies": ["title", "summary", "workload", "changes"],
    "myths": ["subject", "claim", "summary"],
}


def hostile() -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    for section, fields in TEXT_FIELDS.items():
        for entry in data[section]:
            for f in fields:
                entry[f] = PAYLOAD if f == "summary" else PAYLOAD.replace("\n", " ")[:300]
            for s in entry.get("sources", []):
                s["title"], s["publisher"] = (
                    PAYLOAD.replace("\n", " ")[:300],
                    "<b onmouseover=alert('pub')>P</b>",
                )
            for fig in entry.get("figures", []):
                fig["note"] = PAYLOAD.replace("\n", " ")[:300]
    data["talks"][0]["speakers"] = ["<script>alert('speaker')</script>"]
    data["case_studies"][0]["lessons"] = [PAYLOAD.replace("\n", " ")[:300]]
    data["case_studies"][0]["setup"]["hardware"] = "<iframe src=javascript:alert('hw')>"
    return data


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "hostile.yaml"
    path.write_text(yaml.safe_dump(hostile(), sort_keys=False, allow_unicode=True))
    out = folder / "site"
    proc = build_site(path, out)
    assert proc.returncode == 0, proc.stderr
    return out


def pages(site: Path) -> Iterator[tuple[Path, str]]:
    for page in site.rglob("*.html"):
        yield page, page.read_text()


class Tags(HTMLParser):
    """Collect every start tag with its attributes, as a browser would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def test_no_payload_executes_or_renders_as_markup(hostile_site: Path) -> None:
    for page, html in pages(hostile_site):
        parser = Tags()
        parser.feed(html)
        for tag, attrs in parser.tags:
            assert tag not in ("iframe", "svg") or "alert" not in str(attrs), (page, tag, attrs)
            for name, value in attrs:
                assert not (name.startswith("on") and "alert" in (value or "")), (
                    page,
                    tag,
                    name,
                    value,
                )
                if name in ("href", "src"):
                    assert (
                        not (value or "")
                        .strip()
                        .lower()
                        .startswith(("javascript:", "data:", "vbscript:"))
                    ), (page, tag, value)
            if tag == "script":
                assert all(name in ("src", "type", "id") for name, _ in attrs), (page, attrs)
        assert "1234000" not in html, page  # Jinja was not evaluated
        assert "looploop" not in html, page
        assert "<script>alert" not in html, page
        assert (
            'href="javascript:' not in html.lower() and 'href="&#106;avascript' not in html.lower()
        ), page
        # Evaluated, the payload would print the classes of str's MRO, escaped or not.
        assert "<class 'object'>" not in html and "&lt;class &#39;object&#39;&gt;" not in html, page


def test_payload_is_shown_as_text_not_lost(hostile_site: Path) -> None:
    html = (hostile_site / "sites/example-news/index.html").read_text()
    assert "{{ 1234*1000 }}" in html and "&lt;script&gt;alert(" in html
    data = json.loads((hostile_site / "api/v1/sites/example-news.json").read_text())
    assert data["summary"] == PAYLOAD and data["name"] == PAYLOAD.replace("\n", " ")[:300]


@pytest.mark.parametrize("where", ["url", "sources.0.url", "sources.0.archive_url"])
@pytest.mark.parametrize(
    "bad",
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:x",
        "//evil.example/x",
        "file:///etc/passwd",
    ],
)
def test_unsafe_urls_are_refused_with_their_place(where: str, bad: str) -> None:
    data = copy.deepcopy(BASE)
    node: Any = data["sites"][0]
    *parents, last = where.split(".")
    for p in parents:
        node = node[int(p)] if p.isdigit() else node[p]
    node[last] = bad
    with pytest.raises(CatalogueError) as info:
        catalogue.load("x.yaml", today=TODAY, raw=yaml.safe_dump(data, sort_keys=False).encode())
    [problem] = info.value.problems
    assert (
        problem.entry == "example-news"
        and problem.field == where.replace(".0.", "[0].")
        and "http(s) URL" in problem.message
    )


def test_talk_link_urls_are_refused() -> None:
    data = copy.deepcopy(BASE)
    data["talks"][0]["links"][0]["url"] = "javascript:alert(1)"
    with pytest.raises(CatalogueError) as info:
        catalogue.load("x.yaml", today=TODAY, raw=yaml.safe_dump(data, sort_keys=False).encode())
    assert info.value.problems[0].field == "links[0].url"


# --- random mutation: the check never crashes, the renderer never drops or executes -------------

VALUES = st.one_of(
    st.text(max_size=60),
    st.integers(),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False),
    st.sampled_from(
        [PAYLOAD, "2024-02-30", "9999", "https://x.example/", "javascript:1", "{{ 7*7 }}"]
    ),
    st.lists(st.text(max_size=10), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
)


def _paths(node: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield at
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, at + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, at + (i,))


ALL_PATHS = [p for p in _paths(BASE) if len(p) >= 3]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.sampled_from(ALL_PATHS), st.booleans(), VALUES), min_size=1, max_size=4)
)
def test_random_mutations_never_crash_drop_or_execute(
    mutations: list[tuple[tuple[Any, ...], bool, Any]],
) -> None:
    data = copy.deepcopy(BASE)
    for path, delete, value in mutations:
        node: Any = data
        try:
            for p in path[:-1]:
                node = node[p]
            if delete:
                del node[path[-1]]
            else:
                node[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    raw = yaml.safe_dump(data, sort_keys=False, allow_unicode=True).encode()
    try:
        cat = catalogue.load("x.yaml", today=TODAY, raw=raw)
    except CatalogueError as exc:
        assert exc.problems and all(
            p.line >= 1 and p.column >= 1 and p.message for p in exc.problems
        )
        return
    links = render.Links("https://github.com/o/r", "https://example.org/")
    docs = api.documents(cat)
    for entry in cat.paged:
        page = render.entry_body(RENDERER, render.entry_context(entry, cat, links, stale=False))
        assert entry.title and f"api/v1/{entry.folder}/{entry.slug}.json" in docs
        assert "<script>alert" not in page and "1234000" not in page
    assert sum(
        len(v) for k, v in json.loads(docs["api/v1/catalogue.json"]).items() if isinstance(v, list)
    ) == len(cat.entries)


@settings(max_examples=80, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_get_a_located_error_or_load(raw: bytes) -> None:
    try:
        catalogue.load("x.yaml", today=TODAY, raw=raw)
    except CatalogueError as exc:
        assert exc.problems and str(exc.problems[0]).startswith("x.yaml:")


def test_build_is_reproducible(small_site: Path, tmp_path: Path) -> None:
    proc = build_site(FIXTURES / "small.yaml", tmp_path)
    assert proc.returncode == 0, proc.stderr
    ignore = {"sitemap.xml", "sitemap.xml.gz"}  # they carry the build date
    first = sorted(
        p.relative_to(small_site)
        for p in small_site.rglob("*")
        if p.is_file() and p.name not in ignore
    )
    second = sorted(
        p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file() and p.name not in ignore
    )
    assert first == second
    _, mismatch, errors = filecmp.cmpfiles(
        small_site, tmp_path, [str(p) for p in first], shallow=False
    )
    assert mismatch == [] and errors == []
