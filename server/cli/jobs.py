"""`metacrm jobs run [--tenant SLUG ...]`: every enabled plugin's background work, once.

Meant for cron: it prints a JSON summary on stdout (`changed`: records changed per job,
`failed`: jobs that failed per tenant) and exits 1 when a job failed. Jobs are
idempotent, so running it twice in a row changes nothing the second time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import Any

from plugins.jobs import run_due_jobs
from server.settings import Settings

from .common import open_runtime, tenant_id


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    jobs = commands.add_parser("jobs", help="background work of plugins")
    actions = jobs.add_subparsers(dest="action", required=True, metavar="ACTION")
    run = actions.add_parser("run", help="run due jobs once and print a JSON summary")
    run.add_argument(
        "--tenant",
        action="append",
        metavar="SLUG",
        help="only this tenant (repeatable; default: all)",
    )
    run.set_defaults(handler=run_jobs)


def run_jobs(args: argparse.Namespace) -> int:
    summary = asyncio.run(_run(Settings.from_env(), args.tenant))
    print(json.dumps(summary, sort_keys=True))
    for failure in summary["failed"]:
        print(
            f"job {failure['job']} failed for tenant {failure['tenant']}: {failure['error']}",
            file=sys.stderr,
        )
    return 1 if summary["failed"] else 0


async def _run(settings: Settings, slugs: list[str] | None) -> dict[str, Any]:
    async with open_runtime(settings) as runtime:
        ids = [await tenant_id(runtime, slug) for slug in slugs] if slugs else None
        return await run_due_jobs(runtime.engine, runtime.plugins, tenant_ids=ids)
