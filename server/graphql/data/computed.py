"""Computed fields while a request runs: SQL kinds as derived columns, batch kinds per page.

SQL kinds become derived columns of the record store: filterable, sortable (cursors
included) and selected in the page's own statement when the query asks for them. Batch
kinds are computed in one plugin call per page through a loader. A plugin that fails to
build its SQL, raises or times out gives a field error for that field only.
"""
from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from graphql import GraphQLResolveInfo
from strawberry.dataloader import DataLoader

from metadata.database import read_transaction
from metadata.errors import CRMError
from metadata.model import ObjectDef
from metadata.physical import record_table
from metadata.storage.derived import DerivedColumn
from metadata.storage.parameters import Parameters
from plugins.evaluation import ComputedFailure, ComputedField, batch_values, sql_column
from server.context import RequestContext

from .plugin_view import PluginView, readable_computed

KEY = "data.computed"


class ComputedUnavailable(CRMError):
    """A computed field whose plugin failed: reported for that field, never with internals."""


class RequestComputed:
    """The computed fields of one request (its caller, clock and database)."""

    def __init__(self, ctx: RequestContext) -> None:
        self.ctx = ctx
        self.plugins = PluginView(ctx.runtime.plugins, ctx.plugins)
        self.dialect = ctx.runtime.engine.dialect.name
        self._fields: dict[str, dict[str, ComputedField]] = {}
        self._derived: dict[str, dict[str, DerivedColumn]] = {}
        self._failures: dict[tuple[str, str], ComputedFailure | None] = {}

    def fields(self, obj: ObjectDef) -> dict[str, ComputedField]:
        found = self._fields.get(obj.id)
        if found is None:
            computed = readable_computed(self.plugins, self.ctx.model, self.ctx.access, obj)
            found = self._fields[obj.id] = {cf.name: cf for cf in computed}
        return found

    def expression(self, obj: ObjectDef, cf: ComputedField, table: sa.FromClause,
                   parameters: Parameters | None = None) -> sa.ColumnElement[Any]:
        built = sql_column(cf, self.ctx.model, obj, table, self.ctx.now, self.dialect, parameters)
        if isinstance(built, ComputedFailure):
            raise ComputedUnavailable(built.message)
        return built

    def derived(self, obj: ObjectDef) -> Mapping[str, DerivedColumn]:
        """The caller's SQL-computed fields of `obj`, for the record store."""
        found = self._derived.get(obj.id)
        if found is None:
            found = self._derived[obj.id] = {
                cf.name: DerivedColumn(cf.name, cf.kind.field_type, self._builder(obj, cf))
                for cf in self.fields(obj).values() if cf.kind.in_sql
            }
        return found

    def _builder(self, obj: ObjectDef, cf: ComputedField) -> Any:
        return lambda table, parameters=None: self.expression(obj, cf, table, parameters)

    def failure(self, obj: ObjectDef, cf: ComputedField) -> ComputedFailure | None:
        """Why an SQL kind cannot be built this request (tried once), or None."""
        key = (obj.id, cf.name)
        if key not in self._failures:
            built = sql_column(cf, self.ctx.model, obj, record_table(obj), self.ctx.now, self.dialect)
            self._failures[key] = built if isinstance(built, ComputedFailure) else None
        return self._failures[key]

    def selectable(self, obj: ObjectDef, names: Collection[str]) -> frozenset[str]:
        """Of the field names a query selects, the SQL-computed ones to add to its statement;
        one that cannot be built is left to its field resolver, which reports it."""
        derived = self.derived(obj)
        fields = self.fields(obj)
        return frozenset(n for n in names if n in derived and self.failure(obj, fields[n]) is None)


def request_computed(ctx: RequestContext) -> RequestComputed:
    found = ctx.loaders.get(KEY)
    if found is None:
        found = ctx.loaders[KEY] = RequestComputed(ctx)
    return found  # type: ignore[no-any-return]


def _values_loader(ctx: RequestContext, obj: ObjectDef, cf: ComputedField) -> DataLoader[str, Any]:
    key = (KEY, obj.id, cf.name)
    loader = ctx.loaders.get(key)
    if loader is None:
        async def load(ids: Sequence[str]) -> list[Any]:
            values = await _compute(ctx, obj, cf, list(ids))
            return [values.get(i) for i in ids]

        loader = ctx.loaders[key] = DataLoader(load_fn=load)
    return loader  # type: ignore[no-any-return]


async def _compute(ctx: RequestContext, obj: ObjectDef, cf: ComputedField, ids: list[str]) -> dict[str, Any]:
    """Values for rows already read (and authorised) by the caller: one statement or one plugin call."""
    runtime = ctx.runtime
    if cf.kind.in_sql:
        computed = request_computed(ctx)
        failure = computed.failure(obj, cf)
        if failure is not None:
            raise ComputedUnavailable(failure.message)
        table = record_table(obj)
        statement = sa.select(table.c.id, computed.expression(obj, cf, table).label("value")).where(
            table.c.id.in_(ids)
        )
        async with read_transaction(runtime.engine) as conn:
            return {row.id: row.value for row in await conn.execute(statement)}
    values = await batch_values(cf, runtime.engine, ctx.model, obj, ids, ctx.now, runtime.plugins.batch_timeout)
    if isinstance(values, ComputedFailure):
        raise ComputedUnavailable(values.message)
    return values


def computed_resolver(obj: ObjectDef, cf: ComputedField) -> Any:
    """Reads the value the page's statement selected, else loads it for the whole page at once
    (batch kinds; rows returned by mutations)."""
    name = cf.name

    def resolve(row: Mapping[str, Any], info: GraphQLResolveInfo) -> Any:
        if name in row:
            return row[name]
        return _values_loader(info.context, obj, cf).load(row["id"])

    return resolve
