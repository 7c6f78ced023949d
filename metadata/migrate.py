"""Programmatic Alembic upgrade of the system tables (used by `metacrm migrate` and start-up)."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

import migrations

INI = Path(migrations.__file__).parent / "alembic.ini"


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Config:
    cfg = Config(str(INI))
    cfg.set_main_option("script_location", str(INI.parent))
    if url:
        cfg.set_main_option("sqlalchemy.url", url)
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    def run(sync_conn: Connection) -> None:
        command.upgrade(alembic_config(sync_conn), revision)

    async with engine.connect() as conn:  # Alembic begins and commits each migration itself
        await conn.run_sync(run)
        await conn.commit()
