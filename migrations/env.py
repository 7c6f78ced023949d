"""Alembic environment: system tables only; record tables (`t_*`) are invisible to it."""
from __future__ import annotations

import asyncio
from typing import Any

from alembic import context
from sqlalchemy import Connection

from metadata.database import create_engine
from metadata.tables import RECORD_TABLE_PREFIX, system

config = context.config


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """Autogenerate must never propose dropping the tables that runtime DDL created."""
    if type_ == "table":
        return not (name or "").startswith(RECORD_TABLE_PREFIX)
    table = (parent_names or {}).get("table_name") or ""
    return not table.startswith(RECORD_TABLE_PREFIX)


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=system,
        include_name=include_name,
        render_as_batch=True,
        compare_type=True,
        # one transaction per migration, begun here: a migration over every tenant's
        # tables commits table by table (`autocommit_block`), within PostgreSQL's lock limits
        transaction_per_migration=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_with_own_engine() -> None:
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    async with engine.connect() as conn:
        await conn.run_sync(_run)
        await conn.commit()
    await engine.dispose()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=system, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
elif config.attributes.get("connection") is not None:
    _run(config.attributes["connection"])
else:
    asyncio.run(_run_with_own_engine())
