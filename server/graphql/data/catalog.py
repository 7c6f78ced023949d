"""What one caller sees of a tenant model, and the generated types built for it so far.

Every construct module asks the catalog which objects and fields exist for this caller,
so hiding an object or a field is decided in one place: an object without READ is absent,
a hidden field is absent from results, filters, sorting, groupBy and aggregates, and a
relation is absent when its target is.
"""
from __future__ import annotations

from functools import cached_property
from typing import Any

from graphql import (
    GraphQLBoolean,
    GraphQLFloat,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLOutputType,
    GraphQLString,
)

from metadata import fieldtypes
from metadata.model import FieldDef, FieldType, InverseRelation, ObjectDef, TenantModel
from plugins.evaluation import ComputedField
from plugins.interface import MutationSpec
from server.permissions.access import READ, Access, ObjectAccess

from .plugin_view import PluginView, readable_computed
from .scalars import ID, JSON, Date, DateTime, Decimal

SCALARS: dict[str, Any] = {
    "String": GraphQLString, "Int": GraphQLInt, "Float": GraphQLFloat, "Boolean": GraphQLBoolean,
    "ID": ID, "Date": Date, "DateTime": DateTime, "Decimal": Decimal, "JSON": JSON,
    "[String!]": GraphQLList(GraphQLNonNull(GraphQLString)),
}


def scalar_of(f: FieldDef) -> Any:
    return SCALARS[fieldtypes.info(f.type).scalar]


def describe(f: FieldDef) -> str:
    return f"{f.label}. {f.description}" if f.description else f.label


class Catalog:
    def __init__(self, model: TenantModel, access: Access, plugins: PluginView | None = None,
                 kept: dict[tuple[str, str], Any] | None = None) -> None:
        self.model = model
        self.access = access
        self.plugins = plugins
        self.types: dict[tuple[str, str], Any] = dict(kept or {})
        """(construct, object id) -> generated GraphQL type, so each is built once; `kept`
        seeds it with types of the previous schema that this one can share (see `reuse.py`)."""
        self._fields: dict[tuple[str, bool], list[FieldDef]] = {}
        self._computed: dict[str, list[ComputedField]] = {}

    def cached(self, construct: str, obj: ObjectDef, build: Any) -> Any:
        key = (construct, obj.id)
        found = self.types.get(key)
        if found is None:
            found = self.types[key] = build()
        return found

    def grants(self, obj: ObjectDef) -> ObjectAccess | None:
        grant = self.access.for_object(obj)
        return grant if grant is not None and grant.can(READ) else None

    @cached_property
    def objects(self) -> list[ObjectDef]:
        """Live objects the caller may read."""
        return [o for o in self.model.live_objects if self.grants(o) is not None]

    @cached_property
    def _visible_ids(self) -> frozenset[str]:
        return frozenset(o.id for o in self.objects)

    def visible(self, obj: ObjectDef | None) -> bool:
        return obj is not None and obj.id in self._visible_ids

    def fields(self, obj: ObjectDef) -> list[FieldDef]:
        """Stored fields the caller may read; relations only when their target is visible."""
        return self._select(obj, writing=False)

    def writable(self, obj: ObjectDef) -> list[FieldDef]:
        """Stored fields the caller may set in create and update inputs."""
        return self._select(obj, writing=True)

    def _select(self, obj: ObjectDef, writing: bool) -> list[FieldDef]:
        found = self._fields.get((obj.id, writing))
        if found is not None:
            return found
        grant = self.access.for_object(obj) if writing else self.grants(obj)
        allowed = (grant.writable if writing else grant.readable) if grant is not None else None
        found = self._fields[(obj.id, writing)] = [] if allowed is None else [
            f for f in obj.live_fields
            if f.type is not FieldType.COMPUTED and f.column and allowed(f)
            and (f.type is not FieldType.RELATION or self.visible(self.model.live_target(f)))
        ]
        return found

    def computed(self, obj: ObjectDef) -> list[ComputedField]:
        """Computed fields the caller may read: their plugin is on and every input is readable."""
        found = self._computed.get(obj.id)
        if found is None:
            found = self._computed[obj.id] = readable_computed(self.plugins, self.model, self.access, obj)
        return found

    def sql_computed(self, obj: ObjectDef) -> list[ComputedField]:
        """The readable computed fields the database computes: filterable and sortable."""
        return [cf for cf in self.computed(obj) if cf.kind.in_sql]

    def mutations(self) -> list[tuple[MutationSpec, ObjectDef]]:
        """Plugins' extra mutations the caller may run: the action they need on their object."""
        if self.plugins is None:
            return []
        found = []
        for spec in self.plugins.registry.mutations(self.model, self.plugins.enabled):
            obj = self.model.objects_by_name.get(spec.object)
            if obj is not None and self.visible(obj) and self.can(obj, spec.action):
                found.append((spec, obj))
        return found

    def inverses(self, obj: ObjectDef) -> list[InverseRelation]:
        """Relations pointing at `obj` whose source object and field the caller can read."""
        found = []
        for inverse in self.model.inverse_relations.get(obj.id, ()):
            grant = self.grants(inverse.source)
            if grant is not None and grant.readable(inverse.field):
                found.append(inverse)
        return found

    def can(self, obj: ObjectDef, action: str) -> bool:
        grant = self.access.for_object(obj)
        return grant is not None and grant.can(action) and grant.can(READ)


def output_type(f: FieldDef) -> GraphQLOutputType:
    scalar = scalar_of(f)
    return GraphQLNonNull(scalar) if f.required else scalar  # type: ignore[no-any-return]
