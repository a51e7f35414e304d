"""The second core on a build from an empty cache: a forked copy of the build shares its work.

MkDocs builds on one core. When the cache lacks entry pages, a copy of the build made by `fork`
(it has the catalogue, the templates and MkDocs' files already in memory: nothing to load again)
renders the sources of the second half of the entry pages while the build renders the first
half and hands their names back; it writes the API documents and badges into the site; then it
converts entry pages' Markdown from the last page backwards while MkDocs converts from the first
page on. Each side skips a page the other has stored. The build reads what the copy sends when
it needs it, does the work itself if the copy failed, and stops the copy once every page is
done. Where there is no `fork` (Windows), or under `mkdocs serve` (which runs threads), the
build does all of it itself.
"""

from __future__ import annotations

import logging
import os
import pickle
import signal
from collections.abc import Callable
from typing import Any, BinaryIO

from cache import ContentCache

Send = Callable[[Any], None]


class Helper:
    def __init__(self) -> None:
        self.pid = 0
        self.inbox: BinaryIO | None = None  # what the copy sends, in order

    def start(self, work: Callable[[ContentCache, Send], None], folder: str | None) -> bool:
        """Fork a copy that runs work(store, send) with a cache connection of its own; return
        whether a copy runs."""
        if folder is None or not hasattr(os, "fork"):
            return False
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the copy: its own connection to the cache, never the build's
            os.close(read)
            _quiet()
            try:
                with os.fdopen(write, "wb") as out:

                    def send(message: Any) -> None:
                        pickle.dump(message, out)
                        out.flush()

                    work(ContentCache(folder), send)
            finally:
                os._exit(0)
        os.close(write)
        self.pid, self.inbox = pid, os.fdopen(read, "rb")
        return True

    def receive(self) -> Any:
        """The copy's next message, waiting for it; None if the copy ended without sending it."""
        if self.inbox is None:
            return None
        try:
            return pickle.load(self.inbox)
        except Exception:  # noqa: BLE001 - the copy failed: the build does that part itself
            return None

    def stop(self) -> None:
        """Every page is done by now: the copy has nothing left that the build needs."""
        if self.inbox is not None:
            self.inbox.close()
            self.inbox = None
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self.pid, 0)
            self.pid = 0


def _quiet() -> None:
    """The copy says nothing: what it would warn about, the build warns about itself (a page
    whose conversion warned is not stored, so the build converts it again)."""
    for name in ("", "mkdocs"):
        logger = logging.getLogger(name)
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
    logging.getLogger().addHandler(logging.NullHandler())  # not Python's last-resort printer
