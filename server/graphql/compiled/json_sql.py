"""JSON built by the database, value for value identical to what the resolvers return.

Each value is rendered the way the GraphQL scalars serialise it: DateTime as
`isoformat()` in UTC (microseconds only when non-zero), Decimal as plain text with the
column's scale, booleans as JSON booleans (SQLite stores 0/1), JSON columns embedded.
"""
from __future__ import annotations

from typing import Any, Sequence

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import aggregate_order_by

from metadata.model import FieldType

PG, SQLITE = "postgresql", "sqlite"

_SCALES = {FieldType.CURRENCY: 2, FieldType.DECIMAL: 10}


def constant(value: Any) -> sa.ColumnElement[Any]:
    """A value written into the statement's text, not bound: parameters the plan never
    varies would keep PostgreSQL from choosing a generic plan for the prepared statement
    (a LIMIT it cannot see makes every generic plan look dearer than a custom one, so
    each execution is planned again)."""
    return sa.literal(value, literal_execute=True)


def key(name: str) -> sa.ColumnElement[Any]:
    """A JSON key; GraphQL response keys are `[_A-Za-z][_0-9A-Za-z]*`, safe to inline."""
    return sa.literal_column(f"'{name}'")


def value(column: sa.ColumnElement[Any], field_type: FieldType | None, dialect: str) -> sa.ColumnElement[Any]:
    if field_type is FieldType.DATETIME:
        return _datetime(column, dialect)
    if field_type is FieldType.DATE and dialect == PG:
        return sa.func.to_char(column, constant("YYYY-MM-DD"))
    if field_type in _SCALES:
        if dialect == PG:
            return sa.cast(column, sa.Text)
        return _unless_null(column, sa.func.printf(f"%.{_SCALES[field_type]}f", column))
    if dialect == SQLITE:
        if field_type is FieldType.BOOLEAN:
            return sa.case((column.is_(None), sa.null()), (column != 0, sa.func.json("true")), else_=sa.func.json("false"))
        if field_type in (FieldType.JSON, FieldType.MULTI_SELECT):
            return sa.func.json(column)
    return column


def _unless_null(column: sa.ColumnElement[Any], rendered: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
    return sa.case((column.is_(None), sa.null()), else_=rendered)


def _datetime(column: sa.ColumnElement[Any], dialect: str) -> sa.ColumnElement[Any]:
    if dialect == PG:
        # one to_char with microseconds, dropped when they are all zero (isoformat's rule)
        text = sa.func.to_char(sa.func.timezone(constant("UTC"), column), constant('YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"'))
        return sa.func.replace(text, constant(".000000+"), constant("+"))
    text = sa.cast(column, sa.Text)
    micro = sa.func.substr(text, 21, 6)
    return _unless_null(column, sa.func.substr(text, 1, 10) + "T" + sa.func.substr(text, 12, 8)
                        + sa.case((micro.in_(["", "000000"]), ""), else_="." + micro) + "+00:00")


def obj(pairs: Sequence[tuple[str, sa.ColumnElement[Any]]], dialect: str) -> sa.ColumnElement[Any]:
    args: list[sa.ColumnElement[Any]] = []
    for name, element in pairs:
        args += [key(name), element]
    return sa.func.json_build_object(*args) if dialect == PG else sa.func.json_object(*args)


def array(elements: Sequence[sa.ColumnElement[Any]], dialect: str) -> sa.ColumnElement[Any]:
    return sa.func.json_build_array(*elements) if dialect == PG else sa.func.json_array(*elements)


def embed(subquery: sa.ColumnElement[Any], dialect: str) -> sa.ColumnElement[Any]:
    """A JSON value from a scalar subquery: SQLite forgets it is JSON unless told again."""
    return subquery if dialect == PG else sa.func.json(subquery)


def aggregate(element: sa.ColumnElement[Any], order: Sequence[sa.ColumnElement[Any]], dialect: str) -> sa.ColumnElement[Any]:
    """The JSON array of `element` over the rows of an ordered subquery."""
    if dialect == PG:
        return sa.func.coalesce(sa.func.json_agg(aggregate_order_by(element, *order)), sa.literal_column("'[]'::json"))
    # SQLite (before 3.44) has no ORDER BY inside aggregates; it feeds the rows of an
    # ordered subquery in order, which the differential test holds it to.
    return sa.func.json_group_array(sa.func.json(element))
