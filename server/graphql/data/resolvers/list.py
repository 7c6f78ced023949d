"""`customers(filter, orderBy, first, after, includeDeleted): CustomerConnection!`."""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from graphql import GraphQLResolveInfo

from metadata.database import read_transaction
from metadata.model import ObjectDef
from metadata.storage import PageArgs

from ..connections import Connection
from .common import computed_selected, page_size, store


def list_resolver(obj: ObjectDef) -> Callable[..., Awaitable[Connection]]:
    async def resolve(
        _root: Any,
        info: GraphQLResolveInfo,
        filter: Mapping[str, Any] | None = None,
        orderBy: Sequence[Mapping[str, Any]] | None = None,
        first: int | None = None,
        after: str | None = None,
        includeDeleted: bool = False,
    ) -> Connection:
        ctx = info.context
        records = store(ctx)
        args = PageArgs(filter, orderBy, page_size(ctx, first), after, bool(includeDeleted),
                        computed_selected(ctx, obj, info, "edges", "node"))
        engine = ctx.runtime.engine
        async with read_transaction(engine) as conn:
            page = await records.page(conn, obj, args)

        async def total() -> int:
            async with read_transaction(engine) as conn:
                return await records.count(conn, obj, filter, bool(includeDeleted))

        return Connection(page, total)

    return resolve
