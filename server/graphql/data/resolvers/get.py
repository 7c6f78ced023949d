"""`customer(id: ID!): Customer` — null for missing, deleted, out-of-scope or foreign ids."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from graphql import GraphQLResolveInfo

from metadata.database import read_transaction
from metadata.model import ObjectDef
from metadata.storage import record_id

from .common import computed_selected, store


def get_resolver(obj: ObjectDef) -> Callable[..., Awaitable[Any]]:
    async def resolve(_root: Any, info: GraphQLResolveInfo, id: str) -> Any:
        ctx = info.context
        wanted = record_id(id)
        async with read_transaction(ctx.runtime.engine) as conn:
            return await store(ctx).get(conn, obj, wanted, computed_selected(ctx, obj, info))

    return resolve
