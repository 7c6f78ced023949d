"""Which variables of an operation only ever supply comparison values.

Those variables can become bind parameters of a statement built once per document: a
record `id` of a root field, and operands of `eq`/`neq`/`gt`/`gte`/`lt`/`lte` inside a
`filter`. Every other use (page sizes, sort orders, cursors, lists, whole filters,
directives) shapes the SQL, so such variables key the cached statement by value.
"""
from __future__ import annotations

from graphql import (
    ArgumentNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLEnumType,
    GraphQLScalarType,
    GraphQLSchema,
    InlineFragmentNode,
    ListValueNode,
    NamedTypeNode,
    NonNullTypeNode,
    ObjectValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValueNode,
    VariableNode,
)

from metadata.storage.filters import COMPARISONS


class _Uses:
    def __init__(self) -> None:
        self.operand: set[str] = set()
        self.shaping: set[str] = set()

    def value(self, node: ValueNode, operand: bool) -> None:
        if isinstance(node, VariableNode):
            (self.operand if operand else self.shaping).add(node.name.value)
        elif isinstance(node, ObjectValueNode):
            for entry in node.fields:
                self.value(entry.value, False)
        elif isinstance(node, ListValueNode):
            for item in node.values:
                self.value(item, False)

    def filter(self, node: ValueNode) -> None:
        if isinstance(node, ObjectValueNode):
            for entry in node.fields:
                if entry.name.value in COMPARISONS and isinstance(entry.value, VariableNode):
                    self.operand.add(entry.value.name.value)
                elif isinstance(entry.value, ListValueNode):
                    for item in entry.value.values:
                        self.filter(item) if entry.name.value in ("and", "or") else self.value(item, False)
                else:
                    self.filter(entry.value)
        else:
            self.value(node, False)

    def argument(self, argument: ArgumentNode, root: bool) -> None:
        name = argument.name.value
        if name == "filter":
            self.filter(argument.value)
        else:
            self.value(argument.value, root and name == "id")

    def selections(self, selection_set: SelectionSetNode | None, root: bool) -> None:
        for selection in selection_set.selections if selection_set else ():
            for directive in selection.directives or ():
                for argument in directive.arguments or ():
                    self.value(argument.value, False)
            if isinstance(selection, FieldNode):
                for argument in selection.arguments or ():
                    self.argument(argument, root)
                self.selections(selection.selection_set, False)
            elif isinstance(selection, InlineFragmentNode):
                self.selections(selection.selection_set, root)


def _scalar_variables(schema: GraphQLSchema, operation: OperationDefinitionNode) -> set[str]:
    scalars = set()
    for definition in operation.variable_definitions or ():
        type_node = definition.type
        if isinstance(type_node, NonNullTypeNode):
            type_node = type_node.type
        if isinstance(type_node, NamedTypeNode) and isinstance(
                schema.get_type(type_node.name.value), (GraphQLScalarType, GraphQLEnumType)):
            scalars.add(definition.variable.name.value)
    return scalars


def operand_variables(schema: GraphQLSchema, document: DocumentNode,
                      operation: OperationDefinitionNode) -> frozenset[str]:
    """The scalar variables of `operation` used only as comparison values (see module doc)."""
    uses = _Uses()
    uses.selections(operation.selection_set, True)
    for definition in document.definitions:
        if isinstance(definition, FragmentDefinitionNode):
            uses.selections(definition.selection_set, False)
    for directive in operation.directives or ():
        for argument in directive.arguments or ():
            uses.value(argument.value, False)
    return frozenset((uses.operand - uses.shaping) & _scalar_variables(schema, operation))
