"""`make bench`: measure the check, the build, the output and the browser at 100, 1,000 and 10,000
entries.

Generates valid synthetic catalogues (60% sites, 25% talks, 10% case studies, 5% myths, with
figures, sources and tags), then measures, as medians of several runs: `make check` time; full
build time and peak memory; output and search-index size; a site page's weight (gzip); and the
same pages built as static Markdown with the same theme and plugins and no hooks or macros (the
baseline). At 10,000 entries it times a search query in Chromium; at 1,000 the edit-to-reload time
under `mkdocs serve`. Writes bench/results.csv and docs/benchmark.md.

Usage: python scripts/bench.py [--sizes 100,1000,10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
WORDS = (
    "django scale cache database replica shard queue worker request latency deploy monolith "
    "service "
    "postgres redis celery traffic growth users pages index query migration team platform api"
).split()
METRICS = [
    "monthly_active_users",
    "page_views_per_month",
    "requests_per_second",
    "registered_users",
    "servers",
]


def sentence(rng: random.Random, n: int = 14) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def source(rng: random.Random, i: int, slug: str) -> dict:
    return {
        "id": f"s{i}",
        "title": sentence(rng, 6)[:-1],
        "publisher": rng.choice(["Engineering blog", "PyCon", "DjangoCon"]),
        "date": f"{rng.randint(2008, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "url": f"https://example.org/{slug}/{i}",
    }


def figures(rng: random.Random, n: int) -> list[dict]:
    return [
        {
            "metric": rng.choice(METRICS),
            "value": rng.randint(10, 10**9),
            "as_of": f"{rng.randint(2008, 2025)}-{rng.randint(1, 12):02d}",
            "source": f"s{rng.randint(0, 1)}",
            "grade": rng.choice(["primary", "secondary", "estimate"]),
            "served_by": rng.choice(["django", "product", "edge"]),
            "note": sentence(rng, 10),
        }
        for _ in range(n)
    ]


def synth(n: int, seed: int = 1) -> dict:
    """A valid catalogue of n entries with a realistic mix and sizes."""
    rng = random.Random(seed)
    n_sites, n_talks, n_cases = int(n * 0.55), int(n * 0.22), int(n * 0.09)
    n_myths = int(n * 0.04)
    n_also = n - n_sites - n_talks - n_cases - n_myths
    summary = lambda: " ".join(sentence(rng) for _ in range(rng.randint(3, 5)))  # noqa: E731
    sites = [
        {
            "slug": f"site-{i:05d}",
            "name": f"Site {i} " + rng.choice(WORDS).title(),
            "url": f"https://site{i}.example.org/",
            "status": "active",
            "scope": rng.choice(["whole-product", "api", "one-app"]),
            "scope_note": sentence(rng),
            "django_adopted": rng.randint(2006, 2022),
            "stack": rng.sample(
                ["postgresql", "redis", "celery", "nginx", "mysql", "memcached"], 3
            ),
            "tags": rng.sample(["social", "news", "saas", "e-commerce", "education", "finance"], 2),
            "summary": summary(),
            "figures": figures(rng, rng.randint(1, 3)),
            "sources": [source(rng, 0, f"site-{i}"), source(rng, 1, f"site-{i}")],
            "last_verified": "2026-11-01",
            "added": "2026-11-01",
        }
        for i in range(n_sites)
    ]
    talks = [
        {
            "slug": f"talk-{i:05d}",
            "title": sentence(rng, 5)[:-1],
            "speakers": [f"Speaker {rng.randint(1, 500)}"],
            "event": f"DjangoCon {rng.randint(2008, 2025)}",
            "date": f"{rng.randint(2008, 2025)}-{rng.randint(1, 12):02d}",
            "sites": [f"site-{rng.randrange(n_sites):05d}"] if n_sites else [],
            "topics": rng.sample(["caching", "databases", "async", "sharding"], 2),
            "links": [{"kind": "video", "url": f"https://video.example.org/{i}"}],
            "summary": summary(),
            "last_verified": "2026-11-01",
            "added": "2026-11-01",
        }
        for i in range(n_talks)
    ]
    cases = [
        {
            "slug": f"case-{i:05d}",
            "title": sentence(rng, 6)[:-1],
            "date": f"{rng.randint(2008, 2025)}",
            "sites": [f"site-{rng.randrange(n_sites):05d}"] if n_sites else [],
            "summary": summary(),
            "setup": {"web_server": "nginx", "app_server": "gunicorn", "database": "PostgreSQL"},
            "workload": sentence(rng),
            "figures": figures(rng, 2),
            "lessons": [sentence(rng)],
            "sources": [source(rng, 0, f"case-{i}"), source(rng, 1, f"case-{i}")],
            "last_verified": "2026-11-01",
            "added": "2026-11-01",
        }
        for i in range(n_cases)
    ]
    myths = [
        {
            "slug": f"myth-{i:05d}",
            "subject": f"Company {i}",
            "claim": f"Company {i} runs on Django.",
            "verdict": "not-django",
            "summary": summary(),
            "sources": [source(rng, 0, f"myth-{i}")],
            "last_verified": "2026-11-01",
            "added": "2026-11-01",
        }
        for i in range(n_myths)
    ]
    also = [
        {
            "slug": f"also-{i:05d}",
            "name": f"Also {i} " + rng.choice(WORDS).title(),
            "url": f"https://also{i}.example.org/",
            "runs_django": sentence(rng),
            "django_evidence": "s0",
            "tags": rng.sample(["social", "news", "saas", "e-commerce", "education"], 2),
            "sources": [source(rng, 0, f"also-{i}")],
            "last_verified": "2026-11-01",
            "added": "2026-11-01",
        }
        for i in range(n_also)
    ]
    return {
        "sites": sites,
        "talks": talks,
        "case_studies": cases,
        "myths": myths,
        "also_on_django": also,
    }


def catalogue_text(n: int) -> str:
    """The real catalogue's entries (the hand-written pages link to them) filled up to n entries
    with synthetic ones, in canonical form (so that `make check` passes with its format check)."""
    from ddscale.core import yamlsource
    from ddscale.tools import canon, fmt

    real = yamlsource.read(str(ROOT / "data" / "sites.yaml")).data
    have = sum(len(v or []) for v in real.values())
    data = synth(max(0, n - have))
    for key, entries in real.items():
        merged = (entries or []) + data.get(key, [])
        data[key] = sorted(merged, key=lambda e: e["slug"])
    return fmt.modeline("data/sites.yaml") + "\n" + canon.canonical_body(data)


def prepare(n: int) -> tuple[Path, Path]:
    """A work folder with data/ (the catalogue of n entries and the real data files beside it)."""
    work = Path(tempfile.mkdtemp(prefix=f"bench-{n}-"))
    data = work / "data"
    shutil.copytree(ROOT / "data", data)
    cat = data / "sites.yaml"
    cat.write_text(catalogue_text(n))
    return work, cat


def timed(cmd: list[str], env: dict | None = None, cwd: Path = ROOT) -> tuple[float, int]:
    """Run a command; return (seconds, peak resident memory in MB of its process tree's largest
    child)."""
    wrapper = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, "
        "text=True); "
        "d = time.perf_counter() - t; m = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss; "
        "print(d, m); sys.stderr.write(r.stderr[-3000:] if r.returncode else ''); "
        "sys.exit(r.returncode)"
    )
    out = subprocess.run(
        [sys.executable, "-c", wrapper, *cmd],
        env=env or ENV,
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{out.stderr}")
    seconds, kb = out.stdout.split()
    return float(seconds), int(kb) // 1024


def folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 9))


def page_weight(site: Path, page: Path) -> tuple[float, float]:
    """(HTML gzip KB, HTML + CSS + JS gzip KB) of one page."""
    html = page.read_text()
    assets = re.findall(r'(?:href|src)="([^"]+\.(?:css|js))"', html)
    total = gz(page)
    for a in assets:
        f = (page.parent / a).resolve()
        if f.exists() and site in f.parents:
            total += gz(f)
    return gz(page) / 1024, total / 1024


def baseline_config(work: Path, docs: Path) -> Path:
    """Our mkdocs.yml with the same theme and plugins, minus hooks, macros and redirects."""
    text = (ROOT / "mkdocs.yml").read_text()
    text = re.sub(r"\nhooks:\n(  - .*\n)+", "\n", text)
    text = re.sub(r"  - redirects\n", "", text)
    text = re.sub(r"  - macros:\n(      .*\n)+", "", text)
    text = re.sub(r"\nwatch:\n(  - .*\n)+", "\n", text)
    text = text.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    text = re.sub(r"      base_path: \[\"\.\"\]", f'      base_path: ["{ROOT}"]', text)
    cfg = work / "baseline.yml"
    cfg.write_text(f"docs_dir: {docs}\n" + text)
    return cfg


def search_query_ms(site: Path) -> float:
    """Time from typing a query to its results, in Chromium, after the index has loaded."""
    from playwright.sync_api import sync_playwright

    from browser import launch_args
    from serve_static import serve

    with serve(str(site)) as base, sync_playwright() as p:
        browser = p.chromium.launch(**launch_args())
        page = browser.new_page()
        page.goto(base)
        page.click("input.md-search__input")
        page.keyboard.type("site")
        page.wait_for_selector(".md-search-result__item", timeout=120_000)  # the index is ready
        times = []
        for query in ("talk", "postgresql", "Speaker", "case"):
            page.fill("input.md-search__input", "")
            page.wait_for_timeout(500)
            before = page.inner_text(".md-search-result__meta")  # the empty-query text
            start = time.perf_counter()
            page.fill("input.md-search__input", query)
            page.keyboard.press(
                "End"
            )  # Material searches on key events: one search for the whole query
            page.wait_for_function(
                "b => document.querySelector('.md-search-result__meta').textContent !== b",
                arg=before,
                timeout=60_000,
                polling="raf",
            )
            times.append((time.perf_counter() - start) * 1000)
        browser.close()
    return statistics.median(times)


def edit_reload_seconds(catalogue: Path, work: Path) -> float:
    """Under mkdocs serve: edit one entry's summary, time until the open page shows the new text."""
    import socket

    from playwright.sync_api import sync_playwright

    from browser import launch_args

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    data_dir = work / "serve-data"
    data_dir.mkdir(exist_ok=True)
    cat = data_dir / "sites.yaml"
    shutil.copy(catalogue, cat)
    env = {**ENV, "CATALOGUE": str(cat)}
    cmd = [
        str(BIN / "mkdocs"),
        "serve",
        "--dirty",
        "-a",
        f"127.0.0.1:{port}",
        "-f",
        str(ROOT / "mkdocs.yml"),
        "--watch",
        str(data_dir),
    ]
    server = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(**launch_args())
            page = browser.new_page()
            deadline = time.time() + 300
            while True:
                try:
                    page.goto(f"http://127.0.0.1:{port}/sites/site-00001/", timeout=5000)
                    if page.locator("h1").count():
                        break
                except Exception:  # noqa: BLE001 - not up yet
                    pass
                if time.time() > deadline:
                    raise SystemExit("mkdocs serve did not start")
                time.sleep(0.5)
            page.wait_for_timeout(1500)
            text = cat.read_text()
            marker = "Edited for the benchmark"
            found = re.compile(r"\n\s+summary: ").search(text, text.index("- slug: site-00001"))
            assert found is not None
            text = text[: found.end()] + f"{marker}. " + text[found.end() :]
            start = time.perf_counter()
            cat.write_text(text)
            page.wait_for_function(
                "m => document.body && document.body.innerText.includes(m)",
                arg=marker,
                timeout=120_000,
                polling=100,
            )
            elapsed = time.perf_counter() - start
            browser.close()
        return elapsed
    finally:
        server.terminate()
        server.wait(timeout=30)


