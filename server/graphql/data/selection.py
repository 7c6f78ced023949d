"""Which fields a query selects below the field being resolved (fragments expanded).

Resolvers use it to put exactly the computed values a query asks for into the page's own
statement; `@skip`/`@include` are not evaluated, so at worst a value is computed unused.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLResolveInfo,
    InlineFragmentNode,
    SelectionSetNode,
)


def _fields(info: GraphQLResolveInfo, selection_set: SelectionSetNode | None) -> Iterator[FieldNode]:
    if selection_set is None:
        return
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            yield selection
        elif isinstance(selection, InlineFragmentNode):
            yield from _fields(info, selection.selection_set)
        elif isinstance(selection, FragmentSpreadNode):
            fragment = info.fragments.get(selection.name.value)
            if fragment is not None:
                yield from _fields(info, fragment.selection_set)


def selected_names(info: GraphQLResolveInfo, path: Sequence[str] = ()) -> frozenset[str]:
    """Field names selected under `path` (e.g. `("edges", "node")`) of the current field."""
    nodes: list[FieldNode] = list(info.field_nodes)
    for step in path:
        nodes = [child for node in nodes for child in _fields(info, node.selection_set) if child.name.value == step]
    return frozenset(child.name.value for node in nodes for child in _fields(info, node.selection_set))
