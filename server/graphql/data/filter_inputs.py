"""`CustomerFilter`: and / or / not, one scalar filter per readable field, `<relation>Id`
filters and the target's filter per relation (recursive, through thunks)."""
from __future__ import annotations

from graphql import GraphQLInputField, GraphQLInputObjectType, GraphQLList, GraphQLNonNull

from metadata.model import FieldType, ObjectDef

from . import scalar_filters as sf
from .catalog import Catalog

FIELD_OF = {t: GraphQLInputField(f) for t, f in sf.BY_TYPE.items()}
"""One shared, immutable input field per field type (fewer objects in large schemas)."""
SYSTEM_FILTERS = {
    "id": FIELD_OF[FieldType.RELATION], "createdAt": FIELD_OF[FieldType.DATETIME],
    "updatedAt": FIELD_OF[FieldType.DATETIME], "ownerId": FIELD_OF[FieldType.USER],
    "createdBy": FIELD_OF[FieldType.USER],
}


def filter_input(catalog: Catalog, obj: ObjectDef) -> GraphQLInputObjectType:
    def fields() -> dict[str, GraphQLInputField]:
        self_type = filter_input(catalog, obj)
        out = {
            "and": GraphQLInputField(GraphQLList(GraphQLNonNull(self_type)), description="Every one matches."),
            "or": GraphQLInputField(GraphQLList(GraphQLNonNull(self_type)), description="At least one matches."),
            "not": GraphQLInputField(self_type, description="Does not match."),
        }
        out.update(SYSTEM_FILTERS)
        for f in catalog.fields(obj):
            if f.type is FieldType.RELATION:
                target = catalog.model.live_target(f)
                assert target is not None
                out[f.id_name] = FIELD_OF[FieldType.RELATION]
                out[f.name] = GraphQLInputField(filter_input(catalog, target),
                                                description=f"Matches when the related {target.label} does.")
            else:
                out[f.name] = FIELD_OF[f.type]
        for cf in catalog.sql_computed(obj):
            out[cf.name] = FIELD_OF[cf.kind.field_type]
        return out

    return catalog.cached("filter", obj, lambda: GraphQLInputObjectType(  # type: ignore[no-any-return]
        f"{obj.type_name}Filter", fields, description="Sibling entries are ANDed."
    ))
