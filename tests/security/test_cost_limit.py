"""Cost limit: each field costs 1 and a connection multiplies its subtree by `first`
(50 when omitted); over 50,000 is QUERY_TOO_COMPLEX before any SQL runs."""

from __future__ import annotations

NESTED = """query($n: Int) { customers(first: $n) { edges { node {
  tickets(first: $n) { edges { node { subject } } } } } } }"""
"""Cost 1 + n × (3 + n × 3), i.e. 270,901 for n = 300."""

OMITTED = """{ customers%s { edges { node { opportunities { edges { node {
  activities { edges { node { subject } } } } } } } } } }"""
"""With every `first` omitted: 1 + 50 × (2 + 1 + 50 × (3 + 50 × 3)) = 382,651."""


async def test_nested_connections_multiply_their_page_sizes(errors_of, rejected_before_sql, tenant):
    """500 customers × 500 tickets each costs 751,501: rejected, and the message says so."""
    query = "{ customers(first: 500) { edges { node { tickets(first: 500) { edges { node { subject } } } } } } }"
    body = await rejected_before_sql(tenant, query)
    assert errors_of(body) == ["QUERY_TOO_COMPLEX"]
    assert body["errors"][0]["message"] == "query cost 751501 exceeds the limit of 50000"
    assert body["errors"][0]["extensions"]["value"] == 751501


async def test_omitted_first_counts_as_the_default_page_size(
    errors_of, rejected_before_sql, tenant
):
    """Three nested connections without `first` cost 50 × 50 × 50 rows' worth."""
    body = await rejected_before_sql(tenant, OMITTED % "")
    assert errors_of(body) == ["QUERY_TOO_COMPLEX"]
    assert body["errors"][0]["message"] == "query cost 382651 exceeds the limit of 50000"


async def test_a_small_outer_page_brings_the_same_query_under_the_limit(api, tenant):
    """`first: 2` on the outer connection makes the cost 15,307, which runs."""
    body = await api.gql(tenant, OMITTED % "(first: 2)")
    assert "errors" not in body, body
    assert body["data"]["customers"]["edges"] == []


async def test_cost_uses_the_value_of_a_variable(errors_of, rejected_before_sql, api, tenant):
    """`first: $n` costs what `$n` is in this request: 300 is rejected, 10 runs."""
    body = await rejected_before_sql(tenant, NESTED, {"n": 300})
    assert errors_of(body) == ["QUERY_TOO_COMPLEX"]
    assert body["errors"][0]["message"] == "query cost 270901 exceeds the limit of 50000"
    body = await api.gql(tenant, NESTED, {"n": 10})
    assert "errors" not in body, body


async def test_cost_uses_a_variable_default_when_the_variable_is_omitted(
    errors_of, rejected_before_sql, tenant
):
    """A default of 300 declared on the variable costs like passing 300."""
    body = await rejected_before_sql(tenant, NESTED.replace("$n: Int)", "$n: Int = 300)"))
    assert errors_of(body) == ["QUERY_TOO_COMPLEX"]


async def test_integral_float_variable_cannot_dodge_the_cost(
    errors_of, rejected_before_sql, tenant
):
    """GraphQL coerces 300.0 to the Int 300, so the cost must count it as 300 too."""
    body = await rejected_before_sql(tenant, NESTED, {"n": 300.0})
    assert errors_of(body) == ["QUERY_TOO_COMPLEX"]
    assert body["errors"][0]["message"] == "query cost 270901 exceeds the limit of 50000"
