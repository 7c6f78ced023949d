"""Relations never reach past the row scope: not by traversal, not by filter, not by count."""
from __future__ import annotations

import pytest_asyncio

from tests.conftest import Api, TenantRef, errors_of

REP1, REP2 = "u-rep1", "u-rep2"
REP = {"roles": ["sales_rep"], "user": REP1}


@pytest_asyncio.fixture
async def linked(api: Api, tenant: TenantRef) -> dict[str, str]:
    """Rep one's opportunity points at rep two's customer (an admin linked them)."""
    theirs = await api.gql(tenant, f'mutation {{ createCustomer(input: {{name: "Secret Corp", ownerId: "{REP2}", annualRevenue: "9"}}) {{ id }} }}')
    customer = theirs["data"]["createCustomer"]["id"]
    mine = await api.gql(tenant, f'mutation($c: ID!) {{ createOpportunity(input: {{name: "Deal", ownerId: "{REP1}", customerId: $c}}) {{ id }} }}', {"c": customer})
    return {"customer": customer, "opportunity": mine["data"]["createOpportunity"]["id"]}


async def test_idor_via_relation_traversal(api: Api, tenant: TenantRef, linked: dict[str, str]) -> None:
    """Following one's own opportunity to someone else's customer yields null."""
    body = await api.gql(tenant, "{ opportunities { edges { node { name customer { name } } } } }", **REP)
    assert body["data"]["opportunities"]["edges"] == [{"node": {"name": "Deal", "customer": None}}]


async def test_filter_oracle_through_relation(api: Api, tenant: TenantRef, linked: dict[str, str]) -> None:
    """A relation sub-filter cannot test values of a record outside the scope."""
    for name in ("Secret Corp", "No Such Corp"):
        body = await api.gql(tenant, "query($n: String!) { opportunities(filter: {customer: {name: {eq: $n}}}) { totalCount } }", {"n": name}, **REP)
        assert body["data"]["opportunities"]["totalCount"] == 0


async def test_aggregates_count_only_rows_in_scope(api: Api, tenant: TenantRef, linked: dict[str, str]) -> None:
    """Aggregates are computed over the caller's rows only."""
    await api.gql(tenant, f'mutation {{ createCustomer(input: {{name: "Mine", ownerId: "{REP1}"}}) {{ id }} }}')
    body = await api.gql(tenant, "{ customersAggregate { count } }", **REP)
    assert body["data"]["customersAggregate"] == [{"count": 1}]
    admin = await api.gql(tenant, "{ customersAggregate { count } }")
    assert admin["data"]["customersAggregate"] == [{"count": 2}]


async def test_inverse_relation_lists_only_rows_in_scope(api: Api, tenant: TenantRef, linked: dict[str, str]) -> None:
    """From a visible customer, the inverse connection shows only the caller's rows."""
    await api.gql(tenant, f'mutation($c: ID!) {{ createOpportunity(input: {{name: "Other deal", ownerId: "{REP2}", customerId: $c}}) {{ id }} }}', {"c": linked["customer"]})
    manager = await api.gql(tenant, "query($id: ID!) { customer(id: $id) { opportunities { totalCount } } }",
                            {"id": linked["customer"]}, roles=["sales_manager"], user="u-m")
    assert manager["data"]["customer"]["opportunities"]["totalCount"] == 2
    rep2 = await api.gql(tenant, "query($id: ID!) { customer(id: $id) { opportunities { totalCount edges { node { name } } } } }",
                         {"id": linked["customer"]}, roles=["sales_rep"], user=REP2)
    assert rep2["data"]["customer"]["opportunities"] == {"totalCount": 1, "edges": [{"node": {"name": "Other deal"}}]}


async def test_linking_to_a_record_outside_the_scope_is_refused(api: Api, tenant: TenantRef, linked: dict[str, str]) -> None:
    """A rep cannot attach their opportunity to a customer they cannot see."""
    body = await api.gql(tenant, 'mutation($c: ID!) { createOpportunity(input: {name: "Sneaky", customerId: $c}) { id } }',
                         {"c": linked["customer"]}, **REP)
    assert errors_of(body) == ["VALIDATION_FAILED"]
