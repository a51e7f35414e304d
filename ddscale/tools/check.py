"""`make check`: validate a catalogue file, print every problem one a line, exit 1 if any.

Usage: python -m ddscale.tools.check [--no-format] [PATH]   (default data/sites.yaml)

A valid file must also be in canonical form (`make fmt`); --no-format skips that step. Canonical
form is decided from the same parse (ddscale.tools.canon), so the check writes and round-trips
nothing; where the system can fork, it is decided in a second process while this one validates.
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Callable
from typing import Any

from ddscale.core import yamlsource
from ddscale.core.catalogue import DEFAULT_PATH, load
from ddscale.core.model import SECTIONS
from ddscale.core.problems import CatalogueError

from . import canon, slugs


def beside(work: Callable[[], Any]) -> Callable[[], Any]:
    """Start `work` in a forked process (the other core); the returned call waits for its
    result. Without fork, or if the child fails, the work is done here when asked for."""
    if not hasattr(os, "fork"):
        return work
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: do the work, send the result, leave without cleaning up
        try:
            with os.fdopen(write, "wb") as out:
                pickle.dump(work(), out)
        finally:
            os._exit(0)
    os.close(write)

    def result() -> Any:
        with os.fdopen(read, "rb") as got:
            data = got.read()
        os.waitpid(pid, 0)
        try:
            return pickle.loads(data)
        except Exception:  # noqa: BLE001 - the child failed: do it here
            return work()

    return result


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    paths = [a for a in args if not a.startswith("--")]
    path = paths[0] if paths else DEFAULT_PATH
    try:
        doc = yamlsource.read(path)
        formatted = (
            (lambda: [])
            if "--no-format" in args
            else beside(lambda: canon.problems(path, doc.text, doc.data))
        )
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
    problems = formatted() + slugs.problems(cat)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    counts = ", ".join(f"{len(cat.sections[s.key])} {s.plural.lower()}" for s in SECTIONS)
    print(f"{path}: OK ({counts})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
