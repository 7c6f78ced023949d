"""`Customer`: system fields, readable fields, relations (`Ticket.customer: Customer`) and
inverse relations (`Customer.tickets(filter, orderBy, first, after): TicketConnection!`)."""
from __future__ import annotations

from graphql import (
    GraphQLArgument,
    GraphQLField,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLString,
)

from metadata.model import FieldType, InverseRelation, ObjectDef

from .catalog import SCALARS, Catalog, describe, output_type
from .computed import computed_resolver
from .connections import connection_type
from .filter_inputs import filter_input
from .history import history_field
from .order_inputs import order_input
from .resolvers.inverse_relation import inverse_resolver
from .resolvers.relation import relation_resolver
from .scalars import ID, DateTime

SYSTEM_OUTPUT = {
    "id": GraphQLField(GraphQLNonNull(ID)),
    "createdAt": GraphQLField(GraphQLNonNull(DateTime)),
    "updatedAt": GraphQLField(GraphQLNonNull(DateTime)),
    "createdBy": GraphQLField(GraphQLString),
    "updatedBy": GraphQLField(GraphQLString),
    "ownerId": GraphQLField(GraphQLString),
    "version": GraphQLField(GraphQLNonNull(GraphQLInt), description="1 on create, +1 on every change."),
    "deletedAt": GraphQLField(DateTime, description="Set while the record is deleted."),
}


def page_arguments(catalog: Catalog, obj: ObjectDef) -> dict[str, GraphQLArgument]:
    return {
        "filter": GraphQLArgument(filter_input(catalog, obj)),
        "orderBy": GraphQLArgument(GraphQLList(GraphQLNonNull(order_input(catalog, obj)))),
        "first": GraphQLArgument(GraphQLInt, description="Page size (default 50)."),
        "after": GraphQLArgument(GraphQLString, description="`endCursor` of the previous page."),
    }


def _inverse_field(catalog: Catalog, inverse: InverseRelation) -> GraphQLField:
    return GraphQLField(
        GraphQLNonNull(connection_type(catalog, inverse.source)),
        args=page_arguments(catalog, inverse.source),
        resolve=inverse_resolver(inverse.source, inverse.field),
        description=f"{inverse.source.label_plural} whose {inverse.field.label} is this record.",
    )


def object_type(catalog: Catalog, obj: ObjectDef) -> GraphQLObjectType:
    def fields() -> dict[str, GraphQLField]:
        out = dict(SYSTEM_OUTPUT)
        for f in catalog.fields(obj):
            if f.type is FieldType.RELATION:
                target = catalog.model.live_target(f)
                assert target is not None
                out[f.name] = GraphQLField(object_type(catalog, target), resolve=relation_resolver(target, f),
                                           description=describe(f))
            else:
                out[f.name] = GraphQLField(output_type(f), description=describe(f))
        for cf in catalog.computed(obj):
            out[cf.name] = GraphQLField(SCALARS[cf.kind.return_type], resolve=computed_resolver(obj, cf),
                                        description=f"{describe(cf.field)} ({cf.kind.description}; computed).")
        for inverse in catalog.inverses(obj):
            out[inverse.name] = _inverse_field(catalog, inverse)
        out["history"] = history_field(catalog, obj)
        return out

    return catalog.cached("object", obj, lambda: GraphQLObjectType(  # type: ignore[no-any-return]
        obj.type_name, fields, description=obj.description or obj.label
    ))
