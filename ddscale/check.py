"""`make check`: validate a catalogue file, print every problem one a line, exit 1 if any.

Usage: python -m ddscale.check [PATH]   (default data/sites.yaml)
"""

from __future__ import annotations

import sys

from .catalogue import DEFAULT_PATH, load
from .problems import CatalogueError


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = args[0] if args else DEFAULT_PATH
    try:
        cat = load(path)
    except CatalogueError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        n = len(exc.problems)
        print(f"{path}: {n} problem{'s' if n != 1 else ''}; fix them and run make check again", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - a contributor must never see a traceback
        print(f"{path}:1:1: (file): (check): the check itself failed ({type(exc).__name__}: {exc}); "
              "please report this with your file", file=sys.stderr)
        return 2
    counts = ", ".join(f"{len(v)} {k.replace('_', ' ')}" for k, v in cat.sections.items())
    print(f"{path}: OK ({counts})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
