"""`Customer.tickets(filter, orderBy, first, after): TicketConnection!` — each parent's page
in one ROW_NUMBER() statement per request and argument set; totalCount by one GROUP BY."""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from graphql import GraphQLResolveInfo
from strawberry.dataloader import DataLoader

from metadata.database import read_transaction
from metadata.model import FieldDef, ObjectDef
from metadata.storage import Page, PageArgs
from metadata.storage.relations import children_counts, children_pages
from server.context import RequestContext

from ..connections import Connection
from .common import computed_selected, loader_key, page_size, store


def _pages_loader(ctx: RequestContext, source: ObjectDef, f: FieldDef, args: PageArgs) -> DataLoader[str, Page]:
    key = loader_key("data.children", f.id, args.filter, args.order_by, args.first, args.after, sorted(args.derived))
    loader = ctx.loaders.get(key)
    if loader is None:
        async def load(parent_ids: Sequence[str]) -> list[Page]:
            records = store(ctx)
            async with read_transaction(ctx.runtime.engine) as conn:
                pages = await children_pages(conn, records, source, f, list(parent_ids), args)
            return [pages[p] for p in parent_ids]

        loader = ctx.loaders[key] = DataLoader(load_fn=load)
    return loader  # type: ignore[no-any-return]


def _counts_loader(ctx: RequestContext, source: ObjectDef, f: FieldDef,
                   filter: Mapping[str, Any] | None) -> DataLoader[str, int]:
    key = loader_key("data.childCounts", f.id, filter)
    loader = ctx.loaders.get(key)
    if loader is None:
        async def load(parent_ids: Sequence[str]) -> list[int]:
            records = store(ctx)
            async with read_transaction(ctx.runtime.engine) as conn:
                counts = await children_counts(conn, records, source, f, list(parent_ids), filter)
            return [counts[p] for p in parent_ids]

        loader = ctx.loaders[key] = DataLoader(load_fn=load)
    return loader  # type: ignore[no-any-return]


def inverse_resolver(source: ObjectDef, f: FieldDef) -> Callable[..., Awaitable[Connection]]:
    async def resolve(
        parent: Mapping[str, Any],
        info: GraphQLResolveInfo,
        filter: Mapping[str, Any] | None = None,
        orderBy: Sequence[Mapping[str, Any]] | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection:
        ctx = info.context
        args = PageArgs(filter, orderBy, page_size(ctx, first), after,
                        derived=computed_selected(ctx, source, info, "edges", "node"))
        parent_id = parent["id"]
        page = await _pages_loader(ctx, source, f, args).load(parent_id)
        counts = _counts_loader(ctx, source, f, filter)
        return Connection(page, lambda: counts.load(parent_id))

    return resolve
