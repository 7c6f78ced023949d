"""`createCustomers(input: [..]!): [Customer!]!` — all or nothing, at most `max_bulk` records."""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from graphql import GraphQLResolveInfo

from metadata.database import write_transaction
from metadata.errors import QueryTooComplex
from metadata.model import ObjectDef

from .common import store


def create_many_resolver(obj: ObjectDef) -> Callable[..., Awaitable[list[Any]]]:
    async def resolve(_root: Any, info: GraphQLResolveInfo, input: Sequence[Mapping[str, Any]]) -> list[Any]:
        ctx = info.context
        limit = ctx.runtime.settings.limits.max_bulk
        if len(input) > limit:
            raise QueryTooComplex(f"{len(input)} records in one bulk create; the limit is {limit}")
        async with write_transaction(ctx.runtime.engine) as conn:
            return await store(ctx).create_many(conn, obj, input)

    return resolve
