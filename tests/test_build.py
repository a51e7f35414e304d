"""Build tests on the small fixture catalogue: pages, API, search records, macros, safety,
privacy."""

from __future__ import annotations

import json
import re
from pathlib import Path


def searchable_pages(site: Path) -> set[str]:
    """The pages Pagefind indexes (those marked data-pagefind-body), after checking that it
    indexed exactly that many."""
    marked = {
        p.parent.relative_to(site).as_posix() + "/"
        for p in site.rglob("index.html")
        if "data-pagefind-body" in p.read_text(encoding="utf-8")
    }
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    assert sum(lang["page_count"] for lang in entry["languages"].values()) == len(marked)
    return marked


def test_every_entry_has_a_page_json_and_search_record(small_cat, small_site: Path) -> None:
    searchable = searchable_pages(small_site)
    for entry in small_cat.entries:
        page = small_site / entry.page / "index.html"
        assert page.exists(), entry.page
        assert entry.page in searchable, entry.page
        data = json.loads(
            (small_site / "api" / "v1" / entry.folder / f"{entry.slug}.json").read_text()
        )
        assert data["slug"] == entry.slug and data["page"] == entry.page


def test_api_is_complete(small_cat, small_site: Path) -> None:
    whole = json.loads((small_site / "api/v1/catalogue.json").read_text())
    for section, entries in small_cat.sections.items():
        assert [e["slug"] for e in whole[section]] == [e.slug for e in entries]
    site = json.loads((small_site / "api/v1/sites/example-news.json").read_text())
    assert site["headline"] == {
        "metric": "page_views_per_month",
        "value": 12000000,
        "unit": "page views/month",
        "as_of": "2012-11",
        "grade": "primary",
        "source": "blog",
        "served_by": "django",
        "note": "peak month",
        "class": "traffic",
    }
    assert (
        json.loads((small_site / "api/v1/schema.json").read_text())["title"]
        == "Does Django scale? catalogue"
    )


def test_site_page_shows_figures_sources_and_links(small_site: Path) -> None:
    html = (small_site / "sites/example-news/index.html").read_text()
    assert "12 million</strong> page views/month" in html
    assert 'href="https://web.archive.org/web/2013/https://news.example.org/blog/elections"' in html
    assert "data/sites.yaml#L3" in html and "Report a correction" in html
    assert (
        'content="Example News: 12 million page views/month' in html
    )  # description with headline figure
    old = (small_site / "sites/old-social/index.html").read_text()
    assert (
        "Scaling Old Social" in old and "../../talks/doe-scaling-old-social-2009/" in old
    )  # covered in


def test_catalogue_text_is_never_code(small_site: Path) -> None:
    html = (small_site / "sites/example-news/index.html").read_text()
    assert "{{ 7*7 }}" in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_faq_macros_compute_from_the_data(small_site: Path) -> None:
    faq = (small_site / "faq/index.html").read_text()
    assert 'id="largest-sites"' in faq and 'id="100k-daily-users"' in faq
    assert re.search(r"<strong>8,333</strong> users online at once", faq)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", faq))
    # one Django deployment's measurement, and the whole-system table labelled apart from it
    assert "A fixture load test 120 requests/s" in text
    assert "Whole systems: not one Django server's rate" in text
    # Old Social's 300 requests/s was served by the whole product, so it is not a server's rate
    assert "Old Social" in text.split("not one Django server")[1].split("Can Django serve")[0]
    # each table appears once
    assert faq.count('class="md-typeset__table dds-measured"') == 1
    assert "Django 1.2" in text  # the releases timeline, from data/django-releases.yaml
    home = (small_site / "index.html").read_text()
    assert "<strong>2 sites</strong>" in home


def test_no_request_leaves_the_site(small_site: Path) -> None:
    for page in small_site.rglob("*.html"):
        html = page.read_text()
        for tag in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", html):
            for url in re.findall(r'(?:src|href)="([^"]+)"', tag):
                assert not re.match(r"^(https?:)?//", url) or url.startswith(
                    "http://127.0.0.1:8000/"
                ), (page, tag)
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


def test_index_tables_and_tags(small_site: Path) -> None:
    sites = (small_site / "sites/index.html").read_text()
    assert sites.count("<tr data-status=") == 2 and "Moved off Django" not in sites
    assert "example-news" in (small_site / "tags/index.html").read_text()


def test_custom_404(small_site: Path) -> None:
    assert "This address is not part of the catalogue" in (small_site / "404.html").read_text()


def test_feed_badges_cards_and_previews(small_site: Path) -> None:
    import xml.etree.ElementTree as ET

    feed = ET.parse(small_site / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)]
    # An addition is one item; a re-verification on a later day is another.
    assert {"Example News (added)", "Example Tube (added)", "Old Social (verified)"} <= set(
        titles
    ) and len(titles) == 6
    assert (
        "Example News (verified)" not in titles
    )  # verified the day it was added: one item, not two
    html = (small_site / "sites/example-news/index.html").read_text()
    assert 'type="application/atom+xml"' in html and "feed.xml" in html
    assert (
        '<meta property="og:image" content="http://127.0.0.1:8000/cards/sites/example-news.png">'
        in html
    )
    assert '<meta property="og:title" content="Example News">' in html
    assert (small_site / "cards/sites/example-news.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (small_site / "cards/pages/faq.png").exists()
    badge = ET.parse(small_site / "badges/example-news.svg").getroot()
    assert "Django at scale" in "".join(
        badge.itertext()
    ) and "12M page views per month · 2012" in "".join(badge.itertext())
    assert "badges/example-news.svg" in html


def test_charts_have_text_alternatives_and_data(small_site: Path) -> None:
    site = (small_site / "sites/example-news/index.html").read_text()
    assert (
        'aria-label="Page views per month of Example News over time: 3 million in 2010, 12 '
        'million in 2012-11."' in site
    )
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="dds-history"' in site
    charts = (small_site / "charts/index.html").read_text()
    assert (
        "The data of this chart" in charts
        and "Not enough data in the catalogue to draw this chart yet." in charts
    )


def test_recently_added_and_changelog(small_site: Path) -> None:
    home = (small_site / "index.html").read_text()
    recent = home[home.index('id="recently-added"') :]
    recent = recent[: recent.index("</ul>")]
    # Real additions only: the first import's date (the earliest, the myth's) and entries
    # without an added date are not listed.
    assert "Example News" in recent and "Example Tube" not in recent and "Old Social" not in recent
    # Each item says what it is, so a myth is never mistaken for a Django site.
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", recent))
    assert "Site: Example News added 2026-11-01" in text
    changelog = re.sub(
        r"\s+", " ", re.sub(r"<[^>]+>", " ", (small_site / "changelog/index.html").read_text())
    )
    # One row per date the catalogue grew, newest first, with counts by section and a total.
    assert re.search(
        r"2026-11-01 1 0 0 0 0 1 .*2026-10-15 0 0 0 1 0 1 .*unknown 1 1 1 0 0 3", changelog
    ), changelog[:2000]
    # Tallies use the reader's words, not the catalogue's codes.
    assert (
        "Active on Django" in changelog
        and "Defunct" in changelog
        and "moved-off-django" not in changelog
    )


def test_navigation_titles_come_from_the_configuration(small_site: Path) -> None:
    """Pages made before the navigation (cachedpage) still take their titles from mkdocs.yml."""
    html = (small_site / "faq" / "index.html").read_text()
    tabs = re.findall(r'class="md-tabs__link">\s*(.*?)\s*</a>', html, re.S)
    assert [t.strip() for t in tabs][:3] == ["Home", "Sites", "Talks"]
