"""Each macro on its own, on the small fixture catalogue: what it returns for a page at a depth."""

from __future__ import annotations

import re

import pytest

from ddscale.core import catalogue
from ddscale.site import macros, render

from conftest import FIXTURES, ROOT, TODAY


@pytest.fixture(scope="module")
def ctx() -> macros.Context:
    cat = catalogue.load(str(FIXTURES / "small.yaml"), today=TODAY)
    return macros.Context(cat, render.Renderer(ROOT / "templates"), root="../", today=TODAY)


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_every_macro_is_registered_once() -> None:
    assert {"count", "fig", "top_sites", "estimator", "also_list", "index_table"} <= set(
        macros.MACROS
    )


def test_count_and_number(ctx: macros.Context) -> None:
    assert macros.count(ctx, "sites") == "2"
    assert macros.count(ctx, "sites", status="active") == "1"
    assert macros.number(ctx, 12000000) == "12 million"


def test_link_and_fig_point_from_the_calling_page(ctx: macros.Context) -> None:
    assert 'href="../sites/example-news/"' in macros.link(ctx, "example-news")
    figure = text(macros.fig(ctx, "example-news"))
    assert "12 million page views/month" in figure and "2012-11" in figure
    with pytest.raises(KeyError):
        macros.fig(ctx, "example-news", "engineers")


def test_rankings_and_lists(ctx: macros.Context) -> None:
    ranking = text(macros.top_sites(ctx, "page_views_per_month"))
    assert "Example News 12 million" in ranking
    assert "Old Social" in text(macros.moved_off(ctx)) or "No site" in text(macros.moved_off(ctx))
    assert "Example Tube" in text(macros.myth_list(ctx))
    assert "120" in text(macros.measured(ctx))
    assert "Example News" in text(macros.index_table(ctx, "sites"))


def test_capacity_steps(ctx: macros.Context) -> None:
    table = text(
        macros.capacity_table(
            ctx,
            daily_users=100000,
            minutes_per_visit=120,
            requests_per_minute=2,
            peak_factor=3,
            rps_per_process=25,
        )
    )
    assert "8,333" in table and "277.8" in table and "833.3" in table
    # sized for 70% utilisation: 48 processes (not 34 at 98% busy), 6 servers and a spare
    assert "= 48 application processes, 69% busy at peak" in table and "+ 1 = 7 servers" in table
    assert "4,167 queries per second" in table and "56 database connections, within" in table
    assert "ASGI" in table  # two-hour visits want live updates
    crowded = text(
        macros.capacity_table(
            ctx, daily_users=5_000_000, minutes_per_visit=10, db_connection_limit=100
        )
    )
    assert "more than the limit of 100: put a pooler" in crowded and "ASGI" not in crowded


def test_tally_labels_and_growth(ctx: macros.Context) -> None:
    assert "Active on Django 1" in text(macros.tally(ctx, "sites", "status"))
    assert "Sites Talks Case studies Myths Also on Django" in text(macros.growth(ctx))


def test_charts_use_the_cache_they_are_given(ctx: macros.Context) -> None:
    seen: list[str] = []

    def memo(key: str, make):  # type: ignore[no-untyped-def]
        seen.append(key)
        return make()

    ctx2 = macros.Context(ctx.cat, ctx.renderer, "../", memo, TODAY)
    assert "<figure" in macros.ladder_chart(ctx2, "requests_per_second")
    assert "<figure" in macros.timeline_chart(ctx2)
    assert len(seen) == 2 and "ladder" in seen[0]
