"""Field changes: create (column + indexes), update (rename, retype, constraints), soft
delete, restore, purge. Changes over existing records keep or refuse, never lose, data."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import sqlalchemy as sa

from .. import ddl
from ..audit import diff
from ..documents import validate_document
from ..errors import BadUserInput, Conflict
from ..ids import column_name_for, new_id
from ..model import FieldDef, FieldType, ObjectDef
from ..names import check_field_free
from ..tables import meta_fields
from . import data_checks as data
from .conversion import convert_field
from .rules import SELECT_TYPES, check_field
from .shapes import field_document, prefixed
from .specs import FieldSpec, field_spec
from .unit_of_work import UnitOfWork


async def create(uow: UnitOfWork, object_name: str, payload: dict[str, Any]) -> str:
    validate_document("field", payload)
    model = await uow.model()
    obj = await uow.live_object(object_name)
    spec = check_field(model, obj, field_spec(model, payload), uow.computed_kinds)
    field_id = new_id()
    position = max((x.position for x in obj.fields), default=-1) + 1
    column = None if spec.type is FieldType.COMPUTED else column_name_for(field_id)
    f = replace(spec.field_def(field_id, obj.id, column), position=position)
    pending = uow.table_pending(obj)
    rows = 0 if pending else await data.row_count(uow.conn, obj)
    if spec.required and rows and spec.default_value is None:
        raise Conflict(
            f"object {obj.name!r} has {data.rows_phrase(rows)}: a new required field needs a defaultValue to fill them"
        )
    await uow.conn.execute(
        meta_fields.insert(),
        {
            **spec.row(),
            "id": field_id,
            "tenant_id": uow.tenant_id,
            "object_id": obj.id,
            "column_name": f.column,
            "position": position,
            "is_system": False,
            "deleted_at": None,
            "created_at": uow.now,
            "updated_at": uow.now,
        },
    )
    if f.column is not None and not pending:
        await ddl.add_column(uow.conn, obj, replace(f, unique=False))
        if rows and spec.default_value is not None:
            await data.fill_nulls(uow.conn, obj, f, spec.default_value)
        if f.unique:
            await _add_unique(uow, obj, f)
    await uow.put_field(f)
    uow.record(
        f"create field {obj.name}.{f.name}",
        "createField",
        prefixed(f.name, diff(None, field_document(model, f))),
        obj,
    )
    return field_id


async def update(
    uow: UnitOfWork, object_name: str, field_name: str, payload: dict[str, Any]
) -> str:
    validate_document("fieldUpdate", payload)
    await uow.create_pending_tables()
    model = await uow.model()
    obj = await uow.live_object(object_name)
    old = await uow.live_field(obj, field_name)
    spec = field_spec(model, payload, old)
    if not spec.changed:
        return old.id
    if old.is_system:
        raise BadUserInput(f"field {obj.name}.{old.name} is a system field")
    if old.relation and spec.relation and old.relation.target_id != spec.relation["target"]:
        raise BadUserInput(f"field {obj.name}.{old.name}: a relation's target cannot change")
    spec = check_field(model, obj, spec, uow.computed_kinds, field_id=old.id)
    new = await _apply_to_records(uow, obj, old, spec)
    await uow.conn.execute(
        meta_fields.update()
        .where(meta_fields.c.id == old.id)
        .values(**spec.row(), column_name=new.column, updated_at=uow.now)
    )
    uow.forget_model()
    changes = diff(field_document(model, old), field_document(model, new))
    if changes:
        uow.record(
            f"update field {obj.name}.{old.name}: {', '.join(changes)}",
            "updateField",
            prefixed(new.name, changes),
            obj,
        )
    return old.id


async def _apply_to_records(
    uow: UnitOfWork, obj: ObjectDef, old: FieldDef, spec: FieldSpec
) -> FieldDef:
    """Convert, fill, check and index existing records for the new spec; returns the new field."""
    if old.column is None or spec.type is FieldType.COMPUTED:
        if spec.type is not old.type:
            raise BadUserInput(
                f"field {obj.name}.{old.name}: a {old.type.value} field cannot become {spec.type.value}"
            )
        return spec.field_def(old.id, obj.id, old.column)
    retyped = spec.type is not old.type
    if retyped:
        new = await convert_field(uow.conn, obj, old, spec)
        had_index, had_unique = False, False
    else:
        new = spec.field_def(old.id, obj.id, old.column)
        had_index, had_unique = ddl.needs_index(old), old.unique
        await _check_removed_options(uow, obj, old, new)
    if new.required and (retyped or not old.required):
        nulls = await data.null_count(uow.conn, obj, new)
        if nulls and new.default_value is None:
            raise Conflict(
                f"{data.rows_phrase(nulls)} {'has' if nulls == 1 else 'have'} no value for {obj.name}.{new.name}; "
                "give a defaultValue to fill them"
            )
        if nulls:
            await data.fill_nulls(uow.conn, obj, new, new.default_value)
    if new.unique and not had_unique:
        await _add_unique(uow, obj, new)
    elif had_unique and not new.unique:
        await ddl.drop_index(uow.conn, obj, new, unique=True)
    if ddl.needs_index(new) and not had_index:
        await ddl.create_index(uow.conn, obj, new)
    elif had_index and not ddl.needs_index(new):
        await ddl.drop_index(uow.conn, obj, new)
    return new


async def _check_removed_options(
    uow: UnitOfWork, obj: ObjectDef, old: FieldDef, new: FieldDef
) -> None:
    removed = old.option_values - new.option_values
    if removed and new.type in SELECT_TYPES:
        used = await data.option_use(uow.conn, obj, old, set(removed))
        if used:
            listed = ", ".join(sorted(removed))
            raise Conflict(
                f"{data.rows_phrase(used)} of {obj.name} still use removed option(s) {listed} of {new.name}"
            )


async def _add_unique(uow: UnitOfWork, obj: ObjectDef, f: FieldDef) -> None:
    duplicated = await data.duplicate_count(uow.conn, obj, f)
    if duplicated:
        noun = "value is" if duplicated == 1 else "values are"
        raise Conflict(
            f"{duplicated} {noun} duplicated in {obj.name}.{f.name}; it cannot be unique"
        )
    await ddl.create_index(uow.conn, obj, f, unique=True)


async def delete(uow: UnitOfWork, object_name: str, field_name: str) -> str:
    """Soft: the field leaves the API, its column and values stay for a restore."""
    obj = await uow.live_object(object_name)
    f = await uow.live_field(obj, field_name)
    await _set_deleted(uow, f, uow.now)
    uow.record(
        f"delete field {obj.name}.{f.name}",
        "deleteField",
        prefixed(f.name, {"deletedAt": {"before": None, "after": uow.now.isoformat()}}),
        obj,
    )
    return f.id


async def restore(uow: UnitOfWork, object_name: str, field_name: str) -> str:
    obj = await uow.live_object(object_name)
    f = uow.deleted_field(obj, field_name)
    try:
        check_field_free(await uow.model(), obj, f)
    except Conflict as exc:
        raise Conflict(f"cannot restore field {obj.name}.{field_name}: {exc.message}") from None
    await _set_deleted(uow, f, None)
    uow.record(
        f"restore field {obj.name}.{f.name}",
        "restoreField",
        prefixed(f.name, {"deletedAt": {"before": f.deleted_at.isoformat(), "after": None}}),
        obj,
    )
    return f.id


async def _set_deleted(uow: UnitOfWork, f: FieldDef, at: Any) -> None:
    await uow.conn.execute(
        meta_fields.update()
        .where(meta_fields.c.id == f.id)
        .values(deleted_at=at, updated_at=uow.now)
    )
    uow.forget_model()


async def purge(uow: UnitOfWork, object_name: str, field_name: str) -> None:
    obj = await uow.live_object(object_name)
    f = obj.fields_by_name.get(field_name) or uow.deleted_field(obj, field_name)
    await drop(uow, obj, f)


async def drop(uow: UnitOfWork, obj: ObjectDef, f: FieldDef) -> None:
    """Remove a field and its values for good."""
    await uow.create_pending_tables()
    before = field_document(await uow.model(), f)
    if f.column is not None:
        await ddl.drop_column(uow.conn, obj, f)
    await uow.conn.execute(sa.delete(meta_fields).where(meta_fields.c.id == f.id))
    uow.forget_model()
    uow.record(
        f"purge field {obj.name}.{f.name}", "purgeField", prefixed(f.name, diff(before, None)), obj
    )
