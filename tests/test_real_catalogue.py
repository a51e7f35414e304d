"""The real catalogue: valid, canonical, and nothing lost between the YAML, the pages, the search
index and the API."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from test_build import searchable_pages

from ddscale.tools import fmt, slugs

from conftest import ROOT


def test_check_passes_and_file_is_canonical(real_cat) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "ddscale.tools.check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    text = (ROOT / "data" / "sites.yaml").read_text()
    assert fmt.canonical(text, str(ROOT / "data" / "sites.yaml")) == text
    assert slugs.problems(real_cat) == []


def test_every_site_has_a_dated_sourced_graded_figure_and_a_scope(real_cat) -> None:
    for site in real_cat.sections["sites"]:
        assert site.figures and site.scope and site.scope_note, site.slug
        assert all(
            f.as_of and f.source.url.startswith(("http://", "https://")) and f.grade
            for f in site.figures
        ), site.slug
    assert all(m.sources for m in real_cat.sections["myths"])


def test_nothing_lost_between_yaml_pages_search_and_api(real_cat, real_site: Path) -> None:
    located = searchable_pages(real_site)
    whole = json.loads((real_site / "api/v1/catalogue.json").read_text())
    also = (real_site / "also-on-django" / "index.html").read_text()
    for section, entries in real_cat.sections.items():
        assert [e["slug"] for e in whole[section]] == [e.slug for e in entries]
        for entry, data in zip(entries, whole[section]):
            if entry.section.has_pages:
                assert (real_site / entry.page / "index.html").exists(), entry.page
                assert entry.page in located, entry.page
            else:
                assert f'id="{entry.slug}"' in also, entry.slug
            assert {
                k: v
                for k, v in data.items()
                if k not in ("kind", "page", "api", "headline", "figures")
            } == {k: v for k, v in entry.raw.items() if k != "figures"}, entry.slug
            # every figure round-trips whole: each field as written, plus its unit and class
            for written, published in zip(entry.raw.get("figures", []), data.get("figures", [])):
                assert {k: published[k] for k in written} == written, entry.slug
            assert len(data.get("figures", [])) == len(entry.raw.get("figures", []))


def test_charts_link_to_sites(real_site: Path) -> None:
    html = (real_site / "charts/index.html").read_text()
    assert html.count("<svg") >= 5 and 'href="../sites/pinterest/"' in html


def test_hand_written_pages_link_only_to_real_entries(real_site: Path) -> None:
    for page in ("index.html", "faq/index.html", "measured-here/index.html"):
        html = (real_site / page).read_text()
        assert "dds-missing" not in html, page
    faq = (real_site / "faq/index.html").read_text()
    assert 'href="../sites/instamojo/"' in faq and 'href="../also-on-django/#cnprog"' in faq
