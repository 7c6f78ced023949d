"""Semantic rules a field spec must satisfy before anything is written (after JSON Schema).

Create and update run the same checks on the field's full desired state, so a field
can never be updated into a state it could not have been created in.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable, Mapping, Protocol

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from .. import names
from ..documents import check_validation_schema, value_problem
from ..errors import BadUserInput
from ..fieldtypes import CoercionError, coerce, json_value
from ..model import FieldType, ObjectDef, TenantModel
from .specs import FieldSpec

SELECT_TYPES = (FieldType.SELECT, FieldType.MULTI_SELECT)
UNINDEXABLE = (FieldType.LONG_TEXT, FieldType.JSON, FieldType.MULTI_SELECT, FieldType.COMPUTED)
"""Types whose values make poor (or, on PostgreSQL, size-limited) B-tree keys."""


class ComputedKind(Protocol):
    """What a plugin registry tells about one computed kind.

    A kind may also have `applies_to(model, obj) -> str | None` (why it cannot be
    attached to `obj`); when present it is asked before the field is written.
    """

    name: str
    config_schema: Mapping[str, Any]


ComputedKinds = Callable[[str, "str | None"], "ComputedKind | None"]
"""(plugin, kind or None) -> the kind, or None when unknown; may raise BadUserInput itself."""


def check_field(
    model: TenantModel,
    obj: ObjectDef,
    spec: FieldSpec,
    computed_kinds: ComputedKinds | None,
    field_id: str | None = None,
) -> FieldSpec:
    """Refuse an invalid spec; returns it with its computed kind resolved."""
    names.check_field_name(model, obj, spec.name, spec.type, exclude_id=field_id)
    _check_shape(spec)
    _check_options(spec)
    if spec.relation is not None:
        _check_relation(model, spec, field_id)
    if spec.computed is not None:
        spec = _resolve_computed(model, obj, spec, computed_kinds)
    if spec.validation is not None:
        check_validation_schema(spec.validation, f"field {spec.name!r} validation")
    if spec.default_value is not None:
        spec = replace(spec, default_value=check_value(spec, spec.default_value, "defaultValue"))
    return spec


def _check_shape(spec: FieldSpec) -> None:
    t = spec.type
    if (spec.relation is not None) != (t is FieldType.RELATION):
        raise BadUserInput(
            f"field {spec.name!r}: `relation` is required for RELATION fields and only for them"
        )
    if (spec.computed is not None) != (t is FieldType.COMPUTED):
        raise BadUserInput(
            f"field {spec.name!r}: `computed` is required for COMPUTED fields and only for them"
        )
    if spec.options and t not in SELECT_TYPES:
        raise BadUserInput(f"field {spec.name!r}: only SELECT and MULTI_SELECT fields have options")
    if t in UNINDEXABLE and (spec.unique or spec.indexed):
        raise BadUserInput(f"field {spec.name!r}: a {t.value} field cannot be unique or indexed")
    if t is FieldType.COMPUTED and (spec.required or spec.default_value is not None):
        raise BadUserInput(
            f"field {spec.name!r}: a COMPUTED field cannot be required or have a defaultValue"
        )
    if t is FieldType.RELATION and spec.default_value is not None:
        raise BadUserInput(f"field {spec.name!r}: a RELATION field cannot have a defaultValue")


def _check_options(spec: FieldSpec) -> None:
    values = [o["value"] for o in spec.options]
    duplicates = sorted({v for v in values if values.count(v) > 1})
    if duplicates:
        raise BadUserInput(f"field {spec.name!r}: option value {duplicates[0]!r} is listed twice")


def _check_relation(model: TenantModel, spec: FieldSpec, field_id: str | None) -> None:
    assert spec.relation is not None
    inverse = spec.relation.get("inverseName")
    target = model.objects_by_id[spec.relation["target"]]
    if inverse:
        names.check_inverse_name(model, target, inverse, exclude_id=field_id)


def _resolve_computed(
    model: TenantModel, obj: ObjectDef, spec: FieldSpec, computed_kinds: ComputedKinds | None
) -> FieldSpec:
    assert spec.computed is not None
    plugin, kind_name = spec.computed["plugin"], spec.computed.get("kind")
    kind = computed_kinds(plugin, kind_name) if computed_kinds else None
    if kind is None:
        suffix = f" kind {kind_name!r}" if kind_name else ""
        raise BadUserInput(f"field {spec.name!r}: unknown plugin {plugin!r}{suffix}")
    config = spec.computed.get("config") or {}
    error = best_match(Draft202012Validator(dict(kind.config_schema)).iter_errors(config))
    if error is not None:
        raise BadUserInput(
            f"field {spec.name!r}: computed config at {error.json_path}: {error.message}"
        )
    applies_to = getattr(kind, "applies_to", None)
    reason = applies_to(model, obj) if applies_to is not None else None
    if reason:
        raise BadUserInput(
            f"field {spec.name!r}: {plugin}.{kind.name} cannot be used on {obj.name}: {reason}"
        )
    return replace(spec, computed={"plugin": plugin, "kind": kind.name, "config": config})


def check_value(spec: FieldSpec, value: Any, what: str) -> Any:
    """`value` read as the field's type and allowed by its options and validation (JSON form)."""
    try:
        coerced = coerce(spec.type, value)
    except CoercionError as exc:
        raise BadUserInput(f"field {spec.name!r}: {what} {value!r}: {exc}") from None
    allowed = {o["value"] for o in spec.options}
    chosen = (
        coerced
        if spec.type is FieldType.MULTI_SELECT
        else [coerced]
        if spec.type is FieldType.SELECT
        else []
    )
    for v in chosen:
        if v not in allowed:
            raise BadUserInput(f"field {spec.name!r}: {what} {v!r} is not one of its options")
    stored = json_value(coerced)
    if spec.validation is not None:
        problem = value_problem(spec.validation, stored)
        if problem:
            raise BadUserInput(f"field {spec.name!r}: {what} {value!r}: {problem}")
    return stored
