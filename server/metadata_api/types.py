"""Output types of the metadata API (SPEC §3), built from the immutable metadata model."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Callable

import strawberry
from strawberry.scalars import JSON

from metadata import model
from metadata.fieldtypes import json_value

FieldType = strawberry.enum(
    enum.Enum("FieldType", {t.value: t.value for t in model.FieldType}),  # type: ignore[misc]
    description="What a field holds; decides its column, GraphQL scalar and filter operators.",
)
OnDelete = strawberry.enum(
    enum.Enum("OnDelete", {t.value: t.value for t in model.OnDelete}),  # type: ignore[misc]
    description="What happens to records pointing at a record that is deleted.",
)


@strawberry.type
class SelectOption:
    value: str
    label: str
    color: str | None


@strawberry.type
class RelationMeta:
    target: str = strawberry.field(description="Name of the target object.")
    inverse_name: str | None
    on_delete: OnDelete  # type: ignore[valid-type]


@strawberry.type
class ComputedMeta:
    plugin: str
    kind: str
    config: JSON


@strawberry.type
class FieldMeta:
    id: strawberry.ID
    name: str
    label: str
    type: FieldType  # type: ignore[valid-type]
    description: str | None
    required: bool
    unique: bool
    indexed: bool
    default_value: JSON | None
    options: list[SelectOption] | None
    validation: JSON | None = strawberry.field(
        description="A JSON Schema every value must satisfy."
    )
    relation: RelationMeta | None
    computed: ComputedMeta | None
    is_system: bool
    deleted_at: dt.datetime | None


@strawberry.type
class ObjectMeta:
    id: strawberry.ID
    name: str
    name_plural: str
    label: str
    label_plural: str
    description: str | None
    is_system: bool
    deleted_at: dt.datetime | None
    all_fields: strawberry.Private[list[FieldMeta]]

    @strawberry.field(description="Live fields; soft-deleted ones too with includeDeleted.")
    def fields(self, include_deleted: bool = False) -> list[FieldMeta]:
        return [f for f in self.all_fields if include_deleted or f.deleted_at is None]


@strawberry.type
class MetadataDiff:
    applied: bool = strawberry.field(description="False for a dry run: nothing was written.")
    changes: list[str]


@strawberry.type
class AuditLogEntry:
    at: dt.datetime
    actor: str | None
    action: str
    object: str | None
    record_id: strawberry.ID | None
    changes: JSON = strawberry.field(description="Each changed key mapped to {before, after}.")


@strawberry.type
class AuditLogEdge:
    cursor: str
    node: AuditLogEntry


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class AuditLogConnection:
    edges: list[AuditLogEdge]
    page_info: PageInfo


# ---------------------------------------------------------------- from the model


def field_meta(f: model.FieldDef, object_name: Callable[[str], str | None]) -> FieldMeta:
    """`object_name` turns a relation's target id into the target's name."""
    relation = None
    if f.relation is not None:
        relation = RelationMeta(
            target=object_name(f.relation.target_id) or "",
            inverse_name=f.relation.inverse_name,
            on_delete=OnDelete[f.relation.on_delete.value],
        )
    computed = (
        ComputedMeta(plugin=f.computed.plugin, kind=f.computed.kind, config=f.computed.config)
        if f.computed
        else None
    )
    is_select = f.type in (model.FieldType.SELECT, model.FieldType.MULTI_SELECT)
    return FieldMeta(
        id=strawberry.ID(f.id),
        name=f.name,
        label=f.label,
        type=FieldType[f.type.value],
        description=f.description,
        required=f.required,
        unique=f.unique,
        indexed=f.indexed,
        default_value=json_value(f.default_value),
        options=[SelectOption(value=o.value, label=o.label, color=o.color) for o in f.options]
        if is_select
        else None,
        validation=f.validation,
        relation=relation,
        computed=computed,
        is_system=f.is_system,
        deleted_at=f.deleted_at,
    )


def object_meta(obj: model.ObjectDef, tenant: model.TenantModel) -> ObjectMeta:
    return ObjectMeta(
        id=strawberry.ID(obj.id),
        name=obj.name,
        name_plural=obj.name_plural,
        label=obj.label,
        label_plural=obj.label_plural,
        description=obj.description,
        is_system=obj.is_system,
        deleted_at=obj.deleted_at,
        all_fields=[field_meta(f, lambda i: _name(tenant, i)) for f in obj.fields],
    )


def _name(tenant: model.TenantModel, object_id: str) -> str | None:
    target = tenant.objects_by_id.get(object_id)
    return target.name if target else None


def target_names(tenant: model.TenantModel) -> Callable[[str], str | None]:
    return lambda object_id: _name(tenant, object_id)
