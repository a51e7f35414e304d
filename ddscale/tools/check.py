"""`make check`: validate a catalogue file, print every problem one a line, exit 1 if any.

Usage: python -m ddscale.tools.check [--no-format] [PATH]   (default data/sites.yaml)

A valid file must also be in canonical form (`make fmt`); --no-format skips that step. Canonical
form is decided from the same parse (ddscale.tools.canon), so the check writes and round-trips
nothing.
"""

from __future__ import annotations

import sys

from ddscale.core import yamlsource
from ddscale.core.catalogue import DEFAULT_PATH, load
from ddscale.core.model import SECTIONS
from ddscale.core.problems import CatalogueError

from . import canon, slugs


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    paths = [a for a in args if not a.startswith("--")]
    path = paths[0] if paths else DEFAULT_PATH
    try:
        doc = yamlsource.read(path)
        cat = load(path, doc=doc)
    except CatalogueError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        n = len(exc.problems)
        print(
            f"{path}: {n} problem{'s' if n != 1 else ''}; fix them and run make check again",
            file=sys.stderr,
        )
        return 1
    except Exception as exc:  # noqa: BLE001 - a contributor must never see a traceback
        print(
            f"{path}:1:1: (file): (check): the check itself failed ({type(exc).__name__}: {exc}); "
            "please report this with your file",
            file=sys.stderr,
        )
        return 2
    problems = [] if "--no-format" in args else canon.problems(path, doc.text, doc.data)
    problems += slugs.problems(cat)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    counts = ", ".join(f"{len(cat.sections[s.key])} {s.plural.lower()}" for s in SECTIONS)
    print(f"{path}: OK ({counts})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
