"""Read a tenant's metadata rows into an immutable TenantModel snapshot."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from .model import Computed, FieldDef, FieldType, ObjectDef, OnDelete, Relation, SelectOption, TenantModel
from .tables import meta_fields, meta_objects, tenants


def field_from_row(row: Any) -> FieldDef:
    relation = row.relation
    computed = row.computed
    return FieldDef(
        id=row.id,
        object_id=row.object_id,
        name=row.name,
        label=row.label,
        type=FieldType(row.type),
        column=row.column_name,
        description=row.description,
        required=row.required,
        unique=row.is_unique,
        indexed=row.indexed,
        default_value=row.default_value,
        options=tuple(SelectOption(o["value"], o["label"], o.get("color")) for o in row.options or ()),
        validation=row.validation,
        relation=Relation(relation["target"], relation.get("inverseName"), OnDelete(relation.get("onDelete", "SET_NULL")))
        if relation
        else None,
        computed=Computed(computed["plugin"], computed["kind"], computed.get("config") or {}) if computed else None,
        is_system=row.is_system,
        deleted_at=row.deleted_at,
        position=row.position,
    )


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
    field_rows = (
        await conn.execute(
            sa.select(meta_fields)
            .where(meta_fields.c.tenant_id == tenant_id)
            .order_by(meta_fields.c.position, meta_fields.c.created_at, meta_fields.c.id)
        )
    ).all()
    by_object: dict[str, list[FieldDef]] = {}
    for row in field_rows:
        by_object.setdefault(row.object_id, []).append(field_from_row(row))
    object_rows = (
        await conn.execute(
            sa.select(meta_objects)
            .where(meta_objects.c.tenant_id == tenant_id)
            .order_by(meta_objects.c.created_at, meta_objects.c.name)
        )
    ).all()
    objects = tuple(object_from_row(r, by_object.get(r.id, [])) for r in object_rows)
    return TenantModel(tenant_id=tenant.id, slug=tenant.slug, version=tenant.metadata_version, objects=objects)
