"""`updateCustomer(id, input, expectedVersion): Customer!` — CONFLICT on a version mismatch."""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from graphql import GraphQLResolveInfo

from metadata.model import ObjectDef
from metadata.storage import record_id

from ..write_hooks import writing
from .common import store


def update_resolver(obj: ObjectDef) -> Callable[..., Awaitable[Any]]:
    async def resolve(_root: Any, info: GraphQLResolveInfo, id: str, input: Mapping[str, Any],
                      expectedVersion: int | None = None) -> Any:
        ctx = info.context
        wanted = record_id(id)
        async with writing(ctx) as conn:
            return await store(ctx).update(conn, obj, wanted, input, expectedVersion)

    return resolve
