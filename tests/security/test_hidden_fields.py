"""A field hidden from a role is unusable everywhere it could leak (SPEC §5)."""
from __future__ import annotations

import pytest

from tests.conftest import Api, TenantRef, errors_of

SUPPORT = {"roles": ["support_agent"], "user": "u-support"}

LEAKS = {
    "selection": "{ customers { edges { node { annualRevenue } } } }",
    "filter_oracle": "{ customers(filter: {annualRevenue: {gt: \"1000\"}}) { totalCount } }",
    "filter_oracle_through_relation": "{ tickets(filter: {customer: {annualRevenue: {gt: \"1000\"}}}) { totalCount } }",
    "sort_oracle": "{ customers(orderBy: [{annualRevenue: DESC}]) { edges { node { id } } } }",
    "aggregate_sum": "{ customersAggregate { sum { annualRevenue } } }",
    "nested_selection": "{ tickets { edges { node { customer { annualRevenue } } } } }",
}


@pytest.mark.parametrize("query", LEAKS.values(), ids=list(LEAKS))
async def test_hidden_field_cannot_be_reached(api: Api, tenant: TenantRef, query: str) -> None:
    """Selecting, filtering, sorting or aggregating a denied field fails validation."""
    body = await api.gql(tenant, query, **SUPPORT)
    assert errors_of(body) == ["GRAPHQL_VALIDATION_FAILED"]


async def test_hidden_field_is_absent_from_introspection(api: Api, tenant: TenantRef) -> None:
    """Introspection shows the support agent a Customer type without annualRevenue."""
    body = await api.gql(tenant, '{ __type(name: "Customer") { fields { name } } }', **SUPPORT)
    names = {f["name"] for f in body["data"]["__type"]["fields"]}
    assert "name" in names and "annualRevenue" not in names
    filter_type = await api.gql(tenant, '{ __type(name: "CustomerFilter") { inputFields { name } } }', **SUPPORT)
    assert "annualRevenue" not in {f["name"] for f in filter_type["data"]["__type"]["inputFields"]}


async def test_suggestions_do_not_reveal_hidden_names(api: Api, tenant: TenantRef) -> None:
    """Non-admins get no "Did you mean" hints that could spell out a hidden field."""
    body = await api.gql(tenant, "{ customers { edges { node { annualRevenu } } } }", **SUPPORT)
    assert errors_of(body) == ["GRAPHQL_VALIDATION_FAILED"]
    assert "Did you mean" not in body["errors"][0]["message"]


async def test_denied_field_set_by_permission_applies_on_next_request(api: Api, tenant: TenantRef) -> None:
    """A policy change is live for the very next request."""
    await api.meta(tenant, 'mutation { createRole(name: "auditor") { name } }')
    granted = await api.meta(
        tenant,
        'mutation { setPermission(input: {role: "auditor", object: "customer", actions: [READ], deniedFields: ["email"]}) { deniedFields } }',
    )
    assert granted["data"]["setPermission"]["deniedFields"] == ["email"]
    body = await api.gql(tenant, "{ customers { edges { node { email } } } }", roles=["auditor"], user="u-a")
    assert errors_of(body) == ["GRAPHQL_VALIDATION_FAILED"]
    ok = await api.gql(tenant, "{ customers { edges { node { name } } } }", roles=["auditor"], user="u-a")
    assert "errors" not in ok
    await api.meta(tenant, 'mutation { setPermission(input: {role: "auditor", object: "customer", actions: [READ]}) { role } }')
    now = await api.gql(tenant, "{ customers { edges { node { email } } } }", roles=["auditor"], user="u-a")
    assert "errors" not in now


async def test_allow_list_hides_new_fields(api: Api, tenant: TenantRef) -> None:
    """With allowedFields, a field added later stays hidden; with deniedFields it shows."""
    await api.meta(tenant, 'mutation { createRole(name: "narrow") { name } }')
    await api.meta(tenant, 'mutation { setPermission(input: {role: "narrow", object: "customer", actions: [READ], allowedFields: ["name"]}) { role } }')
    await api.meta(tenant, 'mutation { createField(object: "customer", input: {name: "vatNumber", label: "VAT", type: TEXT}) { id } }')
    body = await api.gql(tenant, '{ __type(name: "Customer") { fields { name } } }', roles=["narrow"], user="u-n")
    names = {f["name"] for f in body["data"]["__type"]["fields"]}
    assert "name" in names and "vatNumber" not in names and "email" not in names


async def test_rule_naming_a_deleted_field_denies(api: Api, tenant: TenantRef) -> None:
    """A row filter that no longer resolves grants nothing instead of everything."""
    await api.meta(tenant, 'mutation { createRole(name: "regional") { name } }')
    await api.meta(tenant, 'mutation { createField(object: "customer", input: {name: "region", label: "Region", type: TEXT}) { id } }')
    await api.meta(tenant, 'mutation { setPermission(input: {role: "regional", object: "customer", actions: [READ], rowFilter: {region: {eq: "north"}}}) { role } }')
    await api.gql(tenant, 'mutation { createCustomer(input: {name: "N", region: "north"}) { id } }')
    await api.gql(tenant, 'mutation { createCustomer(input: {name: "S", region: "south"}) { id } }')
    before = await api.gql(tenant, "{ customers { totalCount } }", roles=["regional"], user="u-r")
    assert before["data"]["customers"]["totalCount"] == 1
    await api.meta(tenant, 'mutation { deleteField(object: "customer", name: "region") }')
    after = await api.gql(tenant, "{ customers { totalCount } }", roles=["regional"], user="u-r")
    assert "errors" in after or after["data"]["customers"]["totalCount"] == 0
