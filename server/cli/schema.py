"""`metacrm export-schema [--tenant SLUG] [--metadata]`: the SDL clients code against.

Without a tenant it prints the data API of a fresh `crm` tenant, built in a throwaway
in-memory database, which is what `schema.graphql` at the repository root holds.
"""

from __future__ import annotations

import argparse
import asyncio

from graphql import GraphQLSchema, print_schema

from metadata.database import read_transaction
from metadata.migrate import upgrade
from server.graphql.data import build_data_schema
from server.graphql.data.plugin_view import PluginView
from server.metadata_api import schema as metadata_api
from server.permissions.access import ADMIN_ACCESS
from server.runtime import Runtime
from server.settings import Settings

from .common import open_runtime, tenant_id

THROWAWAY_DATABASE = "sqlite+aiosqlite://"
"""In-memory SQLite; SQLAlchemy keeps its one connection (StaticPool) as long as the engine."""


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("export-schema", help="print a GraphQL schema (SDL)")
    parser.add_argument(
        "--tenant", metavar="SLUG", help="the tenant's data API as its admin sees it"
    )
    parser.add_argument("--metadata", action="store_true", help="the metadata API instead")
    parser.set_defaults(handler=export_schema)


def export_schema(args: argparse.Namespace) -> int:
    if args.metadata:
        print(metadata_sdl(), end="")
    elif args.tenant:
        print(asyncio.run(tenant_sdl(Settings.from_env(), args.tenant)), end="")
    else:
        print(asyncio.run(fresh_crm_sdl()), end="")
    return 0


def sdl(schema: GraphQLSchema) -> str:
    return print_schema(schema) + "\n"


def metadata_sdl() -> str:
    return sdl(metadata_api.schema._schema)


async def fresh_crm_sdl() -> str:
    """The data API of a new `crm` tenant, as `admin` sees it (the content of schema.graphql)."""
    async with open_runtime(Settings(database_url=THROWAWAY_DATABASE), migrated=False) as runtime:
        await upgrade(runtime.engine)
        return await _admin_sdl(runtime, await runtime.metadata.create_tenant("crm"))


async def tenant_sdl(settings: Settings, slug: str) -> str:
    async with open_runtime(settings) as runtime:
        return await _admin_sdl(runtime, await tenant_id(runtime, slug))


async def _admin_sdl(runtime: Runtime, tenant: str) -> str:
    model = await runtime.metadata.load(tenant)
    async with read_transaction(runtime.engine) as conn:
        enabled = frozenset(await runtime.plugins.enabled(conn, tenant))
    return sdl(build_data_schema(model, ADMIN_ACCESS, PluginView(runtime.plugins, enabled)))
