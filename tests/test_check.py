"""The check: each class of bad input gets its own located, fix-it error; all errors in one run."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ddscale.core import catalogue
from ddscale.core.problems import CatalogueError

from conftest import FIXTURES, ROOT, TODAY

VALID = (FIXTURES / "small.yaml").read_text(encoding="utf-8")


def problems(text: str) -> list[str]:
    with pytest.raises(CatalogueError) as info:
        catalogue.load("cat.yaml", today=TODAY, raw=text.encode("utf-8"))
    return [str(p) for p in info.value.problems]


def line_of(text: str, needle: str, nth: int = -1) -> int:
    lines = [i + 1 for i, ln in enumerate(text.splitlines()) if needle in ln]
    return lines[nth]


def test_valid_fixture_loads() -> None:
    cat = catalogue.load(str(FIXTURES / "small.yaml"), today=TODAY)
    assert [len(cat.sections[s]) for s in ("sites", "talks", "case_studies", "myths")] == [
        2,
        1,
        1,
        1,
    ]
    assert cat.by_slug["example-news"].headline.value == 12000000
    assert [e.slug for e in cat.covering["old-social"]] == ["doe-scaling-old-social-2009"]


@pytest.mark.parametrize(
    "old, new, needle, expected",
    [
        (
            "    name: Example News\n",
            "    name: Example News\n    nmae: typo\n",
            "nmae: typo",
            "example-news: nmae: unknown field 'nmae': a typo would be lost; did you mean 'name'?",
        ),
        (
            "    name: Example News\n",
            "    name: no\n",
            "name: no",
            "example-news: name: expected text, found true/false (yes/no/on/off/true/false are "
            "booleans in YAML): put it in quotes",
        ),
        (
            '        as_of: "2012-11"\n',
            '        as_of: "2012-13"\n',
            '"2012-13"',
            "example-news: figures[0].as_of: '2012-13' is not a date",
        ),
        (
            '        as_of: "2012-11"\n',
            '        as_of: "2027-01"\n',
            '"2027-01"',
            "example-news: figures[0].as_of: '2027-01' is in the future",
        ),
        (
            '    last_verified: "2026-11-01"\n',
            '    last_verified: "2025-02-30"\n',
            '"2025-02-30"',
            "example-news: last_verified: '2025-02-30' is not a day of the calendar",
        ),
        (
            "    url: https://news.example.org/\n",
            "    url: javascript:alert(1)\n",
            "javascript:alert",
            "example-news: url: 'javascript:alert(1)' is not an http(s) URL",
        ),
        (
            "    url: https://news.example.org/\n",
            "    url: ftp://news.example.org/\n",
            "ftp://",
            "example-news: url: 'ftp://news.example.org/' is not an http(s) URL",
        ),
        (
            "    sites: [old-social]\n",
            "    sites: [old-socia]\n",
            "[old-socia]",
            "doe-scaling-old-social-2009: sites[0]: no site has the slug 'old-socia'",
        ),
        (
            "        source: talk\n",
            "        source: tlak\n",
            "source: tlak",
            "old-social: figures[0].source: no source with id 'tlak' in this entry (its sources: "
            "talk)",
        ),
        (
            "  - slug: fixture-myth\n",
            "  - slug: old-social\n",
            "slug: old-social",
            "old-social: slug: the slug 'old-social' is already used at line",
        ),
        (
            "    status: defunct\n    status_year: 2010\n",
            "    status: moved-off-django\n    status_year: 2010\n",
            "status: moved-off",
            "old-social: status: a site that moved off Django needs moved_to",
        ),
        (
            "      - metric: requests_per_second\n        value: 300\n",
            "      - metric: rps\n        value: 300\n",
            "metric: rps",
            "old-social: figures[0].metric: 'rps' is not allowed here; use one of: "
            "monthly_active_users",
        ),
        (
            "        value: 300\n",
            '        value: "300"\n',
            'value: "300"',
            "old-social: figures[0].value: expected a number, found text",
        ),
        (
            "    verification: confirmed\n",
            "    verification: unconfirmed\n",
            "verification: unconfirmed",
            "example-news: verification: no source confirms this site ran Django",
        ),
        (
            "  - slug: old-social\n",
            "  - slug: Old_Social\n",
            "slug: Old_Social",
            "Old_Social: slug: 'Old_Social' must be lowercase letters, digits and hyphens",
        ),
    ],
)
def test_each_fault_is_located_and_explained(
    old: str, new: str, needle: str, expected: str
) -> None:
    assert old in VALID
    text = VALID.replace(old, new, 1)
    found = problems(text)
    line = line_of(text, needle)
    matching = [p for p in found if expected in p]
    assert matching, found
    assert matching[0].startswith(f"cat.yaml:{line}:"), matching


def test_missing_required_field_points_at_the_entry() -> None:
    text = VALID.replace("    scope: whole-product\n", "", 1)
    [msg] = problems(text)
    assert msg == (
        f"cat.yaml:{line_of(text, 'slug: old-social')}:5: old-social: scope: "
        "missing required field 'scope': add it (see CONTRIBUTING.md for what it holds)"
    )


def test_unsorted_entries() -> None:
    a = VALID.index("  - slug: example-news")
    b = VALID.index("  - slug: old-social")
    c = VALID.index("talks:")
    text = VALID[:a] + VALID[b:c] + VALID[a:b] + VALID[c:]
    [msg] = problems(text)
    assert (
        "'old-social' comes after" not in msg and "'example-news' comes after 'old-social'" in msg
    )
    assert msg.startswith(f"cat.yaml:{line_of(text, 'slug: example-news')}:11:")


def test_all_errors_reported_in_one_run() -> None:
    text = VALID.replace("    name: Example News\n", "    name: no\n").replace(
        "    sites: [old-social]\n", "    sites: [nope]\n"
    )
    text = text.replace('    last_verified: "2020-01-01"\n', '    last_verified: "2099-01-01"\n')
    assert len(problems(text)) == 3


def test_missing_section() -> None:
    found = problems(VALID.replace("case_studies:", "case_study:"))
    assert any(
        "(file): case_study: unknown field 'case_study'" in p
        and "did you mean 'case_studies'?" in p
        for p in found
    )
    assert any(
        p.startswith("cat.yaml:2:1: (file): case_studies: missing required field 'case_studies'")
        for p in found
    )


def run_check(path: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ddscale.tools.check", path],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_cli_exit_status_and_no_traceback(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"sites: [\n")
    proc = run_check(str(bad))
    assert proc.returncode == 1
    assert (
        "Traceback" not in proc.stderr
        and f"{bad}:" in proc.stderr
        and "invalid YAML" in proc.stderr
    )
    ok = run_check(str(FIXTURES / "small.yaml"))
    assert ok.returncode == 0 and "OK (2 sites, 1 talks" in ok.stdout


def test_cli_missing_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    proc = run_check(str(tmp_path / "nope.yaml"))
    assert (
        proc.returncode == 1
        and "cannot read the file" in proc.stderr
        and "Traceback" not in proc.stderr
    )
