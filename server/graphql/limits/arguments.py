"""Argument values as the request will see them, read before variables are coerced."""

from __future__ import annotations

from typing import Any

from graphql import FieldNode, OperationDefinitionNode
from graphql.utilities import value_from_ast_untyped


def operation_variables(
    operation: OperationDefinitionNode, variables: dict[str, Any] | None
) -> dict[str, Any]:
    """The request's variables over the operation's declared defaults."""
    values = {
        definition.variable.name.value: value_from_ast_untyped(definition.default_value)
        for definition in operation.variable_definitions or ()
        if definition.default_value is not None
    }
    values.update(variables or {})
    return values


def int_argument(node: FieldNode, name: str, variables: dict[str, Any]) -> int | None:
    """The integer an argument will carry, or None when it is absent, null or not a number.

    Integral floats count because GraphQL's `Int` coercion accepts `1000.0` as 1000; a limit
    that skipped them could be bypassed.
    """
    for argument in node.arguments or ():
        if argument.name.value != name:
            continue
        value = value_from_ast_untyped(argument.value, variables)
        if isinstance(value, bool):
            return None
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value if isinstance(value, int) else None
    return None
