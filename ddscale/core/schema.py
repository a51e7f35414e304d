"""The catalogue's JSON Schema, derived from the model; validation against it, each fault worded as
a fix."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported where a fault is explained: a valid file never pays for it
    import jsonschema

from .model import RECORDS, REQUIRED_SECTIONS, SECTIONS, Source
from .problems import Problem
from .spec import Spec, required, specs
from .yamlsource import Document, describe

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "array": "a list",
    "object": "a mapping of fields",
    "boolean": "true or false",
    "null": "nothing",
}

_DATE = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
_SLUG = "^[a-z0-9]+(-[a-z0-9]+)*$"
_BASE_DEFS: dict[str, Any] = {
    "slug": {
        "type": "string",
        "pattern": _SLUG,
        "maxLength": 80,
        "description": "Lowercase letters, digits and hyphens. It is the page's URL: never change "
        "it (list the old one in former_slugs).",
    },
    "date": {
        "type": "string",
        "pattern": _DATE,
        "description": 'A date: "YYYY-MM-DD", "YYYY-MM" or "YYYY" (quoted).',
    },
    "year": {
        "type": "integer",
        "minimum": 1990,
        "maximum": 2100,
        "description": "A year, e.g. 2010.",
    },
    "url": {
        "type": "string",
        "format": "uri",
        "pattern": "^https?://[^\\s/.?#][^\\s]*$",
        "maxLength": 2000,
        "description": "An http(s) URL that you actually opened.",
    },
    "token": {"type": "string", "pattern": "^[a-z0-9][a-z0-9.+-]*$", "maxLength": 40},
}


def _property(s: Spec) -> dict[str, Any]:
    """The JSON Schema of one declared field."""
    out: dict[str, Any]
    if s.kind == "text":
        out = {"type": "string", "minLength": s.min_length or 1}
        if s.max_length:
            out["maxLength"] = s.max_length
    elif s.kind in ("slug", "date", "year", "url"):
        out = {"$ref": f"#/$defs/{s.kind}"}
    elif s.kind == "id":
        out = {"type": "string", "pattern": _SLUG, "maxLength": 80}
    elif s.kind == "number":
        out = {"type": "number", "exclusiveMinimum": 0}
    elif s.kind == "word":
        out = {"enum": list(s.words or {})}
    elif s.kind == "record":
        out = {"$ref": f"#/$defs/{s.record}"}
    else:
        item = {
            "texts": {"type": "string", "minLength": 1, "maxLength": s.max_length or 300},
            "slugs": {"$ref": "#/$defs/slug"},
            "tokens": {"$ref": "#/$defs/token"},
            "words": {"enum": list(s.words or {})},
            "records": {"$ref": f"#/$defs/{s.record}"},
        }[s.kind]
        out = {"type": "array", "items": item}
        if s.kind in ("slugs", "tokens", "words"):
            out["uniqueItems"] = True
        if s.min_items:
            out["minItems"] = s.min_items
    out["description"] = s.help
    return out


def _object(cls: type, description: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "additionalProperties": False}
    if required(cls):
        out["required"] = required(cls)
    if description:
        out["description"] = description
    out["properties"] = {name: _property(s) for name, s in specs(cls)}
    return out


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The catalogue's JSON Schema, derived from the model (`make schema` writes it to docs/)."""
    defs = dict(_BASE_DEFS)
    for name, cls in RECORDS.items():
        defs[name] = _object(cls, "A source you actually found." if cls is Source else None)
    for section in SECTIONS:
        defs[section.record] = _object(section.model, (section.model.__doc__ or "").strip() or None)
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "Does Django scale? catalogue",
        "description": "data/sites.yaml: Django sites with dated, sourced figures; talks; case "
        "studies; myths; sites also on Django.",
        "type": "object",
        "additionalProperties": False,
        "required": list(REQUIRED_SECTIONS),
        "properties": {
            s.key: {"type": "array", "items": {"$ref": f"#/$defs/{s.record}"}} for s in SECTIONS
        },
        "$defs": defs,
    }


def text() -> str:
    """The schema as the committed file holds it."""
    return json.dumps(schema(), indent=2, ensure_ascii=False) + "\n"


@lru_cache(maxsize=1)
def validator() -> jsonschema.protocols.Validator:
    import jsonschema

    cls = jsonschema.validators.validator_for(schema())
    return cls(schema(), format_checker=cls.FORMAT_CHECKER)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "nothing (an empty value)"
    return {int: "a number", float: "a number", str: "text", list: "a list", dict: "a mapping"}.get(
        type(value), type(value).__name__
    )


def _missing(err: jsonschema.ValidationError) -> str:
    """The one property a `required` error is about (jsonschema raises one error per property)."""
    match = re.match(r"^'(.+)' is a required property$", err.message)
    return match.group(1) if match else str(err.validator_value[0])


