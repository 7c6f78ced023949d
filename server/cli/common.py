"""What every command shares: the server's runtime on the configured database, tenant lookups."""

from __future__ import annotations

import argparse
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from metadata.migrate import alembic_config
from server.runtime import Runtime
from server.settings import Settings

CLI_ACTOR = "cli"
"""Recorded as the actor of what the command line creates or changes (audit log)."""


class CLIError(Exception):
    """A problem the operator can fix; printed on stderr without a traceback."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@asynccontextmanager
async def open_runtime(settings: Settings, migrated: bool = True) -> AsyncIterator[Runtime]:
    """The server's own engine and services, so the command line and the server share one wiring.

    With `migrated`, a database whose system tables lag the code is refused.
    """
    runtime = Runtime.start(settings)
    try:
        if migrated:
            await require_migrated(runtime.engine)
        yield runtime
    finally:
        await runtime.close()


async def require_migrated(engine: AsyncEngine) -> None:
    """Refuse to work on a database whose system tables are not at the code's revision."""

    def revisions(conn: Connection) -> tuple[str | None, str | None]:
        current = MigrationContext.configure(conn).get_current_revision()
        return current, ScriptDirectory.from_config(alembic_config()).get_current_head()

    async with engine.connect() as conn:
        current, head = await conn.run_sync(revisions)
    if current != head:
        raise CLIError("the database is not migrated: run `metacrm migrate` first")


async def tenant_id(runtime: Runtime, slug: str) -> str:
    found = await runtime.metadata.tenant_id(slug)
    if found is None:
        raise CLIError(f"no tenant with slug {slug!r}")
    return found


def positive_int(text: str) -> int:
    """For `--ttl`, `--port` and `--workers`."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive number, got {value}")
    return value


def role_list(text: str) -> list[str]:
    """`r1,r2` -> ["r1", "r2"], for `--roles`."""
    roles = [role.strip() for role in text.split(",") if role.strip()]
    if not roles:
        raise argparse.ArgumentTypeError("give at least one role, e.g. --roles admin")
    return roles
