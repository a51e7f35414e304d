"""The source policy (data/policy.yaml): sources the check refuses, hosts that only hold copies, and
phrases that tell readers how research was done. Kept as data so that each item carries its reason.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import yaml

FILENAME = "policy.yaml"


@dataclass(frozen=True)
class Rule:
    match: str  # a piece of URL: a host ("cur.at/") or a path ("/wp-json/")
    reason: str


@dataclass(frozen=True)
class Policy:
    refused_sources: tuple[Rule, ...] = field(default_factory=tuple)
    copy_hosts: tuple[Rule, ...] = field(default_factory=tuple)
    research_phrases: tuple[str, ...] = field(default_factory=tuple)


def beside(catalogue_path: str) -> str:
    return os.path.join(os.path.dirname(catalogue_path) or ".", FILENAME)


def read(path: str) -> Policy:
    """The policy in `path`; an empty one when there is no such file (e.g. a test catalogue)."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh) or {}
    except FileNotFoundError:
        return Policy()
    return Policy(
        tuple(Rule(**r) for r in data.get("refused_sources", [])),
        tuple(Rule(**r) for r in data.get("copy_hosts", [])),
        tuple(p.lower() for p in data.get("research_phrases", [])),
    )
