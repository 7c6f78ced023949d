"""`customersAggregate(filter, groupBy): [CustomerAggregate!]!` — one statement."""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from graphql import GraphQLResolveInfo

from metadata.database import read_transaction
from metadata.model import FieldDef, ObjectDef
from metadata.storage.aggregates import aggregate

from .common import store


def aggregate_resolver(obj: ObjectDef, numeric: Sequence[FieldDef]) -> Callable[..., Awaitable[list[dict[str, Any]]]]:
    """`numeric`: the fields the caller may aggregate (hidden ones never reach SQL)."""

    async def resolve(
        _root: Any,
        info: GraphQLResolveInfo,
        filter: Mapping[str, Any] | None = None,
        groupBy: Sequence[str] | None = None,
    ) -> list[dict[str, Any]]:
        ctx = info.context
        records = store(ctx)
        async with read_transaction(ctx.runtime.engine) as conn:
            return await aggregate(conn, records.model, obj, records.ctx, filter=filter,
                                   group_by=list(groupBy or ()), fields=numeric)

    return resolve
