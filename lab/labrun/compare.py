"""Run-to-run agreement of two results files: per endpoint, the difference of their rates."""

import json
from pathlib import Path
from typing import Any

from labrun.errors import LabError


def _key(r: dict[str, Any]) -> tuple[str, str, str, str]:
    return (r["endpoint"], r["server"], r["database"], r["conn"] or "")


def compare(a: dict[str, Any], b: dict[str, Any]) -> list[dict[str, Any]]:
    """|a - b| / mean of the per-process rate at p99 <= 100 ms, for results both files have."""
    rows = []
    other = {_key(r): r for r in b["results"]}
    for r in a["results"]:
        s = other.get(_key(r))
        x, y = r["rps_per_process_p99_le_100ms"], s and s["rps_per_process_p99_le_100ms"]
        if s is None or not x or not y:
            continue
        rows.append({"key": "/".join(k for k in _key(r) if k), "a": x, "b": y,
                     "difference": abs(x - y) / ((x + y) / 2)})  # fmt: skip
    return rows


def main(paths: list[str]) -> int:
    try:
        a, b = (json.loads(Path(p).read_text()) for p in paths)
    except (OSError, ValueError) as exc:
        raise LabError(f"cannot read a results file: {exc}") from None
    rows = compare(a, b)
    for row in rows:
        print(f"{row['key']:<40} {row['a']:>8.0f} {row['b']:>8.0f} {row['difference']:>7.1%}")
    worst = max((r["difference"] for r in rows), default=0.0)
    print(f"largest difference {worst:.1%} over {len(rows)} results")
    return 0
