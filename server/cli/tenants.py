"""`metacrm tenant create SLUG [--template crm] [--demo]`."""

from __future__ import annotations

import argparse
import asyncio
import sys

from metadata.templates.demo import load_demo_data
from server.settings import Settings

from .common import CLIError, open_runtime

NO_TEMPLATE = "none"


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    tenant = commands.add_parser("tenant", help="manage tenants")
    actions = tenant.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = actions.add_parser("create", help="create a tenant and print its id")
    create.add_argument("slug", metavar="SLUG")
    create.add_argument(
        "--template",
        default="crm",
        help=f"objects and roles to start from (default crm; `{NO_TEMPLATE}`: admin role only)",
    )
    create.add_argument(
        "--demo", action="store_true", help="add sample records (crm template only)"
    )
    create.set_defaults(handler=create_tenant)


def create_tenant(args: argparse.Namespace) -> int:
    template = None if args.template == NO_TEMPLATE else args.template
    if args.demo and template != "crm":
        raise CLIError("--demo needs --template crm")
    tenant_id = asyncio.run(_create(Settings.from_env(), args.slug, template, args.demo))
    print(tenant_id)
    print(f"tenant {args.slug!r} created", file=sys.stderr)
    return 0


async def _create(settings: Settings, slug: str, template: str | None, demo: bool) -> str:
    async with open_runtime(settings) as runtime:
        tenant_id = await runtime.metadata.create_tenant(slug, template=template)
        if demo:
            await load_demo_data(runtime.engine, tenant_id)
        return tenant_id
