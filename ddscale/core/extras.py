"""Small data files beside the catalogue, declared like its fields and checked the same way:
corrections made to entries (shown on the changelog) and the Django releases that added features
for scale (shown in the FAQ's timeline).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from . import schema, yamlsource
from .problems import CatalogueError, Problem
from .spec import spec, specs

CORRECTIONS = "corrections.yaml"
RELEASES = "django-releases.yaml"


@dataclass(frozen=True)
class Correction:
    slug: str = spec("slug", "The entry corrected (its slug then, or now).", required=True)
    date: str = spec("date", "When the correction was made.", required=True)
    correction: str = spec(
        "text",
        "What was wrong and what it is now, per which source.",
        required=True,
        max_length=800,
    )


@dataclass(frozen=True)
class Feature:
    name: str = spec("text", "The feature's name.", required=True, max_length=200)
    what: str = spec(
        "text", "What it lets a large site do, in your own words.", required=True, max_length=600
    )


@dataclass(frozen=True)
class Release:
    version: str = spec("text", 'The version, quoted: "1.2".', required=True, max_length=10)
    date: str = spec("date", "The release date its notes give.", required=True)
    url: str = spec("url", "Its release notes.", required=True)
    features: list[Feature] = spec(
        "records", "What it added for scale.", record="feature", required=True, min_items=1
    )


def _read(path: str, key: str, cls: type) -> list[Any]:
    """The records of one data file; an empty list when the file does not exist."""
    if not os.path.exists(path):
        return []
    doc = yamlsource.read(path)
    found = list(schema.problems(doc, schema.list_schema(key, cls, {"feature": Feature})))
    if found:
        raise CatalogueError(found)
    return [_build(cls, item) for item in doc.data[key]]


def _build(cls: type, raw: dict[str, Any]) -> Any:
    values = {}
    for name, s in specs(cls):
        if name in raw:
            values[name] = [_build(Feature, v) for v in raw[name]] if s.record else raw[name]
    return cls(**values)


def corrections(folder: str) -> list[Correction]:
    return _read(os.path.join(folder, CORRECTIONS), "corrections", Correction)


def unknown_slugs(corrections_: list[Correction], known: set[str], path: str) -> list[Problem]:
    """Corrections that name no entry (by its slug now or a former one)."""
    return [
        Problem(
            path,
            1,
            1,
            x.slug,
            "slug",
            f"no entry has the slug '{x.slug}', now or before: "
            "fix the slug, or keep the old one in the entry's former_slugs",
        )
        for x in corrections_
        if x.slug not in known
    ]


def releases(folder: str) -> list[Release]:
    return _read(os.path.join(folder, RELEASES), "releases", Release)
