"""`CustomerConnection { edges pageInfo totalCount }`, `CustomerEdge { cursor node }` and the
shared `PageInfo`. Cursors and totalCount are computed only when selected."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from graphql import (
    GraphQLBoolean,
    GraphQLField,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLString,
)

from metadata.model import ObjectDef
from metadata.storage import Page

from .catalog import Catalog


@dataclass
class Connection:
    """What a connection field resolves to: a page and a way to count everything."""

    page: Page
    total: Callable[[], Awaitable[int]]


PageInfo = GraphQLObjectType(
    "PageInfo",
    {
        "hasNextPage": GraphQLField(GraphQLNonNull(GraphQLBoolean), resolve=lambda page, _info: page.has_next),
        "endCursor": GraphQLField(GraphQLString, resolve=lambda page, _info: page.end_cursor,
                                  description="Pass as `after` to get the next page."),
    },
)


def _edges(connection: Connection, _info: Any) -> list[tuple[Page, Any]]:
    page = connection.page
    return [(page, row) for row in page.rows]


def edge_type(catalog: Catalog, obj: ObjectDef) -> GraphQLObjectType:
    from .object_types import object_type

    return catalog.cached("edge", obj, lambda: GraphQLObjectType(
        f"{obj.type_name}Edge",
        lambda: {
            "cursor": GraphQLField(GraphQLNonNull(GraphQLString), resolve=lambda edge, _info: edge[0].cursor(edge[1])),
            "node": GraphQLField(GraphQLNonNull(object_type(catalog, obj)), resolve=lambda edge, _info: edge[1]),
        },
    ))


def connection_type(catalog: Catalog, obj: ObjectDef) -> GraphQLObjectType:
    return catalog.cached("connection", obj, lambda: GraphQLObjectType(
        f"{obj.type_name}Connection",
        lambda: {
            "edges": GraphQLField(GraphQLNonNull(GraphQLList(GraphQLNonNull(edge_type(catalog, obj)))), resolve=_edges),
            "pageInfo": GraphQLField(GraphQLNonNull(PageInfo), resolve=lambda c, _info: c.page),
            "totalCount": GraphQLField(GraphQLNonNull(GraphQLInt), resolve=lambda c, _info: c.total(),
                                       description="Every matching record, not just this page."),
        },
        description=f"A page of {obj.label_plural}.",
    ))
