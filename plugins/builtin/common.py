"""What the built-in plugins share: finding the `crm` template's fields, config schema pieces.

The built-ins read the `crm` template's objects and fields by API name. `Needs` checks a
model has them (with the right types) and remembers which fields were used, so one
declaration answers both `applies_to` (why not) and `depends_on` (which fields).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import sqlalchemy as sa

from metadata.model import FieldDef, FieldType, ObjectDef, TenantModel

T = FieldType
DATETIME = (T.DATETIME,)
NUMBER = (T.CURRENCY, T.DECIMAL, T.INTEGER, T.PERCENT)
LABEL = (T.SELECT, T.TEXT)
TEXTUAL = (T.TEXT, T.EMAIL, T.PHONE, T.URL)
RATING = (T.RATING, T.INTEGER)


class Missing(Exception):
    """The model lacks something a kind needs; the message says what."""


class Needs:
    """Resolves the fields a kind reads, recording their ids; raises Missing when one is absent."""

    def __init__(self, model: TenantModel, obj: ObjectDef) -> None:
        self.model = model
        self.obj = obj
        self.field_ids: list[str] = []

    def field(self, obj: ObjectDef, name: str, types: tuple[FieldType, ...]) -> FieldDef:
        f = obj.fields_by_name.get(name)
        if f is None or f.type not in types:
            kinds = " or ".join(t.value for t in types)
            raise Missing(f"needs a {kinds} field {obj.name}.{name}")
        self.field_ids.append(f.id)
        return f

    def own(self, name: str, types: tuple[FieldType, ...]) -> FieldDef:
        return self.field(self.obj, name, types)

    def pointing_here(self, object_name: str, relation: str) -> ObjectDef:
        """The object `object_name`, which must have a relation `relation` targeting our object."""
        other = self.model.objects_by_name.get(object_name)
        if other is None:
            raise Missing(f"needs an object {object_name!r}")
        f = self.field(other, relation, (T.RELATION,))
        if f.relation is None or f.relation.target_id != self.obj.id:
            raise Missing(f"needs {object_name}.{relation} to be a relation to {self.obj.name}")
        return other


Plan = Callable[[Needs], Any]


def applies(plan: Plan) -> Callable[[TenantModel, ObjectDef], str | None]:
    """`applies_to` from a plan: None when every needed field is there, else what is missing."""

    def check(model: TenantModel, obj: ObjectDef) -> str | None:
        try:
            plan(Needs(model, obj))
        except Missing as exc:
            return str(exc)
        return None

    return check


def reads(plan: Plan) -> Callable[[Mapping[str, Any], TenantModel, ObjectDef], list[str]]:
    """`depends_on` from a plan: the ids of every field it resolved."""

    def ids(_config: Mapping[str, Any], model: TenantModel, obj: ObjectDef) -> list[str]:
        needs = Needs(model, obj)
        try:
            plan(needs)
        except Missing:
            pass
        return needs.field_ids

    return ids


def config_schema(properties: dict[str, Any]) -> dict[str, Any]:
    """An object schema whose every property has a default, unknown keys refused."""
    return {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
        "default": {},
    }


def positive(default: float, description: str, integer: bool = False) -> dict[str, Any]:
    return {
        "type": "integer" if integer else "number",
        "exclusiveMinimum": 0,
        "default": default,
        "description": description,
    }


def weights(defaults: dict[str, float]) -> dict[str, Any]:
    """Relative weights of a score's parts (any non-negative numbers; they are normalised)."""
    return {
        "type": "object",
        "properties": {
            k: {"type": "number", "minimum": 0, "default": v} for k, v in defaults.items()
        },
        "additionalProperties": False,
        "default": dict(defaults),
        "description": "relative weight of each part",
    }


def points(defaults: dict[str, float], description: str) -> dict[str, Any]:
    """A map from option value to 0-100 points."""
    return {
        "type": "object",
        "additionalProperties": {"type": "number", "minimum": 0, "maximum": 100},
        "default": dict(defaults),
        "description": description,
    }


def column(table: sa.FromClause, obj: ObjectDef, name: str) -> sa.ColumnElement[Any]:
    """The column of a stored field by API name on any table or alias of `obj`."""
    f = obj.fields_by_name[name]
    assert f.column is not None
    return table.c[f.column]


def live(table: sa.FromClause) -> sa.ColumnElement[bool]:
    return table.c.deleted_at.is_(None)
