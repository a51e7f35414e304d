"""Catalogue text is data: Markdown keeps its formatting but never raw HTML, scripts or unsafe
links."""

from __future__ import annotations

import pytest

from ddscale.site import text


@pytest.mark.parametrize(
    "source, forbidden",
    [
        ("<script>alert(1)</script>", "<script"),
        ("<img src=x onerror=alert(1)>", "<img"),
        ('<a href="javascript:alert(1)">x</a>', "<a href"),
        ("[x](javascript:alert(1))", "javascript:"),
        ("[x](JaVaScRiPt:alert(1))", "JaVaScRiPt:"),
        ("[x](data:text/html,<script>)", "data:"),
        ("![x](https://tracker.example/pixel.png)", "<img"),
        ("<div onclick=alert(1)>\nblock\n</div>", "<div"),
        ("<iframe src=https://evil.example></iframe>", "<iframe"),
    ],
)
def test_unsafe_markup_is_shown_as_text(source: str, forbidden: str) -> None:
    html = text.markdown_html(source)
    assert forbidden not in html


def test_markdown_and_safe_links_still_work() -> None:
    html = text.markdown_html("*em* and [a link](https://example.org/x) {{ 7*7 }}")
    assert "<em>em</em>" in html
    assert '<a href="https://example.org/x" rel="nofollow noopener">a link</a>' in html
    assert "{{ 7*7 }}" in html


def test_plain_text_keeps_content() -> None:
    assert text.plain("a *b* [c](https://x) snake_case {{ 7*7 }}") == "a b c snake_case {{ 7*7 }}"


@pytest.mark.parametrize(
    "value, expected",
    [
        (1_200_000_000, "1.2 billion"),
        (400_000_000, "400 million"),
        (43_000, "43,000"),
        (120, "120"),
        (0.5, "0.5"),
    ],
)
def test_numbers_for_people(value: float, expected: str) -> None:
    assert text.number(value) == expected
