"""`CustomerFilter`: and / or / not, one scalar filter per readable field, `<relation>Id`
filters and the target's filter per relation (recursive, through thunks)."""
from __future__ import annotations

from graphql import GraphQLInputField, GraphQLInputObjectType, GraphQLList, GraphQLNonNull

from metadata.model import FieldType, ObjectDef

from . import scalar_filters as sf
from .catalog import Catalog, describe

SYSTEM_FILTERS = {
    "id": sf.IDFilter, "createdAt": sf.DateTimeFilter, "updatedAt": sf.DateTimeFilter,
    "ownerId": sf.UserFilter, "createdBy": sf.UserFilter,
}


def filter_input(catalog: Catalog, obj: ObjectDef) -> GraphQLInputObjectType:
    def fields() -> dict[str, GraphQLInputField]:
        self_type = filter_input(catalog, obj)
        out = {
            "and": GraphQLInputField(GraphQLList(GraphQLNonNull(self_type)), description="Every one matches."),
            "or": GraphQLInputField(GraphQLList(GraphQLNonNull(self_type)), description="At least one matches."),
            "not": GraphQLInputField(self_type, description="Does not match."),
        }
        out.update({name: GraphQLInputField(t) for name, t in SYSTEM_FILTERS.items()})
        for f in catalog.fields(obj):
            if f.type is FieldType.RELATION:
                target = catalog.model.live_target(f)
                assert target is not None
                out[f.id_name] = GraphQLInputField(sf.IDFilter, description=f"The id of {f.label}.")
                out[f.name] = GraphQLInputField(filter_input(catalog, target),
                                                description=f"Matches when the related {target.label} does.")
            else:
                out[f.name] = GraphQLInputField(sf.BY_TYPE[f.type], description=describe(f))
        return out

    return catalog.cached("filter", obj, lambda: GraphQLInputObjectType(  # type: ignore[no-any-return]
        f"{obj.type_name}Filter", fields, description="Sibling entries are ANDed."
    ))
