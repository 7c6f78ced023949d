"""`createCustomer(input): Customer!` — one transaction."""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from graphql import GraphQLResolveInfo

from metadata.model import ObjectDef

from ..write_hooks import writing
from .common import store


def create_resolver(obj: ObjectDef) -> Callable[..., Awaitable[Any]]:
    async def resolve(_root: Any, info: GraphQLResolveInfo, input: Mapping[str, Any]) -> Any:
        ctx = info.context
        async with writing(ctx) as conn:
            return await store(ctx).create(conn, obj, input)

    return resolve
