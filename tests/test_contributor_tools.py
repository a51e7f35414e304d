"""make new, make fmt, the published-slug registry and freshness: the contributor's loop."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ddscale.core import catalogue
from ddscale.core.problems import CatalogueError
from ddscale.tools import fmt, freshness, scaffold, slugs

from conftest import FIXTURES, ROOT, TODAY

VALID = (FIXTURES / "small.yaml").read_text(encoding="utf-8")


def run(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", module, *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


@pytest.fixture()
def cat_file(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "sites.yaml"
    path.parent.mkdir()
    path.write_text(VALID, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "kind, section",
    [("site", "sites"), ("talk", "talks"), ("case-study", "case_studies"), ("myth", "myths")],
)
def test_new_entry_lands_sorted_and_check_names_only_fields_to_fill(
    kind: str, section: str
) -> None:
    text = scaffold.insert(VALID, kind, "m-middle", TODAY)
    with pytest.raises(CatalogueError) as info:
        catalogue.load("cat.yaml", today=TODAY, raw=text.encode())
    problems = info.value.problems
    assert problems and all(
        p.entry == "m-middle" and p.message.startswith("still to fill in: ") for p in problems
    ), problems
    lines = text.splitlines()
    for p in problems:  # each points at the line holding its placeholder
        assert "FILL IN" in lines[p.line - 1]
    body = text.split(f"\n{section}:\n")[1].split("\n")
    body = body[
        : next((i for i, ln in enumerate(body) if ln and not ln.startswith(" ")), len(body))
    ]
    slugs_in_section = [ln.split(": ")[1] for ln in body if ln.startswith("  - slug: ")]
    assert slugs_in_section == sorted(slugs_in_section) and "m-middle" in slugs_in_section


def test_filled_in_site_passes(cat_file: Path) -> None:
    proc = run("ddscale.tools.scaffold", "site", "new-site", str(cat_file))
    assert proc.returncode == 0 and "added site 'new-site'" in proc.stdout
    text = cat_file.read_text()
    fills = {
        "the site's name": "New Site",
        "https://... the site's address": "https://new.example.org/",
        "active, defunct": "active",
        "whole-product, core": "whole-product",
        "one sentence": "All of it.",
        "two to five sentences": "A new site that runs Django for everything it serves.",
        "e.g. monthly_active_users": "monthly_active_users",
        "a plain number": "1000",
        "when the number was true": "2024-01",
        "primary (the operator": "primary",
        "the page's title": "About us",
        "who published it": "New Site",
        "publication date": "2024-01-02",
        "https://... the address you opened": "https://new.example.org/about",
        "django, product or edge": "django",
        "what was counted": "users in January 2024, About page",
    }

    def fill(match: re.Match[str]) -> str:
        value = next(v for hint, v in fills.items() if match.group(1).startswith(hint))
        return value if value.isdigit() else f'"{value}"'

    cat_file.write_text(re.sub(r'"FILL IN: ([^"]*)"', fill, text))
    assert run("ddscale.tools.check", "--no-format", str(cat_file)).returncode == 0, run(
        "ddscale.tools.check", str(cat_file)
    ).stderr
    assert run("ddscale.tools.fmt", str(cat_file)).returncode == 0
    assert run("ddscale.tools.check", str(cat_file)).returncode == 0


def test_fmt_is_idempotent_keeps_comments_and_data(cat_file: Path) -> None:
    messy = VALID.replace("    name: Example News\n", "    name: 'Example News'   # the paper\n")
    messy = messy.replace("    tags: [news]\n", "    tags:\n      - news\n")
    a, b = messy.index("  - slug: example-news"), messy.index("  - slug: old-social")
    c = messy.index("talks:")
    messy = messy[:a] + messy[b:c] + messy[a:b] + messy[c:]  # unsorted
    once = fmt.canonical(messy, str(cat_file))
    assert fmt.canonical(once, str(cat_file)) == once
    assert (
        re.search(r"\n    name: Example News +# the paper\n", once) and "    tags: [news]\n" in once
    )
    assert once.index("slug: example-news") < once.index("slug: old-social")
    import yaml

    assert yaml.safe_load(once) == yaml.safe_load(VALID)


def test_fmt_quotes_what_yaml_would_misread(cat_file: Path) -> None:
    text = VALID.replace("    name: Example News\n", '    name: "no"\n').replace(
        "    workload: 240 concurrent requests\n", "    workload: '1.5'\n"
    )
    once = fmt.canonical(text, str(cat_file))
    assert '    name: "no"\n' in once and '    workload: "1.5"\n' in once
    catalogue.load("x.yaml", today=TODAY, raw=once.encode())


def test_check_reports_a_file_that_is_not_canonical(cat_file: Path) -> None:
    cat_file.write_text(VALID.replace("    name: Example News\n", "    name:    'Example News'\n"))
    proc = run("ddscale.tools.check", str(cat_file))
    assert (
        proc.returncode == 1
        and "not in canonical form" in proc.stderr
        and "run make fmt" in proc.stderr
    )
    assert f"{cat_file}:" in proc.stderr


def test_published_slug_cannot_disappear(cat_file: Path) -> None:
    slugs.record(catalogue.load(str(cat_file), today=TODAY))
    renamed = VALID.replace("  - slug: example-news\n", "  - slug: example-paper\n").replace(
        "sites: [example-news]", "sites: [example-paper]"
    )
    cat_file.write_text(renamed)
    problems = slugs.problems(catalogue.load(str(cat_file), today=TODAY))
    assert [p.entry for p in problems] == ["example-news"]
    assert "add it to former_slugs" in problems[0].message and problems[0].path.endswith(
        "published-slugs.txt"
    )
    cat_file.write_text(
        renamed.replace(
            "  - slug: example-paper\n",
            "  - slug: example-paper\n    former_slugs: [example-news]\n",
        )
    )
    assert slugs.problems(catalogue.load(str(cat_file), today=TODAY)) == []


def test_former_slug_redirects(small_site: Path) -> None:
    html = (small_site / "sites/old-social-network/index.html").read_text()
    assert "../old-social/" in html and 'http-equiv="refresh"' in html
    # An entry that moves section (a site turned myth) keeps its old address too.
    moved = (small_site / "myths/old-social-network/index.html").read_text()
    assert "../../sites/old-social/" in moved and 'http-equiv="refresh"' in moved


def test_stale_entries_oldest_first(monkeypatch: pytest.MonkeyPatch) -> None:
    cat = catalogue.load(str(FIXTURES / "small.yaml"), today=TODAY)
    assert [e.slug for e in freshness.stale(cat, TODAY)] == ["old-social"]
    monkeypatch.setenv("STALE_AFTER_DAYS", "1")
    assert [e.slug for e in freshness.stale(cat, TODAY)][0] == "old-social"
    assert len(freshness.stale(cat, TODAY)) == 5
    assert not freshness.is_stale(cat.by_slug["example-news"], dt.date(2026, 11, 1))


def test_stale_note_on_page(small_site: Path) -> None:
    assert "May be out of date" in (small_site / "sites/old-social/index.html").read_text()
    assert "May be out of date" not in (small_site / "sites/example-news/index.html").read_text()