def describe_machine() -> str:
    cpu = "unknown CPU"
    try:
        cpu = next(
            ln.split(":", 1)[1].strip()
            for ln in open("/proc/cpuinfo")
            if ln.startswith("model name")
        )
    except (OSError, StopIteration):
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    system = f"{platform.system()} {platform.release()}"
    python = platform.python_version()
    return f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, Python {python}, {system}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,1000,10000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--browser", action=argparse.BooleanOptionalAction, default=True)
    args = ap.parse_args()
    rows = []
    for n in [int(s) for s in args.sizes.split(",")]:
        work = Path(tempfile.mkdtemp(prefix=f"bench-{n}-"))
        cat = work / "data" / "sites.yaml"
        cat.parent.mkdir()
        cat.write_text(
            "# yaml-language-server: $schema=x\n"
            + yaml.safe_dump(synth(n), sort_keys=False, width=4096)
        )
        runs = args.runs if n < 10000 else max(1, args.runs - 1)
        check = statistics.median(
            timed([sys.executable, "-m", "ddscale.check", "--no-format", str(cat)])[0]
            for _ in range(3)
        )
        fmt_check = timed(
            [
                sys.executable,
                "-c",
                f"import ddscale.tools.fmt as f; f.canonical(open({str(cat)!r}).read())",
            ]
        )[0]
        ours, ours_mem, site = [], [], work / "site"
        dump = work / "baseline-docs"
        for r in range(runs):
            env = {
                **ENV,
                "CATALOGUE": str(cat),
                **({"DDS_DUMP_MARKDOWN": str(dump)} if r == 0 else {}),
            }
            shutil.rmtree(
                ROOT / ".cache" / "cards", ignore_errors=True
            )  # full builds: no warm card cache
            secs, mem = timed(
                [
                    str(BIN / "mkdocs"),
                    "build",
                    "-q",
                    "-f",
                    str(ROOT / "mkdocs.yml"),
                    "-d",
                    str(site),
                ],
                env,
            )
            ours.append(secs)
            ours_mem.append(mem)
        for asset in (
            "assets/dds.css",
            "assets/dds-tables.js",
            "assets/dds-cite.js",
            "assets/dds-estimator.js",
            "schema",
        ):
            src = ROOT / "docs" / asset
            (dump / asset).parent.mkdir(parents=True, exist_ok=True)
            shutil.copytree(src, dump / asset, dirs_exist_ok=True) if src.is_dir() else shutil.copy(
                src, dump / asset
            )
        cfg = baseline_config(work, dump)
        base_t, base_mem, base_site = [], [], work / "baseline-site"
        for _ in range(runs):
            secs, mem = timed(
                [str(BIN / "mkdocs"), "build", "-q", "-f", str(cfg), "-d", str(base_site)]
            )
            base_t.append(secs)
            base_mem.append(mem)
        html_kb, total_kb = page_weight(site, site / "sites" / "site-00001" / "index.html")
        index_bytes = (site / "search" / "search_index.json").stat().st_size
        row = {
            "entries": n,
            "check_s": round(check, 2),
            "format_check_s": round(fmt_check, 2),
            "build_s": round(statistics.median(ours), 2),
            "baseline_build_s": round(statistics.median(base_t), 2),
            "build_ratio": round(statistics.median(ours) / statistics.median(base_t), 2),
            "peak_mem_mb": max(ours_mem),
            "baseline_peak_mem_mb": max(base_mem),
            "mem_ratio": round(max(ours_mem) / max(base_mem), 2),
            "output_mb": round(folder_mb(site), 1),
            "baseline_output_mb": round(folder_mb(base_site), 1),
            "search_index_mb": round(index_bytes / 1e6, 2),
            "search_index_kb_per_entry": round(index_bytes / 1024 / n, 2),
            "page_html_gzip_kb": round(html_kb, 1),
            "page_total_gzip_kb": round(total_kb, 1),
            "search_query_ms": "",
            "edit_reload_s": "",
        }
        try:
            if args.browser and n == 10000:
                row["search_query_ms"] = round(search_query_ms(site))
            if args.browser and n == 1000:
                row["edit_reload_s"] = round(edit_reload_seconds(cat, work), 2)
        except Exception as exc:  # noqa: BLE001 - keep the numbers measured so far
            print(f"browser measurement failed at {n}: {exc}", file=sys.stderr)
        print(row, flush=True)
        rows.append(row)
        shutil.rmtree(work, ignore_errors=True)
    write(rows)
    return 0


