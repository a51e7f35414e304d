"""The site reads the lab's committed results: Measured here, the FAQ and the estimator."""

from __future__ import annotations

import re
from pathlib import Path

from ddscale.core import lab
from ddscale.core.model import significant
from ddscale.site import text

from conftest import ROOT

RUNS = lab.read(str(ROOT / "lab" / "results"))


def plain(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_committed_runs_are_complete() -> None:
    assert RUNS, "commit at least one lab run (make lab) in lab/results/"
    for run in RUNS:
        assert run.machine.get("cores") and run.software.get("django") and run.git.get("commit")
        assert run.command.startswith(("make lab", "python -m labrun"))
        for r in run.results:
            if r.rps_p99_100 and r.at_100:
                assert r.at_100.p50_ms <= r.at_100.p90_ms <= r.at_100.p99_ms <= r.at_100.p999_ms
                assert r.at_100.p99_ms <= 100


def test_measured_here_and_the_faq_show_the_runs(real_site: Path) -> None:
    found = lab.reference(RUNS)
    assert found is not None
    run, result = found
    rate = text.number(significant(result.rps_p99_100 or 0, 2))
    measured = plain((real_site / "measured-here/index.html").read_text())
    assert run.id in measured and run.command in measured
    faq = plain((real_site / "faq/index.html").read_text())
    assert f"on the order of {rate} requests per second" in faq
    home = plain((real_site / "index.html").read_text())
    assert f"about {rate} requests a second" in home


def test_the_estimator_defaults_to_the_measured_rate(real_site: Path) -> None:
    found = lab.reference(RUNS)
    assert found is not None
    rate = significant(found[1].rps_p99_100 or 0, 2)
    faq = (real_site / "faq/index.html").read_text()
    assert re.search(rf'name="rps" min="0.1" step="any" value="{rate:g}"', faq)
    assert 'href="../measured-here/">measured</a>' in faq


def test_every_full_run_is_a_case_study(real_site: Path) -> None:
    catalogue_text = (ROOT / "data" / "sites.yaml").read_text()
    for run in RUNS:
        if run.kind == "full":
            assert f"- slug: lab-{run.id}\n" in catalogue_text, f"make lab-case RUN={run.path}"
            assert (real_site / f"case-studies/lab-{run.id}/index.html").exists()
