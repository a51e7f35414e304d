"""Workflows, issue forms, the pre-commit config and the Makefile are what other tools expect."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

BIN = Path(sys.executable).parent


@pytest.mark.parametrize(
    "schema, files",
    [
        ("vendor.github-workflows", sorted((ROOT / ".github/workflows").glob("*.yml"))),
        (
            "vendor.github-issue-forms",
            [
                p
                for p in sorted((ROOT / ".github/ISSUE_TEMPLATE").glob("*.yml"))
                if p.name != "config.yml"
            ],
        ),
        ("vendor.github-issue-config", [ROOT / ".github/ISSUE_TEMPLATE/config.yml"]),
    ],
)
def test_github_files_match_their_schema(schema: str, files: list[Path]) -> None:
    assert files
    proc = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", schema, *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_workflows_do_what_the_project_promises() -> None:
    ci = (ROOT / ".github/workflows/ci.yml").read_text()
    assert "pull_request" in ci and "make test" in ci and "upload-artifact" in ci
    pages = (ROOT / ".github/workflows/pages.yml").read_text()
    assert "deploy-pages" in pages and "branches: [main]" in pages
    links = (ROOT / ".github/workflows/linkcheck.yml").read_text()
    assert "schedule" in links and "gh issue" in links and "make linkcheck" in links


def test_pre_commit_config_is_valid_and_runs_the_check() -> None:
    proc = subprocess.run(
        [str(BIN / "pre-commit"), "validate-config", ".pre-commit-config.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    text = (ROOT / ".pre-commit-config.yaml").read_text()
    assert "ddscale.tools.check" in text and "ddscale.tools.fmt" in text


def test_make_targets_other_tools_call() -> None:
    makefile = (ROOT / "Makefile").read_text()
    for target in ("serve", "build", "check", "test", "fmt", "new", "linkcheck", "stale"):
        assert f"\n{target}:" in makefile, target
    readme = (ROOT / "README.md").read_text()
    assert readme.index("make serve") < readme.index("make test") < 400
