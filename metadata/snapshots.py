"""Snapshots of one tenant share the definitions that did not change between them.

A reload after a change reads every object afresh, yet usually one object changed.
Keeping the previous snapshot's instance of each unchanged object lets everything cached
per definition (physical tables, generated schema types) carry over by identity.
"""
from __future__ import annotations

from dataclasses import fields as dataclass_fields
from dataclasses import replace
from operator import attrgetter

from .model import FieldDef, ObjectDef, TenantModel

_field_values = attrgetter(*(f.name for f in dataclass_fields(FieldDef)))
_object_values = attrgetter(*(f.name for f in dataclass_fields(ObjectDef) if f.name != "fields"))


def same_object(a: ObjectDef, b: ObjectDef) -> bool:
    """Equal definitions (ObjectDef compares by identity, so that caches keyed by it are cheap)."""
    if a is b:
        return True
    if len(a.fields) != len(b.fields) or _object_values(a) != _object_values(b):
        return False
    return all(x is y or _field_values(x) == _field_values(y) for x, y in zip(a.fields, b.fields))


def share_unchanged(previous: TenantModel | None, model: TenantModel) -> TenantModel:
    """`model`, with each object equal to one of `previous` replaced by that instance."""
    if previous is None or previous.tenant_id != model.tenant_id:
        return model
    before = previous.objects_by_id
    objects = tuple(
        old if (old := before.get(obj.id)) is not None and same_object(old, obj) else obj
        for obj in model.objects
    )
    return replace(model, objects=objects)
