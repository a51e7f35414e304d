"""One located problem in a catalogue file, formatted as PATH:LINE:COLUMN: entry: field: message."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int  # 1-based
    column: int  # 1-based
    entry: str  # the entry's slug, or "sites[3]" when it has none, or "(file)"
    field: str  # dotted field path inside the entry, or "(yaml)" for file-level faults
    message: str  # what is wrong, and how to fix it

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.entry}: {self.field}: {self.message}"


class CatalogueError(Exception):
    """Raised with every problem found in one run; str() lists them one a line."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
