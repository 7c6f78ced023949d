"""SQL building blocks for reading records, kept apart from execution so that other
statement builders (one-statement JSON reads, exports) can reuse them.

Rows come back labelled with API names (`customerId` for a relation's stored id), so a
row mapping is the record as the API sees it, without per-row conversion in Python.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import sqlalchemy as sa

from ..model import FieldDef, FieldType, ObjectDef, TenantModel
from ..physical import SYSTEM_COLUMNS, record_table
from .derived import DerivedColumn
from .filters import FilterContext, combine, compile_filter
from .ordering import SortKey, after_condition, order_clauses


def api_name(f: FieldDef) -> str:
    """The row label of a stored field: its name, or `<name>Id` for a relation."""
    return f.id_name if f.type is FieldType.RELATION else f.name


@lru_cache(maxsize=4096)
def api_columns(obj: ObjectDef) -> dict[str, str]:
    """API row label -> physical column, system columns first, live stored fields after."""
    columns = dict(SYSTEM_COLUMNS)
    for f in obj.live_fields:
        if f.type is not FieldType.COMPUTED and f.column:
            columns[api_name(f)] = f.column
    return columns


def output_columns(obj: ObjectDef, table: sa.FromClause,
                   derived: Sequence[DerivedColumn] = ()) -> list[sa.ColumnElement[Any]]:
    """Every stored column by API name, then the `derived` values asked for."""
    return [table.c[column].label(name) for name, column in api_columns(obj).items()] + [
        d.build(table).label(d.name) for d in derived
    ]


def conditions(
    model: TenantModel,
    obj: ObjectDef,
    table: sa.FromClause,
    ctx: FilterContext,
    filter: Mapping[str, Any] | None = None,
    include_deleted: bool = False,
) -> sa.ColumnElement[bool]:
    """Liveness, the caller's row scope and the filter: the WHERE of every read and write."""
    return combine(
        None if include_deleted else table.c.deleted_at.is_(None),
        ctx.row_scope(obj, table),
        compile_filter(model, obj, table, filter, ctx) if filter else None,
    )


def page_select(
    model: TenantModel,
    obj: ObjectDef,
    ctx: FilterContext,
    *,
    filter: Mapping[str, Any] | None,
    keys: Sequence[SortKey],
    after: Sequence[Any] | None,
    include_deleted: bool,
    limit: int,
    derived: Sequence[DerivedColumn] = (),
) -> sa.Select[Any]:
    """One page in keyset order; callers ask for one row more than they show."""
    table = record_table(obj)
    where = conditions(model, obj, table, ctx, filter, include_deleted)
    if after is not None:
        where = sa.and_(where, after_condition(table, keys, after))
    return (
        sa.select(*output_columns(obj, table, derived))
        .where(where)
        .order_by(*order_clauses(table, keys))
        .limit(limit)
    )


def count_select(
    model: TenantModel,
    obj: ObjectDef,
    ctx: FilterContext,
    *,
    filter: Mapping[str, Any] | None,
    include_deleted: bool,
) -> sa.Select[Any]:
    table = record_table(obj)
    return sa.select(sa.func.count()).select_from(table).where(
        conditions(model, obj, table, ctx, filter, include_deleted)
    )


def by_ids_select(model: TenantModel, obj: ObjectDef, ctx: FilterContext, ids: Sequence[str],
                  include_deleted: bool = False, derived: Sequence[DerivedColumn] = ()) -> sa.Select[Any]:
    table = record_table(obj)
    return sa.select(*output_columns(obj, table, derived)).where(
        table.c.id.in_(list(ids)), conditions(model, obj, table, ctx, None, include_deleted)
    )
