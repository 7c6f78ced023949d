"""Create and update input: coerced to field types and checked against field rules.

All problems of a request are collected and raised together as one ValidationFailed, so
a form can show every bad field at once; nothing is written when there is any. The
rules of an object's fields are built once per write (`InputRules`) and then applied to
every record of it, so a bulk create does the per-field set-up once, not per record.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Mapping
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
Check = Callable[[Any], list[str]]


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


def field_check(f: FieldDef) -> Check | None:
    """What is wrong with a coerced, non-null value under the field's own rules, as one
    function with the options and the JSON Schema validator looked up in advance; None
    when the field has no rules beyond its type."""
    options = f.option_values if f.options and f.type in (FieldType.SELECT, FieldType.MULTI_SELECT) else None
    validation = f.validation or {}
    rating = f.type is FieldType.RATING and not any(k in validation for k in _BOUNDS)
    validator = _validator(json.dumps(validation, sort_keys=True)) if validation else None
    if options is None and not rating and validator is None:
        return None

    def check(value: Any) -> list[str]:
        problems = []
        if options is not None:
            if f.type is FieldType.SELECT:
                if value not in options:
                    problems.append(f"{value!r} is not one of the options of {f.name}")
            else:
                bad = [v for v in value if v not in options]
                if bad:
                    problems.append(f"{', '.join(map(repr, bad))} not among the options of {f.name}")
        if rating:
            low, high = RATING_RANGE
            if not low <= value <= high:
                problems.append(f"a rating is between {low} and {high}")
        if validator is not None:
            problems.extend(e.message for e in validator.iter_errors(fieldtypes.json_value(value)))
        return problems

    return check


class InputRules:
    """The input fields of one object with their coercion and checks, ready to apply to
    any number of records."""

    def __init__(self, model: TenantModel, obj: ObjectDef) -> None:
        self.fields = input_fields(model, obj)
        self.rules: dict[str, tuple[FieldDef, Callable[[Any], Any], Check | None]] = {
            name: (f, fieldtypes.info(f.type).coerce, field_check(f)) for name, f in self.fields.items()
        }
        self.when_missing = {name: f for name, f in self.fields.items() if f.default_value is not None or f.required}
        """The fields a create must look at when they are not given."""

    def prepare(self, data: Mapping[str, Any], *, creating: bool,
                index: int | None = None) -> tuple[dict[str, Any], list[Problem]]:
        """Coerced values by input name, and the problems found (`index` marks bulk items).

        Create: a missing field takes its `defaultValue`; a required field missing or null is
        a problem. Update: only the given keys change; an explicit null on a required field
        is a problem.
        """
        rules = self.rules
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
            rule = rules.get(name)
            if rule is None:
                problem(name, "unknown field")
                continue
            f, coerce, check = rule
            if raw is None:
                if f.required:
                    problem(name, "is required")
                values[name] = None
                continue
            try:
                value = coerce(raw)
            except CoercionError as exc:
                problem(name, str(exc))
                continue
            if check is not None:
                for message in check(value):
                    problem(name, message)
            values[name] = value
        if creating:
            self._fill_missing(data, values, problem)
        return values, problems

    def _fill_missing(self, data: Mapping[str, Any], values: dict[str, Any],
                      problem: Callable[[str, str], None]) -> None:
        for name, f in self.when_missing.items():
            if name in data:
                continue
            if f.default_value is not None:
                values[name] = fieldtypes.coerce(f.type, f.default_value)
            elif f.required:
                problem(name, "is required")


def prepare(
    model: TenantModel,
    obj: ObjectDef,
    data: Mapping[str, Any],
    *,
    creating: bool,
    index: int | None = None,
) -> tuple[dict[str, Any], list[Problem]]:
    """`InputRules.prepare` for a single record."""
    return InputRules(model, obj).prepare(data, creating=creating, index=index)
