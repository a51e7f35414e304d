"""Freshness: an entry not verified for STALE_AFTER_DAYS shows a "may be out of date" note.

`make stale` lists such entries, oldest first. Set STALE_AFTER_DAYS in the environment to change
the limit (default: three years).

Usage: python -m ddscale.freshness [PATH]
"""

from __future__ import annotations

import datetime as dt
import os
import sys

from ddscale.core.catalogue import DEFAULT_PATH, Catalogue, load
from ddscale.core.model import Entry
from ddscale.core.problems import CatalogueError

DEFAULT_DAYS = 3 * 365


def limit_days() -> int:
    return int(os.environ.get("STALE_AFTER_DAYS") or DEFAULT_DAYS)


def verified(entry: Entry) -> dt.date:
    """The last_verified date (a year or month counts as its first day)."""
    return entry.verified_on


def is_stale(entry: Entry, today: dt.date | None = None) -> bool:
    return ((today or dt.date.today()) - verified(entry)).days > limit_days()


def stale(cat: Catalogue, today: dt.date | None = None) -> list[Entry]:
    return sorted(
        (e for e in cat.entries if is_stale(e, today)), key=lambda e: (verified(e), e.slug)
    )


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = args[0] if args else DEFAULT_PATH
    try:
        cat = load(path)
    except CatalogueError as exc:
        print(exc, file=sys.stderr)
        return 1
    found = stale(cat)
    for entry in found:
        print(
            f"{path}:{entry.line}: {entry.slug}: last verified {entry.verified_on} ({entry.folder})"
        )
    print(
        f"{len(found)} of {len(cat.entries)} entries not verified in the last {limit_days()} days"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
