"""`metacrm serve`: migrate, seed a demo tenant on a fresh database, then run uvicorn.

The banner (on stderr) gives everything needed to try the API at once: the GraphiQL URL,
an admin token for `demo` and the command that mints more.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

import sqlalchemy as sa
import uvicorn

from metadata.database import read_transaction
from metadata.migrate import upgrade
from metadata.tables import tenants
from metadata.templates.demo import load_demo_data
from server.auth.tokens import mint_token
from server.settings import Settings

from .common import open_runtime, positive_int

DEMO_SLUG = "demo"
DEMO_ADMIN = "u-admin"
BANNER_TOKEN_TTL = 24 * 3600


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "serve", help="run the server (migrates, seeds `demo` on a fresh database)"
    )
    parser.add_argument("--host", help="bind address (default METACRM_HOST or 127.0.0.1)")
    parser.add_argument("--port", type=positive_int, help="port (default METACRM_PORT or 8000)")
    parser.add_argument(
        "--workers", type=positive_int, default=1, help="worker processes (default 1)"
    )
    parser.set_defaults(handler=serve)


async def prepare_database(settings: Settings) -> bool:
    """Migrate; on a database without tenants create `demo` with sample records.

    Returns whether the `demo` tenant exists afterwards.
    """
    async with open_runtime(settings, migrated=False) as runtime:
        await upgrade(runtime.engine)
        async with read_transaction(runtime.engine) as conn:
            slugs = set((await conn.execute(sa.select(tenants.c.slug))).scalars())
        if not slugs:
            print(f"fresh database: creating tenant {DEMO_SLUG!r} with demo data", file=sys.stderr)
            demo = await runtime.metadata.create_tenant(DEMO_SLUG, template="crm")
            await load_demo_data(runtime.engine, demo)
            slugs.add(DEMO_SLUG)
        return DEMO_SLUG in slugs


def banner(settings: Settings, host: str, port: int, has_demo: bool) -> str:
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://{shown_host}:{port}/graphql"
    lines = [f"GraphiQL: {url} (metadata API: http://{shown_host}:{port}/metadata)"]
    if has_demo:
        token = mint_token(settings.secret, DEMO_SLUG, DEMO_ADMIN, ["admin"], BANNER_TOKEN_TTL)
        lines += [
            "Admin token for tenant 'demo' (valid 24 hours); paste into GraphiQL's headers as",
            f'  {{"Authorization": "Bearer {token}"}}',
            "More tokens: metacrm token --tenant demo --user u-admin --roles admin",
        ]
    else:
        lines.append("Tokens: metacrm token --tenant SLUG --user USER_ID --roles admin")
    return "\n".join(lines)


def serve(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    host = args.host or settings.host
    port = args.port or settings.port
    has_demo = asyncio.run(prepare_database(settings))
    print(banner(settings, host, port, has_demo), file=sys.stderr, flush=True)
    # The import string lets uvicorn start the app in every worker process; each one
    # builds its own settings from the same environment.
    uvicorn.run("server.app:create_app", factory=True, host=host, port=port, workers=args.workers)
    return 0
