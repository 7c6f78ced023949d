"""`Ticket.customer: Customer` — one batched `WHERE id IN (...)` per request and target."""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from graphql import GraphQLResolveInfo
from strawberry.dataloader import DataLoader

from metadata.database import read_transaction
from metadata.model import FieldDef, ObjectDef
from server.context import RequestContext

from .common import computed_selected, store


def by_id_loader(ctx: RequestContext, target: ObjectDef, derived: frozenset[str] = frozenset()) -> DataLoader[str, Any]:
    """`derived`: the computed values to read with the targets (part of the key: aliases differ)."""
    key = ("data.byId", target.id, tuple(sorted(derived)))
    loader = ctx.loaders.get(key)
    if loader is None:
        async def load(ids: Sequence[str]) -> list[Any]:
            records = store(ctx)
            async with read_transaction(ctx.runtime.engine) as conn:
                found = await records.get_many(conn, target, list(ids), derived)
            return [found.get(i) for i in ids]

        loader = ctx.loaders[key] = DataLoader(load_fn=load)
    return loader  # type: ignore[no-any-return]


def relation_resolver(target: ObjectDef, f: FieldDef) -> Callable[..., Awaitable[Any] | None]:
    """A reference to a deleted or out-of-scope record reads as null."""
    key = f.id_name

    def resolve(row: Mapping[str, Any], info: GraphQLResolveInfo) -> Awaitable[Any] | None:
        ref = row.get(key)
        if ref is None:
            return None
        ctx = info.context
        return by_id_loader(ctx, target, computed_selected(ctx, target, info)).load(ref)

    return resolve
