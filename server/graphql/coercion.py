"""Variable values coerced by functions built once per input type.

graphql-core coerces a variable's value by dispatching on the type at every level of
every value, after a second walk that bounds the value's nesting; for a 1,000-record
bulk input that costs more than the INSERT. A coercer here is built once per input type
and does the same in one pass. For every value it accepts it returns exactly what
graphql-core's `coerce_input_value` returns (a hypothesis test holds the two equal);
for anything else (an invalid value, a type feature it does not handle, deep nesting)
it raises `Unsure`, and graphql-core's own coercion decides and reports.
"""
from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    GraphQLSchema,
    OperationDefinitionNode,
    Undefined,
    is_input_type,
    type_from_ast,
    value_from_ast,
)
from graphql.execution.values import VariableValues, get_variable_values
from graphql.pyutils import is_iterable

MAX_DEPTH = 64
"""Deeper values go to graphql-core, whose own bound (200) then applies."""

Coercer = Callable[[Any, int], Any]
"""(value, depth) -> the coerced value; raises `Unsure`."""


class Unsure(Exception):
    """graphql-core must coerce this value (it is invalid or outside what is handled here)."""


_coercers: weakref.WeakKeyDictionary[GraphQLInputType, Coercer] = weakref.WeakKeyDictionary()


def coercer(type_: GraphQLInputType) -> Coercer:
    """The coercer of `type_`, built on first use and kept as long as the type lives."""
    found = _coercers.get(type_)
    if found is None:
        found = _coercers[type_] = _build(type_)
    return found


def _build(type_: GraphQLInputType) -> Coercer:
    """Every coercer below lets null through, as a nullable type does; NonNull refuses it
    in front. One call per value, however the type is wrapped."""
    if isinstance(type_, GraphQLNonNull):
        return _non_null(_nullable(type_.of_type))
    return _nullable(type_)


def _nullable(type_: GraphQLInputType) -> Coercer:
    if isinstance(type_, GraphQLList):
        return _list(type_.of_type)
    if isinstance(type_, GraphQLInputObjectType):
        return _input_object(type_)
    if isinstance(type_, (GraphQLScalarType, GraphQLEnumType)):
        return _leaf(type_)
    return _unsure


def _unsure(value: Any, _depth: int) -> Any:
    if value is None:
        return None
    raise Unsure


def _non_null(inner: Coercer) -> Coercer:
    def coerce(value: Any, depth: int) -> Any:
        if value is None:
            raise Unsure
        return inner(value, depth)

    return coerce


def _list(item_type: GraphQLInputType) -> Coercer:
    item: Coercer | None = None  # resolved on first use: input types may be recursive

    def coerce(value: Any, depth: int) -> Any:
        nonlocal item
        if value is None:
            return None
        if depth > MAX_DEPTH:
            raise Unsure
        if item is None:
            item = coercer(item_type)
        if type(value) is list or is_iterable(value):
            return [item(entry, depth + 1) for entry in value]
        return [item(value, depth + 1)]  # a single value stands for a list of one

    return coerce


def _input_object(type_: GraphQLInputObjectType) -> Coercer:
    handled = not type_.is_one_of and "out_type" not in vars(type_) and all(
        f.default_value is Undefined and f.default is None and f.out_name is None for f in type_.fields.values()
    )
    if not handled:
        return _unsure
    names = frozenset(type_.fields)
    fields: list[tuple[str, bool, Coercer]] | None = None  # resolved on first use, as in `_list`

    def coerce(value: Any, depth: int) -> Any:
        nonlocal fields
        if value is None:
            return None
        if not isinstance(value, dict) or depth > MAX_DEPTH or not value.keys() <= names:
            raise Unsure
        if fields is None:
            fields = [(name, isinstance(f.type, GraphQLNonNull), coercer(f.type)) for name, f in type_.fields.items()]
        out: dict[str, Any] = {}
        for name, non_null, field in fields:  # in the type's field order, as graphql-core
            given = value.get(name, Undefined)
            if given is Undefined:
                if non_null:
                    raise Unsure
                continue
            out[name] = field(given, depth + 1)
        return out

    return coerce


def _leaf(type_: GraphQLScalarType | GraphQLEnumType) -> Coercer:
    parse = type_.coerce_input_value

    def coerce(value: Any, _depth: int) -> Any:
        if value is None:
            return None
        try:
            result = parse(value)
        except Exception:  # graphql-core treats any failure of a leaf as invalid
            raise Unsure from None
        if result is Undefined:
            raise Unsure
        return result

    return coerce


# ---------------------------------------------------------------- an operation's variables


@dataclass(frozen=True)
class Variable:
    """One variable of an operation, its type resolved once."""

    name: str
    type: GraphQLInputType
    default: Any
    """The coerced default value, or Undefined when the definition has none."""

    def coerce(self, value: Any) -> Any:
        return coercer(self.type)(value, 0)


def operation_variables(schema: GraphQLSchema, operation: OperationDefinitionNode) -> tuple[Variable, ...] | None:
    """The operation's variables; None when a type is unknown (graphql-core reports it)."""
    variables = []
    for definition in operation.variable_definitions or ():
        type_ = type_from_ast(schema, definition.type)
        if not is_input_type(type_):
            return None
        default = Undefined
        if definition.default_value is not None:
            default = value_from_ast(definition.default_value, type_)
            if default is Undefined:
                return None
        variables.append(Variable(definition.variable.name.value, type_, default))
    return tuple(variables)


def coerce_variables(variables: tuple[Variable, ...], given: dict[str, Any]) -> dict[str, Any] | None:
    """What graphql-core's `get_variable_values` gives for valid input; None for anything
    graphql-core must look at itself (it then reports what is wrong)."""
    coerced: dict[str, Any] = {}
    try:
        for variable in variables:
            if variable.name in given:
                coerced[variable.name] = variable.coerce(given[variable.name])
            elif variable.default is not Undefined:
                coerced[variable.name] = variable.default
            elif isinstance(variable.type, GraphQLNonNull):
                return None
    except Unsure:
        return None
    return coerced


def variable_values(schema: GraphQLSchema, operation: OperationDefinitionNode, variables: tuple[Variable, ...] | None,
                    given: dict[str, Any]) -> dict[str, Any] | None:
    """The coerced variables, by the coercers here or else by graphql-core; None when the
    values are invalid."""
    coerced = coerce_variables(variables, given) if variables is not None else None
    if coerced is not None:
        return coerced
    reference = get_variable_values(schema, operation.variable_definitions or (), given)
    return reference.coerced if isinstance(reference, VariableValues) else None


__all__ = ["Unsure", "Variable", "coerce_variables", "coercer", "operation_variables", "variable_values"]
