"""The evidence rules: sources from their publishers, readers' words, what served a figure, a
scale figure for every site page, and the Also on Django section."""

from __future__ import annotations

import pytest

from ddscale.core import catalogue, policy
from ddscale.core.problems import CatalogueError

from conftest import FIXTURES, ROOT, TODAY

VALID = (FIXTURES / "small.yaml").read_text(encoding="utf-8")
POLICY = ROOT / "data" / "policy.yaml"


def problems(text: str) -> list[str]:
    with pytest.raises(CatalogueError) as info:
        catalogue.load("cat.yaml", today=TODAY, raw=text.encode(), policy_path=str(POLICY))
    return [str(p) for p in info.value.problems]


def test_the_fixture_passes_the_real_policy() -> None:
    catalogue.load("cat.yaml", today=TODAY, raw=VALID.encode(), policy_path=str(POLICY))


def test_policy_lists_each_refusal_with_its_reason() -> None:
    rules = policy.read(str(POLICY))
    assert rules.refused_sources and all(r.reason for r in rules.refused_sources)
    assert any(r.match == "cur.at/" for r in rules.refused_sources)
    assert "search tool" in rules.research_phrases
    assert policy.read(str(ROOT / "no-such-file.yaml")) == policy.Policy()


def test_refused_source_is_located_and_says_why() -> None:
    text = VALID.replace(
        "url: https://news.example.org/blog/elections", "url: https://cur.at/abc123", 1
    )
    [found] = problems(text)
    line = text.splitlines().index("        url: https://cur.at/abc123") + 1
    assert found.startswith(f"cat.yaml:{line}:14: example-news: sources[0].url: refused source")
    assert "redirector" in found


def test_a_copy_must_say_so_and_is_never_primary() -> None:
    copied = VALID.replace(
        "url: https://news.example.org/blog/elections", "url: https://vuink.com/post/elections", 1
    )
    assert "add copy_of" in problems(copied)[0]
    marked = copied.replace(
        "url: https://vuink.com/post/elections",
        "url: https://vuink.com/post/elections\n"
        "        copy_of: How we built the elections app, Example News",
        1,
    )
    found = problems(marked)
    assert all("figures[" in p and "grade it secondary" in p for p in found) and len(found) == 2


def test_research_wording_is_refused_where_it_is() -> None:
    text = VALID.replace("note: peak month", "note: peak month, as the search tool returned", 1)
    [found] = problems(text)
    assert "example-news: figures[0].note: 'search tool' tells how the research was done" in found


def test_site_figures_need_served_by_and_a_note() -> None:
    text = VALID.replace(
        "        served_by: django\n        note: peak month\n", "        note: peak month\n", 1
    )
    [found] = problems(text)
    assert "example-news: figures[0]: add served_by" in found


def test_a_site_needs_a_figure_of_its_scale() -> None:
    text = VALID.replace("metric: page_views_per_month", "metric: engineers")
    found = problems(text)
    [whole] = [p for p in found if "example-news: figures: " in p]
    assert "no figure measures this site's audience" in whole and "also_on_django" in whole
    # and each organisation figure is refused on a site page, where it is
    assert sum("a site's figures measure its scale" in p for p in found) == 2
    assert len(found) == 3


ALSO = """also_on_django:
  - slug: zz-also
    name: Also Site
    runs_django: Its web application is a Django project, as its README says.
    django_evidence: readme
    sources:
      - id: readme
        title: README
        publisher: Also Site
        url: https://also.example.org/readme
    last_verified: "2026-11-01"
"""


def test_also_on_django_entries_need_a_known_evidence_source() -> None:
    cat = catalogue.load("cat.yaml", today=TODAY, raw=(VALID + ALSO).encode())
    entry = cat.by_slug["zz-also"]
    assert entry.page == "also-on-django/#zz-also" and entry.last_evidence is None
    assert cat.redirects()["sites/zz-also.md"] == "also-on-django.md#zz-also"
    wrong = ALSO.replace("django_evidence: readme", "django_evidence: nope")
    [found] = problems(VALID + wrong)
    assert "zz-also: django_evidence: no source with id 'nope'" in found


def test_a_site_shows_today_only_with_recent_evidence() -> None:
    cat = catalogue.load("cat.yaml", today=TODAY, raw=VALID.encode())
    site = cat.by_slug["example-news"]
    assert site.headline and site.headline.klass == "traffic"
    assert not site.still_on_django  # no dated Django evidence
    assert site.status_note == "Active on Django"


def test_corrections_and_releases_are_checked_like_the_catalogue(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from ddscale.core import extras

    cat = catalogue.load(str(ROOT / "data" / "sites.yaml"))
    corrections = extras.corrections(str(ROOT / "data"))
    known = set(cat.by_slug) | set(cat.former_slugs())
    assert corrections and extras.unknown_slugs(corrections, known, "x") == []
    assert [r.version for r in extras.releases(str(ROOT / "data"))][:2] == ["1.2", "1.3"]
    (tmp_path / "corrections.yaml").write_text(
        'corrections:\n  - slug: nope\n    date: "2026-13-01"\n    correction: x\n'
    )
    with pytest.raises(CatalogueError) as info:
        extras.corrections(str(tmp_path))
    [problem] = info.value.problems
    assert problem.line == 3 and "date" in problem.field and "not a date" in problem.message
