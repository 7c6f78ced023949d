"""Questions a metadata change asks of the records it affects, answered in SQL.

Refusals must count the rows that block them ("3 rows have no value"), so every
check returns a count; all of them look at soft-deleted records too, since a
restored record must still satisfy its fields.
"""

from __future__ import annotations

from typing import Any, AsyncIterator

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from .. import physical
from ..fieldtypes import coerce
from ..model import FieldDef, FieldType, ObjectDef

BATCH = 1_000


def column_table(obj: ObjectDef, *fields: FieldDef) -> sa.Table:
    """A Table with `id` and the given fields' columns (which the snapshot may not know yet)."""
    return sa.Table(
        obj.table,
        sa.MetaData(),
        physical.id_column(),
        *(physical.field_column(f) for f in fields),
    )


async def row_count(conn: AsyncConnection, obj: ObjectDef) -> int:
    table = column_table(obj)
    return int((await conn.execute(sa.select(sa.func.count()).select_from(table))).scalar_one())


async def null_count(conn: AsyncConnection, obj: ObjectDef, f: FieldDef) -> int:
    table = column_table(obj, f)
    query = sa.select(sa.func.count()).select_from(table).where(table.c[f.column].is_(None))
    return int((await conn.execute(query)).scalar_one())


async def duplicate_count(conn: AsyncConnection, obj: ObjectDef, f: FieldDef) -> int:
    """How many distinct values occur in more than one row."""
    table = column_table(obj, f)
    col = table.c[f.column]
    dupes = (
        sa.select(col).where(col.is_not(None)).group_by(col).having(sa.func.count() > 1).subquery()
    )
    return int((await conn.execute(sa.select(sa.func.count()).select_from(dupes))).scalar_one())


async def fill_nulls(conn: AsyncConnection, obj: ObjectDef, f: FieldDef, value: Any) -> None:
    table = column_table(obj, f)
    col = table.c[f.column]
    await conn.execute(table.update().where(col.is_(None)).values({col: coerce(f.type, value)}))


async def scan(
    conn: AsyncConnection, obj: ObjectDef, f: FieldDef
) -> AsyncIterator[list[tuple[str, Any]]]:
    """(id, value) of rows holding a value, in id-keyset batches (bounded memory)."""
    table = column_table(obj, f)
    col = table.c[f.column]
    query = sa.select(table.c.id, col).where(col.is_not(None)).order_by(table.c.id).limit(BATCH)
    after: str | None = None  # no lower bound before the first batch
    while True:
        batch = query if after is None else query.where(table.c.id > after)
        rows = [(r[0], r[1]) for r in (await conn.execute(batch)).all()]
        if not rows:
            return
        yield rows
        after = rows[-1][0]


async def option_use(conn: AsyncConnection, obj: ObjectDef, f: FieldDef, values: set[str]) -> int:
    """Rows whose SELECT value, or any MULTI_SELECT value, is one of `values`."""
    if f.type is FieldType.SELECT:
        table = column_table(obj, f)
        query = (
            sa.select(sa.func.count())
            .select_from(table)
            .where(table.c[f.column].in_(sorted(values)))
        )
        return int((await conn.execute(query)).scalar_one())
    count = 0
    async for rows in scan(conn, obj, f):
        count += sum(
            1 for _, chosen in rows if isinstance(chosen, list) and values.intersection(chosen)
        )
    return count


def rows_phrase(count: int) -> str:
    return f"{count} row" if count == 1 else f"{count} rows"
