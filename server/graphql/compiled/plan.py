"""From a validated query and its variables to a plan: which columns, relations and pages
each response key needs. Anything the plan cannot express raises NotCompilable."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Mapping, Union

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    GraphQLObjectType,
    GraphQLSchema,
    OperationDefinitionNode,
    get_nullable_type,
)
from graphql.execution.values import VariableValues, get_argument_values

from metadata.model import FieldDef, FieldType, ObjectDef, TenantModel
from metadata.physical import SYSTEM_COLUMNS
from metadata.storage.aggregates import FUNCTIONS as MEASURES

from .selection import NotCompilable, collect, merged_selection

SYSTEM_TYPES: dict[str, FieldType | None] = {
    "createdAt": FieldType.DATETIME, "updatedAt": FieldType.DATETIME, "deletedAt": FieldType.DATETIME,
}
"""System fields whose values need formatting; the others are plain text or integers."""

MAX_KEYS = 48
"""json_build_object takes at most 100 arguments; wider selections use the general path."""

MAX_NESTING = {"sqlite": 3, "postgresql": 6}
"""Relations nested deeper than this use the general path: every level is a nested
subquery, and SQLite's parser stack overflows a little past three."""


@dataclass
class Column:
    key: str
    column: str
    type: FieldType | None


@dataclass
class Constant:
    key: str
    value: str


@dataclass
class Computed:
    """A computed field whose plugin builds SQL: a derived column of the caller's store."""

    key: str
    name: str


@dataclass
class ToOne:
    key: str
    field: FieldDef
    node: "NodePlan"


@dataclass
class Nested:
    key: str
    field: FieldDef
    """The relation on the child object that points at the parent."""
    connection: "ConnectionPlan"


TYPENAME = "__typename:"
"""Prefix of a selection part that answers a type name: `__typename:<name>`."""


def type_name_of(part: str) -> str:
    return part[len(TYPENAME):]


Entry = Union[Column, Constant, Computed, ToOne, Nested]


@dataclass
class NodePlan:
    obj: ObjectDef
    entries: list[Entry] = field(default_factory=list)
    needs_sort_values: bool = False
    """Edges of this node's connection carry cursors: the SQL adds the sort values."""

    @property
    def needs_walk(self) -> bool:
        """Whether the JSON from SQL needs reshaping in Python (pages, cursors)."""
        return self.needs_sort_values or any(
            (isinstance(e, Nested) and not e.connection.finished_in_sql)
            or (isinstance(e, ToOne) and e.node.needs_walk) for e in self.entries
        )


@dataclass
class Edges:
    key: str
    parts: list[tuple[str, str]]
    """(response key, "cursor" | "node" | "__typename:<name>")."""


@dataclass
class PageInfoPart:
    key: str
    parts: list[tuple[str, str]]
    """(response key, "hasNextPage" | "endCursor" | "__typename:PageInfo")."""


@dataclass
class ConnectionPlan:
    obj: ObjectDef
    args: dict[str, Any]
    parts: list[tuple[str, Any]]
    """(response key, Edges | PageInfoPart | "totalCount" | "__typename:<name>")."""
    node: NodePlan | None = None
    needs_total: bool = False
    needs_cursors: bool = False
    bound: Any = None
    """Set while building SQL: the page size, sort keys and cursor codec of this request."""

    @property
    def finished_in_sql(self) -> bool:
        """No cursors and no pageInfo: the database builds the connection's final JSON
        (edges of exactly `first` nodes, totalCount, type names), Python never touches it."""
        edges = [p for _k, p in self.parts if isinstance(p, Edges)]
        return (not self.needs_cursors and len(edges) <= 1
                and not any(isinstance(p, PageInfoPart) for _k, p in self.parts)
                and (self.node is None or not self.node.needs_walk))


@dataclass
class Measure:
    key: str
    function: str
    """"sum", "avg", "min" or "max"."""
    parts: list[tuple[str, Any]]
    """(response key, (field, serialize) | "__typename:<name>")."""


@dataclass
class AggregatePlan:
    group_by: list[str]
    parts: list[tuple[str, Any]]
    """(response key, "group" | "count" | Measure | "__typename:<name>")."""
    fields: list[FieldDef] = field(default_factory=list)
    """The numeric fields any measure selects; the statement computes only these."""
    serialize_group: Any = None


