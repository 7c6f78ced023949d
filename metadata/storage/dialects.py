"""SQL that must differ between SQLite and PostgreSQL, chosen when the statement compiles.

Statements are built once, without knowing the connection, and can be cached and reused
on either database; only the few places where the dialects disagree (pattern matching,
JSON arrays) become a `DialectSwitch` that renders the right variant.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.visitors import InternalTraversal

from .patterns import ANY, Token, glob_pattern, like_pattern


class DialectSwitch(sa.ColumnElement[bool]):
    """A boolean condition with one variant per supported dialect."""

    inherit_cache = True
    _traverse_internals: ClassVar[list[tuple[str, Any]]] = [
        ("sqlite", InternalTraversal.dp_clauseelement),
        ("postgresql", InternalTraversal.dp_clauseelement),
    ]
    type = sa.Boolean()

    def __init__(self, sqlite: sa.ColumnElement[Any], postgresql: sa.ColumnElement[Any]) -> None:
        self.sqlite = sqlite
        self.postgresql = postgresql


@compiles(DialectSwitch)
def _compile_switch(element: DialectSwitch, compiler: Any, **kw: Any) -> str:
    variant = element.sqlite if compiler.dialect.name == "sqlite" else element.postgresql
    return str(compiler.process(variant, **kw))


def matches(column: sa.ColumnElement[Any], tokens: Sequence[Token], case_sensitive: bool) -> sa.ColumnElement[bool]:
    """`column` matches a parsed pattern; exact case rules on both databases.

    SQLite's LIKE ignores ASCII case and cannot be made strict per query, so SQLite gets
    GLOB (always case-sensitive), with letters widened to `[aA]` classes for ilike.
    """
    glob = column.op("GLOB", return_type=sa.Boolean)(glob_pattern(tokens, fold_case=not case_sensitive))
    like = like_pattern(tokens)
    pg = column.like(like, escape="\\") if case_sensitive else column.ilike(like, escape="\\")
    return DialectSwitch(glob, pg)


def literal_tokens(text: str, prefix_only: bool) -> list[Token]:
    """Tokens of `startsWith` (text then anything) or `contains` (anything, text, anything)."""
    return [*list(text), ANY] if prefix_only else [ANY, *list(text), ANY]


def _text_array(values: Sequence[str]) -> sa.ColumnElement[Any]:
    return sa.literal(list(values), type_=postgresql.ARRAY(sa.Text))


def _json_elements(column: sa.ColumnElement[Any]) -> Any:
    return sa.func.json_each(column).table_valued("value")


def contains_any(column: sa.ColumnElement[Any], values: Sequence[str]) -> sa.ColumnElement[bool]:
    if not values:
        return sa.false()
    each = _json_elements(column)
    sqlite = sa.select(sa.literal_column("1")).select_from(each).where(each.c.value.in_(list(values))).exists()
    return DialectSwitch(sqlite, column.op("?|", return_type=sa.Boolean)(_text_array(values)))


def contains_all(column: sa.ColumnElement[Any], values: Sequence[str]) -> sa.ColumnElement[bool]:
    wanted = sorted(set(values))
    if not wanted:
        return sa.true()
    each = _json_elements(column)
    found = (
        sa.select(sa.func.count(sa.distinct(each.c.value)))
        .select_from(each)
        .where(each.c.value.in_(wanted))
        .scalar_subquery()
    )
    return DialectSwitch(found == len(wanted), column.op("?&", return_type=sa.Boolean)(_text_array(wanted)))


def is_empty_array(column: sa.ColumnElement[Any]) -> sa.ColumnElement[bool]:
    """Null and `[]` both count as empty."""
    return DialectSwitch(
        sa.func.coalesce(sa.func.json_array_length(column), 0) == 0,
        sa.case((sa.func.jsonb_typeof(column) == "array", sa.func.jsonb_array_length(column)), else_=0) == 0,
    )
