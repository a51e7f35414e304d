"""Generated pages and files as real files under .cache/pages, rewritten only when their content
changes.

MkDocs' `serve --dirty` rebuilds a page only when its source file is newer than its output;
generated in-memory pages always count as changed. Backing each entry page by a file whose
modification time moves only with its content lets an edit of one entry rebuild one page.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

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
