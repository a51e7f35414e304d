"""Record Lighthouse scores (mobile) of the built site: python scripts/lighthouse.py  (after make
build).

Runs the pinned Lighthouse of tools/lighthouse (npm) against the system Chromium, on home, the sites
index, a site page and the FAQ, served from site/ on loopback. Writes reports/lighthouse.json and
the table in docs/quality.md. Scores are recorded, not asserted: timing varies with the machine.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from browser import CHROMIUM  # noqa: E402
from serve_static import serve  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOOL = os.path.join(ROOT, "tools", "lighthouse")
PAGES = {"Home": "", "Sites index": "sites/", "A site page": "sites/instagram/", "FAQ": "faq/"}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --no-first-run"
)


def run(url: str) -> dict[str, int]:
    binary = os.path.join(TOOL, "node_modules", ".bin", "lighthouse")
    out = subprocess.run(
        [
            binary,
            url,
            "--output=json",
            "--quiet",
            f"--chrome-flags={FLAGS}",
            "--only-categories=" + ",".join(CATEGORIES),
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        timeout=300,
    )
    if out.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url}:\n{out.stderr[-2000:]}")
    report = json.loads(out.stdout)
    return {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}


def main() -> int:
    if not os.path.exists(os.path.join(TOOL, "node_modules")):
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=TOOL, check=True)
    results = {}
    with serve(os.path.join(ROOT, "site")) as base:
        for name, path in PAGES.items():
            results[name] = run(base + path)
            print(name, results[name])
    os.makedirs(os.path.join(ROOT, "reports"), exist_ok=True)
    record = {
        "date": dt.date.today().isoformat(),
        "form_factor": "mobile",
        "lighthouse": "12.2.3",
        "scores": results,
    }
    with open(os.path.join(ROOT, "reports", "lighthouse.json"), "w") as fh:
        json.dump(record, fh, indent=1)
    rows = "\n".join(
        f"| {name} | " + " | ".join(str(s[c]) for c in CATEGORIES) + " |"
        for name, s in results.items()
    )
    with open(os.path.join(ROOT, "docs", "quality.md"), "w") as fh:
        fh.write(f"""---
title: Quality
description: Lighthouse scores and accessibility checks of this site, recorded by a script.
---

# Quality

Lighthouse {record["lighthouse"]} (mobile), run on {record["date"]} by `python
scripts/lighthouse.py`
against the built site served on loopback, with the system Chromium. Every page type is also checked
by axe-core, light and dark, in the test suite (`tests/test_reader.py`).

| Page | Performance | Accessibility | Best practices | SEO |
| --- | --- | --- | --- | --- |
{rows}
""")
    return 0


if __name__ == "__main__":
    sys.exit(main())
