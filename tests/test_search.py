"""Search finds what readers type (Chromium, Pagefind behind Material's search box): an entry's
own page is the first result for its name, its slug, its name without a parenthesised qualifier
and each speaker's name."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from search_bench import cases, first_result, open_search, synthetic

from conftest import FIXTURES, ROOT, build_site

# Real entries, with the ones that failed under Material's lunr search (issue 14) first.
REAL = [
    "les-emplois-de-l-inclusion",
    "pepys-diary",
    "densho-digital-repository",
    "pinterest",
    "e-democracia-camara",
    "commcare-hq",
    "edx",
    "posthog",
    "doordash",
    "disqus",
    "instagram",
    "mozilla-pontoon",
    "read-the-docs",
    "pinterest-scaling-2012",
    "malone-scaling-django-web-apps-2009",
    "meyer-instagram-under-the-hood-2016",
]


def misses(
    browser: Browser, site: Path, entries: list, everything: list
) -> list[tuple[str, str, str, str]]:
    from serve_static import serve

    out = []
    with serve(str(site)) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        open_search(page, base)
        for what, query, want, right in cases(entries, everything):
            got = first_result(page, base, query)
            if got not in right:
                out.append((what, query, want, got))
        page.close()
    return out


def test_fixture_entries_come_first(browser: Browser, small_site: Path, small_cat) -> None:
    assert misses(browser, small_site, small_cat.paged, small_cat.paged) == []


def test_real_entries_come_first(browser: Browser, real_site: Path, real_cat) -> None:
    entries = [real_cat.by_slug[slug] for slug in REAL]
    assert misses(browser, real_site, entries, real_cat.paged) == []


def test_folded_punctuation_and_accents(browser: Browser, real_site: Path) -> None:
    from serve_static import serve

    with serve(str(real_site)) as base:
        page = browser.new_page()
        open_search(page, base)
        for query in ("l'inclusion", "linclusion", "les emplois de l’inclusion"):
            assert first_result(page, base, query) == "sites/les-emplois-de-l-inclusion/", query
        assert first_result(page, base, "Audiencias Interativas") == "sites/e-democracia-camara/"
        page.close()


@pytest.fixture(scope="module")
def generated_site() -> Iterator[tuple[Path, object]]:
    """A 1,000-entry catalogue: the real one topped up with generated entries."""
    from ddscale.core import catalogue

    with tempfile.TemporaryDirectory(prefix="search-1000-") as work:
        cat = synthetic(1000, Path(work) / "data")
        proc = build_site(cat, Path(work) / "site")
        assert proc.returncode == 0, proc.stderr
        yield Path(work) / "site", catalogue.load(str(cat))


def test_generated_entries_come_first(browser: Browser, generated_site) -> None:
    site, cat = generated_site
    sample = [e for e in cat.paged if e.slug.startswith(("site-", "talk-", "case-", "myth-"))]
    assert misses(browser, site, sample[::80], cat.paged) == []


def test_index_is_written_into_the_site(real_site: Path) -> None:
    assert (real_site / "pagefind" / "pagefind.js").is_file()
    assert not (ROOT / "pagefind").exists() and not (FIXTURES / "pagefind").exists()
