"""Plugins' extra mutations (`claimLead(id: ID!): Lead!`): arguments from their declared
GraphQL types, one write transaction, the record read back with the caller's READ scope.

The plugin sees the records through `MutationContext.record`, which applies the caller's
row scope for the action it asks about, so a plugin cannot reach rows the caller could not.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import sqlalchemy as sa
from graphql import (
    GraphQLArgument,
    GraphQLField,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLResolveInfo,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from metadata.errors import Forbidden
from metadata.model import ObjectDef
from metadata.physical import record_table
from metadata.storage import record_id
from metadata.storage.selects import output_columns
from plugins.interface import MutationContext, MutationSpec
from plugins.registry import PluginError
from server.context import RequestContext

from .catalog import SCALARS, Catalog
from .object_types import object_type
from .resolvers.common import computed_selected, store
from .write_hooks import plugin_hooks, writing


def input_type(spec: str) -> GraphQLInputType:
    """`ID!`, `[String!]`, `Int` ... -> the graphql-core input type (plugin-declared names)."""
    text = spec.strip()
    if text.endswith("!"):
        return GraphQLNonNull(input_type(text[:-1]))  # type: ignore[arg-type]
    if text.startswith("[") and text.endswith("]"):
        return GraphQLList(input_type(text[1:-1]))
    scalar = SCALARS.get(text)
    if scalar is None:
        raise PluginError(f"unknown argument type {spec!r}")
    return scalar  # type: ignore[no-any-return]


def _lookup(ctx: RequestContext, conn: AsyncConnection) -> Callable[[ObjectDef, str, str], Awaitable[Any]]:
    scope = store(ctx).scope

    async def record(obj: ObjectDef, id: str, action: str) -> Mapping[str, Any] | None:
        table = record_table(obj)
        where = [table.c.id == record_id(id), table.c.deleted_at.is_(None)]
        condition = scope.for_action(obj, table, action)
        if condition is not None:
            where.append(condition)
        return (await conn.execute(sa.select(*output_columns(obj, table)).where(*where))).mappings().first()

    return record


def mutation_resolver(spec: MutationSpec, obj: ObjectDef) -> Callable[..., Awaitable[Any]]:
    async def resolve(_root: Any, info: GraphQLResolveInfo, **args: Any) -> Any:
        ctx: RequestContext = info.context
        registry = ctx.runtime.plugins
        async with writing(ctx) as conn:
            settings = await registry.settings(conn, ctx.model.tenant_id, spec.plugin)
            mutation = MutationContext(conn, ctx.model, ctx.principal.user_id, ctx.principal.roles, settings,
                                       ctx.now, _lookup(ctx, conn))
            changed = await spec.resolve(mutation, args)
            row = await store(ctx).get(conn, obj, changed, computed_selected(ctx, obj, info))
            if row is None:
                raise Forbidden(f"the {obj.name} would fall outside the records you may read")
            plugin_hooks(ctx).committed("update", obj, row["id"], row)
        return row

    return resolve


def plugin_mutation_fields(catalog: Catalog) -> dict[str, GraphQLField]:
    """The extra mutations this caller may run (absent without the action they need)."""
    return {
        spec.name: GraphQLField(
            GraphQLNonNull(object_type(catalog, obj)),
            args={name: GraphQLArgument(input_type(t)) for name, t in spec.args.items()},
            resolve=mutation_resolver(spec, obj),
            description=spec.description,
        )
        for spec, obj in catalog.mutations()
    }
