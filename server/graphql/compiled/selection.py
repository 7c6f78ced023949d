"""Field collection as graphql-core does it, for the subset the compiled path accepts:
fragments and inline fragments on the same object type, `@skip`/`@include`."""
from __future__ import annotations

from typing import Any, Mapping

from graphql import (
    BooleanValueNode,
    DirectiveNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionSetNode,
    VariableNode,
)


class NotCompilable(Exception):
    """The request leaves the compiled subset; the general path answers it."""


def _condition(directive: DirectiveNode, variables: Mapping[str, Any]) -> bool:
    for argument in directive.arguments or ():
        if argument.name.value == "if":
            value = argument.value
            if isinstance(value, BooleanValueNode):
                return bool(value.value)
            if isinstance(value, VariableNode):
                return bool(variables.get(value.name.value))
    raise NotCompilable("directive without `if`")


def _included(node: Any, variables: Mapping[str, Any]) -> bool:
    for directive in node.directives or ():
        name = directive.name.value
        if name == "skip" and _condition(directive, variables):
            return False
        if name == "include" and not _condition(directive, variables):
            return False
        if name not in ("skip", "include"):
            raise NotCompilable(f"directive @{name}")
    return True


def collect(
    selection_set: SelectionSetNode | None,
    type_name: str,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any],
) -> dict[str, list[FieldNode]]:
    """Response key -> the field nodes merged under it, in first-seen order."""
    fields: dict[str, list[FieldNode]] = {}
    _walk(selection_set, type_name, fragments, variables, fields, set())
    return fields


def _walk(selection_set: SelectionSetNode | None, type_name: str, fragments: Mapping[str, FragmentDefinitionNode],
          variables: Mapping[str, Any], out: dict[str, list[FieldNode]], seen: set[str]) -> None:
    if selection_set is None:
        return
    for selection in selection_set.selections:
        if not _included(selection, variables):
            continue
        if isinstance(selection, FieldNode):
            key = selection.alias.value if selection.alias else selection.name.value
            out.setdefault(key, []).append(selection)
        elif isinstance(selection, InlineFragmentNode):
            condition = selection.type_condition
            if condition is None or condition.name.value == type_name:
                _walk(selection.selection_set, type_name, fragments, variables, out, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is None or name in seen:
                continue
            if fragment.type_condition.name.value == type_name:
                _walk(fragment.selection_set, type_name, fragments, variables, out, seen | {name})


def merged_selection(nodes: list[FieldNode]) -> SelectionSetNode | None:
    """The sub-selections of every node under one key, as one selection set."""
    selections = [s for node in nodes if node.selection_set for s in node.selection_set.selections]
    return SelectionSetNode(selections=tuple(selections)) if selections else None
