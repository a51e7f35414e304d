"""One content-addressed cache for what the build draws or renders (charts, cards, pages).

A value is stored under a hash of its key; the key is everything the output depends on (the data it
shows, the template sources), so a changed input can only miss, never serve a stale value. With a
folder the cache lives on disk and is shared by `make build` and `make serve`; without one it lives
in memory for the life of the process.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable


class ContentCache:
    def __init__(self, folder: str | None) -> None:
        self.folder = folder
        self.memory: dict[str, bytes] = {}

    def _name(self, key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()[:32]

    def get(self, key: str) -> bytes | None:
        name = self._name(key)
        if self.folder is None:
            return self.memory.get(name)
        try:
            with open(os.path.join(self.folder, name), "rb") as fh:
                return fh.read()
        except OSError:
            return None

    def put(self, key: str, value: bytes) -> None:
        name = self._name(key)
        if self.folder is None:
            self.memory[name] = value
            return
        try:
            os.makedirs(self.folder, exist_ok=True)
            with open(os.path.join(self.folder, name), "wb") as fh:
                fh.write(value)
        except OSError:
            pass  # a read-only checkout still builds, only slower

    def text(self, key: str, make: Callable[[], str]) -> str:
        """The text cached under `key`, made (and stored) on a miss."""
        found = self.get(key)
        if found is not None:
            return found.decode("utf-8")
        value = make()
        self.put(key, value.encode("utf-8"))
        return value
