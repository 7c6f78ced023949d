"""One walk over an operation, fragments expanded, that each limit folds into a number.

Every limit (depth, aliases, cost, mutation fields, page size) is "visit each field as it
will execute and combine what its children give", so they share this walk instead of each
re-implementing fragment expansion. A named fragment is folded once per operation and its
value reused at every spread: a document that spreads fragments exponentially still costs
linear time. A spread of a fragment that is being folded (a cycle) counts 0 and leaves the
error to graphql-core's NoFragmentCyclesRule, so no rule can recurse forever, whatever order
the rules run in. Nesting too deep for the interpreter is reported as QUERY_TOO_COMPLEX.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable, Iterable
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLField,
    GraphQLNamedType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    get_named_type,
    is_interface_type,
    is_object_type,
)
from graphql.language import SKIP, VisitorAction
from graphql.type import SchemaMetaFieldDef, TypeMetaFieldDef, TypeNameMetaFieldDef

from metadata.errors import QUERY_TOO_COMPLEX

Children = Callable[[], int]
FieldValue = Callable[[FieldNode, "GraphQLField | None", Children], int]
"""A field's value given its node, its definition (None when unknown) and its children's value."""


def total(values: Iterable[int]) -> int:
    return sum(values)


def deepest(values: Iterable[int]) -> int:
    return max(values, default=0)


class SelectionFold:
    """Folds one operation into an integer with a per-field function and a combinator."""

    def __init__(
        self,
        context: ValidationContext,
        field_value: FieldValue,
        combine: Callable[[Iterable[int]], int] = total,
    ) -> None:
        self._context = context
        self._schema: GraphQLSchema = context.schema
        self._field_value = field_value
        self._combine = combine
        self._fragments: dict[str, int] = {}
        self._folding: set[str] = set()

    def operation(self, node: OperationDefinitionNode) -> int:
        root = self._schema.get_root_type(node.operation)
        return self.selection_set(node.selection_set, root)

    def selection_set(self, node: SelectionSetNode | None, parent: GraphQLNamedType | None) -> int:
        if node is None:
            return 0
        return self._combine(self._selection(selection, parent) for selection in node.selections)

    def _selection(self, node: SelectionNode, parent: GraphQLNamedType | None) -> int:
        if isinstance(node, FieldNode):
            definition = field_definition(self._schema, parent, node.name.value)
            child = get_named_type(definition.type) if definition else None
            return self._field_value(
                node, definition, lambda: self.selection_set(node.selection_set, child)
            )
        if isinstance(node, InlineFragmentNode):
            condition = node.type_condition
            scope = self._schema.get_type(condition.name.value) if condition else parent
            return self.selection_set(node.selection_set, scope)
        return self._fragment(node.name.value)

    def _fragment(self, name: str) -> int:
        if name in self._fragments:
            return self._fragments[name]
        fragment: FragmentDefinitionNode | None = self._context.get_fragment(name)
        if fragment is None or name in self._folding:
            return 0
        self._folding.add(name)
        try:
            scope = self._schema.get_type(fragment.type_condition.name.value)
            value = self.selection_set(fragment.selection_set, scope)
        finally:
            self._folding.discard(name)
        self._fragments[name] = value
        return value


def field_definition(
    schema: GraphQLSchema, parent: GraphQLNamedType | None, name: str
) -> GraphQLField | None:
    """The definition a field name has on a type, meta fields included."""
    if name == "__typename":
        return TypeNameMetaFieldDef
    if parent is not None and parent is schema.query_type:
        if name == "__schema":
            return SchemaMetaFieldDef
        if name == "__type":
            return TypeMetaFieldDef
    if is_object_type(parent) or is_interface_type(parent):
        return parent.fields.get(name)  # type: ignore[union-attr]
    return None


class OperationLimitRule(ValidationRule):
    """A validation rule that measures each operation once, on entry, and skips the rest."""

    def enter_operation_definition(
        self, node: OperationDefinitionNode, *_args: Any
    ) -> VisitorAction:
        try:
            self.check(node)
        except RecursionError:
            self.report_error(
                GraphQLError(
                    "query nests too deeply to be analysed",
                    node,
                    extensions={"code": QUERY_TOO_COMPLEX},
                )
            )
        return SKIP

    def enter_fragment_definition(self, *_args: Any) -> VisitorAction:
        return SKIP

    @abstractmethod
    def check(self, operation: OperationDefinitionNode) -> None:
        """Measure one operation and report an error when it is over the limit."""
