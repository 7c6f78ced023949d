"""`CustomerAggregate { group count sum avg min max }` and the `CustomerGroupBy` enum.

sum/min/max keep each field's type, avg is Float; they are omitted when the caller can
read no numeric field of the object.
"""
from __future__ import annotations

from graphql import (
    GraphQLEnumType,
    GraphQLEnumValue,
    GraphQLField,
    GraphQLFloat,
    GraphQLInt,
    GraphQLNonNull,
    GraphQLObjectType,
)

from metadata import fieldtypes
from metadata.model import FieldDef, ObjectDef
from metadata.storage.selects import api_name

from .catalog import Catalog, describe, scalar_of
from .scalars import JSON

ENUM_RESERVED = frozenset({"true", "false", "null"})


def numeric_fields(catalog: Catalog, obj: ObjectDef) -> list[FieldDef]:
    return [f for f in catalog.fields(obj) if fieldtypes.info(f.type).numeric]


def group_names(catalog: Catalog, obj: ObjectDef) -> list[str]:
    names = ["ownerId"] + [api_name(f) for f in catalog.fields(obj) if fieldtypes.info(f.type).groupable]
    return [n for n in names if n not in ENUM_RESERVED]


def group_by_enum(catalog: Catalog, obj: ObjectDef) -> GraphQLEnumType:
    return catalog.cached("groupBy", obj, lambda: GraphQLEnumType(  # type: ignore[no-any-return]
        f"{obj.type_name}GroupBy",
        {name: GraphQLEnumValue(name) for name in group_names(catalog, obj)},
        description=f"Fields {obj.label_plural} can be grouped by.",
    ))


def aggregate_type(catalog: Catalog, obj: ObjectDef) -> GraphQLObjectType:
    def build() -> GraphQLObjectType:
        numeric = numeric_fields(catalog, obj)
        fields = {
            "group": GraphQLField(JSON, description="`{field: value}` for each groupBy entry; `{}` without groupBy."),
            "count": GraphQLField(GraphQLNonNull(GraphQLInt)),
        }
        if numeric:
            same = GraphQLObjectType(
                f"{obj.type_name}NumericAggregate",
                {f.name: GraphQLField(scalar_of(f), description=describe(f)) for f in numeric},
            )
            avg = GraphQLObjectType(
                f"{obj.type_name}AvgAggregate",
                {f.name: GraphQLField(GraphQLFloat, description=describe(f)) for f in numeric},
            )
            fields.update(sum=GraphQLField(same), avg=GraphQLField(avg), min=GraphQLField(same), max=GraphQLField(same))
        return GraphQLObjectType(f"{obj.type_name}Aggregate", fields)

    return catalog.cached("aggregate", obj, build)  # type: ignore[no-any-return]
