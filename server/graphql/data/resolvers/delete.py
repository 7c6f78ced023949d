"""`deleteCustomer(id): Customer!` — soft delete, applying each relation's onDelete."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from graphql import GraphQLResolveInfo

from metadata.database import write_transaction
from metadata.model import ObjectDef
from metadata.storage import record_id

from .common import store


def delete_resolver(obj: ObjectDef) -> Callable[..., Awaitable[Any]]:
    async def resolve(_root: Any, info: GraphQLResolveInfo, id: str) -> Any:
        ctx = info.context
        wanted = record_id(id)
        async with write_transaction(ctx.runtime.engine) as conn:
            return await store(ctx).delete(conn, obj, wanted)

    return resolve