@dataclass
class RootPlan:
    key: str
    kind: str
    """"get", "list" or "aggregate"."""
    obj: ObjectDef
    args: dict[str, Any]
    node: NodePlan | None = None
    connection: ConnectionPlan | None = None
    aggregate: AggregatePlan | None = None


class Planner:
    def __init__(self, schema: GraphQLSchema, model: TenantModel, fragments: Mapping[str, FragmentDefinitionNode],
                 variables: VariableValues, dialect: str) -> None:
        self.max_nesting = MAX_NESTING.get(dialect, 3)
        self.schema = schema
        self.model = model
        self.fragments = fragments
        self.variables = variables
        self._roots = _root_fields(model)

    def _collect(self, selection: Any, type_name: str) -> dict[str, list[FieldNode]]:
        return collect(selection, type_name, self.fragments, self.variables.coerced)

    def roots(self, operation: OperationDefinitionNode) -> list[RootPlan | Constant]:
        if operation.operation.value != "query":
            raise NotCompilable("not a query")
        plans: list[RootPlan | Constant] = []
        query_type = self.schema.query_type
        assert query_type is not None
        for key, nodes in self._collect(operation.selection_set, query_type.name).items():
            name = nodes[0].name.value
            if name == "__typename":
                plans.append(Constant(key, query_type.name))
                continue
            found = self._roots.get(name)
            if found is None:
                raise NotCompilable(f"root field {name}")
            kind, obj = found
            args = get_argument_values(query_type.fields[name], nodes[0], self.variables)
            selection = merged_selection(nodes)
            if kind == "get":
                plans.append(RootPlan(key, kind, obj, args, node=self.node(obj, selection)))
            elif kind == "aggregate":
                group_by = list(dict.fromkeys(args.get("groupBy") or ()))
                plans.append(RootPlan(key, kind, obj, args, aggregate=self.aggregate(obj, group_by, selection)))
            else:
                plans.append(RootPlan(key, kind, obj, args, connection=self.connection(obj, args, selection)))
        return plans

    def node(self, obj: ObjectDef, selection: Any, depth: int = 0) -> NodePlan:
        if depth > self.max_nesting:
            raise NotCompilable("relations nested too deeply")
        plan = NodePlan(obj)
        object_type = self.schema.get_type(obj.type_name)
        if not isinstance(object_type, GraphQLObjectType):
            raise NotCompilable("unknown type")
        inverses = {i.name: i for i in self.model.inverse_relations.get(obj.id, ())}
        collected = self._collect(selection, obj.type_name)
        if len(collected) > MAX_KEYS:
            raise NotCompilable("selection too wide for one JSON object")
        for key, nodes in collected.items():
            name = nodes[0].name.value
            if name == "__typename":
                plan.entries.append(Constant(key, obj.type_name))
            elif name in SYSTEM_COLUMNS:
                plan.entries.append(Column(key, SYSTEM_COLUMNS[name], SYSTEM_TYPES.get(name)))
            elif name in obj.fields_by_name:
                f = obj.fields_by_name[name]
                if f.type is FieldType.COMPUTED:
                    plan.entries.append(Computed(key, name))
                elif f.column is None:
                    raise NotCompilable("field without a column")
                elif f.type is FieldType.RELATION:
                    target = self.model.live_target(f)
                    if target is None:
                        raise NotCompilable("relation without target")
                    plan.entries.append(ToOne(key, f, self.node(target, merged_selection(nodes), depth + 1)))
                else:
                    plan.entries.append(Column(key, f.column, f.type))
            elif name in inverses:
                inverse = inverses[name]
                args = get_argument_values(object_type.fields[name], nodes[0], self.variables)
                child = self.connection(inverse.source, args, merged_selection(nodes), depth + 1)
                plan.entries.append(Nested(key, inverse.field, child))
            else:
                raise NotCompilable(f"field {name}")
        return plan

    def connection(self, obj: ObjectDef, args: dict[str, Any], selection: Any, depth: int = 0) -> ConnectionPlan:
        plan = ConnectionPlan(obj, args, [])
        type_name = f"{obj.type_name}Connection"
        for key, nodes in self._collect(selection, type_name).items():
            name = nodes[0].name.value
            if name == "__typename":
                plan.parts.append((key, f"__typename:{type_name}"))
            elif name == "totalCount":
                plan.needs_total = True
                plan.parts.append((key, "totalCount"))
            elif name == "pageInfo":
                parts = self._simple_parts(merged_selection(nodes), "PageInfo", ("hasNextPage", "endCursor"))
                plan.needs_cursors |= any(p == "endCursor" for _k, p in parts)
                plan.parts.append((key, PageInfoPart(key, parts)))
            elif name == "edges":
                plan.parts.append((key, self._edges(plan, obj, key, merged_selection(nodes), depth)))
        if plan.node is not None:
            plan.node.needs_sort_values = plan.needs_cursors
        return plan

    def _edges(self, plan: ConnectionPlan, obj: ObjectDef, key: str, selection: Any, depth: int) -> Edges:
        edge_type = f"{obj.type_name}Edge"
        parts: list[tuple[str, str]] = []
        for part_key, nodes in self._collect(selection, edge_type).items():
            name = nodes[0].name.value
            if name == "__typename":
                parts.append((part_key, f"__typename:{edge_type}"))
            elif name == "cursor":
                plan.needs_cursors = True
                parts.append((part_key, "cursor"))
            elif name == "node":
                if plan.node is not None:
                    raise NotCompilable("several node selections in one connection")
                plan.node = self.node(obj, merged_selection(nodes), depth)
                parts.append((part_key, "node"))
        return Edges(key, parts)

    def aggregate(self, obj: ObjectDef, group_by: list[str], selection: Any) -> AggregatePlan:
        type_name = f"{obj.type_name}Aggregate"
        aggregate_type = self.schema.get_type(type_name)
        assert isinstance(aggregate_type, GraphQLObjectType)
        plan = AggregatePlan(group_by, [], serialize_group=_serializer(aggregate_type, "group"))
        for key, nodes in self._collect(selection, type_name).items():
            name = nodes[0].name.value
            if name == "__typename":
                plan.parts.append((key, f"__typename:{type_name}"))
            elif name in ("group", "count"):
                plan.parts.append((key, name))
            elif name in MEASURES:
                plan.parts.append((key, self._measure(obj, plan, key, name, merged_selection(nodes))))
            else:
                raise NotCompilable(f"{type_name}.{name}")
        return plan

    def _measure(self, obj: ObjectDef, plan: AggregatePlan, key: str, function: str, selection: Any) -> Measure:
        type_name = f"{obj.type_name}{'Avg' if function == 'avg' else 'Numeric'}Aggregate"
        measure_type = self.schema.get_type(type_name)
        assert isinstance(measure_type, GraphQLObjectType)
        measure = Measure(key, function, [])
        for part_key, nodes in self._collect(selection, type_name).items():
            name = nodes[0].name.value
            if name == "__typename":
                measure.parts.append((part_key, f"__typename:{type_name}"))
                continue
            f = obj.fields_by_name[name]
            if f.type is FieldType.COMPUTED or f.column is None:
                raise NotCompilable("computed measure")
            if f not in plan.fields:
                plan.fields.append(f)
            measure.parts.append((part_key, (f, _serializer(measure_type, name))))
        return measure

    def _simple_parts(self, selection: Any, type_name: str, allowed: tuple[str, ...]) -> list[tuple[str, str]]:
        parts = []
        for key, nodes in self._collect(selection, type_name).items():
            name = nodes[0].name.value
            if name == "__typename":
                parts.append((key, f"__typename:{type_name}"))
            elif name in allowed:
                parts.append((key, name))
            else:
                raise NotCompilable(f"{type_name}.{name}")
        return parts


def _serializer(parent: GraphQLObjectType, name: str) -> Any:
    """How graphql-core turns a value of this leaf field into JSON (the general path's output)."""
    return get_nullable_type(parent.fields[name].type).serialize


@lru_cache(maxsize=512)
def _root_fields(model: TenantModel) -> dict[str, tuple[str, ObjectDef]]:
    roots: dict[str, tuple[str, ObjectDef]] = {}
    for obj in model.live_objects:
        roots[obj.name] = ("get", obj)
        roots[obj.name_plural] = ("list", obj)
        roots[f"{obj.name_plural}Aggregate"] = ("aggregate", obj)
    return roots
