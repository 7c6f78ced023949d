"""Depth limit: every field level counts, fragments expanded; over 12 is QUERY_TOO_COMPLEX."""

from __future__ import annotations

from graphql import build_schema, parse, validate

from server.graphql.limits import validation_rules
from server.settings import Limits

# customers(1) edges(2) node(3) tickets(4) edges(5) node(6) customer(7) tickets(8) edges(9)
# node(10) customer(11) name(12)
DEPTH_12 = """{ customers(first: 1) { edges { node { tickets(first: 1) { edges { node {
  customer { tickets(first: 1) { edges { node { customer { name } } } } } } } } } } } }"""
DEPTH_13 = DEPTH_12.replace("customer { name }", "customer { tickets(first: 1) { totalCount } }")


async def test_query_at_the_depth_limit_runs(api, tenant):
    """A query exactly 12 levels deep is answered."""
    body = await api.gql(tenant, DEPTH_12)
    assert "errors" not in body, body
    assert body["data"]["customers"]["edges"] == []


async def test_query_one_level_too_deep_is_rejected_before_sql(
    errors_of, rejected_before_sql, tenant
):
    """13 levels: QUERY_TOO_COMPLEX naming the depth and the limit, and no SQL runs."""
    body = await rejected_before_sql(tenant, DEPTH_13)
    assert errors_of(body) == ["QUERY_TOO_COMPLEX"]
    assert body["errors"][0]["message"] == "query depth 13 exceeds the limit of 12"
    assert "data" not in body


async def test_depth_hidden_in_fragments_is_counted(errors_of, rejected_before_sql, tenant):
    """Splitting a deep query into nested fragments does not hide its depth."""
    query = """
    { customers(first: 1) { edges { node { ...C1 } } } }
    fragment C1 on Customer { tickets(first: 1) { edges { node { ...T1 } } } }
    fragment T1 on Ticket { customer { ...C2 } }
    fragment C2 on Customer { tickets(first: 1) { edges { node { customer { ...C3 } } } } }
    fragment C3 on Customer { leads(first: 1) { edges { node { name } } } }
    """
    body = await rejected_before_sql(tenant, query)
    assert errors_of(body) == ["QUERY_TOO_COMPLEX"]
    assert body["errors"][0]["message"] == "query depth 15 exceeds the limit of 12"


async def test_introspection_of_graphiql_is_not_refused_for_depth(api, tenant):
    """Type references nest deeper than 12 in GraphiQL's introspection; that query still runs."""
    of_type = "kind name"
    for _ in range(9):
        of_type = f"kind name ofType {{ {of_type} }}"
    query = f"{{ __schema {{ types {{ name fields {{ name type {{ {of_type} }} }} }} }} }}"
    body = await api.gql(tenant, query)
    assert "errors" not in body, body["errors"]


def test_limit_rules_terminate_on_fragment_cycles_when_run_alone():
    """Fragment cycles cannot make a limit recurse forever, whatever order rules run in."""
    schema = build_schema("type Query { a: Query b: Int }")
    document = parse("{ ...A } fragment A on Query { a { ...B } } fragment B on Query { b ...A }")
    assert validate(schema, document, validation_rules(Limits(), None)) == []
