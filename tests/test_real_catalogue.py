"""The real catalogue: valid, canonical, and nothing lost between the YAML, the pages, the search
index and the API."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

from ddscale import catalogue, fmt, slugs

CAT = catalogue.load(str(ROOT / "data" / "sites.yaml"))


def test_check_passes_and_file_is_canonical() -> None:
    proc = subprocess.run([sys.executable, "-m", "ddscale.check"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    text = (ROOT / "data" / "sites.yaml").read_text()
    assert fmt.canonical(text, str(ROOT / "data" / "sites.yaml")) == text
    assert slugs.problems(CAT) == []


def test_every_site_has_a_dated_sourced_graded_figure_and_a_scope() -> None:
    for site in CAT.sections["sites"]:
        assert site.figures and site.get("scope") and site.get("scope_note"), site.slug
        assert all(f.as_of and f.source.url.startswith(("http://", "https://")) and f.grade for f in site.figures), site.slug
    assert all(m.sources for m in CAT.sections["myths"])


def test_nothing_lost_between_yaml_pages_search_and_api(real_site: Path) -> None:
    index = json.loads((real_site / "search" / "search_index.json").read_text())
    located = {d["location"].split("#")[0] for d in index["docs"]}
    whole = json.loads((real_site / "api/v1/catalogue.json").read_text())
    for section, entries in CAT.sections.items():
        assert [e["slug"] for e in whole[section]] == [e.slug for e in entries]
        for entry, data in zip(entries, whole[section]):
            assert (real_site / entry.url / "index.html").exists(), entry.url
            assert entry.url in located, entry.url
            assert {k: v for k, v in data.items() if k not in ("kind", "page", "api", "headline", "figures")} == \
                {k: v for k, v in entry.fields.items() if k != "figures"}, entry.slug
            assert len(data.get("figures", [])) == len(entry.figures)


def test_charts_link_to_sites(real_site: Path) -> None:
    html = (real_site / "charts/index.html").read_text()
    assert html.count("<svg") >= 5 and 'href="../sites/pinterest/"' in html
