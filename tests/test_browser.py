"""What readers do, in real Chromium (Debian's, through Playwright): search for an entry and open
it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page


@pytest.mark.parametrize(
    "query, path, title",
    [
        ("Example News", "sites/example-news/", "Example News"),  # a site's name
        ("Zed Speaker", "talks/doe-scaling-old-social-2009/", "Scaling Old Social"),  # a speaker
        ("ExampleCon", "talks/doe-scaling-old-social-2009/", "Scaling Old Social"),  # an event
        ("memcached", "sites/example-news/", "Example News"),  # a stack component
        ("news", "sites/example-news/", "Example News"),  # a tag
    ],
)
def test_search_finds_and_opens_an_entry(
    page: Page, small_url: str, query: str, path: str, title: str
) -> None:
    page.goto(small_url)
    page.click("input.md-search__input")  # Material's search opens on focus
    page.keyboard.type(query)
    result = page.locator(f'.md-search-result__item a[href$="/{path}"]').first
    result.wait_for(timeout=10_000)
    result.click()
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text() == title
