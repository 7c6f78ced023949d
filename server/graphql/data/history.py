"""`Customer.history(first, after): AuditEntryConnection!` — a record's audit entries, newest
first, showing only the fields the caller may read (SPEC §5).

Batched like inverse relations: one statement pages the history of every record on the
page (ROW_NUMBER per record), one reads the object's field renames so old entries use
today's names, one GROUP BY counts when `totalCount` is asked for. Cursors are signed.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from graphql import (
    GraphQLArgument,
    GraphQLField,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLResolveInfo,
    GraphQLString,
)
from strawberry.dataloader import DataLoader

from metadata.database import read_transaction
from metadata.model import FieldType, ObjectDef
from metadata.storage import Page
from metadata.storage.cursors import CursorCodec
from metadata.storage.history import current_names, history_counts, history_pages, renames
from metadata.storage.ordering import SortKey
from metadata.storage.selects import api_name
from server.context import RequestContext

from .catalog import Catalog
from .connections import Connection, PageInfo
from .resolvers.common import loader_key, page_size
from .scalars import JSON, DateTime

NEWEST_FIRST = (SortKey("id", "id", FieldType.INTEGER, descending=True, nullable=False),)
ALWAYS_READABLE = frozenset({"ownerId", "deletedAt"})

AuditEntry = GraphQLObjectType(
    "AuditEntry",
    {
        "at": GraphQLField(GraphQLNonNull(DateTime)),
        "actor": GraphQLField(GraphQLString, description="Who made the change."),
        "action": GraphQLField(GraphQLNonNull(GraphQLString), description="create, update, delete or restore."),
        "changes": GraphQLField(GraphQLNonNull(JSON), description="`{field: {before, after}}` for each changed field you may read."),
    },
    description="One change of a record.",
)

AuditEntryEdge = GraphQLObjectType(
    "AuditEntryEdge",
    {
        "cursor": GraphQLField(GraphQLNonNull(GraphQLString), resolve=lambda edge, _info: edge[0].cursor(edge[1])),
        "node": GraphQLField(GraphQLNonNull(AuditEntry), resolve=lambda edge, _info: edge[1]),
    },
)

AuditEntryConnection = GraphQLObjectType(
    "AuditEntryConnection",
    {
        "edges": GraphQLField(GraphQLNonNull(GraphQLList(GraphQLNonNull(AuditEntryEdge))),
                              resolve=lambda c, _info: [(c.page, row) for row in c.page.rows]),
        "pageInfo": GraphQLField(GraphQLNonNull(PageInfo), resolve=lambda c, _info: c.page),
        "totalCount": GraphQLField(GraphQLNonNull(GraphQLInt), resolve=lambda c, _info: c.total()),
    },
    description="A page of a record's history, newest first.",
)


def _codec(ctx: RequestContext, obj: ObjectDef) -> CursorCodec:
    return CursorCodec(ctx.runtime.settings.secret, ctx.model.tenant_id, f"{obj.id}/history", NEWEST_FIRST)


def _pages_loader(ctx: RequestContext, obj: ObjectDef, readable: frozenset[str], first: int,
                  after: str | None) -> DataLoader[str, Page]:
    key = loader_key("data.history", obj.id, first, after)
    loader = ctx.loaders.get(key)
    if loader is None:
        codec = _codec(ctx, obj)
        before_id = codec.decode(after)[0] if after is not None else None

        async def load(record_ids: Sequence[str]) -> list[Page]:
            tenant = ctx.model.tenant_id
            async with read_transaction(ctx.runtime.engine) as conn:
                pages = await history_pages(conn, tenant, obj.id, list(record_ids), first, before_id)
                renamed = await renames(conn, tenant, obj.id) if any(pages.values()) else []
            out = []
            for record_id in record_ids:
                rows = [_visible(entry, readable, renamed) for entry in pages[record_id]]
                out.append(Page(rows[:first], len(rows) > first, codec))
            return out

        loader = ctx.loaders[key] = DataLoader(load_fn=load)
    return loader  # type: ignore[no-any-return]


def _visible(entry: Mapping[str, Any], readable: frozenset[str], renamed: list[tuple[int, str, str]]) -> dict[str, Any]:
    changes = current_names(entry["id"], entry["changes"], renamed)
    return {**entry, "changes": {k: v for k, v in changes.items() if k in readable}}


def _counts_loader(ctx: RequestContext, obj: ObjectDef) -> DataLoader[str, int]:
    key = ("data.historyCounts", obj.id)
    loader = ctx.loaders.get(key)
    if loader is None:
        async def load(record_ids: Sequence[str]) -> list[int]:
            async with read_transaction(ctx.runtime.engine) as conn:
                counts = await history_counts(conn, ctx.model.tenant_id, obj.id, list(record_ids))
            return [counts[r] for r in record_ids]

        loader = ctx.loaders[key] = DataLoader(load_fn=load)
    return loader  # type: ignore[no-any-return]


def history_resolver(obj: ObjectDef, readable: frozenset[str]) -> Callable[..., Awaitable[Connection]]:
    """`readable`: the API names whose changes this caller may see."""

    async def resolve(row: Mapping[str, Any], info: GraphQLResolveInfo, first: int | None = None,
                      after: str | None = None) -> Connection:
        ctx = info.context
        record_id = row["id"]
        page = await _pages_loader(ctx, obj, readable, page_size(ctx, first), after).load(record_id)
        counts = _counts_loader(ctx, obj)
        return Connection(page, lambda: counts.load(record_id))

    return resolve


def history_field(catalog: Catalog, obj: ObjectDef) -> GraphQLField:
    readable = frozenset(api_name(f) for f in catalog.fields(obj)) | ALWAYS_READABLE
    return GraphQLField(
        GraphQLNonNull(AuditEntryConnection),
        args={
            "first": GraphQLArgument(GraphQLInt, description="Page size (default 50)."),
            "after": GraphQLArgument(GraphQLString, description="`endCursor` of the previous page."),
        },
        resolve=history_resolver(obj, readable),
        description="Changes of this record, newest first (only fields you may read).",
    )
