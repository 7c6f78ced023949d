"""Another tenant's ids, cursors and names behave exactly like ones that don't exist."""
from __future__ import annotations

import uuid

import httpx

from tests.conftest import TEST_SECRET, Api, TenantRef, errors_of


async def _customer(api: Api, tenant: TenantRef, name: str = "C") -> str:
    body = await api.gql(tenant, "mutation($n: String!) { createCustomer(input: {name: $n}) { id } }", {"n": name})
    return str(body["data"]["createCustomer"]["id"])


async def test_foreign_id_reads_like_a_random_id(api: Api, tenant: TenantRef, other_tenant: TenantRef) -> None:
    """`customer(id:)` of another tenant's id is null, as for a random UUID."""
    foreign = await _customer(api, other_tenant)
    for candidate in (foreign, str(uuid.uuid4())):
        body = await api.gql(tenant, "query($id: ID!) { customer(id: $id) { id } }", {"id": candidate})
        assert body == {"data": {"customer": None}}


async def test_foreign_id_writes_like_a_random_id(api: Api, tenant: TenantRef, other_tenant: TenantRef) -> None:
    """Update, delete and restore of another tenant's id are NOT_FOUND with the same message."""
    foreign = await _customer(api, other_tenant)
    messages = []
    for candidate in (foreign, str(uuid.uuid4())):
        body = await api.gql(tenant, 'mutation($id: ID!) { updateCustomer(id: $id, input: {name: "x"}) { id } }', {"id": candidate})
        assert errors_of(body) == ["NOT_FOUND"]
        messages.append(body["errors"][0]["message"].replace(candidate, "<id>"))
        for op in ("deleteCustomer", "restoreCustomer"):
            body = await api.gql(tenant, f"mutation($id: ID!) {{ {op}(id: $id) {{ id }} }}", {"id": candidate})
            assert errors_of(body) == ["NOT_FOUND"]
    assert messages[0] == messages[1]
    check = await api.gql(other_tenant, "query($id: ID!) { customer(id: $id) { name version } }", {"id": foreign})
    assert check["data"]["customer"] == {"name": "C", "version": 1}


async def test_idor_via_relation_input(api: Api, tenant: TenantRef, other_tenant: TenantRef) -> None:
    """Linking a ticket to another tenant's customer fails validation like a random id."""
    foreign = await _customer(api, other_tenant)
    body = await api.gql(tenant, 'mutation($c: ID!) { createTicket(input: {subject: "s", customerId: $c}) { id } }', {"c": foreign})
    assert errors_of(body) == ["VALIDATION_FAILED"]
    assert body["errors"][0]["extensions"]["fields"][0]["field"] == "customerId"


async def test_cursor_from_another_tenant_is_rejected(api: Api, tenant: TenantRef, other_tenant: TenantRef) -> None:
    """A cursor minted for tenant B is a malformed cursor for tenant A."""
    for _ in range(3):
        await _customer(api, other_tenant)
        await _customer(api, tenant)
    page = await api.gql(other_tenant, "{ customers(first: 1) { pageInfo { endCursor } } }")
    cursor = page["data"]["customers"]["pageInfo"]["endCursor"]
    body = await api.gql(tenant, "query($a: String) { customers(first: 1, after: $a) { totalCount } }", {"a": cursor})
    assert errors_of(body) == ["BAD_USER_INPUT"]


async def test_tenant_header_is_ignored(api: Api, client: httpx.AsyncClient, tenant: TenantRef, other_tenant: TenantRef) -> None:
    """No header can switch tenants: the credential decides."""
    await _customer(api, other_tenant, "Other's")
    response = await client.post(
        "/graphql",
        json={"query": "{ customers { totalCount } }"},
        headers={"Authorization": f"Bearer {api.token(tenant)}", "X-Tenant": other_tenant.slug, "X-Tenant-Id": other_tenant.id},
    )
    assert response.json()["data"]["customers"]["totalCount"] == 0


async def test_forged_token_is_unauthenticated(api: Api, tenant: TenantRef) -> None:
    """A token signed with another key, or expired, is rejected with 401."""
    from server.auth.tokens import mint_token

    other_key = "not-the-secret-" + "k" * 32
    for token in (mint_token(other_key, tenant.slug, "u", ["admin"]), mint_token(TEST_SECRET, tenant.slug, "u", ["admin"], ttl=-10)):
        body = await api.gql(None, "{ __typename }", token=token)
        assert errors_of(body) == ["UNAUTHENTICATED"] and api.last_status == 401


async def test_token_for_unknown_tenant_is_unauthenticated(api: Api) -> None:
    """A well-signed token naming a tenant that does not exist is rejected like a forged one."""
    body = await api.gql(TenantRef(str(uuid.uuid4()), "no-such-tenant"), "{ __typename }")
    assert errors_of(body) == ["UNAUTHENTICATED"] and api.last_status == 401


async def test_unique_values_are_per_tenant(api: Api, tenant: TenantRef, other_tenant: TenantRef) -> None:
    """A unique field rejects duplicates within a tenant, never across tenants."""
    for t in (tenant, other_tenant):
        made = await api.meta(t, 'mutation { createField(object: "customer", input: {name: "code", label: "Code", type: TEXT, unique: true}) { id } }')
        assert "errors" not in made, made
    for t in (tenant, other_tenant):
        body = await api.gql(t, 'mutation { createCustomer(input: {name: "A", code: "X1"}) { id } }')
        assert "errors" not in body, body
    dup = await api.gql(tenant, 'mutation { createCustomer(input: {name: "B", code: "X1"}) { id } }')
    assert errors_of(dup) == ["CONFLICT"]
