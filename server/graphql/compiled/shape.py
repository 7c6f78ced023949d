"""From the database's JSON to the GraphQL response shape: pages, cursors, edges."""
from __future__ import annotations

from typing import Any

from collections.abc import Mapping, Sequence

from metadata.fieldtypes import json_value
from metadata.model import FieldType

from .plan import AggregatePlan, ConnectionPlan, Edges, Measure, Nested, NodePlan, PageInfoPart, ToOne, type_name_of


def shape_connection(plan: ConnectionPlan, nodes: list[dict[str, Any]], total: int | None) -> dict[str, Any]:
    bound = plan.bound
    has_next = len(nodes) > bound.first
    nodes = nodes[: bound.first]
    cursors = [_cursor(plan, n.pop("__k")) for n in nodes] if plan.needs_cursors else None
    if plan.node is not None and plan.node.needs_walk:
        for n in nodes:
            shape_node(plan.node, n)
    out: dict[str, Any] = {}
    for key, part in plan.parts:
        if part == "totalCount":
            out[key] = total
        elif isinstance(part, str):
            out[key] = type_name_of(part)
        elif isinstance(part, Edges):
            out[key] = [_edge(part, n, cursors[i] if cursors else None) for i, n in enumerate(nodes)]
        elif isinstance(part, PageInfoPart):
            out[key] = _page_info(part, has_next, cursors[-1] if cursors else None)
    return out


def shape_node(plan: NodePlan, node: dict[str, Any]) -> dict[str, Any]:
    for entry in plan.entries:
        if isinstance(entry, Nested) and not entry.connection.finished_in_sql:
            raw = node[entry.key]
            node[entry.key] = shape_connection(entry.connection, raw["n"], raw.get("c"))
        elif isinstance(entry, ToOne) and entry.node.needs_walk and node[entry.key] is not None:
            shape_node(entry.node, node[entry.key])
    return node


def shape_aggregates(plan: AggregatePlan, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One entry per group row of `aggregate_select` (rows by label), each value serialised
    like the resolvers'."""
    index = {f.id: i for i, f in enumerate(plan.fields)}
    out = []
    for values in rows:
        entry: dict[str, Any] = {}
        for key, part in plan.parts:
            if part == "group":
                group = {name: json_value(values[f"group_{i}"]) for i, name in enumerate(plan.group_by)}
                entry[key] = plan.serialize_group(group)
            elif part == "count":
                entry[key] = values["count"]
            elif isinstance(part, Measure):
                entry[key] = {
                    k: type_name_of(what) if isinstance(what, str)
                    else _leaf(what[1], values[f"{part.function}_{index[what[0].id]}"])
                    for k, what in part.parts
                }
            else:
                entry[key] = type_name_of(part)
        out.append(entry)
    return out


def _leaf(serialize: Any, value: Any) -> Any:
    return None if value is None else serialize(value)


def _cursor(plan: ConnectionPlan, values: list[Any]) -> str:
    keys = plan.bound.keys
    row = {}
    for k, v in zip(keys, values):
        row[k.name] = float(v) if k.type is FieldType.PERCENT and v is not None else v
    return str(plan.bound.codec.encode(row))


def _edge(part: Edges, node: dict[str, Any], cursor: str | None) -> dict[str, Any]:
    return _fill(part.parts, {"node": node, "cursor": cursor})


def _page_info(part: PageInfoPart, has_next: bool, end_cursor: str | None) -> dict[str, Any]:
    return _fill(part.parts, {"hasNextPage": has_next, "endCursor": end_cursor})


def _fill(parts: list[tuple[str, str]], values: dict[str, Any]) -> dict[str, Any]:
    """Response keys in selection order; `__typename:<name>` parts answer their type name."""
    return {key: values[what] if what in values else type_name_of(what) for key, what in parts}
