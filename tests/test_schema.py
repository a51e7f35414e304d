"""The JSON Schema: valid itself, in step with the vocabulary, and named by the catalogue's modeline."""

from __future__ import annotations

import jsonschema
from conftest import ROOT

from ddscale import schema, vocabulary


def test_schema_is_a_valid_draft7_schema() -> None:
    jsonschema.Draft7Validator.check_schema(schema.schema())


def test_schema_enums_match_the_vocabulary() -> None:
    defs = schema.schema()["$defs"]
    assert defs["figure"]["properties"]["metric"]["enum"] == list(vocabulary.METRICS)
    assert defs["figure"]["properties"]["grade"]["enum"] == list(vocabulary.GRADES)
    assert defs["site"]["properties"]["status"]["enum"] == list(vocabulary.STATUSES)
    assert defs["site"]["properties"]["scope"]["enum"] == list(vocabulary.SCOPES)
    assert defs["talk"]["properties"]["topics"]["items"]["enum"] == list(vocabulary.TOPICS)
    assert defs["myth"]["properties"]["verdict"]["enum"] == list(vocabulary.VERDICTS)
    assert set(vocabulary.HEADLINE_ORDER) == set(vocabulary.METRICS)


def test_modeline_resolves_to_the_schema() -> None:
    for catalogue in [ROOT / "data" / "sites.yaml", ROOT / "tests" / "fixtures" / "small.yaml"]:
        first = catalogue.read_text(encoding="utf-8").splitlines()[0]
        prefix = "# yaml-language-server: $schema="
        assert first.startswith(prefix), first
        target = (catalogue.parent / first[len(prefix):]).resolve()
        assert target == schema.SCHEMA_PATH
