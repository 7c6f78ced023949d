"""`createCustomers(input: [..]!): [Customer!]!` — all or nothing, at most `max_bulk` records."""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from graphql import GraphQLResolveInfo

from metadata.errors import QueryTooComplex
from metadata.model import ObjectDef

from ..write_hooks import writing
from .common import store


def create_many_resolver(obj: ObjectDef) -> Callable[..., Awaitable[list[Any]]]:
    async def resolve(_root: Any, info: GraphQLResolveInfo, input: Sequence[Mapping[str, Any]]) -> list[Any]:
        ctx = info.context
        limit = ctx.runtime.settings.limits.max_bulk
        if len(input) > limit:
            raise QueryTooComplex(f"{len(input)} records in one bulk create; the limit is {limit}")
        async with writing(ctx) as conn:
            return await store(ctx).create_many(conn, obj, input)

    return resolve
