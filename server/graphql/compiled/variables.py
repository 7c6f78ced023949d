"""Which variables of an operation only ever supply comparison values.

Those variables can become bind parameters of a statement built once per document: a
record `id` of a root field, and operands of `eq`/`neq`/`gt`/`gte`/`lt`/`lte` inside a
`filter`. Every other use (page sizes, sort orders, cursors, lists, whole filters,
directives) shapes the SQL, so such variables key the cached statement by value.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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
    GraphQLInputType,
    GraphQLNonNull,
    Undefined,
    VariableNode,
    coerce_input_value,
    type_from_ast,
    value_from_ast,
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


@dataclass(frozen=True)
class ScalarVariable:
    """One variable of an operation whose type is a scalar or enum, resolved once."""

    name: str
    type: GraphQLInputType
    default: Any
    """The coerced default value, or Undefined when the definition has none."""


def scalar_variables(schema: GraphQLSchema, operation: OperationDefinitionNode) -> tuple[ScalarVariable, ...] | None:
    """The operation's variables for `coerce_scalar_variables`; None when one of them is a
    list or an input object (graphql-core's own coercion then handles the request)."""
    scalars = _scalar_variables(schema, operation)
    variables = []
    for definition in operation.variable_definitions or ():
        name = definition.variable.name.value
        type_ = type_from_ast(schema, definition.type)
        if name not in scalars or type_ is None:
            return None
        default = value_from_ast(definition.default_value, type_) if definition.default_value else Undefined
        variables.append(ScalarVariable(name, type_, default))
    return tuple(variables)


def coerce_scalar_variables(variables: tuple[ScalarVariable, ...], given: dict[str, Any]) -> dict[str, Any] | None:
    """The values graphql-core's `get_variable_values` gives valid input, without resolving
    the operation's variable types again on every request; None for any invalid value
    (the general path then reports it)."""
    coerced: dict[str, Any] = {}
    for variable in variables:
        if variable.name not in given:
            if variable.default is not Undefined:
                coerced[variable.name] = variable.default
            elif isinstance(variable.type, GraphQLNonNull):
                return None
            continue
        value = given[variable.name]
        if value is None:
            if isinstance(variable.type, GraphQLNonNull):
                return None
            coerced[variable.name] = None
            continue
        value = coerce_input_value(value, variable.type)
        if value is Undefined:  # graphql-core's verdict on an invalid value
            return None
        coerced[variable.name] = value
    return coerced
