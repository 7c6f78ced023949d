"""Computed fields built in SQL are compiled with the rest of the query.

Values derived from the clock are parameters of the cached statement: a statement built
yesterday computes today's values, exactly as the resolvers do with today's clock.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.compiled.test_differential import Both, both  # noqa: F401  (fixture)
from tests.plugins_api.conftest import clock, computed_field, probe, registry  # noqa: F401  (fixtures)

FIELDS = [
    ("customer", "valueScore", "customer_value_score", None),
    ("customer", "recency", "customer_value_score", "recency"),
    ("customer", "segment", "customer_value_score", "segment"),
    ("customer", "churnRisk", "churn_risk", None),
    ("lead", "leadScore", "lead_score", None),
    ("lead", "idle", "lead_pool", "idleDays"),
    ("ticket", "slaState", "ticket_sla", "state"),
    ("ticket", "dueAt", "ticket_sla", "dueAt"),
]

QUERIES = [
    "{ customers(first: 30, orderBy: [{name: ASC}]) { edges { node { name valueScore recency segment churnRisk "
    "tickets(first: 3, orderBy: [{createdAt: DESC}]) { edges { node { subject slaState dueAt } } } } } } }",
    "query($min: Int) { customers(first: 50, filter: {valueScore: {gte: $min}}, orderBy: [{name: ASC}]) "
    "{ totalCount edges { cursor node { name valueScore } } pageInfo { hasNextPage endCursor } } }",
    "{ leads(first: 40, orderBy: [{name: ASC}]) { edges { node { name leadScore idle customer { churnRisk } } } } }",
    "query($state: String) { tickets(first: 40, filter: {slaState: {eq: $state}}, orderBy: [{subject: ASC}]) "
    "{ totalCount edges { node { subject slaState dueAt customer { segment } } } } }",
]

VARIABLES: dict[str, Any] = {"min": 10, "state": "breached"}


@pytest.fixture
async def scored(both: Both, api: Any, registry: Any) -> Both:  # noqa: F811
    for obj, name, plugin, kind in FIELDS:
        await computed_field(api, both.tenant, obj, name, plugin, kind)
    return both


def _used(query: str) -> dict[str, Any] | None:
    used = {k: v for k, v in VARIABLES.items() if f"${k}" in query}
    return used or None


async def test_sql_computed_fields_answer_identically(scored: Both) -> None:
    answers = [await scored(query, _used(query)) for query in QUERIES]
    customers = [e["node"] for e in answers[0]["data"]["customers"]["edges"]]
    assert any(c["valueScore"] > 0 for c in customers) and any(c["churnRisk"] for c in customers)
    assert answers[1]["data"]["customers"]["totalCount"] > 0
    states = {t["node"]["slaState"] for c in customers for t in c["tickets"]["edges"]}
    for state in states:  # a filter on a computed field, operand bound per request
        found = await scored(QUERIES[3], {"state": state})
        assert {e["node"]["slaState"] for e in found["data"]["tickets"]["edges"]} == {state}


async def test_cached_statements_follow_the_clock(scored: Both, registry: Any, clock: dt.datetime) -> None:  # noqa: F811
    """The same documents a year later: the cached statements compute the new values."""
    first = [await scored(query, _used(query)) for query in QUERIES]
    registry.clock = lambda: clock + dt.timedelta(days=400)
    later = [await scored(query, _used(query)) for query in QUERIES]
    assert later != first  # recency, idle days and SLA states moved with the clock


async def test_sorting_by_a_computed_field_uses_the_general_path(scored: Both) -> None:
    await scored("{ customers(first: 5, orderBy: [{valueScore: DESC}]) { edges { node { name valueScore } } } }",
                 compiled=False)
