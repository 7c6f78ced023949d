"""The variable coercers agree with graphql-core's coercion.

For any given values, `coerce_variables` must give exactly what `get_variable_values`
gives, or None; it gives None wherever graphql-core reports an error, and for valid
values of the types it handles it must not give None (or bulk inputs would quietly lose
their fast path). `variable_values` always equals graphql-core's answer.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from graphql import GraphQLScalarType, OperationDefinitionNode, build_schema, parse
from graphql.execution.values import VariableValues, get_variable_values
from hypothesis import given, settings
from hypothesis import strategies as st

from server.graphql.coercion import coerce_variables, operation_variables, variable_values
from server.graphql.precoerced import STAND_IN, list_variables, precoerce

SCHEMA = build_schema("""
scalar Decimal
enum Tier { GOLD SILVER }
input Address { street: String!, zip: Int }
input Rec { name: String!, tier: Tier, tags: [String!], score: Decimal, address: Address, ids: [ID]! }
input Filter { and: [Filter!], name: String }
input WithDefault { x: Int = 3 }
input OneOf @oneOf { a: Int, b: String }
type Query { f(a: Int, x: Float, b: Boolean, i: ID): Int }
""")


def _parse_decimal(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError("not a decimal")
    return Decimal(str(value))


decimal = SCHEMA.get_type("Decimal")
assert isinstance(decimal, GraphQLScalarType)
decimal.coerce_input_value = decimal.parse_value = _parse_decimal  # type: ignore[method-assign]

OPERATION = """query($id: ID!, $s: String, $n: Int = 7, $x: Float, $b: Boolean, $dec: Decimal, $t: Tier = GOLD,
                     $u: String! = "d", $recs: [Rec!]!, $rec: Rec, $filter: Filter, $grid: [[Int!]],
                     $wd: WithDefault, $one: OneOf) { f(a: $n) }"""

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**40), max_value=2**40), st.floats(allow_nan=False),
    st.text(max_size=6), st.sampled_from(["GOLD", "SILVER", "gold", "12", "1.5", "1e3"]),
)
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.sampled_from(["name", "and", "x", "a", "zz"]), inner, max_size=2),
                           max_leaves=6)
address = st.fixed_dictionaries({}, optional={"street": scalars, "zip": scalars, "nope": scalars})
record = st.fixed_dictionaries(
    {"name": st.text(max_size=5) | scalars, "ids": st.lists(st.sampled_from(["a", "b"]), max_size=2) | json_values},
    optional={"tier": st.sampled_from(["GOLD", "SILVER", "BRONZE"]), "tags": st.lists(st.text(max_size=3), max_size=2),
              "score": st.sampled_from(["1.50", 2, 2.5, "x"]), "address": address | scalars, "extra": scalars},
)
filters = st.recursive(st.fixed_dictionaries({}, optional={"name": scalars}),
                       lambda inner: st.fixed_dictionaries({}, optional={"and": st.lists(inner, max_size=2) | inner,
                                                                         "name": scalars}), max_leaves=5)
VALUES = {
    "id": scalars, "s": scalars, "n": scalars, "x": scalars, "b": scalars, "dec": scalars, "t": scalars,
    "u": scalars, "recs": st.lists(record, max_size=4) | record | json_values, "rec": record | json_values,
    "filter": filters | json_values, "grid": json_values, "wd": json_values, "one": json_values,
}


def _operation(query: str) -> OperationDefinitionNode:
    return next(d for d in parse(query).definitions if isinstance(d, OperationDefinitionNode))


def _reference(operation: OperationDefinitionNode, given_values: dict[str, Any]) -> dict[str, Any] | None:
    coerced = get_variable_values(SCHEMA, operation.variable_definitions, given_values)
    return coerced.coerced if isinstance(coerced, VariableValues) else None


@settings(max_examples=600, deadline=None)
@given(st.fixed_dictionaries({}, optional=VALUES))
def test_agrees_with_graphql_core(given_values: dict[str, Any]) -> None:
    operation = _operation(OPERATION)
    variables = operation_variables(SCHEMA, operation)
    assert variables is not None
    reference = _reference(operation, given_values)
    ours = coerce_variables(variables, given_values)
    if reference is None:
        assert ours is None
    elif ours is not None:
        assert ours == reference
    assert variable_values(SCHEMA, operation, variables, given_values) == reference


@settings(max_examples=300, deadline=None)
@given(st.lists(st.fixed_dictionaries(
    {"name": st.text(max_size=5), "ids": st.lists(st.sampled_from(["a", "b", None]), max_size=2)},
    optional={"tier": st.sampled_from(["GOLD", "SILVER"]), "tags": st.lists(st.text(max_size=3), max_size=2),
              "score": st.sampled_from(["1.50", 2, 2.5]), "address": st.fixed_dictionaries(
                  {"street": st.text(max_size=3)}, optional={"zip": st.integers(-5, 5) | st.none()})}),
    max_size=5))
def test_valid_bulk_input_is_coerced_here(records: list[dict[str, Any]]) -> None:
    """Valid values of handled types never fall back to graphql-core, in its field order."""
    operation = _operation("query($recs: [Rec!]!) { f }")
    variables = operation_variables(SCHEMA, operation)
    assert variables is not None
    ours = coerce_variables(variables, {"recs": records})
    reference = _reference(operation, {"recs": records})
    assert ours is not None and reference is not None
    assert ours == reference
    assert [list(r) for r in ours["recs"]] == [list(r) for r in reference["recs"]]


def test_types_not_handled_here_go_to_graphql_core() -> None:
    for query, value in [("query($wd: WithDefault) { f }", {}), ("query($one: OneOf) { f }", {"a": 1})]:
        operation = _operation(query)
        variables = operation_variables(SCHEMA, operation)
        assert variables is not None
        name = operation.variable_definitions[0].variable.name.value
        assert coerce_variables(variables, {name: value}) is None
        assert variable_values(SCHEMA, operation, variables, {name: value}) == _reference(operation, {name: value})


def test_deep_nesting_is_left_to_graphql_core() -> None:
    operation = _operation("query($filter: Filter) { f }")
    variables = operation_variables(SCHEMA, operation)
    assert variables is not None
    deep: dict[str, Any] = {"name": "x"}
    for _ in range(300):
        deep = {"and": [deep]}
    assert coerce_variables(variables, {"filter": deep}) is None
    errors = get_variable_values(SCHEMA, operation.variable_definitions, {"filter": deep})
    assert not isinstance(errors, VariableValues)
    assert variable_values(SCHEMA, operation, variables, {"filter": deep}) is None


def test_list_variables_are_handed_over_coerced() -> None:
    operation = _operation('query($recs: [Rec!]!, $n: Int, $bad: [Int]) { f }')
    variables = list_variables(SCHEMA, operation)
    assert [v.name for v in variables] == ["recs", "bad"]
    records = [{"name": "a", "ids": ["1"], "score": "2.50"}]
    for_graphql, done = precoerce(variables, {"recs": records, "n": 3, "bad": ["x"]})
    assert for_graphql == {"recs": STAND_IN, "n": 3, "bad": ["x"]}  # an invalid value stays with graphql-core
    assert done == {"recs": (records, [{"name": "a", "ids": ["1"], "score": Decimal("2.50")}])}
