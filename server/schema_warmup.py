"""Build the schemas a metadata change calls for before the next request asks.

When this process commits a metadata change, the first request of each caller would
otherwise wait for the new version's schema. Right after the commit, the new model goes
to the tenant directory, and the schemas of the access keys in use at the previous
version are built off the event loop while the change waits (a bounded time) to answer:
the admin who made it finds it live on the next request. A request arriving meanwhile
joins the build (single-flight). Other processes learn of the change through the version
check and build on their first request, from their previous schema.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Hashable

from metadata.model import TenantModel
from plugins.registry import PluginRegistry

from .graphql.data.plugin_view import PluginView
from .graphql.registry import SchemaRegistry
from .permissions.authorizer import Authorizer
from .tenancy import TenantDirectory

log = logging.getLogger("metacrm.schemas")


class SchemaWarmer:
    def __init__(self, tenants: TenantDirectory, schemas: SchemaRegistry, authorizer: Authorizer,
                 plugins: PluginRegistry, max_schemas: int = 8, wait_seconds: float = 0.25) -> None:
        self._tenants = tenants
        self._schemas = schemas
        self._authorizer = authorizer
        self._plugins = plugins
        self.max_schemas = max_schemas
        """At most this many schemas per change (the most recently built access keys)."""
        self.wait_seconds = wait_seconds
        """How long the change's answer waits for them; builds taking longer go on behind it."""
        self._tasks: set[asyncio.Task[None]] = set()

    async def committed(self, model: TenantModel, since: int) -> None:
        """A metadata change committed in this process (see `MetadataService.committed`):
        the change answers once its schemas are built, so the caller's next request finds
        them, or after `wait_seconds`."""
        state = self._tenants.adopt(model, since)
        if state is None or model.version == since:
            return
        keys = self._schemas.in_use(model.tenant_id, since)[: self.max_schemas]
        if keys:
            plugins = PluginView(self._plugins, self._plugins.enabled_from(state.plugin_switches))
            task = asyncio.get_running_loop().create_task(self._build(model, plugins, keys))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            await asyncio.wait({task}, timeout=self.wait_seconds)

    async def _build(self, model: TenantModel, plugins: PluginView, keys: list[Hashable]) -> None:
        for access_key in keys:
            access = self._authorizer.cached_access(model.tenant_id, model, access_key)
            if access is None:
                continue
            try:
                await self._schemas.get((model.tenant_id, model.version, access_key), model, access, plugins)
            except Exception:  # noqa: BLE001 - the request that needs it builds it again and reports
                log.warning("building the schema of %s version %d ahead failed", model.slug, model.version,
                            exc_info=True)

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
