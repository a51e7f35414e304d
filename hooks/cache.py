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
import sqlite3
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
    """Values by key, in one SQLite file in `folder` (one file: creating thousands of small files
    cost more than the work they saved), or in memory without a folder. A damaged or unwritable
    store only misses: the build then computes everything, slower but the same."""

    def __init__(self, folder: str | os.PathLike[str] | None) -> None:
        self.folder = os.fspath(folder) if folder is not None else None
        self.memory: dict[str, bytes] = {}
        self.hits = self.misses = 0
        self._db: sqlite3.Connection | None = None
        self.path = os.path.join(self.folder, "cache.sqlite3") if self.folder else None
        if self.path is not None:
            self._db = self._open(self.path)

    @staticmethod
    def _open(path: str) -> sqlite3.Connection | None:
        for attempt in range(2):
            try:
                os.makedirs(os.path.dirname(path), exist_ok=True)
                db = sqlite3.connect(path, timeout=30, isolation_level=None)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=OFF")  # a cache: losing the last writes is fine
                db.execute(
                    "CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v BLOB) WITHOUT ROWID"
                )
                return db
            except (sqlite3.DatabaseError, OSError):
                if attempt == 0:  # a damaged file: start again from an empty one
                    for suffix in ("", "-wal", "-shm"):
                        try:
                            os.remove(path + suffix)
                        except OSError:
                            pass
        return None

    @staticmethod
    def name(key: str) -> str:
        """Where a key's value is stored (for a reader in another process: `stored`)."""
        return hashlib.sha256(key.encode()).hexdigest()[:32]

    def get(self, key: str) -> bytes | None:
        found = self.get_named(self.name(key))
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
        return found

    def get_named(self, name: str) -> bytes | None:
        found = self.memory.get(name)
        if found is None and self._db is not None:
            try:
                row = self._db.execute("SELECT v FROM kv WHERE k = ?", (name,)).fetchone()
            except sqlite3.DatabaseError:
                row = None
            found = row[0] if row else None
        return found

    def on_disk(self, key: str) -> bool:
        """Whether the key's value is in the file (where another process can read it)."""
        if self._db is None:
            return False
        try:
            found = self._db.execute("SELECT 1 FROM kv WHERE k = ?", (self.name(key),)).fetchone()
        except sqlite3.DatabaseError:
            return False
        return found is not None

    def put(self, key: str, value: bytes) -> None:
        name = self.name(key)
        if self._db is None:
            self.memory[name] = value
            return
        try:
            self._db.execute("INSERT OR REPLACE INTO kv VALUES (?, ?)", (name, value))
        except sqlite3.DatabaseError:
            self.memory[name] = value  # a read-only checkout still builds, only slower

    def put_content(self, value: bytes) -> str:
        """Store a value under its own digest (the same bytes are stored once); return its name."""
        name = "c" + hashlib.sha256(value).hexdigest()[:31]
        if self._db is None:
            self.memory[name] = value
        else:
            try:
                self._db.execute("INSERT OR IGNORE INTO kv VALUES (?, ?)", (name, value))
            except sqlite3.DatabaseError:
                self.memory[name] = value
        return name

    def put_new(self, key: str, make: Callable[[], bytes]) -> str:
        """Make and store the key's value unless it is on disk already; return its name."""
        if not self.on_disk(key):
            self.put(key, make())
        return self.name(key)

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
