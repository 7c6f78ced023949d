"""Writes stay inside the caller's row scope: checked before and after, in one transaction."""
from __future__ import annotations

from tests.conftest import Api, TenantRef, errors_of

REP1, REP2 = "u-rep1", "u-rep2"


async def _customer(api: Api, tenant: TenantRef, owner: str | None) -> str:
    body = await api.gql(tenant, "mutation($o: String) { createCustomer(input: {name: \"C\", ownerId: $o}) { id } }", {"o": owner})
    return str(body["data"]["createCustomer"]["id"])


async def test_planting_a_row_owned_by_someone_else_is_forbidden(api: Api, tenant: TenantRef) -> None:
    """A sales rep cannot create a customer owned by another rep; nothing is written."""
    body = await api.gql(tenant, 'mutation { createCustomer(input: {name: "Planted", ownerId: "u-rep2"}) { id } }',
                         roles=["sales_rep"], user=REP1)
    assert errors_of(body) == ["FORBIDDEN"]
    check = await api.gql(tenant, '{ customers(filter: {name: {eq: "Planted"}}) { totalCount } }')
    assert check["data"]["customers"]["totalCount"] == 0


async def test_created_rows_default_to_the_creator(api: Api, tenant: TenantRef) -> None:
    """Without ownerId a rep's new customer is theirs, and inside their scope."""
    body = await api.gql(tenant, 'mutation { createCustomer(input: {name: "Mine"}) { id ownerId } }',
                         roles=["sales_rep"], user=REP1)
    assert body["data"]["createCustomer"]["ownerId"] == REP1


async def test_moving_a_row_out_of_ones_scope_is_forbidden(api: Api, tenant: TenantRef) -> None:
    """Handing one's customer to another rep by update is refused and rolled back."""
    customer = await _customer(api, tenant, REP1)
    body = await api.gql(tenant, 'mutation($id: ID!) { updateCustomer(id: $id, input: {ownerId: "u-rep2", company: "X"}) { id } }',
                         {"id": customer}, roles=["sales_rep"], user=REP1)
    assert errors_of(body) == ["FORBIDDEN"]
    check = await api.gql(tenant, "query($id: ID!) { customer(id: $id) { ownerId company version } }", {"id": customer})
    assert check["data"]["customer"] == {"ownerId": REP1, "company": None, "version": 1}


async def test_pool_leads_are_readable_but_not_writable_by_reps(api: Api, tenant: TenantRef) -> None:
    """The READ scope of a rep's leads includes the pool; UPDATE stays limited to their own."""
    body = await api.gql(tenant, 'mutation { createLead(input: {name: "Pool", ownerId: null}) { id } }')
    lead = body["data"]["createLead"]["id"]
    read = await api.gql(tenant, "query($id: ID!) { lead(id: $id) { name } }", {"id": lead}, roles=["sales_rep"], user=REP1)
    assert read["data"]["lead"] == {"name": "Pool"}
    write = await api.gql(tenant, 'mutation($id: ID!) { updateLead(id: $id, input: {ownerId: "u-rep1"}) { id } }',
                          {"id": lead}, roles=["sales_rep"], user=REP1)
    assert errors_of(write) == ["NOT_FOUND"]
