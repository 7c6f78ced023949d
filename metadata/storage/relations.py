"""Batched relation loading: one statement for a whole set of parents, never one per row.

Many-to-one: the targets of a set of ids. One-to-many: each parent's first page of
children (filter, orderBy and cursor applied per parent) through
`ROW_NUMBER() OVER (PARTITION BY fk ORDER BY ...)`, and counts per parent by GROUP BY.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from ..model import FieldDef, ObjectDef
from ..physical import record_table
from .ordering import SortKey, after_condition, order_clauses
from .pages import Page, PageArgs
from .records import RecordStore
from .selects import conditions, output_columns

ROW_NUMBER = "row_number__"


def children_select(store: RecordStore, source: ObjectDef, f: FieldDef, parent_ids: Sequence[str],
                    args: PageArgs, keys: Sequence[SortKey], after: Sequence[Any] | None) -> sa.Select[Any]:
    table = record_table(source)
    assert f.column is not None
    fk = table.c[f.column]
    where = sa.and_(fk.in_(list(parent_ids)), conditions(store.model, source, table, store.ctx, args.filter))
    if after is not None:
        where = sa.and_(where, after_condition(table, keys, after))
    number = sa.func.row_number().over(partition_by=fk, order_by=order_clauses(table, keys)).label(ROW_NUMBER)
    columns = output_columns(source, table, store.selected(source, args.derived, keys))
    inner = sa.select(*columns, number).where(where).subquery()
    return sa.select(inner).where(inner.c[ROW_NUMBER] <= args.first + 1).order_by(inner.c[ROW_NUMBER])


async def children_pages(conn: AsyncConnection, store: RecordStore, source: ObjectDef, f: FieldDef,
                         parent_ids: Sequence[str], args: PageArgs) -> dict[str, Page]:
    """Each parent's page of `source` records whose `f` points at it."""
    keys = store.sort_keys(source, args)
    codec = store.codec(source, keys)
    after = codec.decode(args.after) if args.after is not None else None
    grouped: dict[str, list[Mapping[str, Any]]] = {p: [] for p in parent_ids}
    result = await conn.execute(children_select(store, source, f, parent_ids, args, keys, after))
    for row in result.mappings():
        grouped[row[f.id_name]].append(row)
    return {p: Page(rows[: args.first], len(rows) > args.first, codec) for p, rows in grouped.items()}


async def children_counts(conn: AsyncConnection, store: RecordStore, source: ObjectDef, f: FieldDef,
                          parent_ids: Sequence[str], filter: Mapping[str, Any] | None) -> dict[str, int]:
    table = record_table(source)
    assert f.column is not None
    fk = table.c[f.column]
    statement = (
        sa.select(fk, sa.func.count())
        .where(fk.in_(list(parent_ids)), conditions(store.model, source, table, store.ctx, filter))
        .group_by(fk)
    )
    counts = {p: 0 for p in parent_ids}
    counts.update({parent: int(n) for parent, n in (await conn.execute(statement)).all()})
    return counts
