"""What readers do, in real Chromium: filter and sort with URL state, estimate, cite, switch theme,
open the mobile menu, land on the 404 page, all with no request to another host, no axe violation,
and by keyboard alone."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from serve_static import serve

PAGE_TYPES = [
    "",
    "sites/",
    "sites/example-news/",
    "talks/",
    "talks/doe-scaling-old-social-2009/",
    "case-studies/",
    "case-studies/fixture-load-test/",
    "myths/",
    "myths/fixture-myth/",
    "faq/",
    "charts/",
    "methodology/",
    "api/",
    "tags/",
    "contributing/",
    "no-such-page/",
]


@pytest.fixture(scope="module")
def base(small_url: str) -> str:
    return small_url


def visible_rows(page: Page) -> list[str]:
    return [
        r.inner_text().split("\t")[0].strip()
        for r in page.locator("#sites-table tbody tr:not([hidden])").all()
    ]


def test_filters_keep_their_state_in_the_url(page: Page, base: str) -> None:
    page.goto(base + "sites/?status=defunct")
    expect(page.locator("#sites-table-filter-status")).to_have_value("defunct")
    assert visible_rows(page) == ["Old Social"]
    page.select_option("#sites-table-filter-status", "active")
    assert visible_rows(page) == ["Example News"]
    assert "status=active" in page.url
    page.select_option("#sites-table-filter-stack", "postgresql")
    assert "stack=postgresql" in page.url and visible_rows(page) == ["Example News"]
    page.goto(page.url)  # the linked view opens the same way
    assert visible_rows(page) == ["Example News"]
    page.click(".dds-filters button[type=reset]")
    expect(page.locator(".dds-filters__count")).to_have_text("2 of 2 shown")
    assert "status=" not in page.url


def test_sorting_by_column_and_by_metric(page: Page, base: str) -> None:
    page.goto(base + "sites/")
    page.click("th[data-col=headline] button")
    assert visible_rows(page) == [
        "Old Social",
        "Example News",
    ]  # 300 requests/s < 12 million page views
    expect(page.locator("th[data-col=headline]")).to_have_attribute("aria-sort", "ascending")
    page.click("th[data-col=headline] button")
    assert visible_rows(page) == ["Example News", "Old Social"] and "sort=-headline" in page.url
    page.goto(base + "sites/?sort=-requests_per_second")
    assert visible_rows(page) == ["Old Social", "Example News"]  # sites without the metric go last


def test_table_is_complete_without_javascript(browser: Browser, base: str) -> None:
    ctx = browser.new_context(java_script_enabled=False)
    pg = ctx.new_page()
    pg.goto(base + "sites/?status=defunct")
    assert (
        pg.locator("#sites-table tbody tr").count() == 2 and pg.locator(".dds-filters").count() == 0
    )
    ctx.close()


ESTIMATE_KEYS = {
    "users": "daily_users",
    "minutes": "minutes_per_visit",
    "rpm": "requests_per_minute",
    "peak": "peak_factor",
    "rps": "rps_per_process",
    "util": "utilisation",
    "pps": "processes_per_server",
    "qpr": "queries_per_request",
    "dblimit": "db_connection_limit",
}


def expected(inputs: dict[str, float]) -> dict[str, str]:
    """What the page must show, from the same arithmetic the build uses (ddscale.site.capacity)."""
    from ddscale.site.capacity import estimate

    c = estimate(**{ESTIMATE_KEYS[k]: v for k, v in inputs.items()})
    return {
        "concurrent": f"{round(c['concurrent']):,}",
        "average": f"{c['average_rps']:,.1f}",
        "peakrps": f"{c['peak_rps']:,.1f}",
        "processes": f"{c['processes']:,}",
        "busy": f"{round(c['busy_at_peak'] * 100)}",
        "servers": f"{c['servers']:,}",
        "queries": f"{round(c['db_queries']):,}",
        "connections": f"{c['connections']:,}",
    }


def check_outputs(page: Page, inputs: dict[str, float]) -> None:
    for name, text in expected(inputs).items():
        shown = page.locator(f'[data-out="{name}"]')
        expect(shown).to_have_text(text.rstrip("0").rstrip(".") if "." in text else text)


def test_estimator_sizes_for_utilisation_database_and_connections(page: Page, base: str) -> None:
    inputs = {
        "users": 200000,
        "minutes": 60,
        "rpm": 2,
        "peak": 3,
        "rps": 25,
        "util": 0.7,
        "pps": 8,
        "qpr": 5,
        "dblimit": 100,
    }
    query = "&".join(f"{k}={v}" for k, v in inputs.items())
    page.goto(base + f"faq/?{query}#estimator")
    check_outputs(page, inputs)
    # new inputs: every derived number follows, and the address keeps them
    for name, value in {"util": 0.5, "qpr": 12, "dblimit": 40, "users": 500000}.items():
        page.fill(f'#estimator-form input[name="{name}"]', str(value))
        inputs[name] = value
    check_outputs(page, inputs)
    expect(page.locator('[data-out="pooler"]')).to_contain_text("connection pooler")
    assert "util=0.5" in page.url and "dblimit=40" in page.url
    page.fill('#estimator-form input[name="minutes"]', "5")
    expect(page.locator('[data-out="longlived"]')).to_have_text("")


def test_faq_links_to_the_estimator_with_the_labs_default(page: Page, base: str) -> None:
    page.goto(base + "faq/")
    page.click("text=Try your own numbers in the estimator")
    expect(page.locator('#estimator-form input[name="users"]')).to_have_value("100000")
    rps = float(page.input_value('#estimator-form input[name="rps"]'))
    assert rps > 0 and page.locator("#estimator-form a[href$='measured-here/']").count() == 1
    inputs = {
        "users": 100000,
        "minutes": 120,
        "rpm": 2,
        "peak": 3,
        "rps": rps,
        "util": 0.7,
        "pps": 8,
        "qpr": 5,
        "dblimit": 100,
    }
    check_outputs(page, inputs)


def test_cite_this_copies_markdown_url_and_html(browser: Browser, base: str) -> None:
    ctx = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    pg = ctx.new_page()
    pg.goto(base + "sites/example-news/")
    pg.click(".dds-cite [data-cite-format=markdown]")
    expect(pg.locator(".dds-copied")).to_contain_text("Copied")
    text = pg.evaluate("navigator.clipboard.readText()")
    assert text == (
        "[Example News: 12 million page views/month (page views per month, as of 2012-11)]"
        "(http://127.0.0.1:8000/sites/example-news/)"
    )
    pg.click(".dds-cite [data-cite-format=url]")
    assert (
        pg.evaluate("navigator.clipboard.readText()") == "http://127.0.0.1:8000/sites/example-news/"
    )
    pg.click(".dds-cite [data-cite-format=html]")
    assert pg.evaluate("navigator.clipboard.readText()").startswith(
        '<a href="http://127.0.0.1:8000/sites/example-news/">Example News</a>: 12 million'
    )
    pg.goto(base + "faq/")
    pg.locator(".dds-cite--question [data-cite-format=markdown]").first.click()
    assert pg.evaluate("navigator.clipboard.readText()").endswith(
        "/faq/#requests-per-second-per-server)"
    )
    ctx.close()


def test_dark_light_toggle(page: Page, base: str) -> None:
    page.goto(base)
    scheme = page.get_attribute("body", "data-md-color-scheme")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    expect(page.locator("body")).not_to_have_attribute("data-md-color-scheme", scheme or "")


def test_mobile_menu(browser: Browser, base: str) -> None:
    ctx = browser.new_context(viewport={"width": 390, "height": 844})
    pg = ctx.new_page()
    pg.goto(base)
    link = pg.locator(".md-nav--primary a.md-nav__link", has_text="FAQ").first
    expect(link).not_to_be_in_viewport()
    pg.click(".md-header label[for=__drawer]")
    expect(link).to_be_in_viewport()
    link.click()
    expect(pg.locator("h1")).to_contain_text("Frequently asked questions")
    ctx.close()


def test_404_page_helps(page: Page, base: str) -> None:
    response = page.goto(base + "sites/renamed-long-ago/")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Page not found")
    page.click("text=All sites")
    expect(page.locator("h1")).to_contain_text("Sites")


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_no_request_to_another_host(page: Page, base: str, path: str) -> None:
    hosts = set()
    page.on("request", lambda r: hosts.add(urlsplit(r.url).hostname))
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    assert hosts == {"127.0.0.1"}, hosts


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation(browser: Browser, base: str, scheme: str) -> None:
    ctx = browser.new_context(color_scheme=scheme)
    pg = ctx.new_page()
    axe = Axe()
    found = {}
    for path in PAGE_TYPES:
        pg.goto(base + path)
        pg.wait_for_load_state("networkidle")
        assert pg.get_attribute("body", "data-md-color-scheme") == (
            "slate" if scheme == "dark" else "default"
        )
        violations = axe.run(pg).response["violations"]
        if violations:
            found[path] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    ctx.close()
    assert found == {}


def test_keyboard_only(page: Page, base: str) -> None:
    page.goto(base + "sites/")
    reached = []
    for _ in range(60):
        page.keyboard.press("Tab")
        reached.append(
            page.evaluate(
                "document.activeElement.id || document.activeElement.className || "
                "document.activeElement.tagName"
            )
        )
        if page.evaluate("document.activeElement.closest('th[data-col=headline]') !== null"):
            break
    assert "sites-table-filter-status" in reached
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible
    page.keyboard.press("Enter")
    expect(page.locator("th[data-col=headline]")).to_have_attribute("aria-sort", "ascending")
    page.focus("#sites-table-filter-status")
    page.keyboard.press("ArrowDown")  # a select changes with the keyboard
    assert "status=" in page.url


def test_hostile_text_fires_no_script(browser: Browser, tmp_path: Path) -> None:
    import yaml
    from test_hardening import hostile

    from conftest import build_site

    cat = tmp_path / "hostile.yaml"
    cat.write_text(yaml.safe_dump(hostile(), sort_keys=False, allow_unicode=True))
    out = tmp_path / "site"
    assert build_site(cat, out).returncode == 0
    dialogs: list[str] = []
    ctx = browser.new_context()
    pg = ctx.new_page()
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    with serve(str(out)) as url:
        for path in [
            "sites/example-news/",
            "talks/doe-scaling-old-social-2009/",
            "case-studies/fixture-load-test/",
            "myths/fixture-myth/",
            "sites/",
            "talks/",
            "faq/",
        ]:
            pg.goto(url + path)
            pg.wait_for_load_state("networkidle")
            for link in pg.locator("article a").all()[:40]:
                href = link.get_attribute("href") or ""
                assert not href.lower().startswith("javascript:")
    ctx.close()
    assert dialogs == []
