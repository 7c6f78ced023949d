"""Object changes: create (with its table), rename and relabel, soft delete, restore, purge."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from .. import ddl, names
from ..audit import diff
from ..documents import validate_document
from ..errors import Conflict
from ..ids import new_id, table_name_for
from ..model import FieldType, ObjectDef
from ..tables import meta_fields, meta_objects
from . import fields as field_ops
from .shapes import object_document
from .specs import object_values
from .unit_of_work import UnitOfWork


async def create(uow: UnitOfWork, data: dict[str, Any]) -> str:
    validate_document("object", data)
    values = object_values(data)
    names.check_object_names(await uow.model(), values["name"], values["name_plural"])
    object_id = new_id()
    row = {
        **values,
        "id": object_id,
        "tenant_id": uow.tenant_id,
        "table_name": table_name_for(object_id),
        "created_at": uow.now,
        "updated_at": uow.now,
    }
    await uow.conn.execute(meta_objects.insert(), {**row, "is_system": False, "deleted_at": None})
    obj = ObjectDef(
        id=object_id,
        name=values["name"],
        name_plural=values["name_plural"],
        label=values["label"],
        label_plural=values["label_plural"],
        table=row["table_name"],
        description=values["description"],
    )
    # The table is created when the unit finishes, with the columns of the fields added meanwhile.
    await uow.put_object(obj)
    uow.record(f"create object {obj.name}", "createObject", diff(None, object_document(obj)), obj)
    return object_id


async def update(uow: UnitOfWork, name: str, data: dict[str, Any]) -> str:
    """Renames touch only API names: table, columns and permissions are keyed by id."""
    validate_document("objectUpdate", data)
    obj = await uow.live_object(name)
    values = object_values(data, obj)
    names.check_object_names(
        await uow.model(), values["name"], values["name_plural"], exclude_id=obj.id
    )
    before = object_document(obj)
    after = object_document(_with_values(obj, values))
    changes = diff(before, after)
    if changes:
        await uow.conn.execute(
            meta_objects.update()
            .where(meta_objects.c.id == obj.id)
            .values(**values, updated_at=uow.now)
        )
        uow.forget_model()
        uow.record(f"update object {name}: {', '.join(changes)}", "updateObject", changes, obj)
    return obj.id


def _with_values(obj: ObjectDef, values: dict[str, Any]) -> ObjectDef:
    return ObjectDef(
        id=obj.id,
        name=values["name"],
        name_plural=values["name_plural"],
        label=values["label"],
        label_plural=values["label_plural"],
        table=obj.table,
        description=values["description"],
    )


async def delete(uow: UnitOfWork, name: str) -> str:
    """Soft: the object leaves the API with its records; relations to it go quiet."""
    obj = await uow.live_object(name)
    await _set_deleted(uow, obj, uow.now)
    uow.record(
        f"delete object {name}",
        "deleteObject",
        {"deletedAt": {"before": None, "after": uow.now.isoformat()}},
        obj,
    )
    return obj.id


async def restore(uow: UnitOfWork, name: str) -> str:
    obj = await uow.deleted_object(name)
    model = await uow.model()
    try:
        names.check_object_names(model, obj.name, obj.name_plural, exclude_id=obj.id)
    except Conflict as exc:
        raise Conflict(f"cannot restore object {name!r}: {exc.message}") from None
    await _set_deleted(uow, obj, None)
    model = await uow.model()
    restored = model.objects_by_id[obj.id]
    for f in restored.live_fields:
        target = model.live_target(f)
        if target is not None and f.relation and f.relation.inverse_name:
            try:
                names.check_inverse_name(model, target, f.relation.inverse_name, exclude_id=f.id)
            except Conflict as exc:
                raise Conflict(f"cannot restore object {name!r}: {exc.message}") from None
    uow.record(
        f"restore object {name}",
        "restoreObject",
        {"deletedAt": {"before": obj.deleted_at.isoformat(), "after": None}},
        obj,
    )
    return obj.id


async def _set_deleted(uow: UnitOfWork, obj: ObjectDef, at: Any) -> None:
    await uow.conn.execute(
        meta_objects.update()
        .where(meta_objects.c.id == obj.id)
        .values(deleted_at=at, updated_at=uow.now)
    )
    uow.forget_model()


async def purge(uow: UnitOfWork, name: str) -> None:
    """Drop the table for good, with the relation fields elsewhere that point at it."""
    await uow.create_pending_tables()
    model = await uow.model()
    obj = model.objects_by_name.get(name) or await uow.deleted_object(name)
    for other in model.objects:
        for f in other.fields:
            if (
                other.id != obj.id
                and f.type is FieldType.RELATION
                and f.relation
                and f.relation.target_id == obj.id
            ):
                await field_ops.drop(uow, other, f)
    await ddl.drop_table(uow.conn, obj)
    await uow.conn.execute(sa.delete(meta_fields).where(meta_fields.c.object_id == obj.id))
    await uow.conn.execute(sa.delete(meta_objects).where(meta_objects.c.id == obj.id))
    uow.forget_model()
    uow.record(f"purge object {name}", "purgeObject", diff(object_document(obj), None), obj)
