"""JSON Schema validation of metadata documents, and of the JSON Schemas admins write.

Every metadata input is checked against `schemas/*.json` before anything is written.
A field's `validation` is a schema written by a tenant admin, so it is treated as
untrusted: it must be a valid draft 2020-12 schema, may only reference itself (the
validators use an empty registry, so no `$ref` is ever fetched), and its regexes are
bounded in length.
"""

from __future__ import annotations

import json
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Iterator, Mapping

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError, ValidationError, best_match
from jsonschema.protocols import Validator
from referencing import Registry, Resource

from .errors import BadUserInput

SCHEMAS = Path(__file__).parent / "schemas"
MAX_PATTERN_LENGTH = 1_000
MAX_VALIDATION_BYTES = 20_000


def _load_registry() -> Registry[Any]:
    documents = [json.loads(p.read_text()) for p in sorted(SCHEMAS.glob("*.json"))]
    return Registry().with_resources((doc["$id"], Resource.from_contents(doc)) for doc in documents)


_REGISTRY = _load_registry()

KINDS: dict[str, dict[str, Any]] = {
    "object": {"$ref": "urn:metacrm:object", "required": ["name"], "unevaluatedProperties": False},
    "objectUpdate": {"$ref": "urn:metacrm:object", "unevaluatedProperties": False},
    "field": {
        "$ref": "urn:metacrm:field",
        "required": ["name", "type"],
        "unevaluatedProperties": False,
    },
    "fieldUpdate": {"$ref": "urn:metacrm:field", "unevaluatedProperties": False},
    "export": {"$ref": "urn:metacrm:export"},
}
"""What each metadata input must look like; create inputs need their identifying keys."""


@cache
def _kind_validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(KINDS[kind], registry=_REGISTRY)


def _describe(error: ValidationError) -> str:
    return f"{error.json_path}: {error.message}"


def validate_document(kind: str, doc: Any) -> None:
    """Raise BadUserInput naming the path of the first problem in `doc`."""
    error = best_match(_kind_validator(kind).iter_errors(doc))
    if error is not None:
        raise BadUserInput(f"invalid {kind} document at {_describe(error)}")


# ---------------------------------------------------------------- admin-written schemas


def _walk(node: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from _walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)


def check_validation_schema(schema: Mapping[str, Any], where: str = "validation") -> None:
    """An admin's value schema is valid, self-contained and cheap to evaluate."""
    if len(json.dumps(schema)) > MAX_VALIDATION_BYTES:
        raise BadUserInput(f"{where}: the schema is larger than {MAX_VALIDATION_BYTES} bytes")
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        raise BadUserInput(f"{where}: not a valid JSON Schema at {_describe(exc)}") from None
    for key, value in _walk(schema):
        if key in ("$ref", "$dynamicRef") and isinstance(value, str) and not value.startswith("#"):
            raise BadUserInput(
                f"{where}: {key} {value!r} points outside the schema; only local references are allowed"
            )
        if key == "pattern" and isinstance(value, str) and len(value) > MAX_PATTERN_LENGTH:
            raise BadUserInput(f"{where}: a pattern is longer than {MAX_PATTERN_LENGTH} characters")
        if (
            key == "patternProperties"
            and isinstance(value, dict)
            and any(len(p) > MAX_PATTERN_LENGTH for p in value)
        ):
            raise BadUserInput(f"{where}: a pattern is longer than {MAX_PATTERN_LENGTH} characters")


def value_validator(schema: Mapping[str, Any]) -> Validator:
    """A cached validator for record values; it can never fetch a remote `$ref`."""
    return _value_validator(json.dumps(schema, sort_keys=True))


@lru_cache(maxsize=1024)
def _value_validator(text: str) -> Validator:
    return Draft202012Validator(
        json.loads(text), registry=Registry(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def value_problem(schema: Mapping[str, Any], value: Any) -> str | None:
    """The first reason `value` fails `schema`, or None when it passes."""
    error = best_match(value_validator(schema).iter_errors(value))
    return None if error is None else error.message
