"""Cached statements run straight on asyncpg: SQL text compiled once per plan.

A compiled read is one statement with a handful of parameters. Through SQLAlchemy's
Connection, executing it costs several times the round trip itself (connection
wrapper, cache-key generation, parameter processing, result wrapping). Here the
statement is compiled to PostgreSQL text once, with its positional parameters, and each
request borrows a connection of the read pool, binds the operand values and fetches
the rows. Parameter values go through the same type processing SQLAlchemy would apply.

The read pool is asyncpg's own: borrowing from SQLAlchemy's pool costs two greenlet
switches per request (~10% of a primary-key read's server CPU), and its overflow
connections are closed on return, so bursts above the pool size open new backends.
asyncpg's pool keeps its connections and queues borrowers instead.
"""
from __future__ import annotations

import asyncio
from collections.abc import Set
from dataclasses import dataclass
from typing import Any

import asyncpg
import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncEngine

from metadata.database import POSTGRES_SESSION


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


async def open_read_pool(engine: AsyncEngine, size: int) -> asyncpg.Pool | None:
    """A pool of up to `size` connections to the engine's database with the engine's
    session settings, opened lazily; None unless the engine runs on asyncpg."""
    if engine.dialect.driver != "asyncpg":
        return None
    url = engine.url.set(drivername="postgresql")
    return await asyncpg.create_pool(
        url.render_as_string(hide_password=False), min_size=0, max_size=size,
        server_settings=dict(POSTGRES_SESSION), reset=_keep_session,
    )


async def close_read_pool(pool: asyncpg.Pool, grace: float = 5.0) -> None:
    """Close the pool, waiting at most `grace` seconds for borrowed connections to return
    (a shutdown must not hang on a request that never finishes)."""
    try:
        await asyncio.wait_for(pool.close(), grace)
    except TimeoutError:
        pool.terminate()


async def _keep_session(_connection: asyncpg.Connection) -> None:
    """Reads change no session state, so a returned connection needs no RESET round trip."""


async def fetch_all(pool: asyncpg.Pool, statements: list[DriverStatement], values: dict[str, Any]) -> list[list[Any]]:
    """The rows of each statement, on one connection, without a transaction: each
    statement is its own snapshot, as on the SQLAlchemy path (`single_statement_reads`).
    A connection whose statement failed or was cancelled is closed by the pool."""
    async with pool.acquire() as connection:
        return [await connection.fetch(s.sql, *s.arguments(values)) for s in statements]
