"""The second core on a build from an empty cache: a forked copy of the build shares its work.

MkDocs builds on one core. When the cache lacks entry pages, a copy of the build made by `fork`
(it has the catalogue, the templates and MkDocs' files already in memory: nothing to load again)
renders the sources of the second half of the entry pages while the build renders the first
half, hands their names back, and then converts entry pages' Markdown from the last page
backwards while MkDocs converts from the first page on. Each side skips a page the other has
stored; the copy only fills the cache, so the build never waits for it except for the names,
and stops it when every page is done. Where there is no `fork` (Windows), or under `mkdocs
serve` (which runs threads), the build does all of it itself.
"""

from __future__ import annotations

import logging
import os
import pickle
import signal
from collections.abc import Callable, Sequence
from typing import Any

from cache import ContentCache


class Helper:
    def __init__(self) -> None:
        self.pid = 0
        self.names: Any = None  # the pipe the copy sends its sources' names through

    def start(
        self,
        todo: Sequence[Any],
        make: Callable[[ContentCache, Any], str],
        then: Callable[[ContentCache, list[str]], None],
        folder: str | None,
    ) -> bool:
        """Fork a copy that stores make(store, item) for each item of `todo` (sending back the
        names), then runs then(store, names); return whether a copy runs."""
        if folder is None or not hasattr(os, "fork"):
            return False
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the copy: its own connection to the cache, never the build's
            os.close(read)
            _quiet()
            try:
                store = ContentCache(folder)
                names = [make(store, item) for item in todo]
                with os.fdopen(write, "wb") as out:
                    pickle.dump(names, out)
                then(store, names)
            finally:
                os._exit(0)
        os.close(write)
        self.pid, self.names = pid, os.fdopen(read, "rb")
        return True

    def names_of_its_half(self) -> list[str] | None:
        """The names the copy stored its items under (None if it failed: do them here)."""
        if self.names is None:
            return None
        try:
            with self.names as got:
                return list(pickle.load(got))
        except Exception:  # noqa: BLE001 - the copy failed: the build does its half
            return None
        finally:
            self.names = None

    def stop(self) -> None:
        """Every page is done by now: the copy has nothing left that the build needs."""
        if self.names is not None:
            self.names.close()
            self.names = None
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
