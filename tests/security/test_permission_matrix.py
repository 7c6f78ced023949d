"""The permission matrix: every kind of caller against every kind of operation.

Callers are the `crm` template's roles plus the outsiders (another tenant's admin, no
credential, a revoked API key). Expected outcomes follow SPEC §5 and §7.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
import pytest_asyncio

from tests.conftest import Api, TenantRef, errors_of

REP1, REP2 = "u-rep1", "u-rep2"


@dataclass(frozen=True)
class Caller:
    name: str
    roles: tuple[str, ...] = ()
    user: str = "u-x"


CALLERS = [
    Caller("admin", ("admin",), "u-admin"),
    Caller("manager", ("sales_manager",), "u-manager"),
    Caller("owner_rep", ("sales_rep",), REP1),
    Caller("other_rep", ("sales_rep",), REP2),
    Caller("support_agent", ("support_agent",), "u-support"),
    Caller("viewer", ("viewer",), "u-viewer"),
    Caller("other_tenant", ("admin",), "u-admin"),
    Caller("anonymous"),
    Caller("revoked_api_key"),
]


@dataclass
class World:
    tenant: TenantRef
    other: TenantRef
    ids: dict[str, str]
    revoked_key: str


async def _create(api: Api, tenant: TenantRef, object_type: str, values: dict[str, Any]) -> str:
    body = await api.gql(
        tenant,
        f"mutation($input: {object_type}CreateInput!) {{ create{object_type}(input: $input) {{ id }} }}",
        {"input": values},
    )
    assert "errors" not in body, body
    return str(body["data"][f"create{object_type}"]["id"])


@pytest_asyncio.fixture
async def world(api: Api, tenant: TenantRef, other_tenant: TenantRef) -> World:
    ids = {
        "c1": await _create(api, tenant, "Customer", {"name": "Rep one's customer", "ownerId": REP1, "annualRevenue": "1000.00"}),
        "c2": await _create(api, tenant, "Customer", {"name": "Rep two's customer", "ownerId": REP2, "annualRevenue": "2000.00"}),
        "pool_lead": await _create(api, tenant, "Lead", {"name": "Pool lead", "ownerId": None}),
        "rep1_lead": await _create(api, tenant, "Lead", {"name": "Rep one's lead", "ownerId": REP1}),
    }
    ids["t1"] = await _create(api, tenant, "Ticket", {"subject": "Broken", "customerId": ids["c1"]})
    ids["foreign"] = await _create(api, other_tenant, "Customer", {"name": "Other tenant's customer"})
    created = await api.meta(tenant, 'mutation { createApiKey(name: "old", roles: ["admin"]) { id key } }')
    key = created["data"]["createApiKey"]
    await api.meta(tenant, "mutation($id: ID!) { revokeApiKey(id: $id) }", {"id": key["id"]})
    return World(tenant, other_tenant, ids, key["key"])


async def call(api: Api, world: World, caller: Caller, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    if caller.name == "anonymous":
        return await api.gql(None, query, variables)
    if caller.name == "revoked_api_key":
        return await api.gql(None, query, variables, token=world.revoked_key)
    tenant = world.other if caller.name == "other_tenant" else world.tenant
    return await api.gql(tenant, query, variables, roles=caller.roles, user=caller.user)


def outcome(body: dict[str, Any]) -> Any:
    """The error code of a failed call, or its data."""
    codes = errors_of(body)
    return codes[0] if codes else body["data"]


LIST_CUSTOMERS = "{ customers(orderBy: [{name: ASC}]) { totalCount edges { node { id name } } } }"
EXPECTED_CUSTOMER_LISTS = {
    "admin": {"c1", "c2"},
    "manager": {"c1", "c2"},
    "owner_rep": {"c1"},
    "other_rep": {"c2"},
    "support_agent": {"c1", "c2"},
    "viewer": {"c1", "c2"},
    "other_tenant": {"foreign"},
    "anonymous": "UNAUTHENTICATED",
    "revoked_api_key": "UNAUTHENTICATED",
}


@pytest.mark.parametrize("caller", CALLERS, ids=lambda c: c.name)
async def test_customer_list_is_limited_to_the_callers_rows(api: Api, world: World, caller: Caller) -> None:
    """Lists and totalCount contain exactly the rows the caller's row scope allows."""
    body = await call(api, world, caller, LIST_CUSTOMERS)
    expected = EXPECTED_CUSTOMER_LISTS[caller.name]
    if isinstance(expected, str):
        assert outcome(body) == expected
        assert api.last_status == 401
        return
    names = {v: k for k, v in world.ids.items()}
    seen = {names[e["node"]["id"]] for e in body["data"]["customers"]["edges"]}
    assert seen == expected
    assert body["data"]["customers"]["totalCount"] == len(expected)


EXPECTED_GET_C1 = {
    "admin": True, "manager": True, "owner_rep": True, "other_rep": False, "support_agent": True,
    "viewer": True, "other_tenant": False, "anonymous": "UNAUTHENTICATED", "revoked_api_key": "UNAUTHENTICATED",
}


@pytest.mark.parametrize("caller", CALLERS, ids=lambda c: c.name)
async def test_get_by_id_returns_null_outside_the_scope(api: Api, world: World, caller: Caller) -> None:
    """`customer(id:)` is null for rows outside the caller's scope and for other tenants' ids."""
    body = await call(api, world, caller, "query($id: ID!) { customer(id: $id) { id } }", {"id": world.ids["c1"]})
    expected = EXPECTED_GET_C1[caller.name]
    if isinstance(expected, str):
        assert outcome(body) == expected
        return
    assert (body["data"]["customer"] is not None) is expected


