"""Plugins' record hooks around the data API's writes, and their after-commit notice.

The record store calls `PluginHooks` inside each write's transaction, so a hook that
raises rolls the whole write back and its `CRMError` reaches the client unchanged.
`writing(ctx)` is the one way resolvers open a write transaction: after it commits, the
enabled plugins hear about every record it changed.
"""
from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from metadata.database import write_transaction
from metadata.fieldtypes import json_value
from metadata.model import ObjectDef
from plugins.interface import CommittedChange, RecordEvent
from server.context import RequestContext

KEY = "data.hooks"


class PluginHooks:
    """The storage layer's `WriteHooks`, bound to one request's tenant, caller and plugins."""

    def __init__(self, ctx: RequestContext) -> None:
        self.ctx = ctx
        self.registry = ctx.runtime.plugins
        self.enabled = ctx.plugins
        self.pending: list[CommittedChange] = []
        self._listening: dict[str, bool] = {}

    def listening(self, action: str) -> bool:
        """An enabled plugin has a record hook for `action`, or hears about commits."""
        found = self._listening.get(action)
        if found is None:
            names = (f"before_{action}", f"after_{action}", "after_commit")
            found = self._listening[action] = any(self.registry.implemented(n, self.enabled) for n in names)
        return found

    def _event(self, conn: AsyncConnection, obj: ObjectDef, action: str, record_id: str | None,
               before: Mapping[str, Any] | None, values: dict[str, Any]) -> RecordEvent:
        return RecordEvent(action, conn, self.ctx.model, obj, self.ctx.actor, self.ctx.now, record_id,
                           before, values)

    async def before(self, conn: AsyncConnection, obj: ObjectDef, action: str, record_id: str | None,
                     before: Mapping[str, Any] | None, values: dict[str, Any]) -> dict[str, Any]:
        event = self._event(conn, obj, action, record_id, before, values)
        await self.registry.run_record_hook(f"before_{action}", self.enabled, event)
        return event.values

    async def after(self, conn: AsyncConnection, obj: ObjectDef, action: str, record_id: str,
                    before: Mapping[str, Any] | None, row: Mapping[str, Any]) -> None:
        event = self._event(conn, obj, action, record_id, before, dict(row))
        await self.registry.run_record_hook(f"after_{action}", self.enabled, event)
        self.committed(action, obj, record_id, row)

    def committed(self, action: str, obj: ObjectDef, record_id: str, row: Mapping[str, Any]) -> None:
        """Note a change for the after-commit hooks (sent only if the transaction commits)."""
        values = {name: json_value(value) for name, value in row.items()}
        self.pending.append(CommittedChange(action, self.ctx.model.tenant_id, obj.name, record_id,
                                            self.ctx.actor, values))


def plugin_hooks(ctx: RequestContext) -> PluginHooks:
    found = ctx.loaders.get(KEY)
    if found is None:
        found = ctx.loaders[KEY] = PluginHooks(ctx)
    return found  # type: ignore[no-any-return]


@asynccontextmanager
async def writing(ctx: RequestContext) -> AsyncIterator[AsyncConnection]:
    """One write transaction; after it commits, the after-commit hooks of the enabled plugins."""
    hooks = plugin_hooks(ctx)
    hooks.pending = []
    async with write_transaction(ctx.runtime.engine) as conn:
        yield conn
    changes, hooks.pending = hooks.pending, []
    await hooks.registry.after_commit(hooks.enabled, changes)
