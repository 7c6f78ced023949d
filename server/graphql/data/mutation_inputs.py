"""`CustomerCreateInput` (required fields non-null) and `CustomerUpdateInput` (all optional):
the fields the caller may write, relations as `<name>Id: ID`, and `ownerId`."""
from __future__ import annotations

from graphql import GraphQLInputField, GraphQLInputObjectType, GraphQLNonNull, GraphQLString

from metadata.model import FieldType, ObjectDef

from .catalog import Catalog, describe, scalar_of
from .scalars import ID

OWNER_DESCRIPTION = "The owning user; omitted on create: you, null: unowned."


def _input(catalog: Catalog, obj: ObjectDef, creating: bool) -> GraphQLInputObjectType:
    fields: dict[str, GraphQLInputField] = {}
    for f in catalog.writable(obj):
        if f.type is FieldType.RELATION:
            fields[f.id_name] = GraphQLInputField(
                GraphQLNonNull(ID) if creating and f.required else ID, description=describe(f)
            )
        else:
            scalar = scalar_of(f)
            fields[f.name] = GraphQLInputField(
                GraphQLNonNull(scalar) if creating and f.required else scalar, description=describe(f)
            )
    fields["ownerId"] = GraphQLInputField(GraphQLString, description=OWNER_DESCRIPTION)
    suffix = "CreateInput" if creating else "UpdateInput"
    return GraphQLInputObjectType(f"{obj.type_name}{suffix}", fields)


def create_input(catalog: Catalog, obj: ObjectDef) -> GraphQLInputObjectType:
    return catalog.cached("create", obj, lambda: _input(catalog, obj, True))  # type: ignore[no-any-return]


def update_input(catalog: Catalog, obj: ObjectDef) -> GraphQLInputObjectType:
    return catalog.cached("update", obj, lambda: _input(catalog, obj, False))  # type: ignore[no-any-return]