EXPECTED_UPDATE_C1 = {
    "admin": "ok", "manager": "ok", "owner_rep": "ok", "other_rep": "NOT_FOUND",
    "support_agent": "GRAPHQL_VALIDATION_FAILED", "viewer": "GRAPHQL_VALIDATION_FAILED",
    "other_tenant": "NOT_FOUND", "anonymous": "UNAUTHENTICATED", "revoked_api_key": "UNAUTHENTICATED",
}


@pytest.mark.parametrize("caller", CALLERS, ids=lambda c: c.name)
async def test_update_needs_the_action_and_the_row(api: Api, world: World, caller: Caller) -> None:
    """Updates outside the row scope are NOT_FOUND; without UPDATE the mutation does not exist."""
    body = await call(
        api, world, caller,
        'mutation($id: ID!) { updateCustomer(id: $id, input: {company: "Changed"}) { id company } }',
        {"id": world.ids["c1"]},
    )
    expected = EXPECTED_UPDATE_C1[caller.name]
    if expected == "ok":
        assert body["data"]["updateCustomer"]["company"] == "Changed"
    else:
        assert outcome(body) == expected
    check = await api.gql(world.tenant, "query($id: ID!) { customer(id: $id) { company } }", {"id": world.ids["c1"]})
    assert (check["data"]["customer"]["company"] == "Changed") is (expected == "ok")


EXPECTED_DELETE_C2 = {
    "admin": "ok", "manager": "ok", "owner_rep": "GRAPHQL_VALIDATION_FAILED", "other_rep": "GRAPHQL_VALIDATION_FAILED",
    "support_agent": "GRAPHQL_VALIDATION_FAILED", "viewer": "GRAPHQL_VALIDATION_FAILED",
    "other_tenant": "NOT_FOUND", "anonymous": "UNAUTHENTICATED", "revoked_api_key": "UNAUTHENTICATED",
}


@pytest.mark.parametrize("caller", CALLERS, ids=lambda c: c.name)
async def test_delete_needs_the_delete_action(api: Api, world: World, caller: Caller) -> None:
    """Only roles with DELETE see `deleteCustomer`; another tenant's id is NOT_FOUND."""
    body = await call(api, world, caller, "mutation($id: ID!) { deleteCustomer(id: $id) { id } }", {"id": world.ids["c2"]})
    expected = EXPECTED_DELETE_C2[caller.name]
    if expected == "ok":
        assert body["data"]["deleteCustomer"]["id"] == world.ids["c2"]
    else:
        assert outcome(body) == expected


EXPECTED_METADATA = {
    "admin": "ok", "manager": "FORBIDDEN", "owner_rep": "FORBIDDEN", "other_rep": "FORBIDDEN",
    "support_agent": "FORBIDDEN", "viewer": "FORBIDDEN", "other_tenant": "ok",
    "anonymous": "UNAUTHENTICATED", "revoked_api_key": "UNAUTHENTICATED",
}


@pytest.mark.parametrize("caller", CALLERS, ids=lambda c: c.name)
async def test_metadata_api_is_for_admins(api: Api, world: World, caller: Caller) -> None:
    """Every metadata operation by a non-admin is FORBIDDEN."""
    if caller.name == "anonymous":
        body = await api.meta(None, "{ metadataVersion }")
    elif caller.name == "revoked_api_key":
        body = await api.meta(None, "{ metadataVersion }", token=world.revoked_key)
    else:
        tenant = world.other if caller.name == "other_tenant" else world.tenant
        body = await api.meta(tenant, "{ metadataVersion }", roles=caller.roles, user=caller.user)
    expected = EXPECTED_METADATA[caller.name]
    if expected == "ok":
        assert isinstance(body["data"]["metadataVersion"], int)
    else:
        assert outcome(body) == expected


EXPECTED_TICKETS = {
    "admin": 1, "manager": 1, "owner_rep": "GRAPHQL_VALIDATION_FAILED", "other_rep": "GRAPHQL_VALIDATION_FAILED",
    "support_agent": 1, "viewer": 1, "other_tenant": 0,
    "anonymous": "UNAUTHENTICATED", "revoked_api_key": "UNAUTHENTICATED",
}


@pytest.mark.parametrize("caller", CALLERS, ids=lambda c: c.name)
async def test_objects_without_read_are_absent(api: Api, world: World, caller: Caller) -> None:
    """Sales reps have no tickets at all: the query field does not exist for them."""
    body = await call(api, world, caller, "{ tickets { totalCount } }")
    expected = EXPECTED_TICKETS[caller.name]
    if isinstance(expected, int):
        assert body["data"]["tickets"]["totalCount"] == expected
    else:
        assert outcome(body) == expected


EXPECTED_LEADS = {
    "admin": {"pool_lead", "rep1_lead"}, "manager": {"pool_lead", "rep1_lead"},
    "owner_rep": {"pool_lead", "rep1_lead"}, "other_rep": {"pool_lead"},
    "support_agent": "GRAPHQL_VALIDATION_FAILED", "viewer": {"pool_lead", "rep1_lead"}, "other_tenant": set(),
    "anonymous": "UNAUTHENTICATED", "revoked_api_key": "UNAUTHENTICATED",
}


@pytest.mark.parametrize("caller", CALLERS, ids=lambda c: c.name)
async def test_sales_reps_see_their_leads_and_the_pool(api: Api, world: World, caller: Caller) -> None:
    """The lead pool (unowned leads) is readable by every sales rep."""
    body = await call(api, world, caller, "{ leads { edges { node { id } } } }")
    expected = EXPECTED_LEADS[caller.name]
    if isinstance(expected, str):
        assert outcome(body) == expected
        return
    names = {v: k for k, v in world.ids.items()}
    assert {names[e["node"]["id"]] for e in body["data"]["leads"]["edges"]} == expected
