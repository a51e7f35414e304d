"""Published slugs never break: every slug ever published stays a slug or a former slug of an entry.

data/published-slugs.txt (beside the catalogue) lists every slug published so far, one a line;
`make fmt` adds new ones. The check refuses a listed slug that no entry has as slug or former slug.
"""

from __future__ import annotations

import os

from ddscale.core.catalogue import Catalogue
from ddscale.core.problems import Problem

FILENAME = "published-slugs.txt"


def registry_path(catalogue_path: str) -> str:
    return os.path.join(os.path.dirname(catalogue_path) or ".", FILENAME)


def _numbered(catalogue_path: str) -> list[tuple[int, str]]:
    """(line number, slug) for each slug of the registry, skipping comments and blank lines."""
    path = registry_path(catalogue_path)
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as fh:
        return [
            (n, ln.strip())
            for n, ln in enumerate(fh, start=1)
            if ln.strip() and not ln.startswith("#")
        ]


def published(catalogue_path: str) -> list[str]:
    return [slug for _, slug in _numbered(catalogue_path)]


def problems(cat: Catalogue) -> list[Problem]:
    known = set(cat.by_slug) | set(cat.former_slugs())
    path = registry_path(cat.path)
    found = []
    for number, slug in _numbered(cat.path):
        if slug not in known:
            found.append(
                Problem(
                    path,
                    number,
                    1,
                    slug,
                    "slug",
                    f"the published slug '{slug}' has disappeared: links to it would break; "
                    "add it to former_slugs of the entry that replaces it",
                )
            )
    return found


def record(cat: Catalogue) -> bool:
    """Add the catalogue's current slugs to the registry; True if it changed."""
    old = published(cat.path)
    new = sorted(set(old) | set(cat.by_slug))
    if new == old:
        return False
    with open(registry_path(cat.path), "w", encoding="utf-8") as fh:
        fh.write(
            "# Every slug ever published: never remove one (rename with former_slugs). Written by "
            "make fmt.\n"
        )
        fh.write("".join(f"{s}\n" for s in new))
    return True
