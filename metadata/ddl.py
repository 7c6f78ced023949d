"""Runtime DDL for record tables, run inside the caller's transaction.

Alembic's `Operations` speaks both dialects; because SQLite DDL is transactional here
(see `database.py`) and PostgreSQL's is by nature, a failed metadata change rolls its
tables and columns back together with its metadata rows.
"""

from __future__ import annotations

from typing import Any, Callable

import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy.ext.asyncio import AsyncConnection

from . import physical
from .model import FieldDef, FieldType, ObjectDef

RECENCY = ("created_at",)
"""Appended to every non-unique index: CRM lists filter on a field (a status, an owner, the
parent record) and page newest first. `(field, created_at)` serves both with one index
range read in order, and its leading column alone still serves every filter a
single-column index did."""

SYSTEM_INDEXES = {"owner": ("owner_id", *RECENCY), "created": ("created_at",)}
"""Every record table is indexed on these: row-scope filters and default sorting use them."""


async def _run(conn: AsyncConnection, work: Callable[[Operations], Any]) -> None:
    def run(sync_conn: sa.Connection) -> None:
        work(Operations(MigrationContext.configure(sync_conn)))

    await conn.run_sync(run)


def needs_index(f: FieldDef) -> bool:
    """Relations are always indexed (joins and inverse lists); other fields when asked."""
    return f.column is not None and (f.indexed or f.type is FieldType.RELATION)


def index_columns(f: FieldDef, unique: bool = False) -> list[str]:
    """A unique index holds the field alone (uniqueness is about its values only)."""
    assert f.column is not None
    return [f.column] if unique else [f.column, *RECENCY]


def _field_indexes(ops: Operations, obj: ObjectDef, f: FieldDef) -> None:
    if needs_index(f):
        ops.create_index(physical.index_name(obj, f), obj.table, index_columns(f))
    if f.unique and f.column is not None:
        ops.create_index(
            physical.index_name(obj, f, unique=True), obj.table, [f.column], unique=True
        )


async def create_table(conn: AsyncConnection, obj: ObjectDef) -> None:
    """The record table with every stored column, and the indexes its fields ask for."""
    stored = physical.stored_fields(obj)

    def work(ops: Operations) -> None:
        ops.create_table(obj.table, *physical.system_columns(), *map(physical.field_column, stored))
        for suffix, columns in SYSTEM_INDEXES.items():
            ops.create_index(f"ix_{obj.table[2:]}_{suffix}", obj.table, list(columns))
        for f in stored:
            _field_indexes(ops, obj, f)

    await _run(conn, work)


async def drop_table(conn: AsyncConnection, obj: ObjectDef) -> None:
    await _run(conn, lambda ops: ops.drop_table(obj.table))


async def add_column(conn: AsyncConnection, obj: ObjectDef, f: FieldDef) -> None:
    """A nullable column (required-ness is enforced by the API) plus the field's indexes."""

    def work(ops: Operations) -> None:
        ops.add_column(obj.table, physical.field_column(f))
        _field_indexes(ops, obj, f)

    await _run(conn, work)


async def create_index(
    conn: AsyncConnection, obj: ObjectDef, f: FieldDef, unique: bool = False
) -> None:
    await _run(
        conn,
        lambda ops: ops.create_index(
            physical.index_name(obj, f, unique), obj.table, index_columns(f, unique), unique=unique
        ),
    )


async def drop_index(
    conn: AsyncConnection, obj: ObjectDef, f: FieldDef, unique: bool = False
) -> None:
    await _run(
        conn,
        lambda ops: ops.drop_index(physical.index_name(obj, f, unique), obj.table, if_exists=True),
    )


async def drop_column(conn: AsyncConnection, obj: ObjectDef, f: FieldDef) -> None:
    """Drop a field's column; its indexes go first (SQLite refuses to drop an indexed column)."""

    def work(ops: Operations) -> None:
        for unique in (False, True):
            ops.drop_index(physical.index_name(obj, f, unique), obj.table, if_exists=True)
        ops.drop_column(obj.table, f.column)

    await _run(conn, work)
