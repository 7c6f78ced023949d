"""Plugins on `POST /metadata`: what is installed, what each offers, on/off per tenant."""
from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from metadata.database import write_transaction
from plugins.enablement import set_plugin_enabled
from plugins.registry import PluginInfo

from .guard import admin_context


@strawberry.type
class ComputedKindMeta:
    name: str
    description: str
    return_type: str
    config_schema: JSON


@strawberry.type
class PluginMeta:
    name: str
    description: str
    enabled: bool
    builtin: bool = strawberry.field(description="Shipped with metacrm (on unless turned off).")
    computed_kinds: list[ComputedKindMeta]


def _meta(info: PluginInfo, enabled: set[str]) -> PluginMeta:
    return PluginMeta(
        name=info.name,
        description=info.description,
        enabled=info.name in enabled,
        builtin=info.builtin,
        computed_kinds=[
            ComputedKindMeta(name=k.name, description=k.description, return_type=k.return_type,
                             config_schema=dict(k.config_schema))
            for k in info.kinds
        ],
    )


@strawberry.type
class PluginQueries:
    @strawberry.field
    async def plugins(self, info: strawberry.Info) -> list[PluginMeta]:
        ctx = admin_context(info)
        registry = ctx.runtime.plugins
        async with ctx.runtime.engine.connect() as conn:
            enabled = await registry.enabled(conn, ctx.principal.tenant_id)
        return [_meta(p, enabled) for p in registry.plugins()]


@strawberry.type
class PluginMutations:
    @strawberry.mutation
    async def set_plugin_enabled(self, info: strawberry.Info, name: str, enabled: bool) -> PluginMeta:
        ctx = admin_context(info)
        registry = ctx.runtime.plugins
        plugin = registry.info(name)
        async with write_transaction(ctx.runtime.engine) as conn:
            await set_plugin_enabled(conn, ctx.principal.tenant_id, name, enabled, actor=ctx.actor,
                                     defaults=registry.builtin_names)
            now_enabled = await registry.enabled(conn, ctx.principal.tenant_id)
        return _meta(plugin, now_enabled)
