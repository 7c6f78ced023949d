"""`restoreCustomer(id): Customer!` — brings a soft-deleted record back (version +1)."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from graphql import GraphQLResolveInfo

from metadata.model import ObjectDef
from metadata.storage import record_id

from ..write_hooks import writing
from .common import store


def restore_resolver(obj: ObjectDef) -> Callable[..., Awaitable[Any]]:
    async def resolve(_root: Any, info: GraphQLResolveInfo, id: str) -> Any:
        ctx = info.context
        wanted = record_id(id)
        async with writing(ctx) as conn:
            return await store(ctx).restore(conn, obj, wanted)

    return resolve
