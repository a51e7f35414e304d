"""One content-addressed cache for what the build computes, draws or renders: the validated
catalogue, entry pages, API documents, charts and cards.

A value is stored under a hash of its key; the key is everything the output depends on (the data
it shows, the template sources, the source of the code that makes it), so a changed input can only
miss, never serve a stale value: there is no list of dependencies to keep by hand. With a folder
the cache lives on disk and is shared by `make build` and `make serve` (and kept between CI runs);
without one it lives in memory for the life of the process.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any


def digest_files(paths: Iterable[Path]) -> str:
    """A hash of files' names and contents (code or templates that an output depends on)."""
    h = hashlib.sha256()
    for path in sorted(paths):
        h.update(str(path).encode() + b"\0")
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"(missing)")
        h.update(b"\0")
    return h.hexdigest()


def digest_bytes(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()


class ContentCache:
    def __init__(self, folder: str | os.PathLike[str] | None) -> None:
        self.folder = os.fspath(folder) if folder is not None else None
        self.memory: dict[str, bytes] = {}
        self.hits = self.misses = 0

    def _name(self, key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()[:32]

    def get(self, key: str) -> bytes | None:
        name = self._name(key)
        if self.folder is None:
            found = self.memory.get(name)
        else:
            try:
                with open(os.path.join(self.folder, name[:2], name), "rb") as fh:
                    found = fh.read()
            except OSError:
                found = None
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
        return found

    def put(self, key: str, value: bytes) -> None:
        name = self._name(key)
        if self.folder is None:
            self.memory[name] = value
            return
        folder = os.path.join(self.folder, name[:2])
        try:
            os.makedirs(folder, exist_ok=True)
            temporary = os.path.join(folder, f".{name}.{os.getpid()}")
            with open(temporary, "wb") as fh:
                fh.write(value)
            os.replace(temporary, os.path.join(folder, name))  # never a half-written value
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

    def pickled(self, key: str, make: Callable[[], Any]) -> Any:
        """An object cached under `key` (pickled), made (and stored) on a miss."""
        found = self.get(key)
        if found is not None:
            try:
                return pickle.loads(found)
            except Exception:  # noqa: BLE001 - a damaged entry is only a miss
                pass
        value = make()
        self.put(key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        return value
