"""`CustomerOrderBy`: one optional direction per sortable field the caller can read."""
from __future__ import annotations

from graphql import GraphQLEnumType, GraphQLEnumValue, GraphQLInputField, GraphQLInputObjectType

from metadata import fieldtypes
from metadata.model import ObjectDef
from metadata.storage.ordering import SYSTEM_SORT_KEYS, sortable_keys
from metadata.storage.selects import api_name

from .catalog import Catalog

OrderDirection = GraphQLEnumType(
    "OrderDirection",
    {
        "ASC": GraphQLEnumValue("ASC", description="Ascending, nulls last."),
        "DESC": GraphQLEnumValue("DESC", description="Descending, nulls last."),
    },
)


DIRECTION = GraphQLInputField(OrderDirection)
"""One shared field object for every sort key: schemas are large, and this is immutable."""


def order_input(catalog: Catalog, obj: ObjectDef) -> GraphQLInputObjectType:
    def build() -> GraphQLInputObjectType:
        keys = sortable_keys(obj)
        names = list(SYSTEM_SORT_KEYS) + [api_name(f) for f in catalog.fields(obj) if api_name(f) in keys]
        names += [cf.name for cf in catalog.sql_computed(obj) if fieldtypes.info(cf.kind.field_type).sortable]
        return GraphQLInputObjectType(
            f"{obj.type_name}OrderBy",
            dict.fromkeys(names, DIRECTION),
            description="One key per entry; the list order gives the precedence, `id` breaks ties.",
        )

    return catalog.cached("order", obj, build)  # type: ignore[no-any-return]
