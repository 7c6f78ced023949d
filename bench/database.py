"""The bench's own PostgreSQL database: created fresh, migrated, dropped at the end.

Reads are what is measured, so the database gets the anchor's read-relevant settings
(`jit = off`, `timezone = UTC`) for every connection, the server's and the baseline's
alike; nothing else about the PostgreSQL server is changed.
"""

from __future__ import annotations

import asyncpg
from sqlalchemy.engine import make_url

from metadata.database import create_engine
from metadata.migrate import upgrade

DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
DEFAULT_NAME = "metacrm_bench"


def urls(server: str, name: str) -> tuple[str, str]:
    """(SQLAlchemy URL for metacrm, plain DSN for asyncpg) of database `name` on `server`."""
    base = make_url(server).set(database=name)
    app_url = base.set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)
    dsn = base.set(drivername="postgresql").render_as_string(hide_password=False)
    return app_url, dsn


def _admin_dsn(server: str) -> str:
    return make_url(server).set(drivername="postgresql").render_as_string(hide_password=False)


async def create(server: str, name: str) -> tuple[str, str]:
    """A fresh, migrated database; any previous one of that name is dropped first."""
    conn = await asyncpg.connect(_admin_dsn(server))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}"')
        await conn.execute(f'ALTER DATABASE "{name}" SET jit = off')
        await conn.execute(f"ALTER DATABASE \"{name}\" SET timezone = 'UTC'")
    finally:
        await conn.close()
    app_url, dsn = urls(server, name)
    engine = create_engine(app_url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()
    return app_url, dsn


async def drop(server: str, name: str) -> None:
    conn = await asyncpg.connect(_admin_dsn(server))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


async def pack(dsn: str, tables: list[str]) -> None:
    """Tables and indexes as densely packed as the anchor's, and fresh statistics.

    The anchor COPYs its rows, then builds its indexes and runs VACUUM ANALYZE. Here rows
    arrive through the API into tables whose indexes already exist, and then the UPDATE
    that stamps the anchor's `createdAt` writes a second version of every row and every
    index entry: after a plain VACUUM the ticket table's relation index was 50 MB for
    500,000 entries, half of it free space, which every index scan of Q4 walks through.
    VACUUM FULL rewrites each table and rebuilds its indexes, as a load would leave them.
    """
    conn = await asyncpg.connect(dsn)
    try:
        for table in tables:
            await conn.execute(f'VACUUM (FULL, ANALYZE) "{table}"')
    finally:
        await conn.close()