def write(rows: list[dict]) -> None:
    out = ROOT / "bench"
    out.mkdir(exist_ok=True)
    with open(out / "results.csv", "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    head = (
        "| Entries | check (s) | build (s) | baseline (s) | ratio | peak MB | baseline MB | "
        "output MB | "
        "search index MB (KB/entry) | site page HTML gzip KB | + CSS + JS gzip KB | search query "
        "(ms) | edit → reload (s) |"
    )
    lines = [head, "|" + " --- |" * 13]
    for r in rows:
        lines.append(
            f"| {r['entries']:,} | {r['check_s']} | {r['build_s']} | {r['baseline_build_s']} | "
            f"{r['build_ratio']} | "
            f"{r['peak_mem_mb']} | {r['baseline_peak_mem_mb']} | {r['output_mb']} | "
            f"{r['search_index_mb']} "
            f"({r['search_index_kb_per_entry']}) | {r['page_html_gzip_kb']} | "
            f"{r['page_total_gzip_kb']} | "
            f"{r['search_query_ms']} | {r['edit_reload_s']} |"
        )
    fmt = ", ".join(f"{r['format_check_s']} s at {r['entries']:,}" for r in rows)
    (ROOT / "docs" / "benchmark.md").write_text(f"""---
title: Benchmark
description: How fast the catalogue checks, builds, searches and previews at 100, 1,000 and 10,000
entries, measured by make bench.
---

# Benchmark

Measured by `make bench` (`scripts/bench.py`) on {time.strftime("%Y-%m-%d")}: {describe_machine()}.
Synthetic, valid catalogues (60% sites, 25% talks, 10% case studies, 5% myths, each with a
summary of three to five sentences, figures, sources and tags). Times are medians of several
runs; the **baseline** builds the very same pages written out as static Markdown, with the same
theme and plugins and no hooks or macros. The raw numbers are in `bench/results.csv`.

{chr(10).join(lines)}

- **check**: `python -m ddscale.tools.check --no-format` (YAML, schema and rules). The
canonical-format
  check that `make check` adds (a ruamel.yaml round trip) took {fmt}.
- **ratio**: our build time over the baseline's; **peak MB**: the largest resident memory of the
  build process.
- **search query**: time from typing a query to its results in Chromium, after the index loaded.
- **edit → reload**: under `mkdocs serve --dirty`, from saving an edit of one entry to the open
  page showing it.
""")


if __name__ == "__main__":
    sys.exit(main())
