"""Create and update input: coerced to field types and checked against field rules.

All problems of a request are collected and raised together as one ValidationFailed, so
a form can show every bad field at once; nothing is written when there is any.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry

from .. import fieldtypes
from ..fieldtypes import CoercionError
from ..model import FieldDef, FieldType, ObjectDef, TenantModel
from .selects import api_name

OWNER = "ownerId"
RATING_RANGE = (0, 5)
_BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")

Problem = dict[str, Any]


def input_fields(model: TenantModel, obj: ObjectDef) -> dict[str, FieldDef]:
    """Input name -> field for every field a write may set (relations as `<name>Id`)."""
    found = {}
    for f in obj.live_fields:
        if f.type is FieldType.COMPUTED or not f.column:
            continue
        if f.type is FieldType.RELATION and model.live_target(f) is None:
            continue
        found[api_name(f)] = f
    return found


@lru_cache(maxsize=1024)
def _validator(schema_text: str) -> Draft202012Validator:
    """A validator that never fetches remote `$ref`s (empty registry)."""
    return Draft202012Validator(json.loads(schema_text), registry=Registry())


def rule_problems(f: FieldDef, value: Any) -> list[str]:
    """What is wrong with a coerced, non-null value under the field's own rules."""
    problems = []
    if f.type is FieldType.SELECT and f.options and value not in f.option_values:
        problems.append(f"{value!r} is not one of the options of {f.name}")
    if f.type is FieldType.MULTI_SELECT and f.options:
        bad = [v for v in value if v not in f.option_values]
        if bad:
            problems.append(f"{', '.join(map(repr, bad))} not among the options of {f.name}")
    validation = f.validation or {}
    if f.type is FieldType.RATING and not any(k in validation for k in _BOUNDS):
        low, high = RATING_RANGE
        if not low <= value <= high:
            problems.append(f"a rating is between {low} and {high}")
    if validation:
        validator = _validator(json.dumps(validation, sort_keys=True))
        problems.extend(e.message for e in validator.iter_errors(fieldtypes.json_value(value)))
    return problems


def prepare(
    model: TenantModel,
    obj: ObjectDef,
    data: Mapping[str, Any],
    *,
    creating: bool,
    index: int | None = None,
) -> tuple[dict[str, Any], list[Problem]]:
    """Coerced values by input name, and the problems found (`index` marks bulk items).

    Create: a missing field takes its `defaultValue`; a required field missing or null is
    a problem. Update: only the given keys change; an explicit null on a required field
    is a problem.
    """
    fields = input_fields(model, obj)
    values: dict[str, Any] = {}
    problems: list[Problem] = []

    def problem(name: str, message: str) -> None:
        entry: Problem = {"field": name, "message": message}
        if index is not None:
            entry["index"] = index
        problems.append(entry)

    for name, raw in data.items():
        if name == OWNER:
            if raw is not None and not isinstance(raw, str):
                problem(name, "expected a string")
            else:
                values[name] = raw
            continue
        f = fields.get(name)
        if f is None:
            problem(name, "unknown field")
            continue
        if raw is None:
            if f.required:
                problem(name, "is required")
            values[name] = None
            continue
        try:
            value = fieldtypes.coerce(f.type, raw)
        except CoercionError as exc:
            problem(name, str(exc))
            continue
        for message in rule_problems(f, value):
            problem(name, message)
        values[name] = value
    if creating:
        for name, f in fields.items():
            if name in data:
                continue
            if f.default_value is not None:
                values[name] = fieldtypes.coerce(f.type, f.default_value)
            elif f.required:
                problem(name, "is required")
    return values, problems
