"""count / sum / avg / min / max per numeric field, grouped by groupable fields: one statement.

Null groups are groups like any other; groups come sorted by their values, nulls last.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from .. import fieldtypes
from ..errors import BadUserInput
from ..model import FieldDef, FieldType, ObjectDef, TenantModel
from ..physical import record_table
from .filters import FilterContext
from .selects import api_name, conditions

FUNCTIONS = ("sum", "avg", "min", "max")


def groupable_keys(obj: ObjectDef) -> dict[str, str]:
    """API name -> column of everything `groupBy` accepts: groupable fields and `ownerId`."""
    keys = {"ownerId": "owner_id"}
    for f in obj.live_fields:
        if f.type is not FieldType.COMPUTED and f.column and fieldtypes.info(f.type).groupable:
            keys[api_name(f)] = f.column
    return keys


def numeric_fields(obj: ObjectDef) -> list[FieldDef]:
    return [f for f in obj.live_fields
            if f.type is not FieldType.COMPUTED and f.column and fieldtypes.info(f.type).numeric]


def aggregate_select(
    model: TenantModel,
    obj: ObjectDef,
    ctx: FilterContext,
    *,
    filter: Mapping[str, Any] | None,
    group_by: Sequence[str],
    fields: Sequence[FieldDef],
) -> sa.Select[Any]:
    table = record_table(obj)
    available = groupable_keys(obj)
    unknown = [g for g in group_by if g not in available]
    if unknown:
        raise BadUserInput(f"cannot group {obj.name} by {', '.join(unknown)}")
    groups = [table.c[available[g]] for g in dict.fromkeys(group_by)]
    measures: list[sa.ColumnElement[Any]] = [sa.func.count().label("count")]
    for i, f in enumerate(fields):
        column = table.c[f.column]  # type: ignore[index]
        measures += [
            sa.func.sum(column, type_=column.type).label(f"sum_{i}"),
            sa.cast(sa.func.avg(column), sa.Float).label(f"avg_{i}"),
            sa.func.min(column, type_=column.type).label(f"min_{i}"),
            sa.func.max(column, type_=column.type).label(f"max_{i}"),
        ]
    statement = (
        sa.select(*(g.label(f"group_{i}") for i, g in enumerate(groups)), *measures)
        .where(conditions(model, obj, table, ctx, filter))
    )
    if groups:
        statement = statement.group_by(*groups).order_by(*(g.asc().nulls_last() for g in groups))
    return statement


async def aggregate(
    conn: AsyncConnection,
    model: TenantModel,
    obj: ObjectDef,
    ctx: FilterContext,
    *,
    filter: Mapping[str, Any] | None = None,
    group_by: Sequence[str] = (),
    fields: Sequence[FieldDef] = (),
) -> list[dict[str, Any]]:
    """One dict per group: `{group: {name: value}, count, sum: {field: v}, avg, min, max}`."""
    names = list(dict.fromkeys(group_by))
    statement = aggregate_select(model, obj, ctx, filter=filter, group_by=names, fields=fields)
    result = []
    for row in (await conn.execute(statement)).mappings():
        entry: dict[str, Any] = {
            "group": {name: fieldtypes.json_value(row[f"group_{i}"]) for i, name in enumerate(names)},
            "count": row["count"],
        }
        for function in FUNCTIONS:
            entry[function] = {f.name: row[f"{function}_{i}"] for i, f in enumerate(fields)}
        result.append(entry)
    return result
