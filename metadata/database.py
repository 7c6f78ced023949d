"""Async engines for SQLite and PostgreSQL that behave the same for our purposes."""
from __future__ import annotations

from contextlib import asynccontextmanager
from functools import lru_cache
from typing import Any, AsyncIterator

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine


POSTGRES_SESSION = {"jit": "off"}
"""Session settings of every PostgreSQL connection metacrm opens (the engine's and the
compiled reads' pool). JIT compiling generated statements (computed fields are correlated
subqueries on tables without statistics) costs ~0.5 s per statement and saves nothing on
OLTP reads."""


def create_engine(url: str, echo: bool = False, pool_size: int = 20, pool_overflow: int = 10) -> AsyncEngine:
    """An engine whose transactions also cover DDL, on SQLite as on PostgreSQL.

    pysqlite opens transactions lazily and only before DML, so a CREATE TABLE would
    run outside the transaction of the metadata rows that describe it; we take over
    and emit BEGIN ourselves (the recipe from SQLAlchemy's SQLite dialect docs).
    """
    kwargs: dict[str, Any] = {"echo": echo}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"timeout": 30}
        engine = create_async_engine(url, **kwargs)
        _make_sqlite_transactional(engine)
        return engine
    kwargs.update(pool_size=pool_size, max_overflow=pool_overflow, pool_pre_ping=False)
    if url.startswith("postgresql+asyncpg"):
        kwargs["connect_args"] = {"server_settings": dict(POSTGRES_SESSION)}
    return create_async_engine(url, **kwargs)


def _make_sqlite_transactional(engine: AsyncEngine) -> None:
    @sa.event.listens_for(engine.sync_engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @sa.event.listens_for(engine.sync_engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        # Writers take the lock up front: a deferred transaction that later writes can
        # fail with SQLITE_BUSY instead of waiting its turn.
        write = conn.get_execution_options().get("metacrm_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


@lru_cache(maxsize=16)
def single_statement_reads(engine: AsyncEngine) -> AsyncEngine:
    """The engine for reads that are one statement each (a statement is its own snapshot).

    On PostgreSQL they run without BEGIN and ROLLBACK: one round trip instead of three.
    SQLite keeps its transactions (they take the read snapshot and cost no round trip).
    """
    if is_sqlite(engine):
        return engine
    return engine.execution_options(isolation_level="AUTOCOMMIT")


def is_sqlite(engine_or_conn: Any) -> bool:
    return engine_or_conn.dialect.name == "sqlite"


@asynccontextmanager
async def write_transaction(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """One transaction for one write: everything in it commits together or not at all."""
    async with engine.connect() as conn:
        await conn.execution_options(metacrm_write=True)
        async with conn.begin():
            yield conn


@asynccontextmanager
async def read_transaction(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    async with engine.connect() as conn:
        async with conn.begin():
            yield conn
