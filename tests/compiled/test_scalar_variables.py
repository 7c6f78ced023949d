"""The compiled path's own coercion of scalar variables agrees with graphql-core's.

For every given value, `coerce_scalar_variables` must produce exactly what
`get_variable_values` produces, or None where graphql-core reports an error.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from graphql import GraphQLScalarType, OperationDefinitionNode, build_schema, parse
from graphql.execution.values import VariableValues, get_variable_values
from hypothesis import given, settings
from hypothesis import strategies as st

from server.graphql.compiled.variables import coerce_scalar_variables, scalar_variables

SCHEMA = build_schema("""
scalar Decimal
enum Tier { GOLD SILVER }
type Query { f(a: ID, b: String, c: Int, d: Float, e: Boolean, g: Decimal, h: Tier, l: [Int], i: In): Int }
input In { x: Int }
""")


def _parse_decimal(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError("not a decimal")
    return Decimal(str(value))


decimal = SCHEMA.get_type("Decimal")
assert isinstance(decimal, GraphQLScalarType)
decimal.parse_value = _parse_decimal  # type: ignore[method-assign]

OPERATION = """query($id: ID!, $s: String, $n: Int = 7, $x: Float, $b: Boolean!, $dec: Decimal, $t: Tier = GOLD,
                     $u: String! = "d") { f(a: $id, b: $s, c: $n, d: $x, e: $b, g: $dec, h: $t) }"""
NAMES = ("id", "s", "n", "x", "b", "dec", "t", "u")

json_values = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**40), max_value=2**40), st.floats(allow_nan=False),
    st.text(max_size=8), st.sampled_from(["GOLD", "SILVER", "gold", "12", "1.5", "1e3"]),
    st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=2), st.integers(), max_size=1),
)


def _operation(query: str) -> OperationDefinitionNode:
    return next(d for d in parse(query).definitions if isinstance(d, OperationDefinitionNode))


def _reference(operation: OperationDefinitionNode, given_values: dict[str, Any]) -> dict[str, Any] | None:
    coerced = get_variable_values(SCHEMA, operation.variable_definitions, given_values)
    return coerced.coerced if isinstance(coerced, VariableValues) else None


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.sampled_from(NAMES), json_values))
def test_agrees_with_graphql_core(given_values: dict[str, Any]) -> None:
    operation = _operation(OPERATION)
    variables = scalar_variables(SCHEMA, operation)
    assert variables is not None
    assert coerce_scalar_variables(variables, given_values) == _reference(operation, given_values)


def test_lists_and_input_objects_are_left_to_graphql_core() -> None:
    assert scalar_variables(SCHEMA, _operation("query($l: [Int]) { f(l: $l) }")) is None
    assert scalar_variables(SCHEMA, _operation("query($i: In) { f(i: $i) }")) is None
    assert scalar_variables(SCHEMA, _operation("query($n: Int) { f(c: $n) }")) is not None
