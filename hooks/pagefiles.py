"""Generated files: entry pages' sources under .cache/pages, and files copied from the cache
into the site by a second process.

MkDocs' `serve --dirty` rebuilds a page only when its source file is newer than its output;
generated in-memory pages always count as changed. Backing each entry page by a file whose
modification time moves only with its content lets an edit of one entry rebuild one page.

Thousands of small files (API documents, badges, link-preview cards) cost the build more to
create than to compute on this kind of machine; `SiteWriter` hands their names to a second
process that copies them from the cache into the site while MkDocs renders pages on this one.
Run as a script, this file is that process.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
import subprocess
import sys
from collections.abc import Iterable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

from cache import ContentCache

FOLDER = os.path.join(".cache", "pages")


def write_if_changed(root: str, relpath: str, content: str | bytes) -> str:
    """Write content to root/relpath unless it is already there; return the file's path."""
    path = os.path.join(root, relpath)
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        with open(path, "rb") as fh:
            if fh.read() == data:
                return path
    except OSError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(data)
    return path


def write_all(
    root: str, items: Iterable[tuple[str, str | bytes]], made: set[str] | None = None
) -> int:
    """Write many files below root (each folder made once; a file already holding the same bytes,
    as in a `serve --dirty` rebuild, is left alone). Returns how many were written."""
    made = set() if made is None else made  # folders known to exist
    written = 0
    for relpath, content in items:
        path = os.path.join(root, relpath)
        data = content.encode("utf-8") if isinstance(content, str) else content
        folder = os.path.dirname(path)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        try:
            with open(path, "rb") as fh:
                if fh.read() == data:
                    continue
        except OSError:
            pass
        with open(path, "wb") as fh:
            fh.write(data)
        written += 1
    return written


class StoredFile(File):
    """A page whose source is a value in the content cache, read when MkDocs reads the page (a
    build creates no file for it)."""

    def __init__(self, src_uri: str, config: MkDocsConfig, store: ContentCache, name: str) -> None:
        super().__init__(src_uri, None, config.site_dir, config.use_directory_urls)
        self.store, self.stored = store, name  # File.name is the page's own name

    @property  # type: ignore[misc]  # read-only here
    def content_bytes(self) -> bytes:
        value = self.store.get_named(self.stored)
        if value is None:
            raise OSError(f"{self.src_uri}: its source is missing from the build cache")
        return value

    @property  # type: ignore[misc]  # read-only here
    def content_string(self) -> str:
        return self.content_bytes.decode("utf-8")


class SiteWriter:
    """Copies stored values into the site, by batches, each in a process of its own.

    `there` (path -> stored name) lists what a site folder already holds (`mkdocs serve --dirty`
    keeps its folder between rebuilds): those files are not copied again."""

    def __init__(self, store: ContentCache, site_dir: str, there: dict[str, str]) -> None:
        self.store, self.site_dir, self.there = store, site_dir, there
        self.todo: list[tuple[str, str]] = []  # (path below the site, stored name)
        self.running: list[subprocess.Popen[bytes]] = []

    def add(self, relpath: str, name: str) -> None:
        if self.there.get(relpath) != name:
            self.todo.append((relpath, name))
            self.there[relpath] = name

    def flush(self) -> None:
        """Start copying what was added so far (in this process when the cache has no file)."""
        batch, self.todo = self.todo, []
        if not batch:
            return
        if self.store.path is None:
            write_all(self.site_dir, ((p, self._value(n)) for p, n in batch))
            return
        proc = subprocess.Popen(
            [sys.executable, __file__, self.site_dir, self.store.path],
            stdin=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert proc.stdin is not None
        proc.stdin.write(pickle.dumps(batch))
        proc.stdin.close()
        self.running.append(proc)

    def finish(self) -> None:
        self.flush()
        running, self.running = self.running, []
        for proc in running:
            assert proc.stderr is not None
            error = proc.stderr.read().decode(errors="replace")
            if proc.wait() != 0:
                raise OSError(f"copying files into {self.site_dir} failed:\n{error}")

    def _value(self, name: str) -> bytes:
        value = self.store.get_named(name)
        if value is None:
            raise KeyError(name)
        return value


def _copy(site_dir: str, db_path: str, batch: list[tuple[str, str]]) -> None:
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30)

    def values() -> Iterable[tuple[str, bytes]]:
        for relpath, name in batch:
            row = db.execute("SELECT v FROM kv WHERE k = ?", (name,)).fetchone()
            if row is None:
                raise KeyError(f"{relpath}: {name} is not in {db_path}")
            yield relpath, row[0]

    write_all(site_dir, values())


if __name__ == "__main__":
    _copy(sys.argv[1], sys.argv[2], pickle.loads(sys.stdin.buffer.read()))
