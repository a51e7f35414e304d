"""Search in Chromium: is an entry's own page the first result, and how fast and how heavy is it?

Two uses, one probe (it types into the site's search box like a reader and watches the result
list):

- `python scripts/search_bench.py --rate [CATALOGUE]` builds the site from the catalogue (the real
  one by default) and, for every entry with a page, types its name, its slug, its name without a
  parenthesised qualifier and each speaker's name, and prints how often the entry's own page is
  the first result (and each miss).
- `python scripts/search_bench.py --sizes 10000` builds a synthetic catalogue (the generator of
  `scripts/bench.py`) and measures, in a fresh browser each time, for each keystroke (the first
  included) the time until its results are first shown (the names table's matches) and until they
  settle (Pagefind's full-text results merged below them: the script then clears the list's
  `aria-busy`), and the bytes (as sent, gzip) downloaded from opening the page until the first
  result shows, and until the first keystroke's results settle. Appends to bench/search.csv.

The tests (tests/test_search.py) use the same probe.
"""

from __future__ import annotations

import argparse
import csv
import gzip
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

# Records, in the page, when the last key went down, when the results first changed after it
# (`shown`) and when the list stopped being busy (`settled`: dds-search.js clears the list's
# aria-busy once Pagefind's results are merged, or at once for an empty query).
WATCH = """() => {
  const d = (window.__dds = {key: 0, shown: 0, settled: 0});
  const list = document.querySelector('.md-search-result__list');
  new MutationObserver(records => {
    const now = performance.now();
    if (d.shown <= d.key && records.some(r => r.type !== 'attributes')) d.shown = now;
    if (!list.hasAttribute('aria-busy')) d.settled = now;
  }).observe(document.querySelector('.md-search-result'), {childList: true, subtree: true,
    characterData: true, attributeFilter: ['aria-busy']});
  document.addEventListener('keydown', e => { d.key = e.timeStamp; }, true);
}"""
SETTLED = "() => window.__dds.settled > window.__dds.key"
RANKS = ("name or slug", "short name or speaker", "myth subject")


def fold(text: str) -> str:
    """Case, accents, apostrophes, dots and dashes folded, as docs/assets/dds-search.js does."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c) and c not in "'’.")
    return " ".join(re.split(r"[\W_]+", text.casefold())).strip()


def queries(entry: Any) -> Iterator[tuple[str, str]]:
    """(what, query): every name the entry is known by (`Entry.known_as`): its name, its slug,
    its name without a parenthesised qualifier, each speaker, a myth's subject."""
    for what, names in zip(RANKS, entry.known_as):
        for name in names:
            yield what, name


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


def results(page: Any, base: str) -> list[str]:
    """The paths (below `base`, no query string or fragment) of the results shown, in order."""
    hrefs = page.eval_on_selector_all(".md-search-result__item a", "as => as.map(a => a.href)")
    return [urlsplit(h).path[len(urlsplit(base).path) :] for h in hrefs]


def first_result(page: Any, base: str, query: str) -> str:
    """Type `query` into the open search box (emptied first); once its results settle, the
    first one's path below `base`, or '' when there is none (or nothing settles within 20 s)."""
    page.fill("input.md-search__input", "")
    page.keyboard.type(query)
    try:
        page.wait_for_function(SETTLED, polling=20, timeout=20_000)
    except Exception:  # noqa: BLE001 - no result is an answer too
        return ""
    return (results(page, base) or [""])[0]


def keystrokes(page: Any, query: str) -> list[tuple[float, float]]:
    """Type `query` one key at a time, each after the previous one's results settled; for each
    key, the milliseconds from its key down until its results were first shown and until they
    settled (the same when only Pagefind's results changed the list)."""
    out = []
    for ch in query:
        page.keyboard.press(ch if ch != " " else "Space")
        page.wait_for_function(SETTLED, polling=20, timeout=30_000)
        d = page.evaluate("() => window.__dds")
        settled = d["settled"] - d["key"]
        out.append((d["shown"] - d["key"] if d["shown"] > d["key"] else settled, settled))
    return out


