"""Compiled statements are built once per document and reused with new operand values.

A record id and the operands of comparison filters become bind parameters; every other
variable shapes the SQL and keys the cached statement by value. Answers must stay equal
to the general path's for every value, including values the API rejects.
"""
from __future__ import annotations

from typing import Any

from graphql import OperationDefinitionNode, parse

from server.graphql.compiled.variables import operand_variables
from tests.compiled.test_differential import Both, both  # noqa: F401  (fixture)


def _operands(runtime: Any, query: str) -> set[str]:
    """Classified against the schema the last request used (the test tenant's)."""
    schema = next(reversed(runtime.schemas._schemas.values())).schema
    document = parse(query)
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    return set(operand_variables(schema, document, operation))


def _plans(runtime: Any) -> int:
    return sum(len(p.compiled_plans) for p in runtime.schemas._schemas.values())


async def test_only_comparison_operands_and_root_ids_are_parameters(both: Both, runtime: Any) -> None:
    await both("{ customers(first: 1) { totalCount } }")
    assert _operands(runtime, "query($id: ID!) { customer(id: $id) { name } }") == {"id"}
    assert _operands(runtime, """query($t: String, $r: Decimal, $n: Int, $s: [String!], $f: CustomerFilter,
        $null: Boolean!, $after: String, $o: String) {
      customers(first: $n, after: $after, filter: {tier: {eq: $t}, annualRevenue: {gte: $r}, industry: {in: $s},
                email: {isNull: $null}, and: [{source: {neq: $o}}]}) {
        edges { node { name tickets(filter: $f) { totalCount } } }
      }
    }""") == {"t", "r", "o"}
    # a variable used as an operand and anywhere else keys the statement by value
    assert _operands(runtime, """query($t: String!) {
      a: customers(filter: {tier: {eq: $t}}) { totalCount }
      b: customers(filter: {tier: {in: [$t]}}) { totalCount }
    }""") == set()
    # directives decide what is selected
    assert _operands(runtime, "query($d: Boolean!) { customers { edges { node { name @skip(if: $d) } } } }") == set()


async def test_requests_differing_in_operands_share_one_statement(both: Both, runtime: Any) -> None:
    page = await both("{ customers(first: 6) { edges { node { id } } } }")
    ids = [e["node"]["id"] for e in page["data"]["customers"]["edges"]]
    query = "query($id: ID!) { customer(id: $id) { id name tier tickets(first: 2) { totalCount } } }"
    before = _plans(runtime)
    answers = [await both(query, {"id": record_id}) for record_id in ids]
    assert [a["data"]["customer"]["id"] for a in answers] == ids
    assert _plans(runtime) == before + 1
    await both(query, {"id": "00000000-0000-4000-8000-000000000000"})  # no such record: null on both paths
    await both(query, {"id": "not-an-id"}, compiled=False)
    assert _plans(runtime) == before + 1


FILTERED = """query($tier: String, $revenue: Decimal, $since: Date, $rating: Int, $owner: String, $industry: String) {
  customers(first: 20, orderBy: [{name: ASC}], filter: {
      tier: {neq: $tier}, annualRevenue: {gte: $revenue}, birthday: {lt: $since},
      satisfaction: {lte: $rating}, ownerId: {eq: $owner}
  }) {
    totalCount
    edges { node { name tier annualRevenue birthday satisfaction ownerId
      opportunities(first: 3, filter: {customer: {industry: {eq: $industry}}}) { totalCount edges { node { name } } }
    } }
  }
}"""


async def test_filter_operands_rebound_per_request_answer_identically(both: Both, runtime: Any) -> None:
    values = [
        {"tier": "gold", "revenue": "100000", "since": "1990-01-01", "rating": 4, "owner": "u-alice", "industry": "technology"},
        {"tier": "bronze", "revenue": "0", "since": "2030-01-01", "rating": 5, "owner": "u-bob", "industry": "finance"},
        {"tier": "platinum", "revenue": "2500000.50", "since": "1970-06-15", "rating": 1, "owner": "u-carol", "industry": "retail"},
    ]
    before = _plans(runtime)
    for variables in values:
        await both(FILTERED, variables)
    assert _plans(runtime) == before + 1
    # a null operand shapes the SQL (the filter rejects it): a separate verdict, same answers
    await both(FILTERED, {**values[0], "tier": None}, compiled=False)
    await both(FILTERED, {**values[0], "rating": None}, compiled=False)


async def test_rejected_operands_get_the_general_paths_errors(both: Both, runtime: Any) -> None:
    good = {"tier": "gold", "revenue": "1", "since": "1990-01-01", "rating": 3, "owner": "u-alice", "industry": "retail"}
    await both(FILTERED, good)
    for bad in ({"revenue": "lots"}, {"since": "yesterday"}, {"rating": "five"}):
        body = await both(FILTERED, {**good, **bad}, compiled=False)
        assert body["errors"], bad
    await both(FILTERED, good)


async def test_row_scope_holds_for_rebound_statements(both: Both) -> None:
    """The same statement shape for two sales reps still applies each one's own row scope."""
    query = "query($tier: String!) { customers(filter: {tier: {neq: $tier}}) { totalCount edges { node { ownerId } } } }"
    for user in ("u-alice", "u-bob"):
        for tier in ("gold", "bronze"):
            body = await both(query, {"tier": tier}, roles=["sales_rep"], user=user)
            assert {e["node"]["ownerId"] for e in body["data"]["customers"]["edges"]} <= {user}


async def test_postgresql_runs_cached_statements_on_the_driver(both: Both, runtime: Any, backend: str) -> None:
    """On PostgreSQL every plan of these queries is compiled to driver SQL once (no
    SQLAlchemy execution per request); SQLite keeps the SQLAlchemy path."""
    def plans() -> list[Any]:
        return [p for s in runtime.schemas._schemas.values() for p in s.compiled_plans.values() if hasattr(p, "driver")]

    before = {id(p) for p in plans()}
    await both(FILTERED, {"tier": "gold", "revenue": "1", "since": "1990-01-01", "rating": 3, "owner": "u-alice",
                          "industry": "retail"})
    await both("{ customersAggregate(groupBy: [tier], filter: {tags: {containsAny: [\"vip\"]}}) { group count } }")
    await both("{ customers(filter: {industry: {in: [\"retail\", \"finance\"]}}) { totalCount } }")
    new = [p for p in plans() if id(p) not in before]
    assert new
    uses_driver = [p.driver is not None for p in new]
    assert all(uses_driver) if backend == "postgresql" else not any(uses_driver)


async def test_only_operands_are_bound_the_rest_is_text(both: Both, runtime: Any, backend: str) -> None:
    """Page sizes and rendering constants are written into the statement: PostgreSQL can
    only choose a generic plan for a prepared statement whose LIMIT it can see."""
    query = """query($t: String!) { customers(first: 7, orderBy: [{createdAt: DESC}], filter: {tier: {eq: $t}}) {
      edges { node { name createdAt birthday } } } }"""
    await both(query, {"t": "gold"})
    plans = [plan for prepared in runtime.schemas._schemas.values() for key, plan in prepared.compiled_plans.items()
             if key[0] == query]
    assert len(plans) == 1
    [plan] = plans
    assert [name for _key, name, _convert in plan.parameters.binds] == ["t"]
    if backend == "postgresql":
        [statement] = plan.driver
        assert len(statement.names) == 1 and "$2" not in statement.sql
        assert "LIMIT 7" in statement.sql and "'UTC'" in statement.sql
