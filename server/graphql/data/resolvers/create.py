"""`createCustomer(input): Customer!` — one transaction."""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from graphql import GraphQLResolveInfo

from metadata.database import write_transaction
from metadata.model import ObjectDef

from .common import store


def create_resolver(obj: ObjectDef) -> Callable[..., Awaitable[Any]]:
    async def resolve(_root: Any, info: GraphQLResolveInfo, input: Mapping[str, Any]) -> Any:
        ctx = info.context
        async with write_transaction(ctx.runtime.engine) as conn:
            return await store(ctx).create(conn, obj, input)

    return resolve