def cold_query(browser: Any, base: str, query: str) -> dict[str, Any]:
    """A new reader (empty cache) opens the home page and types `query`: (shown, settled)
    milliseconds for each keystroke, and bytes received (as sent) before the first result
    showed (all, and search's own) and before the first keystroke's results settled."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    done: list[Any] = []  # requests of the page and of its workers (Pagefind searches in one)
    page.on("requestfinished", lambda r: done.append(r))
    open_search(page, base)
    first = keystrokes(page, query[:1])
    shown_at = page.evaluate("() => performance.timeOrigin + window.__dds.shown")  # epoch ms
    got = []  # (url, bytes, when its last byte came, epoch ms)
    for r in list(done):
        z, t = r.sizes(), r.timing
        got.append(
            (
                r.url,
                z["responseBodySize"] + z["responseHeadersSize"],
                t["startTime"] + t["responseEnd"],
            )
        )
    before = [(url, size) for url, size, end in got if end <= shown_at]
    rest = keystrokes(page, query[1:])
    ctx.close()
    return {
        "keys": first + rest,
        "shown": sum(size for _, size in before),
        "search": sum(size for url, size in before if re.search(r"/(search|pagefind)/", url)),
        "settled": sum(size for _, size, _ in got),
    }


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
    return 1 if misses else 0


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


def times(label: str, firsts: list[float], others: list[float]) -> dict[str, int]:
    """Milliseconds: the first keystrokes' median and max, the later ones' median, 95th
    percentile and max."""
    return {
        f"first_key{label}_ms_median": round(statistics.median(firsts)),
        f"first_key{label}_ms_max": round(max(firsts)),
        f"later_keys{label}_ms_median": round(statistics.median(others)),
        f"later_keys{label}_ms_p95": round(sorted(others)[int(0.95 * (len(others) - 1))]),
        f"later_keys{label}_ms_max": round(max(others)),
    }


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
    load = os.getloadavg()[0]
    readers: list[dict[str, Any]] = []
    with serve(str(site)) as base, sync_playwright() as p:
        browser = p.chromium.launch(**launch_args())
        for _ in range(runs):
            readers += [cold_query(browser, base, q) for q in queries]
        browser.close()
    firsts = [r["keys"][0] for r in readers]
    others = [k for r in readers for k in r["keys"][1:]]
    names = site / "search" / "names.json"

    def kb(key: str) -> int:
        return round(statistics.median(r[key] for r in readers) / 1024)

    return {
        "date": time.strftime("%Y-%m-%d"),
        "engine": engine,
        "entries": n,
        "build_s": round(build_s, 1),
        # first shown: the first change of the result list after the key
        **times("", [s for s, _ in firsts], [s for s, _ in others]),
        "kb_before_first_result": kb("shown"),
        "search_kb_before_first_result": kb("search"),
        "queries": " | ".join(queries),
        "conditions": f"2 cores; load average {load:.1f} when it started",
        # settled: Pagefind's results merged (the list no longer aria-busy)
        **times("_settled", [t for _, t in firsts], [t for _, t in others]),
        "kb_before_first_key_settled": kb("settled"),
        "names_kb_gzip": round(len(gzip.compress(names.read_bytes())) / 1024)
        if names.exists()
        else "",
    }


def append(out: Path, row: dict[str, Any]) -> None:
    """Add `row` to the csv `out`, adding any new column to its header (older rows leave it
    empty)."""
    rows: list[dict[str, Any]] = []
    fields = list(row)
    if out.exists():
        with open(out, newline="") as fh:
            reader = csv.DictReader(fh)
            rows = list(reader)
            fields = list(reader.fieldnames or []) + [
                k for k in row if k not in (reader.fieldnames or [])
            ]
    with open(out, "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields)
        w.writeheader()
        w.writerows([*rows, row])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rate", nargs="?", const=str(ROOT / "data" / "sites.yaml"))
    ap.add_argument("--site", help="an already built site (for --rate, or of --sizes N)")
    ap.add_argument("--sizes", default="10000")
    ap.add_argument("--catalogue", help="the catalogue --site was built from (with --sizes N)")
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--engine", default="pagefind+names", help="label for the csv row")
    args = ap.parse_args()
    if args.rate:
        return rate(Path(args.rate), Path(args.site) if args.site else None)
    out = ROOT / "bench" / "search.csv"
    for n in [int(s) for s in args.sizes.split(",")]:
        site, cat = (Path(args.site) if args.site else None), args.catalogue
        row = measure(n, args.engine, args.runs, site, Path(cat) if cat else None)
        print(row, flush=True)
        append(out, row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