def _pattern_message(inst: Any, val: str) -> str:
    if "https?" in val:
        return f"{inst!r} is not an http(s) URL: write the full address starting with https:// or http://"
    if r"\d{4}" in val:
        return f'{inst!r} is not a date: write "YYYY-MM-DD", "YYYY-MM" or "YYYY" in quotes'
    if "a-z0-9" in val:
        return f"{inst!r} must be lowercase letters, digits and hyphens (e.g. 'my-site-name')"
    return f"{inst!r} does not match {val}"


def _message(err: jsonschema.ValidationError) -> tuple[str, str | None]:
    """The fix-it message for one schema error, and the extra key it concerns (if any)."""
    v, val, inst = err.validator, err.validator_value, err.instance
    if v == "additionalProperties":
        allowed = sorted(err.schema.get("properties", {}))
        extra = sorted(set(inst) - set(allowed))[0]
        close = difflib.get_close_matches(extra, allowed, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"allowed fields: {', '.join(allowed)}"
        return f"unknown field '{extra}': a typo would be lost; {hint}", extra
    if v == "required":
        missing = _missing(err)
        return (
            f"missing required field '{missing}': add it (see CONTRIBUTING.md for what it holds)",
            None,
        )
    if v == "type":
        want = (
            _TYPE_WORDS.get(val, val)
            if isinstance(val, str)
            else " or ".join(_TYPE_WORDS.get(t, t) for t in val)
        )
        hint = " (yes/no/on/off/true/false are booleans in YAML)" if isinstance(inst, bool) else ""
        fix = "put it in quotes" if val == "string" else f"write {want}"
        if isinstance(inst, int) and not isinstance(inst, bool) and val == "string":
            fix = 'put it in quotes, e.g. "2013" for a year-only date'
        return f"expected {want}, found {_kind(inst)}{hint}: {fix}", None
    if v == "enum":
        return f"{inst!r} is not allowed here; use one of: {', '.join(map(str, val))}", None
    if v == "pattern":
        return _pattern_message(inst, val), None
    if v == "format":
        return (
            f"{inst!r} is not an http(s) URL: write the full address starting with https:// or "
            f"http://",
            None,
        )
    if v in ("minItems", "minLength"):
        what = "item" if v == "minItems" else "character"
        return f"needs at least {val} {what}{'s' if val != 1 else ''}", None
    if v == "maxLength":
        return f"is {len(inst)} characters; the limit is {val}: shorten it", None
    if v in ("minimum", "maximum", "exclusiveMinimum"):
        return f"{inst!r} is out of range ({v} {val})", None
    if v == "uniqueItems":
        return "lists the same item twice: remove the repeat", None
    return err.message, None


@lru_cache(maxsize=1)
def fast_validator() -> Any:
    """The same schema compiled to Python by fastjsonschema: the quick yes for a valid file."""
    return _compile(json.dumps(schema()))


@lru_cache(maxsize=8)
def _compile(schema_json: str) -> Any:
    import fastjsonschema
    from rfc3986_validator import validate_rfc3986

    return fastjsonschema.compile(
        json.loads(schema_json), formats={"uri": lambda v: bool(validate_rfc3986(v, rule="URI"))}
    )


def list_schema(key: str, cls: type, records: dict[str, type] | None = None) -> dict[str, Any]:
    """The schema of a small data file that holds one list of `cls` records under `key`."""
    defs = dict(_BASE_DEFS)
    defs.update({name: _object(c) for name, c in (records or {}).items()})
    defs["item"] = _object(cls)
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object",
        "additionalProperties": False,
        "required": [key],
        "properties": {key: {"type": "array", "items": {"$ref": "#/$defs/item"}}},
        "$defs": defs,
    }


def problems(doc: Document, against: dict[str, Any] | None = None) -> Iterator[Problem]:
    """Every schema fault of the document, located at its line and column; one per field.

    A valid catalogue is confirmed by the compiled validator alone; only a file with faults pays
    for jsonschema's complete, explained list of them. `against` checks another data file.
    """
    import fastjsonschema

    try:
        (fast_validator() if against is None else _compile(json.dumps(against)))(doc.data)
        return
    except fastjsonschema.JsonSchemaException:
        pass
    import jsonschema

    check = (
        validator()
        if against is None
        else jsonschema.Draft7Validator(
            against, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
        )
    )
    seen: set[tuple[str, str]] = set()
    for err in check.iter_errors(doc.data):
        # A value that fails several alternatives: report the most specific one.
        if err.context:
            err = jsonschema.exceptions.best_match(err.context)
        at = tuple(err.absolute_path)
        message, extra = _message(err)
        if extra is not None:
            at_key = at + (extra,)
            line, col = doc.key_marks.get(at_key, doc.where(at))
            entry, field = describe(doc.data, at_key)
        else:
            line, col = doc.where(at)
            entry, field = describe(doc.data, at)
            if err.validator == "required":
                field = (field + "." if field not in ("(entry)", "(top level)") else "") + _missing(
                    err
                )
        if (entry, field) not in seen:
            seen.add((entry, field))
            yield Problem(doc.path, line, col, entry, field, message)
