"""Portable SQL for scores: date arithmetic, clamping and rounding that agree on every database.

SQLite stores DATETIME values as naive UTC text (`YYYY-MM-DD HH:MM:SS.ffffff`) and has no
interval type; PostgreSQL has `timestamptz` and intervals. The few functions that must
differ are SQL elements compiled per dialect, so a statement is built once and runs on
either database. Everything else is plain CASE arithmetic with the same NULL rules on both
(unlike SQLite's `max(a, b)` and PostgreSQL's `GREATEST`, which disagree about NULL).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from metadata.fieldtypes import UTCDateTime

Expr = sa.ColumnElement[Any]


class days_between(FunctionElement[float]):
    """`days_between(later, earlier)`: fractional days from `earlier` to `later` (or NULL)."""

    type = sa.Float()
    inherit_cache = True
    name = "days_between"


@compiles(days_between, "sqlite")
def _days_sqlite(element: days_between, compiler: Any, **kw: Any) -> str:
    later, earlier = list(element.clauses)
    later_sql, earlier_sql = compiler.process(later, **kw), compiler.process(earlier, **kw)
    return f"(julianday({later_sql}) - julianday({earlier_sql}))"


@compiles(days_between, "postgresql")
def _days_postgresql(element: days_between, compiler: Any, **kw: Any) -> str:
    later, earlier = list(element.clauses)
    return (
        f"(CAST(EXTRACT(EPOCH FROM ({compiler.process(later, **kw)} - "
        f"{compiler.process(earlier, **kw)}))"
        " AS DOUBLE PRECISION) / 86400.0)"
    )


class add_seconds(FunctionElement[Any]):
    """`add_seconds(moment, seconds)`: a DATETIME moved by a number of seconds.

    On SQLite the result keeps the stored text format (SQLite's clock has millisecond
    resolution, the last three digits are zero) so it compares and sorts like a column.
    """

    type = UTCDateTime()
    inherit_cache = True
    name = "add_seconds"


@compiles(add_seconds, "sqlite")
def _add_sqlite(element: add_seconds, compiler: Any, **kw: Any) -> str:
    moment, seconds = (compiler.process(c, **kw) for c in element.clauses)
    return (
        f"(strftime('%Y-%m-%d %H:%M:%f', {moment}, CAST({seconds} AS TEXT) || ' seconds') || '000')"
    )


@compiles(add_seconds, "postgresql")
def _add_postgresql(element: add_seconds, compiler: Any, **kw: Any) -> str:
    moment, seconds = (compiler.process(c, **kw) for c in element.clauses)
    return f"({moment} + CAST({seconds} AS DOUBLE PRECISION) * INTERVAL '1 second')"


class round_int(FunctionElement[int]):
    """Round a non-negative number (every score is one) half up to an integer, bit for bit
    alike on both databases.

    SQLite's `ROUND(x)` is `(int)(x + 0.5)` in double arithmetic; PostgreSQL gets the same
    with `FLOOR(x + 0.5)` (its own `ROUND(double)` rounds half to even, and going through
    NUMERIC first rounds to 15 digits, which can move a value across the half).
    """

    type = sa.Integer()
    inherit_cache = True
    name = "round_int"


@compiles(round_int, "sqlite")
def _round_sqlite(element: round_int, compiler: Any, **kw: Any) -> str:
    return f"CAST(ROUND({compiler.process(element.clauses, **kw)}) AS INTEGER)"


@compiles(round_int, "postgresql")
def _round_postgresql(element: round_int, compiler: Any, **kw: Any) -> str:
    value = compiler.process(element.clauses, **kw)
    return f"CAST(FLOOR(CAST({value} AS DOUBLE PRECISION) + 0.5) AS INTEGER)"


class trunc_int(FunctionElement[int]):
    """Drop the fraction (toward zero): whole days elapsed. PostgreSQL's CAST would round."""

    type = sa.Integer()
    inherit_cache = True
    name = "trunc_int"


@compiles(trunc_int, "sqlite")
def _trunc_sqlite(element: trunc_int, compiler: Any, **kw: Any) -> str:
    return f"CAST({compiler.process(element.clauses, **kw)} AS INTEGER)"


@compiles(trunc_int, "postgresql")
def _trunc_postgresql(element: trunc_int, compiler: Any, **kw: Any) -> str:
    value = compiler.process(element.clauses, **kw)
    return f"CAST(TRUNC(CAST({value} AS DOUBLE PRECISION)) AS INTEGER)"


def number(value: float) -> Expr:
    """A float constant as a bound parameter (never integer division on SQLite)."""
    return sa.literal(float(value), sa.Float())


def real(expr: Any) -> Expr:
    """`expr` as a float, so SQLite divides like PostgreSQL does."""
    return sa.cast(expr, sa.Float())


def clamp(expr: Expr, low: float = 0.0, high: float = 100.0) -> Expr:
    """`expr` limited to [low, high]; NULL stays NULL."""
    return sa.case(
        (expr < number(low), number(low)), (expr > number(high), number(high)), else_=expr
    )


def later_of(a: Expr, b: Expr) -> Expr:
    """The later (greater) of two values, ignoring NULLs on every database."""
    return sa.case((a.is_(None), b), (b.is_(None), a), (a > b, a), else_=b)


def ratio_score(value: Expr, target: float) -> Expr:
    """0-100: `value` as a share of `target`, capped at 100 (NULL counts as 0)."""
    if target <= 0:
        return number(100.0)
    return clamp(sa.func.coalesce(real(value), number(0)) * number(100.0 / target))


def freshness(days: Expr, window: float) -> Expr:
    """0-100: 100 for today, falling linearly to 0 at `window` days ago; NULL (never) is 0."""
    if window <= 0:
        return number(0.0)
    return sa.func.coalesce(clamp(number(100.0) - real(days) * number(100.0 / window)), number(0.0))


def weighted(parts: list[tuple[float, Expr]]) -> Expr:
    """The weighted mean of 0-100 parts (none NULL), rounded to an integer; all-zero weights give 0.

    Zero-weight parts stay in the expression (times 0): a part may be the aggregate that makes
    the enclosing subquery return exactly one row.
    """
    total = sum(w for w, _ in parts)
    if total <= 0:
        return sa.literal(0, sa.Integer())
    expr = number(parts[0][0] / total) * parts[0][1]
    for w, part in parts[1:]:
        expr = expr + number(w / total) * part
    return round_int(expr)


def filled(expr: Expr) -> Expr:
    """1 when a text value is present and not blank, else 0."""
    return sa.case((sa.func.coalesce(sa.func.trim(expr), "") != "", 1), else_=0)
