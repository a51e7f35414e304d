"""The same project builds unchanged with ProperDocs, the maintained continuation of MkDocs 1.x."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES, build_site


def test_properdocs_builds_the_same_pages(tmp_path: Path, small_site: Path) -> None:
    proc = build_site(FIXTURES / "small.yaml", tmp_path, tool="properdocs")
    assert proc.returncode == 0, proc.stderr
    ours = sorted(
        p.relative_to(small_site).as_posix() for p in small_site.rglob("*") if p.is_file()
    )
    theirs = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert ours == theirs
    page = "sites/example-news/index.html"
    assert (tmp_path / page).read_text().replace("properdocs", "mkdocs").count("12 million") == (
        small_site / page
    ).read_text().count("12 million")
