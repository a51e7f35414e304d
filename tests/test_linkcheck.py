"""The link checker against a local HTTP server: 200, redirect chains, 404, 410, 500, slow, refused.

No test reaches another host: every URL is on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import http.server
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from ddscale.core import catalogue
from ddscale.tools import linkcheck

from conftest import FIXTURES, TODAY

HITS: dict[str, int] = {}


def run(coro):  # type: ignore[no-untyped-def]
    """asyncio.run in its own thread: Playwright's sync API keeps a loop running in this one."""
    box = []
    thread = threading.Thread(target=lambda: box.append(asyncio.run(coro)))
    thread.start()
    thread.join()
    return box[0]


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        HITS[self.path] = HITS.get(self.path, 0) + 1
        routes = {"/ok": 200, "/gone": 404, "/removed": 410, "/broken": 500}
        if self.path in ("/r1", "/r2"):
            self.send_response(301)
            self.send_header("Location", "/r2" if self.path == "/r1" else "/ok")
            self.end_headers()
        elif self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        elif self.path == "/flaky":
            self.send_response(503 if HITS["/flaky"] == 1 else 200)
            self.end_headers()
        elif self.path == "/slow":
            time.sleep(2)
            self.send_response(200)
            self.end_headers()
        else:
            self.send_response(routes.get(self.path, 404))
            self.end_headers()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()


def refused_url() -> str:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    return f"http://127.0.0.1:{port}/x"


def test_every_kind_of_answer(server: str) -> None:
    refused = refused_url()
    urls = [
        f"{server}{p}"
        for p in ("/ok", "/r1", "/gone", "/removed", "/broken", "/flaky", "/slow", "/loop")
    ] + [refused]
    results = run(
        linkcheck.check_all(
            urls, concurrency=4, timeout=1.0, retries=1, per_host_interval=0.0, today="2026-11-25"
        )
    )
    r = {u.replace(server, ""): v for u, v in results.items()}
    assert r["/ok"].ok and r["/ok"].status == 200 and not r["/ok"].redirects
    assert (
        r["/r1"].ok
        and r["/r1"].redirects == [f"{server}/r1", f"{server}/r2"]
        and r["/r1"].final_url == f"{server}/ok"
    )
    assert (r["/gone"].ok, r["/gone"].status) == (False, 404)
    assert (r["/removed"].ok, r["/removed"].status) == (False, 410)
    assert (r["/broken"].ok, r["/broken"].status) == (False, 500) and HITS[
        "/broken"
    ] == 2  # retried once
    assert r["/flaky"].ok and HITS["/flaky"] == 2
    assert not r["/slow"].ok and "Timeout" in (r["/slow"].error or "")
    assert not r["/loop"].ok and r["/loop"].error == "too many redirects"
    assert not r[refused].ok and r[refused].status is None and r[refused].error
    assert all(v.checked == "2026-11-25" for v in results.values())


def test_per_host_pace(server: str) -> None:
    urls = [f"{server}/ok?{i}" for i in range(4)]
    start = time.monotonic()
    run(linkcheck.check_all(urls, concurrency=4, timeout=2.0, retries=0, per_host_interval=0.3))
    assert time.monotonic() - start >= 0.9  # four requests to one host, 0.3 s apart


def test_report_offers_the_archived_copy(server: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    cat = catalogue.load(str(FIXTURES / "small.yaml"), today=TODAY)
    found = linkcheck.links(cat)
    blog = "https://news.example.org/blog/elections"
    assert found[blog].archive_url and found[blog].where == ["example-news: sources.blog"]
    results = {
        u: linkcheck.Result(u, 404 if u == blog else 200, u != blog, "2026-11-25") for u in found
    }
    text = linkcheck.report(found, results)
    assert (
        "1 dead" in text
        and f"| {blog} | HTTP 404 | example-news: sources.blog | {found[blog].archive_url} |"
        in text
    )
    linkcheck.save_cache(results, str(tmp_path / "c.json"))
    assert linkcheck.load_cache(str(tmp_path / "c.json"))[blog].status == 404
