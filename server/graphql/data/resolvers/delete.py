"""`deleteCustomer(id): Customer!` — soft delete, applying each relation's onDelete."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from graphql import GraphQLResolveInfo

from metadata.model import ObjectDef
from metadata.storage import record_id

from ..write_hooks import writing
from .common import store


def delete_resolver(obj: ObjectDef) -> Callable[..., Awaitable[Any]]:
    async def resolve(_root: Any, info: GraphQLResolveInfo, id: str) -> Any:
        ctx = info.context
        wanted = record_id(id)
        async with writing(ctx) as conn:
            return await store(ctx).delete(conn, obj, wanted)

    return resolve
