"""Search in Chromium: is an entry's own page the first result, and how fast and how heavy is it?

Two uses, one probe (it types into the site's search box like a reader and watches the result
list):

- `python scripts/search_bench.py --rate [CATALOGUE]` builds the site from the catalogue (the real
  one by default) and, for every entry with a page, types its name, its slug, its name without a
  parenthesised qualifier and each speaker's name, and prints how often the entry's own page is
  the first result (and each miss).
- `python scripts/search_bench.py --sizes 10000` builds a synthetic catalogue (the generator of
  `scripts/bench.py`) and measures, in a fresh browser each time, the time from each keystroke
  (the first included) to its results shown, and the bytes (as sent, gzip) downloaded from
  opening the page until the first result shows. Appends to bench/search.csv.

The tests (tests/test_search.py) use the same probe.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}

# Records, in the page, when the last key went down and when the result list last changed.
WATCH = """() => {
  const d = (window.__dds = {key: 0, last: 0});
  new MutationObserver(() => { d.last = performance.now(); }).observe(
    document.querySelector('.md-search-result'),
    {childList: true, subtree: true, characterData: true});
  document.addEventListener('keydown', e => { d.key = e.timeStamp; }, true);
}"""
SETTLED = """q => { const d = window.__dds;
  return d.last > d.key && performance.now() - d.last > q
    && document.querySelector('.md-search-result__item a') !== null; }"""


def qualifier_free(name: str) -> str:
    """'Densho Digital Repository (editing application)' -> 'Densho Digital Repository'."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", name).strip()


