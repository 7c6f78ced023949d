"""`metacrm token` and `metacrm apikey create|revoke`: credentials for a tenant."""

from __future__ import annotations

import argparse
import asyncio
import sys

from metadata.database import write_transaction
from server.auth.api_keys import create_api_key, revoke_api_key
from server.auth.tokens import mint_token
from server.settings import Settings

from .common import CLI_ACTOR, open_runtime, positive_int, role_list, tenant_id


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    token = commands.add_parser("token", help="print a signed access token (JWT) and nothing else")
    token.add_argument("--tenant", required=True, metavar="SLUG")
    token.add_argument("--user", required=True, metavar="USER_ID")
    token.add_argument("--roles", required=True, type=role_list, metavar="r1,r2")
    token.add_argument(
        "--ttl", type=positive_int, default=3600, help="lifetime in seconds (default 3600)"
    )
    token.set_defaults(handler=print_token)

    apikey = commands.add_parser("apikey", help="long-lived keys for integrators")
    actions = apikey.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = actions.add_parser("create", help="create a key and print it (it is shown once)")
    create.add_argument("--tenant", required=True, metavar="SLUG")
    create.add_argument("--name", required=True)
    create.add_argument("--roles", required=True, type=role_list, metavar="r1,r2")
    create.set_defaults(handler=create_key)
    revoke = actions.add_parser("revoke", help="revoke a key by its id")
    revoke.add_argument("--tenant", required=True, metavar="SLUG")
    revoke.add_argument("id", metavar="ID")
    revoke.set_defaults(handler=revoke_key)


def print_token(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    asyncio.run(_tenant_of(settings, args.tenant))
    print(mint_token(settings.secret, args.tenant, args.user, args.roles, args.ttl))
    return 0


def create_key(args: argparse.Namespace) -> int:
    key_id, key = asyncio.run(_create_key(Settings.from_env(), args.tenant, args.name, args.roles))
    print(key)
    revoke = f"metacrm apikey revoke --tenant {args.tenant} {key_id}"
    print(f"API key {key_id} created; revoke it with: {revoke}", file=sys.stderr)
    return 0


def revoke_key(args: argparse.Namespace) -> int:
    asyncio.run(_revoke_key(Settings.from_env(), args.tenant, args.id))
    print(f"revoked {args.id}")
    return 0


async def _tenant_of(settings: Settings, slug: str) -> str:
    async with open_runtime(settings) as runtime:
        return await tenant_id(runtime, slug)


async def _create_key(
    settings: Settings, slug: str, name: str, roles: list[str]
) -> tuple[str, str]:
    async with open_runtime(settings) as runtime:
        tenant = await tenant_id(runtime, slug)
        async with write_transaction(runtime.engine) as conn:
            return await create_api_key(conn, tenant, name, roles, CLI_ACTOR)


async def _revoke_key(settings: Settings, slug: str, key_id: str) -> None:
    async with open_runtime(settings) as runtime:
        tenant = await tenant_id(runtime, slug)
        async with write_transaction(runtime.engine) as conn:
            await revoke_api_key(conn, tenant, key_id)
