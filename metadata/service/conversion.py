"""Changing a field's type while it holds data: convert every value or change nothing.

Values are converted in Python with the same coercion the API uses for input
(`fieldtypes.coerce`), batch by batch, into a fresh column (`column_name_for(id,
generation + 1)`); the old column is dropped and the field points at the new one.
Any value that does not convert makes the whole change fail with a count of the
blocking rows, and the transaction takes the new column away again.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from .. import ddl
from ..errors import BadUserInput, Conflict
from ..fieldtypes import CoercionError, coerce, json_value
from ..ids import column_name_for
from ..model import FieldDef, ObjectDef
from ..model import FieldType as T
from .data_checks import column_table, rows_phrase, scan
from .specs import FieldSpec

STRUCTURAL = frozenset({T.RELATION, T.COMPUTED, T.MULTI_SELECT})
"""Types whose values are not plain scalars; only the pairs below convert between them."""
STRUCTURAL_PAIRS = frozenset(
    {(T.MULTI_SELECT, T.JSON), (T.JSON, T.MULTI_SELECT), (T.SELECT, T.MULTI_SELECT)}
)
TEXT_TYPES = frozenset({T.TEXT, T.LONG_TEXT, T.EMAIL, T.PHONE, T.URL, T.SELECT, T.USER})


def check_allowed(name: str, old: T, new: T) -> None:
    if (old in STRUCTURAL or new in STRUCTURAL) and (old, new) not in STRUCTURAL_PAIRS:
        raise BadUserInput(f"field {name!r}: a {old.value} field cannot become {new.value}")


def generation(column: str) -> int:
    """`c_<hex>` is generation 0, `c_<hex>_<n>` generation n."""
    parts = column.split("_")
    return int(parts[2]) if len(parts) == 3 else 0


def source_form(value: Any, new: T) -> Any:
    """A stored value in the form the target type's coercion reads."""
    if new in TEXT_TYPES:
        if isinstance(value, str):
            return value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (list, dict)):
            return json.dumps(value)
        return str(json_value(value))
    if new is T.MULTI_SELECT and isinstance(value, str):
        return [value]
    if new is T.JSON:
        return json_value(value)
    return value


def convert_value(spec: FieldSpec, value: Any) -> Any:
    """The stored value for the new type; raises CoercionError when there is none."""
    result = coerce(spec.type, source_form(value, spec.type))
    allowed = {o["value"] for o in spec.options}
    chosen = result if spec.type is T.MULTI_SELECT else [result] if spec.type is T.SELECT else []
    if any(v not in allowed for v in chosen):
        raise CoercionError("not one of the options")
    return result


async def convert_field(
    conn: AsyncConnection, obj: ObjectDef, old: FieldDef, spec: FieldSpec
) -> FieldDef:
    """Move `old`'s values into a new column of `spec.type`; returns the field on that column.

    The new column gets no index here: the caller checks uniqueness, then indexes it.
    """
    assert old.column is not None
    check_allowed(old.name, old.type, spec.type)
    new = spec.field_def(old.id, obj.id, column_name_for(old.id, generation(old.column) + 1))
    await ddl.add_column(conn, obj, replace(new, unique=False, indexed=False))
    table = column_table(obj, old, new)
    assert new.column is not None
    statement = (
        table.update()
        .where(table.c.id == sa.bindparam("_id"))
        .values({new.column: sa.bindparam("_v", type_=table.c[new.column].type)})
    )
    failures = 0
    async for rows in scan(conn, obj, old):
        batch = []
        for record_id, value in rows:
            try:
                batch.append({"_id": record_id, "_v": convert_value(spec, value)})
            except CoercionError:
                failures += 1
        if batch and not failures:
            await conn.execute(statement, batch)
    if failures:
        verb = "holds a value" if failures == 1 else "hold values"
        raise Conflict(f"{rows_phrase(failures)} {verb} that cannot become {spec.type.value}")
    await ddl.drop_column(conn, obj, old)
    return new
