"""Read a tenant's metadata rows into an immutable TenantModel snapshot."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from .model import Computed, FieldDef, FieldType, ObjectDef, OnDelete, Relation, SelectOption, TenantModel
from .tables import meta_fields, meta_objects, tenants

FIELD_COLUMNS = (
    "id", "object_id", "name", "label", "type", "column_name", "description", "required", "is_unique",
    "indexed", "default_value", "options", "validation", "relation", "computed", "is_system", "deleted_at",
    "position",
)
"""The meta_fields columns a FieldDef is made of, in `_field`'s argument order. Selected by
name and unpacked by position: attribute access on result rows costs more than the rest of
the load on a large tenant."""


_TYPES = {t.value: t for t in FieldType}
_ON_DELETE = {o.value: o for o in OnDelete}
"""Dict lookups: calling an Enum per row is a noticeable part of loading a large tenant."""


def _field(
    id: str, object_id: str, name: str, label: str, type: str, column_name: str | None,
    description: str | None, required: bool, is_unique: bool, indexed: bool, default_value: Any,
    options: Any, validation: Any, relation: Any, computed: Any, is_system: bool, deleted_at: Any,
    position: int,
) -> FieldDef:
    return FieldDef(
        id=id,
        object_id=object_id,
        name=name,
        label=label,
        type=_TYPES[type],
        column=column_name,
        description=description,
        required=required,
        unique=is_unique,
        indexed=indexed,
        default_value=default_value,
        options=tuple(SelectOption(o["value"], o["label"], o.get("color")) for o in options) if options else (),
        validation=validation,
        relation=Relation(relation["target"], relation.get("inverseName"), _ON_DELETE[relation.get("onDelete", "SET_NULL")])
        if relation
        else None,
        computed=Computed(computed["plugin"], computed["kind"], computed.get("config") or {}) if computed else None,
        is_system=is_system,
        deleted_at=deleted_at,
        position=position,
    )


def field_from_row(row: Any) -> FieldDef:
    """A FieldDef from anything with the meta_fields column names as attributes."""
    return _field(*(getattr(row, column) for column in FIELD_COLUMNS))


def object_from_row(row: Any, fields: list[FieldDef]) -> ObjectDef:
    return ObjectDef(
        id=row.id,
        name=row.name,
        name_plural=row.name_plural,
        label=row.label,
        label_plural=row.label_plural,
        table=row.table_name,
        fields=tuple(fields),
        description=row.description,
        is_system=row.is_system,
        deleted_at=row.deleted_at,
    )


async def load_model(conn: AsyncConnection, tenant_id: str) -> TenantModel:
    tenant = (await conn.execute(sa.select(tenants).where(tenants.c.id == tenant_id))).one()
    field_rows = await conn.execute(
        sa.select(*(meta_fields.c[column] for column in FIELD_COLUMNS))
        .where(meta_fields.c.tenant_id == tenant_id)
        .order_by(meta_fields.c.position, meta_fields.c.created_at, meta_fields.c.id)
    )
    by_object: dict[str, list[FieldDef]] = {}
    for values in field_rows.all():
        by_object.setdefault(values[1], []).append(_field(*values))
    object_rows = (
        await conn.execute(
            sa.select(meta_objects)
            .where(meta_objects.c.tenant_id == tenant_id)
            .order_by(meta_objects.c.created_at, meta_objects.c.name)
        )
    ).all()
    objects = tuple(object_from_row(r, by_object.get(r.id, [])) for r in object_rows)
    return TenantModel(tenant_id=tenant.id, slug=tenant.slug, version=tenant.metadata_version, objects=objects)