def fold(text: str) -> str:
    """Case, accents, apostrophes, dots and dashes folded, as docs/assets/dds-search.js does."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c) and c not in "'’.")
    return " ".join(re.split(r"[\W_]+", text.casefold())).strip()


def queries(entry: Any) -> Iterator[tuple[str, str]]:
    """(what, query): an entry's name, slug, name without its parenthesised qualifier and
    each speaker."""
    yield "name", entry.title
    yield "slug", entry.slug
    short = qualifier_free(entry.title)
    if short != entry.title:
        yield "short name", short
    for speaker in getattr(entry, "speakers", None) or []:
        yield "speaker", speaker


def cases(entries: Any, everything: Any = None) -> Iterator[tuple[str, str, str, set[str]]]:
    """(what, query, the entry's page, every page the query names) for each entry in `entries`.
    A query can name several entries of `everything` (a speaker of several talks, two talks
    with one title): then any of their pages is a right first result."""
    named: dict[str, set[str]] = {}
    for e in everything if everything is not None else entries:
        for _, query in queries(e):
            named.setdefault(fold(query), set()).add(e.page)
    for e in entries:
        for what, query in queries(e):
            yield what, query, e.page, named.get(fold(query), set()) | {e.page}


def open_search(page: Any, base: str) -> None:
    page.goto(base, wait_until="load")
    page.evaluate(WATCH)
    page.click("input.md-search__input")


def first_result(page: Any, base: str, query: str, settle_ms: int = 250) -> str:
    """Type `query` into the open search box (emptied first); the first result's path below
    `base` (no query string, no fragment), or '' when nothing shows within 20 s."""
    page.fill("input.md-search__input", "")
    page.keyboard.type(query)
    try:
        page.wait_for_function(SETTLED, arg=settle_ms, polling=50, timeout=20_000)
    except Exception:  # noqa: BLE001 - no result is an answer too
        return ""
    href = page.eval_on_selector(".md-search-result__item a", "a => a.href")
    path = urlsplit(href).path
    return path[len(urlsplit(base).path) :]


def keystrokes(page: Any, query: str, settle_ms: int = 200) -> list[float]:
    """Type `query` one key at a time, each after the previous one's results settled; the
    milliseconds from each key down to the last change of the result list it caused."""
    out = []
    for ch in query:
        page.keyboard.press(ch if ch != " " else "Space")
        try:
            page.wait_for_function(SETTLED, arg=settle_ms, polling=20, timeout=30_000)
        except Exception:  # noqa: BLE001 - a key that changed nothing (a trailing space)
            continue
        out.append(page.evaluate("() => window.__dds.last - window.__dds.key"))
    return out


def cold_query(browser: Any, base: str, query: str) -> tuple[list[float], int, int]:
    """A new reader (empty cache) opens the home page and types `query`: per-keystroke
    latencies, bytes received before the first result (all, and search's own)."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    done: list[Any] = []  # requests of the page and of its workers (Pagefind searches in one)
    page.on("requestfinished", lambda r: done.append(r))
    open_search(page, base)
    first = keystrokes(page, query[:1])
    sizes = [(r.url, r.sizes()) for r in list(done)]
    total = sum(z["responseBodySize"] + z["responseHeadersSize"] for _, z in sizes)
    search = sum(
        z["responseBodySize"] + z["responseHeadersSize"]
        for url, z in sizes
        if re.search(r"/(search|pagefind)/", url)
    )
    rest = keystrokes(page, query[1:])
    ctx.close()
    return first + rest, total, search


def build(catalogue: Path, out: Path) -> float:
    start = time.perf_counter()
    cmd = [
        str(Path(sys.executable).parent / "mkdocs"),
        "build",
        "-q",
        "-f",
        str(ROOT / "mkdocs.yml"),
    ]
    env = {**ENV, "CATALOGUE": str(catalogue)}
    subprocess.run([*cmd, "-d", str(out)], cwd=ROOT, env=env, check=True)
    return time.perf_counter() - start


def rate(catalogue: Path, site: Path | None) -> int:
    from playwright.sync_api import sync_playwright

    from ddscale.core import catalogue as core

    from browser import launch_args
    from serve_static import serve

    cat = core.load(str(catalogue))
    if site is None:
        site = Path(tempfile.mkdtemp(prefix="search-rate-"))
        build(catalogue, site)
    misses, total = [], 0
    with serve(str(site)) as base, sync_playwright() as p:
        browser = p.chromium.launch(**launch_args())
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        open_search(page, base)
        for what, query, want, right in cases(cat.paged):
            total += 1
            got = first_result(page, base, query)
            if got not in right:
                misses.append((what, query, want, got))
                print(f"MISS {what}: {query!r} -> {got or '(nothing)'} (want {want})", flush=True)
        browser.close()
    right = total - len(misses)
    print(f"first result right: {right}/{total} ({100 * right / total:.1f}%)")
    return 0


def synthetic(n: int, folder: Path) -> Path:
    """A valid n-entry catalogue in `folder`: the real one (the hand-written pages link to its
    entries) topped up by `scripts/bench.py`'s generator, beside the real site data."""
    import yaml

    from bench import synth

    data = yaml.safe_load((ROOT / "data" / "sites.yaml").read_text())
    have = sum(len(v) for v in data.values())
    for section, entries in synth(n - have).items():
        for entry in entries:
            for fig in entry.get("figures", []):  # what the rules now ask of every figure
                fig.setdefault("note", "synthetic figure")
                fig.setdefault("served_by", "django")
        data[section] = sorted(data.get(section, []) + entries, key=lambda e: e["slug"])
    folder.mkdir(parents=True, exist_ok=True)
    for other in (ROOT / "data").glob("*.yaml"):
        (folder / other.name).write_text(other.read_text())
    cat = folder / "sites.yaml"
    cat.write_text(yaml.safe_dump(data, sort_keys=False, width=4096, allow_unicode=True))
    return cat


def measure(n: int, engine: str, runs: int, built: Path | None, cat: Path | None) -> dict[str, Any]:
    import yaml
    from playwright.sync_api import sync_playwright

    from browser import launch_args
    from serve_static import serve

    work = Path(tempfile.mkdtemp(prefix=f"search-{n}-"))
    cat = cat or synthetic(n, work / "data")
    data = yaml.safe_load(cat.read_text())
    site = built or work / "site"
    build_s = 0.0 if built else build(cat, site)
    site0 = data["sites"][-1000]
    talk = data["talks"][-300]
    queries = [site0["name"], site0["slug"], talk["speakers"][0], talk["title"][:24]]
    lat: list[list[float]] = []
    totals, searches = [], []
    with serve(str(site)) as base, sync_playwright() as p:
        browser = p.chromium.launch(**launch_args())
        for _ in range(runs):
            for q in queries:
                ms, total, search = cold_query(browser, base, q)
                lat.append(ms)
                totals.append(total)
                searches.append(search)
        browser.close()
    firsts = [m[0] for m in lat if m]
    others = [x for m in lat for x in m[1:]]
    return {
        "date": time.strftime("%Y-%m-%d"),
        "engine": engine,
        "entries": n,
        "build_s": round(build_s, 1),
        "first_key_ms_median": round(statistics.median(firsts)),
        "first_key_ms_max": round(max(firsts)),
        "later_keys_ms_median": round(statistics.median(others)),
        "later_keys_ms_p95": round(sorted(others)[int(0.95 * (len(others) - 1))]),
        "later_keys_ms_max": round(max(others)),
        "kb_before_first_result": round(statistics.median(totals) / 1024),
        "search_kb_before_first_result": round(statistics.median(searches) / 1024),
        "queries": " | ".join(queries),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rate", nargs="?", const=str(ROOT / "data" / "sites.yaml"))
    ap.add_argument("--site", help="an already built site (for --rate, or of --sizes N)")
    ap.add_argument("--sizes", default="10000")
    ap.add_argument("--catalogue", help="the catalogue --site was built from (with --sizes N)")
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--engine", default="pagefind", help="label for the csv row")
    args = ap.parse_args()
    if args.rate:
        return rate(Path(args.rate), Path(args.site) if args.site else None)
    out = ROOT / "bench" / "search.csv"
    for n in [int(s) for s in args.sizes.split(",")]:
        site, cat = (Path(args.site) if args.site else None), args.catalogue
        row = measure(n, args.engine, args.runs, site, Path(cat) if cat else None)
        print(row, flush=True)
        new = not out.exists()
        with open(out, "a", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(row))
            if new:
                w.writeheader()
            w.writerow(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
