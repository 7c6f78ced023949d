"""`customers(filter:)` through HTTP: every operator family, logic nesting, relation filters."""
from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Api, TenantRef, errors_of

from .helpers import customers, fails, names, ok

LIST = "query($f: CustomerFilter) { customers(filter: $f, orderBy: [{name: ASC}]) { totalCount edges { node { name } } } }"


@pytest.fixture
async def crowd(api: Api, tenant: TenantRef) -> list[dict[str, Any]]:
    return await customers(
        api, tenant,
        {"name": "Ada", "email": "ada@x.io", "tier": "gold", "annualRevenue": "100.50", "tags": ["vip"],
         "birthday": "1990-01-02", "satisfaction": 5},
        {"name": "ada%", "tier": "silver", "annualRevenue": 20, "tags": ["vip", "partner"], "satisfaction": 2},
        {"name": "Bob_1", "tier": None, "tags": [], "birthday": "1985-06-01"},
        {"name": "carl", "industry": "finance", "annualRevenue": "7.25"},
    )


@pytest.mark.parametrize("where,expected", [
    ({"name": {"eq": "Ada"}}, ["Ada"]),
    ({"name": {"neq": "Ada"}}, ["Bob_1", "ada%", "carl"]),
    ({"name": {"in": ["carl", "nobody"]}}, ["carl"]),
    ({"name": {"nin": []}}, ["Ada", "Bob_1", "ada%", "carl"]),
    ({"name": {"in": []}}, []),
    ({"name": {"like": "a%"}}, ["ada%"]),
    ({"name": {"like": "ada\\%"}}, ["ada%"]),
    ({"name": {"ilike": "ADA%"}}, ["Ada", "ada%"]),
    ({"name": {"like": "Bob\\__"}}, ["Bob_1"]),
    ({"name": {"startsWith": "ada%"}}, ["ada%"]),
    ({"name": {"contains": "_"}}, ["Bob_1"]),
    ({"annualRevenue": {"gt": "20"}}, ["Ada"]),
    ({"annualRevenue": {"lte": 20}}, ["ada%", "carl"]),
    ({"annualRevenue": {"isNull": True}}, ["Bob_1"]),
    ({"satisfaction": {"gte": 2, "lt": 5}}, ["ada%"]),
    ({"birthday": {"lt": "1989-01-01"}}, ["Bob_1"]),
    ({"tier": {"neq": "gold"}}, ["ada%"]),
    ({"tier": {"isNull": False}}, ["Ada", "ada%"]),
    ({"tags": {"containsAny": ["partner", "reseller"]}}, ["ada%"]),
    ({"tags": {"containsAll": ["vip", "partner"]}}, ["ada%"]),
    ({"tags": {"isEmpty": True}}, ["Bob_1", "carl"]),
    ({"ownerId": {"eq": "u-admin"}}, ["Ada", "Bob_1", "ada%", "carl"]),
    ({"or": [{"tier": {"eq": "gold"}}, {"industry": {"eq": "finance"}}]}, ["Ada", "carl"]),
    ({"not": {"tier": {"eq": "gold"}}}, ["Bob_1", "ada%", "carl"]),
    ({"and": [{"name": {"ilike": "a%"}}, {"not": {"or": [{"tags": {"containsAny": ["partner"]}}]}}]}, ["Ada"]),
])
async def test_operator_families(api: Api, tenant: TenantRef, crowd: Any, where: dict[str, Any], expected: list[str]) -> None:
    """Each operator selects what SPEC §4 says; comparisons never match null; `not` complements."""
    data = await ok(api, tenant, LIST, {"f": where})
    assert names(data["customers"]) == expected
    assert data["customers"]["totalCount"] == len(expected)


async def test_nested_relation_filter(api: Api, tenant: TenantRef, crowd: Any) -> None:
    """`tickets(filter: {customer: {...}})` matches tickets whose live customer matches."""
    ada, _pct, bob, _carl = crowd
    await ok(api, tenant, "mutation($in: [TicketCreateInput!]!) { createTickets(input: $in) { id } }", {"in": [
        {"subject": "s1", "customerId": ada["id"]}, {"subject": "s2", "customerId": bob["id"]}, {"subject": "s3"},
    ]})
    query = "query($f: TicketFilter) { tickets(filter: $f, orderBy: [{subject: ASC}]) { edges { node { subject } } } }"
    subjects = lambda d: [e["node"]["subject"] for e in d["tickets"]["edges"]]
    assert subjects(await ok(api, tenant, query, {"f": {"customer": {"tier": {"eq": "gold"}}}})) == ["s1"]
    assert subjects(await ok(api, tenant, query, {"f": {"customerId": {"eq": bob["id"]}}})) == ["s2"]
    await ok(api, tenant, "mutation($id: ID!) { deleteCustomer(id: $id) { id } }", {"id": ada["id"]})
    assert subjects(await ok(api, tenant, query, {"f": {"customer": {"tier": {"eq": "gold"}}}})) == []
    assert subjects(await ok(api, tenant, query, {"f": {"customerId": {"isNull": True}}})) == ["s1", "s3"]


async def test_bad_filter_values_are_bad_user_input(api: Api, tenant: TenantRef) -> None:
    """A malformed value in a variable, or a null operand, is BAD_USER_INPUT."""
    body = await fails(api, tenant, LIST, {"f": {"birthday": {"eq": "yesterday"}}})
    assert errors_of(body) == ["BAD_USER_INPUT"]
    body = await fails(api, tenant, LIST, {"f": {"name": {"eq": None}}})
    assert errors_of(body) == ["BAD_USER_INPUT"]


async def test_other_tenant_records_never_match(api: Api, tenant: TenantRef, other_tenant: TenantRef, crowd: Any) -> None:
    """Another tenant's ids behave like ids that do not exist."""
    data = await ok(api, other_tenant, LIST, {"f": {"id": {"eq": crowd[0]["id"]}}})
    assert data["customers"]["totalCount"] == 0
    data = await ok(api, other_tenant, "query($id: ID!) { customer(id: $id) { id } }", {"id": crowd[0]["id"]})
    assert data["customer"] is None
