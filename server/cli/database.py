"""`metacrm migrate`: bring the system tables to the code's revision (Alembic)."""

from __future__ import annotations

import argparse
import asyncio

from metadata.migrate import upgrade
from server.settings import Settings

from .common import open_runtime


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("migrate", help="upgrade the system tables to the latest revision")
    parser.set_defaults(handler=migrate)


async def migrate_database(settings: Settings) -> None:
    async with open_runtime(settings, migrated=False) as runtime:
        await upgrade(runtime.engine)


def migrate(_args: argparse.Namespace) -> int:
    asyncio.run(migrate_database(Settings.from_env()))
    print("database is up to date")
    return 0
