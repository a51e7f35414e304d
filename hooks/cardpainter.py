"""Link-preview cards for the build: copied from the cache, or drawn by a second process.

Drawing a card takes about a millisecond (text with FreeType, then PNG); the build draws only the
cards missing from the cache, in a bare `python -m ddscale.site.cards` process (Pillow only)
while MkDocs builds the pages on this one.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
import threading

from cache import ContentCache
from pagefiles import SiteWriter


class CardPainter:
    """Link-preview cards: copied from the cache by the site writer, or drawn by a second process
    during the build (the build itself runs on one core), which writes them into the site and
    hands them back for the cache. The drawing process is a bare `python -m ddscale.site.cards`
    (Pillow only), not a copy of this one."""

    def __init__(self, store: ContentCache, writer: SiteWriter, code: str) -> None:
        self.store, self.writer, self.code = store, writer, code
        self.missing: list[tuple[str, str, tuple[str, str, str]]] = []
        self.jobs: list[tuple[list[tuple[str, str, tuple[str, str, str]]], threading.Thread]] = []
        self.drawn: dict[int, list[bytes]] = {}

    def want(self, path: str, request: tuple[str, str, str]) -> None:
        key = repr(("card", self.code, request))
        if self.store.on_disk(key):
            self.writer.add(path, self.store.name(key))
        else:
            self.missing.append((path, key, request))

    def start(self) -> None:
        """Send what is missing to a drawing process (started only when something is)."""
        if not self.missing:
            return
        chunk, self.missing = self.missing, []
        job = len(self.jobs)

        def draw() -> None:
            jobs = [(path, request) for path, _, request in chunk]
            proc = subprocess.run(
                [sys.executable, "-m", "ddscale.site.cards"],
                input=pickle.dumps((self.writer.site_dir, jobs)),
                capture_output=True,
                check=True,
            )
            self.drawn[job] = pickle.loads(proc.stdout)

        thread = threading.Thread(target=draw, daemon=True)
        thread.start()
        self.jobs.append((chunk, thread))

    def finish(self) -> None:
        self.start()
        for job, (chunk, thread) in enumerate(self.jobs):
            thread.join()
            for (_, key, _), data in zip(chunk, self.drawn.pop(job)):
                self.store.put(key, data)  # the drawing process wrote it into the site
        self.jobs = []
