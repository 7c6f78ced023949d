"""`metacrm jobs run`: every enabled plugin's scheduled jobs, once, for every tenant.

Each (tenant, job) runs in its own write transaction, so one failing job rolls back only
its own changes and the others still run. Jobs are idempotent, so every job is due on
every run: running twice at the same clock changes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from metadata.database import read_transaction, write_transaction
from metadata.errors import CRMError
from metadata.loader import load_model
from metadata.tables import tenants

from .enablement import plugin_settings
from .interface import JobContext
from .registry import PluginRegistry

log = logging.getLogger(__name__)


async def run_due_jobs(
    engine: AsyncEngine,
    registry: PluginRegistry,
    clock: Callable[[], dt.datetime] | None = None,
    tenant_ids: Iterable[str] | None = None,
) -> dict[str, Any]:
    """Run the jobs for every tenant (or only `tenant_ids`).

    Returns `{"changed": {job key: records changed}, "failed": [{tenant, job, error}]}`.
    """
    now = (clock or registry.clock)()
    changed = {job.key: 0 for info in registry.plugins() for job in info.jobs}
    failed: list[dict[str, str]] = []
    async with read_transaction(engine) as conn:
        query = sa.select(tenants.c.id, tenants.c.slug).order_by(tenants.c.slug)
        if tenant_ids is not None:
            query = query.where(tenants.c.id.in_(list(tenant_ids)))
        tenant_rows = (await conn.execute(query)).all()
    for tenant in tenant_rows:
        async with read_transaction(engine) as conn:
            enabled = await registry.enabled(conn, tenant.id)
        for job in registry.jobs(enabled):
            try:
                async with write_transaction(engine) as conn:
                    model = await load_model(conn, tenant.id)
                    settings = registry.validate_settings(
                        job.plugin, await plugin_settings(conn, tenant.id, job.plugin)
                    )
                    changed[job.key] += await job.run(JobContext(conn, model, settings, now))
            except Exception as exc:  # one tenant's broken job must not stop the others
                log.exception("job %s failed for tenant %s", job.key, tenant.slug)
                reason = (
                    exc.message
                    if isinstance(exc, CRMError)
                    else "internal error (see the server log)"
                )
                failed.append({"tenant": tenant.slug, "job": job.key, "error": reason})
    return {"changed": changed, "failed": failed}
