"""The JSON Schema: derived from the model, committed as generated, valid, named by the modeline."""

from __future__ import annotations

import json

import jsonschema

from ddscale.core import schema, vocabulary
from ddscale.core.model import SECTIONS, Site
from ddscale.core.spec import specs

from conftest import ROOT

COMMITTED = ROOT / "docs" / "schema" / "catalogue.schema.json"


def test_committed_schema_is_the_generated_one() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == schema.text(), "run make schema"


def test_schema_is_a_valid_draft7_schema() -> None:
    jsonschema.Draft7Validator.check_schema(schema.schema())


def test_every_declared_field_is_in_the_schema_in_order() -> None:
    defs = schema.schema()["$defs"]
    for section in SECTIONS:
        assert list(defs[section.record]["properties"]) == [n for n, _ in specs(section.model)]
    assert defs["site"]["properties"]["status"]["enum"] == list(vocabulary.STATUSES)
    assert defs["figure"]["properties"]["served_by"]["enum"] == list(vocabulary.SERVED_BY)
    assert "name" in defs["site"]["required"] and "url" not in defs["site"]["required"]
    assert dict(specs(Site))["status"].words is vocabulary.STATUSES


def test_every_metric_has_a_class() -> None:
    assert {m.klass for m in vocabulary.METRICS.values()} <= set(vocabulary.CLASSES)


def test_modeline_resolves_to_the_schema() -> None:
    for catalogue in [ROOT / "data" / "sites.yaml", ROOT / "tests" / "fixtures" / "small.yaml"]:
        first = catalogue.read_text(encoding="utf-8").splitlines()[0]
        prefix = "# yaml-language-server: $schema="
        assert first.startswith(prefix), first
        target = (catalogue.parent / first[len(prefix) :]).resolve()
        assert target == COMMITTED
        assert json.loads(target.read_text())["title"] == "Does Django scale? catalogue"


def test_contributing_field_reference_is_generated() -> None:
    from ddscale.tools import reference

    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert reference.contributing(text) == text, "run make schema"
    assert (
        "| `served_by` |" in text and "| `status_year` |  |" in text
    )  # optional, as the model says
