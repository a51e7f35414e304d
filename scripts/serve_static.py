"""Serve a built site folder on 127.0.0.1 in a background thread (for screenshots, tests, benchmarks)."""

from __future__ import annotations

import functools
import http.server
import threading
from contextlib import contextmanager
from collections.abc import Iterator


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serve(folder: str) -> Iterator[str]:
    """Yield the base URL of `folder` served on a free loopback port."""
    handler = functools.partial(_Quiet, directory=folder)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
