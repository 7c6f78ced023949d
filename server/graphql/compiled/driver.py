"""Cached statements run straight on asyncpg: SQL text compiled once per plan.

A compiled read is one statement with a handful of parameters. Through SQLAlchemy's
Connection, executing it costs several times the round trip itself (connection
wrapper, cache-key generation, parameter processing, result wrapping). Here the
statement is compiled to PostgreSQL text once, with its positional parameters, and each
request borrows a pooled connection, binds the operand values and fetches the rows.
Parameter values go through the same type processing SQLAlchemy would apply.
"""
from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.util import greenlet_spawn


@dataclass(frozen=True)
class DriverStatement:
    sql: str
    names: tuple[str, ...]
    """The bind parameter behind `$1`, `$2`, ..."""
    defaults: tuple[Any, ...]
    """Build-time values (processed), used for every parameter the request doesn't supply."""
    processors: tuple[Any, ...]
    """Per position: how SQLAlchemy's type turns a supplied value into the driver's, or None."""

    @classmethod
    def compile(cls, statement: sa.Select[Any], dialect: Dialect, changing: Set[str]) -> "DriverStatement | None":
        """None when not on asyncpg; `changing` names the parameters requests supply."""
        if dialect.driver != "asyncpg":
            return None
        compiled = statement.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
        names = tuple(compiled.positiontup or ())
        given = compiled.construct_params()
        defaults, processors = [], []
        for name in names:
            bind = compiled.binds.get(name)
            if bind is None:
                bind = compiled.binds.get(name.rpartition("_")[0])  # an element of an expanded IN
            if bind is None:
                return None
            process = bind.type.dialect_impl(dialect).bind_processor(dialect)
            defaults.append(given[name] if process is None else process(given[name]))
            processors.append(process if name in changing else None)
        return cls(compiled.string, names, tuple(defaults), tuple(processors))

    def arguments(self, values: dict[str, Any]) -> list[Any]:
        arguments = []
        for name, default, process in zip(self.names, self.defaults, self.processors):
            if name in values:
                arguments.append(values[name] if process is None else process(values[name]))
            else:
                arguments.append(default)
        return arguments


async def fetch_all(engine: AsyncEngine, statements: list[DriverStatement], values: dict[str, Any]) -> list[list[Any]]:
    """The rows of each statement, on one pooled connection, without a transaction: each
    statement is its own snapshot, as on the SQLAlchemy path (`single_statement_reads`)."""
    pooled = await engine.raw_connection()
    try:
        connection = pooled.driver_connection
        assert connection is not None
        rows = [await connection.fetch(s.sql, *s.arguments(values)) for s in statements]
    except BaseException:
        # a failed or cancelled statement may leave the connection mid-protocol
        await greenlet_spawn(pooled.invalidate)
        raise
    await greenlet_spawn(pooled.close)
    return rows
