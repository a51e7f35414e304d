"""`make linkcheck`: check every source and link URL of the catalogue, and say what to use instead.

An async httpx client with bounded concurrency, a pace per host, timeouts, retries with back-off,
redirects followed and reported. Results are cached with their date (.cache/linkcheck.json) so a
rerun only asks again for what is older than --max-age days. It reports; it never fails a build.

Usage: python -m ddscale.linkcheck [PATH] [--max-age DAYS] [--report FILE] [--concurrency N]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import sys
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from urllib.parse import urlsplit

import httpx

from ddscale.core.catalogue import DEFAULT_PATH, Catalogue, load
from ddscale.core.problems import CatalogueError

CACHE = ".cache/linkcheck.json"
USER_AGENT = "does-django-scale-linkcheck/1.0 (+catalogue link rot check)"


@dataclass
class Link:
    url: str
    where: list[str] = field(default_factory=list)  # "slug: field", for the report
    archive_url: str | None = None


@dataclass
class Result:
    url: str
    status: int | None  # final HTTP status, None when no answer
    ok: bool
    checked: str  # ISO date
    final_url: str | None = None
    redirects: list[str] = field(default_factory=list)
    error: str | None = None


def links(cat: Catalogue) -> dict[str, Link]:
    """Every URL of the catalogue: sites' addresses, sources and talk links, with where they
    appear."""
    found: dict[str, Link] = {}

    def add(url: str | None, where: str, archive: str | None = None) -> None:
        if url:
            link = found.setdefault(url, Link(url))
            link.where.append(where)
            link.archive_url = link.archive_url or archive

    for e in cat.entries:
        add(getattr(e, "url", None), f"{e.slug}: url")
        for s in e.all_sources:
            add(s.url, f"{e.slug}: sources.{s.id}", s.archive_url)
        for i, link in enumerate(getattr(e, "links", [])):
            add(link.url, f"{e.slug}: links[{i}]", link.archive_url)
    return found


class Pacer:
    """At most one request at a time per host, `interval` seconds apart."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self.locks: dict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self.last: dict[str, float] = {}

    async def wait(self, host: str) -> asyncio.Lock:
        lock = self.locks[host]
        await lock.acquire()
        gap = self.interval - (time.monotonic() - self.last.get(host, 0.0))
        if gap > 0:
            await asyncio.sleep(gap)
        return lock

    def done(self, host: str, lock: asyncio.Lock) -> None:
        self.last[host] = time.monotonic()
        lock.release()


async def check_one(
    client: httpx.AsyncClient, url: str, pacer: Pacer, retries: int, today: str
) -> Result:
    host = urlsplit(url).netloc.lower()
    error = None
    for attempt in range(retries + 1):
        lock = await pacer.wait(host)
        try:
            response = await client.get(url)
            chain = [str(r.url) for r in response.history]
            status = response.status_code
            if status < 500 and status != 429 or attempt == retries:
                return Result(
                    url,
                    status,
                    200 <= status < 400,
                    today,
                    str(response.url) if chain else None,
                    chain,
                )
            error = f"HTTP {status}"
        except httpx.TooManyRedirects:
            return Result(url, None, False, today, error="too many redirects")
        except (httpx.TimeoutException, httpx.TransportError) as exc:
            error = f"{type(exc).__name__}: {exc}".strip()
        finally:
            pacer.done(host, lock)
        await asyncio.sleep(0.5 * 2**attempt)
    return Result(url, None, False, today, error=error)


async def check_all(
    urls: list[str],
    *,
    concurrency: int = 8,
    timeout: float = 15.0,
    retries: int = 2,
    per_host_interval: float = 1.0,
    today: str | None = None,
) -> dict[str, Result]:
    today = today or dt.date.today().isoformat()
    pacer = Pacer(per_host_interval)
    limit = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(
        follow_redirects=True,
        max_redirects=10,
        timeout=timeout,
        limits=limits,
        headers={"User-Agent": USER_AGENT},
    ) as client:

        async def bounded(url: str) -> Result:
            async with limit:
                return await check_one(client, url, pacer, retries, today)

        results = await asyncio.gather(*(bounded(u) for u in urls))
    return {r.url: r for r in results}


def load_cache(path: str = CACHE) -> dict[str, Result]:
    try:
        with open(path, encoding="utf-8") as fh:
            return {u: Result(**r) for u, r in json.load(fh).items()}
    except (OSError, ValueError, TypeError):
        return {}


def save_cache(results: dict[str, Result], path: str = CACHE) -> None:
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        json.dump({u: asdict(r) for u, r in sorted(results.items())}, fh, indent=1)


def report(found: dict[str, Link], results: dict[str, Result]) -> str:
    """Markdown: dead links first (with the archived copy to use), then redirects."""
    dead = [(found[u], r) for u, r in results.items() if u in found and not r.ok]
    moved = [(found[u], r) for u, r in results.items() if u in found and r.ok and r.redirects]
    lines = [f"# Link check: {len(dead)} dead, {len(moved)} redirected, {len(results)} checked", ""]
    if dead:
        lines += [
            "## Dead links",
            "",
            "| URL | Answer | Where | Use instead |",
            "| --- | --- | --- | --- |",
        ]
        for link, r in sorted(dead, key=lambda x: x[0].url):
            answer = f"HTTP {r.status}" if r.status else (r.error or "no answer")
            instead = link.archive_url or "no archived copy recorded: find one and add archive_url"
            lines.append(f"| {link.url} | {answer} | {'; '.join(link.where)} | {instead} |")
        lines.append("")
    if moved:
        lines += ["## Redirected", "", "| URL | Now at |", "| --- | --- |"]
        for link, r in sorted(moved, key=lambda x: x[0].url):
            lines.append(f"| {link.url} | {r.final_url} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=DEFAULT_PATH)
    parser.add_argument(
        "--max-age", type=int, default=7, help="re-check results older than this many days"
    )
    parser.add_argument("--report", help="also write the Markdown report to this file")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--cache", default=CACHE)
    args = parser.parse_args(argv)
    try:
        cat = load(args.path)
    except CatalogueError as exc:
        print(exc, file=sys.stderr)
        return 1
    found = links(cat)
    cache = load_cache(args.cache)
    cutoff = (dt.date.today() - dt.timedelta(days=args.max_age)).isoformat()
    todo = [u for u in found if u not in cache or cache[u].checked < cutoff]
    print(
        f"{len(found)} URLs, {len(found) - len(todo)} fresh in the cache, checking {len(todo)}",
        file=sys.stderr,
    )
    cache.update(asyncio.run(check_all(todo, concurrency=args.concurrency)))
    save_cache(cache, args.cache)
    text = report(found, {u: cache[u] for u in found})
    if args.report:
        with open(args.report, "w", encoding="utf-8") as fh:
            fh.write(text)
    print(text)
    return 0  # link rot is reported, never a failure


if __name__ == "__main__":
    sys.exit(main())
