"""Entry point: `python -m labrun ...` (what `make lab` and `make lab-smoke` run)."""

import json
import os
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from labrun import check, compare
from labrun.cli import command_line, options, parser
from labrun.errors import LabError


def _check_files(paths: Sequence[str]) -> int:
    bad = 0
    for path in paths:
        try:
            doc = json.loads(Path(path).read_text())
        except (OSError, ValueError) as exc:
            raise LabError(f"cannot read {path}: {exc}") from None
        found = check.problems(doc)
        bad += len(found)
        for line in found:
            print(f"{path}: {line}")
    print(f"checked {len(paths)} file(s): {bad} problem(s)")
    return 1 if bad else 0


def _render(paths: Sequence[str]) -> int:
    """Rewrites the Markdown report (and the scaling verdict) of results files from their JSON."""
    from labrun import report, scaling

    for path in map(Path, paths):
        doc = json.loads(path.read_text())
        sc = doc.get("scaling")
        if sc and "setups" in sc:  # summary and verdict are derived from the measured setups
            doc["scaling"] = scaling.summarise(sc["setups"], doc["results"])
            path.write_text(json.dumps(doc, indent=1) + "\n")
        path.with_suffix(".md").write_text(report.render(doc))
        print(f"rendered {path.with_suffix('.md')}")
    return 0


def _smoke(argv: Sequence[str]) -> int:
    """Low load on every server, SQLite then PostgreSQL, and the report checked each time."""
    from labrun import session

    args = parser().parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="lab-smoke-") as out:
        failures = 0
        for db in ("sqlite", "postgresql"):
            args.db = db
            opts = replace(options(args), out=Path(out))
            _, doc = session.run(opts, os.environ.get("LAB_COMMAND") or command_line(argv))
            found = check.problems(doc, low_load=True)
            failures += len(found)
            for line in found:
                print(f"lab-smoke {db}: {line}")
            print(f"lab-smoke {db}: {len(doc['results'])} results checked, "
                  f"{len(found)} problem(s), {doc['duration_s']:.0f} s")  # fmt: skip
    return 1 if failures else 0


def run(argv: Sequence[str]) -> int:
    args = parser().parse_args(argv)
    if args.check:
        return _check_files(args.check)
    if args.compare:
        return compare.main(args.compare)
    if args.render:
        return _render(args.render)
    if args.smoke:
        return _smoke(argv)
    opts = options(args)
    from labrun import session  # after validation: bad input fails fast

    session.run(opts, os.environ.get("LAB_COMMAND") or command_line(argv))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return run(sys.argv[1:] if argv is None else argv)
    except LabError as exc:
        print(f"lab: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("lab: interrupted; every server it started has been stopped", file=sys.stderr)
        return 130
