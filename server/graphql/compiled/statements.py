"""SQL for a plan: one statement per root field, the JSON answer built by the database.

Pages, filters, row scopes, sorting and cursors come from the storage layer's builders
(the same ones the resolvers use), so both paths select exactly the same rows.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import sqlalchemy as sa

from metadata.ids import parse_uuid
from metadata.model import TenantModel
from metadata.physical import record_table
from metadata.storage.aggregates import aggregate_select
from metadata.storage.cursors import CursorCodec
from metadata.storage.filters import FilterContext
from metadata.storage.ordering import SortKey, after_condition, order_clauses, sort_keys
from metadata.storage.parameters import Param
from metadata.storage.selects import conditions

from . import json_sql
from .plan import Column, Computed, ConnectionPlan, Constant, Edges, Nested, NodePlan, RootPlan, ToOne, type_name_of
from .selection import NotCompilable


@dataclass
class Bound:
    first: int
    keys: tuple[SortKey, ...]
    codec: CursorCodec


def _record_id(value: Any) -> str:
    record_id = parse_uuid(value)
    if record_id is None:
        raise NotCompilable("malformed id")
    return record_id


class StatementBuilder:
    def __init__(self, model: TenantModel, ctx: FilterContext, dialect: str, secret: str,
                 page_size: Any) -> None:
        self.model = model
        self.ctx = ctx
        self.dialect = dialect
        self.secret = secret
        self.page_size = page_size
        """(first) -> the page size, raising for values the general path reports."""

    def root(self, plan: RootPlan) -> sa.Select[Any]:
        if plan.kind == "aggregate":
            assert plan.aggregate is not None
            return aggregate_select(self.model, plan.obj, self.ctx, filter=plan.args.get("filter"),
                                    group_by=plan.aggregate.group_by, fields=plan.aggregate.fields)
        if plan.kind == "get":
            if plan.node is None:
                raise NotCompilable("nothing selected")
            table = record_table(plan.obj)
            given = plan.args.get("id")
            parameters = self.ctx.parameters
            record_id = (parameters.bind(given, _record_id, table.c.id.type)
                         if isinstance(given, Param) and parameters is not None else _record_id(given))
            found = (
                sa.select(self.node_json(plan.node, table))
                .where(table.c.id == record_id, conditions(self.model, plan.obj, table, self.ctx))
                .scalar_subquery()
            )
            return sa.select(sa.cast(json_sql.embed(found, self.dialect), sa.Text))
        assert plan.connection is not None
        connection = plan.connection
        # The root reads the table itself; nested levels use aliases so a relation back to
        # the same object (customer -> tickets -> customer) never correlates by accident.
        table = record_table(plan.obj)
        if connection.finished_in_sql:
            return sa.select(sa.cast(self.finished_connection(connection, table), sa.Text))
        rows = self.page(connection, table, None)
        columns = [sa.cast(json_sql.embed(rows, self.dialect), sa.Text)]
        if connection.needs_total:
            columns.append(self.total(connection))
        return sa.select(*columns)

    def node_json(self, plan: NodePlan, table: sa.FromClause, keys: Sequence[SortKey] = ()) -> sa.ColumnElement[Any]:
        pairs: list[tuple[str, sa.ColumnElement[Any]]] = []
        for entry in plan.entries:
            if isinstance(entry, Column):
                pairs.append((entry.key, json_sql.value(table.c[entry.column], entry.type, self.dialect)))
            elif isinstance(entry, Constant):
                pairs.append((entry.key, json_sql.key(entry.value)))
            elif isinstance(entry, Computed):
                derived = self.ctx.derived_column(plan.obj, entry.name)
                if derived is None:
                    raise NotCompilable("computed in Python")
                expression = derived.build(table, self.ctx.parameters)
                pairs.append((entry.key, json_sql.value(expression, derived.type, self.dialect)))
            elif isinstance(entry, ToOne):
                pairs.append((entry.key, self.to_one(entry, table)))
            elif isinstance(entry, Nested):
                pairs.append((entry.key, self.nested(entry, table)))
        if plan.needs_sort_values:
            values = [json_sql.value(table.c[k.column], k.type, self.dialect) for k in keys]
            pairs.append(("__k", json_sql.array(values, self.dialect)))
        return json_sql.obj(pairs, self.dialect)

    def to_one(self, entry: ToOne, table: sa.FromClause) -> sa.ColumnElement[Any]:
        target = entry.node.obj
        alias = record_table(target).alias()
        assert entry.field.column is not None
        found = (
            sa.select(self.node_json(entry.node, alias))
            .where(alias.c.id == table.c[entry.field.column], conditions(self.model, target, alias, self.ctx))
            .scalar_subquery()
        )
        return json_sql.embed(found, self.dialect)

    def nested(self, entry: Nested, parent: sa.FromClause) -> sa.ColumnElement[Any]:
        connection = entry.connection
        assert entry.field.column is not None
        under = (entry.field.column, parent)
        table = record_table(connection.obj).alias()
        if connection.finished_in_sql:
            return self.finished_connection(connection, table, under)
        link = table.c[entry.field.column] == parent.c.id
        pairs = [("n", json_sql.embed(self.page(connection, table, link, parent), self.dialect))]
        if connection.needs_total:
            pairs.append(("c", self.total(connection, under)))
        return json_sql.obj(pairs, self.dialect)

    def finished_connection(self, connection: ConnectionPlan, table: sa.FromClause,
                            under: tuple[str, sa.FromClause] | None = None) -> sa.ColumnElement[Any]:
        """The connection's response object, keys in selection order (see `finished_in_sql`).
        `under`: (the relation column pointing at the parent, the parent's table)."""
        link = parent = None
        if under is not None:
            column, parent = under
            link = table.c[column] == parent.c.id
        if not any(isinstance(part, Edges) for _key, part in connection.parts):
            self.bind_page(connection)
        pairs: list[tuple[str, sa.ColumnElement[Any]]] = []
        for key, part in connection.parts:
            if part == "totalCount":
                pairs.append((key, self.total(connection, under)))
            elif isinstance(part, Edges):
                edges = self.page(connection, table, link, parent, edge=part)
                pairs.append((key, json_sql.embed(edges, self.dialect)))
            else:
                pairs.append((key, json_sql.key(type_name_of(part))))
        return json_sql.obj(pairs, self.dialect)

    def bind_page(self, connection: ConnectionPlan) -> tuple[Bound, Any]:
        """The page size, sort keys and cursor codec, and the decoded `after` position: the
        checks every read of a connection makes, whether or not it selects edges."""
        args = connection.args
        keys = sort_keys(connection.obj, args.get("orderBy"))
        bound = Bound(self.page_size(args.get("first")), keys,
                      CursorCodec(self.secret, self.model.tenant_id, connection.obj.id, keys))
        connection.bound = bound
        after = args.get("after")
        return bound, None if after is None else bound.codec.decode(after)

    def page(self, connection: ConnectionPlan, table: sa.FromClause,
             link: sa.ColumnElement[bool] | None, parent: sa.FromClause | None = None,
             edge: Edges | None = None) -> sa.ColumnElement[Any]:
        """The page's rows as a JSON array in sort order: nodes plus one look-ahead row for
        Python to shape, or, given the `edge` selection, exactly the page's final edges."""
        args = connection.args
        obj = connection.obj
        bound, after = self.bind_page(connection)
        keys = bound.keys
        where = conditions(self.model, obj, table, self.ctx, args.get("filter"), bool(args.get("includeDeleted")))
        if link is not None:
            where = sa.and_(link, where)
        if after is not None:
            where = sa.and_(where, after_condition(table, keys, after))
        node = connection.node or NodePlan(obj, needs_sort_values=connection.needs_cursors)
        element = self.node_json(node, table, keys)
        if edge is not None:
            element = json_sql.obj([(k, element if what == "node" else json_sql.key(type_name_of(what)))
                                    for k, what in edge.parts], self.dialect)
        sort_columns = [table.c[k.column].label(f"k{i}") for i, k in enumerate(keys)]
        rows = (
            sa.select(element.label("j"), *sort_columns)
            .where(where)
            .order_by(*order_clauses(table, keys))
            .limit(json_sql.constant(bound.first if edge is not None else bound.first + 1))
        )
        # A page of children is a FROM subquery inside the parent's row: it must be told
        # to correlate, or it would read the parent table again on its own.
        inner = (rows.correlate(parent) if parent is not None else rows).subquery()
        order = []
        for i, k in enumerate(keys):
            column = inner.c[f"k{i}"]
            clause = column.desc() if k.descending else column.asc()
            order.append(clause.nulls_last() if k.nullable else clause)
        return sa.select(json_sql.aggregate(inner.c.j, order, self.dialect)).scalar_subquery()

    def total(self, connection: ConnectionPlan, under: tuple[str, sa.FromClause] | None = None) -> sa.ColumnElement[Any]:
        """The connection's totalCount; `under` as in `finished_connection` (its own alias,
        so the count never correlates with the page's rows)."""
        args = connection.args
        table = record_table(connection.obj)
        if under is not None:
            table = table.alias()
        where = conditions(self.model, connection.obj, table, self.ctx, args.get("filter"),
                           bool(args.get("includeDeleted")))
        if under is not None:
            column, parent = under
            where = sa.and_(table.c[column] == parent.c.id, where)
        return sa.select(sa.func.count()).select_from(table).where(where).scalar_subquery()
