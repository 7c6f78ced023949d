"""graphql-core's execution, given the big variables already coerced.

Bulk inputs (`createCustomers(input: $records)`) are list variables. The coercers of
`coercion` turn them into what graphql-core would, several times faster; graphql-core
then builds its executor with an empty list in their place (valid for every list type,
and free to coerce), and the executor is handed the real values before it runs. A value
the coercers are unsure of stays in the variables graphql-core coerces, so every error is
still graphql-core's own.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import GraphQLList, GraphQLSchema, OperationDefinitionNode, get_nullable_type
from graphql.execution.incremental.incremental_executor import IncrementalExecutor

from .coercion import Unsure, Variable, operation_variables

STAND_IN: list[Any] = []


def list_variables(schema: GraphQLSchema, operation: OperationDefinitionNode | None) -> tuple[Variable, ...]:
    """The operation's variables of a list type (the ones worth coercing here)."""
    if operation is None:
        return ()
    variables = operation_variables(schema, operation) or ()
    return tuple(v for v in variables if isinstance(get_nullable_type(v.type), GraphQLList))


def precoerce(variables: tuple[Variable, ...], given: dict[str, Any] | None
              ) -> tuple[dict[str, Any] | None, dict[str, tuple[Any, Any]]]:
    """(the variables graphql-core is to coerce, {name: (given value, coerced value)} of
    those coerced here)."""
    done: dict[str, tuple[Any, Any]] = {}
    if not given:
        return given, done
    for variable in variables:
        value = given.get(variable.name)
        if isinstance(value, list) and value:
            try:
                done[variable.name] = (value, variable.coerce(value))
            except Unsure:
                continue
    if not done:
        return given, done
    return {**given, **dict.fromkeys(done, STAND_IN)}, done


class PrecoercedExecutor(IncrementalExecutor):
    """graphql-core's default executor, with `precoerced` values put in after its build."""

    @classmethod
    def build(cls, *args: Any, precoerced: Mapping[str, tuple[Any, Any]] | None = None,
              **kwargs: Any) -> Any:
        executor = super().build(*args, **kwargs)
        if precoerced and isinstance(executor, PrecoercedExecutor):
            values = executor.variable_values
            for name, (given, coerced) in precoerced.items():
                values.coerced[name] = coerced
                values.sources[name] = values.sources[name]._replace(value=given)
        return executor
