"""How a catalogue field is declared: one `spec(...)` per dataclass field says its kind, whether it
is
required, its allowed words, its help text and an example. Everything else is derived from it:
the JSON Schema, the scaffold, CONTRIBUTING.md's field reference, key order and the API's shape.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

# Kinds of value. Record kinds ("figure", "source", "link", "setup") name a record class.
SCALARS = ("text", "slug", "url", "date", "year", "number", "word", "id")
LISTS = ("texts", "slugs", "tokens", "words")


@dataclass(frozen=True)
class Spec:
    kind: str
    help: str
    required: bool = False
    example: Any = None
    words: Mapping[str, str] | None = None  # allowed words -> their labels
    max_length: int | None = None
    min_length: int | None = None
    min_items: int | None = None
    record: str | None = None  # the record kind for "record" and "records"
    flow: bool = False  # a short list written on one line by `make fmt`
    hidden: bool = False  # not offered by `make new` (rare or expert fields)


def spec(kind: str, help: str, **options: Any) -> Any:
    """A dataclass field carrying its Spec; missing values are None, or [] for lists."""
    declared = Spec(kind, help, **options)
    if kind in LISTS or kind == "records":
        return dataclasses.field(default_factory=list, metadata={"spec": declared})
    return dataclasses.field(default=None, metadata={"spec": declared})


def specs(cls: type) -> Iterator[tuple[str, Spec]]:
    """The declared catalogue fields of a record or entry class, in declaration order."""
    return iter(_specs(cls))


@functools.cache
def _specs(cls: type) -> tuple[tuple[str, Spec], ...]:  # read for every entry: computed once
    return tuple(
        (f.name, f.metadata["spec"]) for f in dataclasses.fields(cls) if "spec" in f.metadata
    )


def key_order(cls: type) -> list[str]:
    return [name for name, _ in specs(cls)]


def required(cls: type) -> list[str]:
    return [name for name, s in specs(cls) if s.required]
