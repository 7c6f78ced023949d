"""Soft delete and restore, with each relation's `onDelete` applied to referencing rows.

RESTRICT refuses while live rows point at the record; CASCADE soft-deletes them too (each
with its version bump and audit entry, recursively); SET_NULL keeps the stored id, which
reads as null while the target is deleted, so a restore brings the link back.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from ..errors import Conflict, NotFound
from ..fieldtypes import json_value
from ..model import FieldDef, FieldType, ObjectDef, OnDelete, TenantModel
from ..physical import record_table
from . import hooks as hook
from .selects import output_columns
from .writes import DELETE, Writer, now

Row = Mapping[str, Any]


def referencing(model: TenantModel, obj: ObjectDef) -> list[tuple[ObjectDef, FieldDef]]:
    """Live relation fields, on any live object, that point at `obj`."""
    return [
        (source, f)
        for source in model.live_objects
        for f in source.live_fields
        if f.type is FieldType.RELATION and f.relation and f.relation.target_id == obj.id and f.column
    ]


class Deleter:
    """Write hooks see the record asked for (a delete, or a restore as an update of
    `deletedAt`); records deleted by CASCADE are audited but do not run hooks."""

    def __init__(self, writer: Writer) -> None:
        self.writer = writer
        self.model = writer.model
        self.hooks = writer.hooks

    async def delete(self, conn: AsyncConnection, obj: ObjectDef, id: str) -> Row:
        before = await self.writer.locked(conn, obj, id, DELETE)
        if before is None:
            raise NotFound(f"no {obj.name} with id {id}")
        if self.hooks is not None:
            await self.hooks.before(conn, obj, hook.DELETE, id, before, {})
        await self.on_delete(conn, obj, [id], {(obj.id, id)})
        row = (await self.mark(conn, obj, [id], deleted=True))[0]
        if self.hooks is not None:
            await self.hooks.after(conn, obj, hook.DELETE, id, before, row)
        return row

    async def restore(self, conn: AsyncConnection, obj: ObjectDef, id: str) -> Row:
        before = await self.writer.locked(conn, obj, id, DELETE, live=False)
        if before is None:
            raise NotFound(f"no {obj.name} with id {id}")
        if before["deletedAt"] is None:
            return before
        if self.hooks is not None:
            await self.hooks.before(conn, obj, hook.UPDATE, id, before, {"deletedAt": None})
        row = (await self.mark(conn, obj, [id], deleted=False, previous={id: before["deletedAt"]}))[0]
        if self.hooks is not None:
            await self.hooks.after(conn, obj, hook.UPDATE, id, before, row)
        return row

    async def on_delete(self, conn: AsyncConnection, obj: ObjectDef, ids: Sequence[str], seen: set[tuple[str, str]]) -> None:
        links = referencing(self.model, obj)
        for source, f in links:
            if f.relation and f.relation.on_delete is OnDelete.RESTRICT:
                table = record_table(source)
                count = (await conn.execute(
                    sa.select(sa.func.count()).select_from(table).where(*self._live_refs(table, f, ids, seen, source))
                )).scalar_one()
                if count:
                    raise Conflict(
                        f"{count} {source.name} record(s) still reference this {obj.name} through {f.name}",
                        references=count,
                    )
        for source, f in links:
            if f.relation and f.relation.on_delete is OnDelete.CASCADE:
                table = record_table(source)
                ids_below = list((await conn.execute(
                    sa.select(table.c.id).where(*self._live_refs(table, f, ids, seen, source))
                )).scalars())
                if ids_below:
                    seen.update((source.id, i) for i in ids_below)
                    await self.on_delete(conn, source, ids_below, seen)
                    await self.mark(conn, source, ids_below, deleted=True)

    @staticmethod
    def _live_refs(table: sa.Table, f: FieldDef, ids: Sequence[str], seen: set[tuple[str, str]],
                   source: ObjectDef) -> list[sa.ColumnElement[bool]]:
        assert f.column is not None
        skip = [i for o, i in seen if o == source.id]
        where = [table.c[f.column].in_(list(ids)), table.c.deleted_at.is_(None)]
        if skip:
            where.append(table.c.id.not_in(skip))
        return where

    async def mark(self, conn: AsyncConnection, obj: ObjectDef, ids: Sequence[str], deleted: bool,
                   previous: Mapping[str, Any] | None = None) -> list[Row]:
        """Set or clear `deletedAt` (version +1, audited); `previous` holds restored rows' stamps."""
        table = record_table(obj)
        at = now()
        statement = (
            table.update()
            .where(table.c.id.in_(list(ids)))
            .values(deleted_at=at if deleted else None, version=table.c.version + 1, updated_at=at,
                    updated_by=self.writer.actor)
            .returning(*output_columns(obj, table))
        )
        rows = list((await self.writer.execute(conn, obj, statement)).mappings().all())
        stamp = json_value(at)
        changes = [
            {"deletedAt": {"before": None, "after": stamp}} if deleted
            else {"deletedAt": {"before": json_value((previous or {}).get(row["id"])), "after": None}}
            for row in rows
        ]
        await self.writer.audit(conn, obj, "delete" if deleted else "restore", [(None, r) for r in rows], at, changes)
        return rows
