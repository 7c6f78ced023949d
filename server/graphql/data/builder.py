"""Assembles the data API (`Query`, `Mutation`) of one tenant model as one caller sees it.

Built with graphql-core types directly (strawberry's decorators cost ~30x at runtime);
every generated construct comes from its own module and is built once per schema.
"""
from __future__ import annotations

from graphql import (
    GraphQLArgument,
    GraphQLBoolean,
    GraphQLField,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
)

from metadata.model import ObjectDef, TenantModel, pascal_case
from server.permissions.access import CREATE, DELETE, UPDATE, Access

from .aggregates import aggregate_type, group_by_enum, numeric_fields
from .catalog import Catalog
from .connections import connection_type
from .filter_inputs import filter_input
from .mutation_inputs import create_input, update_input
from .object_types import object_type, page_arguments
from .plugin_mutations import plugin_mutation_fields
from .plugin_view import PluginView
from .resolvers.aggregate import aggregate_resolver
from .resolvers.create import create_resolver
from .resolvers.create_many import create_many_resolver
from .resolvers.delete import delete_resolver
from .resolvers.get import get_resolver
from .resolvers.list import list_resolver
from .resolvers.restore import restore_resolver
from .resolvers.update import update_resolver
from .scalars import ID


def _query_fields(catalog: Catalog, obj: ObjectDef) -> dict[str, GraphQLField]:
    record = object_type(catalog, obj)
    return {
        obj.name: GraphQLField(
            record, args={"id": GraphQLArgument(GraphQLNonNull(ID))}, resolve=get_resolver(obj),
            description=f"One {obj.label} by id; null when it does not exist or is not visible to you.",
        ),
        obj.name_plural: GraphQLField(
            GraphQLNonNull(connection_type(catalog, obj)),
            args={
                **page_arguments(catalog, obj),
                "includeDeleted": GraphQLArgument(GraphQLBoolean, default_value=False),
            },
            resolve=list_resolver(obj),
            description=obj.description or obj.label_plural,
        ),
        f"{obj.name_plural}Aggregate": GraphQLField(
            GraphQLNonNull(GraphQLList(GraphQLNonNull(aggregate_type(catalog, obj)))),
            args={
                "filter": GraphQLArgument(filter_input(catalog, obj)),
                "groupBy": GraphQLArgument(GraphQLList(GraphQLNonNull(group_by_enum(catalog, obj)))),
            },
            resolve=aggregate_resolver(obj, numeric_fields(catalog, obj)),
            description=f"Counts and sums of {obj.label_plural}, optionally per group.",
        ),
    }


def _mutation_fields(catalog: Catalog, obj: ObjectDef) -> dict[str, GraphQLField]:
    record = GraphQLNonNull(object_type(catalog, obj))
    id_arg = {"id": GraphQLArgument(GraphQLNonNull(ID))}
    name, plural = obj.type_name, pascal_case(obj.name_plural)
    fields: dict[str, GraphQLField] = {}
    if catalog.can(obj, CREATE):
        one = GraphQLNonNull(create_input(catalog, obj))
        fields[f"create{name}"] = GraphQLField(record, args={"input": GraphQLArgument(one)},
                                               resolve=create_resolver(obj))
        fields[f"create{plural}"] = GraphQLField(
            GraphQLNonNull(GraphQLList(record)), args={"input": GraphQLArgument(GraphQLNonNull(GraphQLList(one)))},
            resolve=create_many_resolver(obj), description="All or nothing.",
        )
    if catalog.can(obj, UPDATE):
        fields[f"update{name}"] = GraphQLField(
            record,
            args={**id_arg, "input": GraphQLArgument(GraphQLNonNull(update_input(catalog, obj))),
                  "expectedVersion": GraphQLArgument(GraphQLInt, description="Fail with CONFLICT unless current.")},
            resolve=update_resolver(obj),
        )
    if catalog.can(obj, DELETE):
        fields[f"delete{name}"] = GraphQLField(record, args=id_arg, resolve=delete_resolver(obj),
                                               description="Soft delete; restore brings it back.")
        fields[f"restore{name}"] = GraphQLField(record, args=id_arg, resolve=restore_resolver(obj))
    return fields


def build_data_schema(model: TenantModel, access: Access, plugins: PluginView | None = None) -> GraphQLSchema:
    """`plugins`: the tenant's enabled plugins (computed fields, extra mutations); None: none."""
    return assemble(Catalog(model, access, plugins))


def assemble(catalog: Catalog) -> GraphQLSchema:
    """The schema of what `catalog` shows; constructs it already holds are used as they are."""
    queries: dict[str, GraphQLField] = {}
    mutations: dict[str, GraphQLField] = {}
    for obj in catalog.objects:
        queries.update(catalog.cached("queries", obj, lambda: _query_fields(catalog, obj)))  # noqa: B023
        mutations.update(catalog.cached("mutations", obj, lambda: _mutation_fields(catalog, obj)))  # noqa: B023
    for name, extra in plugin_mutation_fields(catalog).items():
        mutations.setdefault(name, extra)
    if not queries:
        queries["_empty"] = GraphQLField(GraphQLBoolean, description="You may read no object of this tenant.")
    return GraphQLSchema(
        query=GraphQLObjectType("Query", queries),
        mutation=GraphQLObjectType("Mutation", mutations) if mutations else None,
    )
