"""Rows written straight into a `crm` tenant's record tables, and kinds evaluated on them.

Computed kinds are checked at the storage level: rows go into the physical tables, the
kind's SQL expression is selected next to the id, and the values are compared with ones
worked out by hand. The clock is fixed, so every expected value is exact.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from metadata.database import read_transaction, write_transaction
from metadata.model import FieldType, ObjectDef, TenantModel
from metadata.physical import record_table
from plugins import PluginRegistry, SqlContext
from plugins.computed import sql_expression

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


def days_ago(days: float, now: dt.datetime = NOW) -> dt.datetime:
    return now - dt.timedelta(days=days)


class Crm:
    """A `crm` tenant's model plus helpers to write rows and evaluate kinds against them."""

    def __init__(self, engine: AsyncEngine, model: TenantModel, registry: PluginRegistry) -> None:
        self.engine = engine
        self.model = model
        self.registry = registry

    def obj(self, name: str) -> ObjectDef:
        return self.model.objects_by_name[name]

    def row(
        self,
        obj_name: str,
        values: Mapping[str, Any],
        *,
        created_at: dt.datetime | None = None,
        updated_at: dt.datetime | None = None,
        owner: str | None = None,
        deleted: bool = False,
    ) -> dict[str, Any]:
        obj = self.obj(obj_name)
        created = created_at or days_ago(400)
        row: dict[str, Any] = {
            "id": str(uuid.uuid4()),
            "created_at": created,
            "updated_at": updated_at or created,
            "version": 1,
            "owner_id": owner,
            "deleted_at": NOW if deleted else None,
        }
        for name, value in values.items():
            f = obj.fields_by_name[name]
            assert f.column is not None and f.type is not FieldType.COMPUTED
            row[f.column] = value
        return row

    async def insert(self, obj_name: str, **values: Any) -> str:
        """Insert one record by API names (`created_at`, `updated_at`, `owner`, `deleted` too)."""
        system = {
            k: values.pop(k)
            for k in ("created_at", "updated_at", "owner", "deleted")
            if k in values
        }
        row = self.row(obj_name, values, **system)
        async with write_transaction(self.engine) as conn:
            await conn.execute(record_table(self.obj(obj_name)).insert().values(**row))
        return str(row["id"])

    def expression(
        self,
        obj_name: str,
        plugin: str,
        kind: str | None,
        config: Mapping[str, Any] | None = None,
        now: dt.datetime = NOW,
        table: sa.FromClause | None = None,
    ) -> sa.ColumnElement[Any]:
        computed = self.registry.kind(plugin, kind)
        obj = self.obj(obj_name)
        ctx = SqlContext(
            self.model,
            obj,
            table if table is not None else record_table(obj),
            self.registry.validate_config(computed, config),
            now,
            self.engine.dialect.name,
        )
        return sql_expression(computed, ctx)

    async def values(
        self,
        obj_name: str,
        plugin: str,
        kind: str | None = None,
        config: Mapping[str, Any] | None = None,
        now: dt.datetime = NOW,
    ) -> dict[str, Any]:
        """Record id -> the kind's value, for every row of the object."""
        table = record_table(self.obj(obj_name))
        expr = self.expression(obj_name, plugin, kind, config, now, table)
        async with read_transaction(self.engine) as conn:
            rows = (await conn.execute(sa.select(table.c.id, expr.label("value")))).all()
        return {row.id: row.value for row in rows}

    async def ids_where(
        self,
        obj_name: str,
        plugin: str,
        kind: str | None,
        condition: Callable[[sa.ColumnElement[Any]], sa.ColumnElement[bool]],
        descending: bool = True,
        config: Mapping[str, Any] | None = None,
    ) -> list[str]:
        """Ids of rows whose value passes `condition`, best first: filtering and sorting in SQL."""
        table = record_table(self.obj(obj_name))
        expr = self.expression(obj_name, plugin, kind, config, NOW, table)
        order = expr.desc() if descending else expr.asc()
        async with read_transaction(self.engine) as conn:
            rows = (
                await conn.execute(
                    sa.select(table.c.id).where(condition(expr)).order_by(order, table.c.id)
                )
            ).all()
        return [row.id for row in rows]
