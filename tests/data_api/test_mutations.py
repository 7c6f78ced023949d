"""create / createMany / update / delete / restore through HTTP, with their error codes."""
from __future__ import annotations

from tests.conftest import Api, TenantRef, errors_of

from .helpers import CREATE_CUSTOMERS, customers, fails, ok

CREATE = """mutation($in: CustomerCreateInput!) { createCustomer(input: $in) {
  id name version ownerId createdBy tier annualRevenue tags createdAt deletedAt } }"""
UPDATE = """mutation($id: ID!, $in: CustomerUpdateInput!, $v: Int) {
  updateCustomer(id: $id, input: $in, expectedVersion: $v) { name version updatedBy } }"""
DELETE = "mutation($id: ID!) { deleteCustomer(id: $id) { version deletedAt } }"
RESTORE = "mutation($id: ID!) { restoreCustomer(id: $id) { version deletedAt } }"
COUNT = "{ customers { totalCount } }"


async def test_lifecycle(api: Api, tenant: TenantRef) -> None:
    """Create is version 1 owned by the caller; update, delete and restore each add 1."""
    row = (await ok(api, tenant, CREATE, {"in": {"name": "Ann", "tier": "gold", "annualRevenue": 12.5,
                                                 "tags": ["vip"]}}, user="u-7"))["createCustomer"]
    assert (row["version"], row["ownerId"], row["createdBy"], row["annualRevenue"]) == (1, "u-7", "u-7", "12.50")
    assert row["createdAt"].endswith("+00:00") and row["deletedAt"] is None
    updated = (await ok(api, tenant, UPDATE, {"id": row["id"], "in": {"name": "Anna"}, "v": 1}))["updateCustomer"]
    assert updated == {"name": "Anna", "version": 2, "updatedBy": "u-admin"}
    deleted = (await ok(api, tenant, DELETE, {"id": row["id"]}))["deleteCustomer"]
    assert deleted["version"] == 3 and deleted["deletedAt"] is not None
    restored = (await ok(api, tenant, RESTORE, {"id": row["id"]}))["restoreCustomer"]
    assert restored == {"version": 4, "deletedAt": None}


async def test_explicit_null_owner_is_unowned(api: Api, tenant: TenantRef) -> None:
    """`ownerId: null` creates an unowned record."""
    row = (await ok(api, tenant, CREATE, {"in": {"name": "Pool", "ownerId": None}}))["createCustomer"]
    assert row["ownerId"] is None


async def test_validation_failures_list_every_field(api: Api, tenant: TenantRef) -> None:
    """Bad option, rating out of range, bad email: VALIDATION_FAILED with extensions.fields, nothing written."""
    body = await fails(api, tenant, CREATE, {"in": {"name": "x", "tier": "diamond", "satisfaction": 9, "email": "nope"}})
    assert errors_of(body) == ["VALIDATION_FAILED"]
    assert {f["field"] for f in body["errors"][0]["extensions"]["fields"]} == {"tier", "satisfaction", "email"}
    assert (await ok(api, tenant, COUNT))["customers"]["totalCount"] == 0


async def test_required_null_on_update(api: Api, tenant: TenantRef) -> None:
    """An explicit null for a required field in an update is VALIDATION_FAILED."""
    row = (await customers(api, tenant, {"name": "a"}))[0]
    body = await fails(api, tenant, UPDATE, {"id": row["id"], "in": {"name": None}})
    assert errors_of(body) == ["VALIDATION_FAILED"]
    assert body["errors"][0]["extensions"]["fields"] == [{"field": "name", "message": "is required"}]


async def test_expected_version_conflict(api: Api, tenant: TenantRef) -> None:
    """A stale expectedVersion is CONFLICT and changes nothing."""
    row = (await customers(api, tenant, {"name": "a"}))[0]
    await ok(api, tenant, UPDATE, {"id": row["id"], "in": {"name": "b"}, "v": 1})
    assert errors_of(await fails(api, tenant, UPDATE, {"id": row["id"], "in": {"name": "c"}, "v": 1})) == ["CONFLICT"]
    data = await ok(api, tenant, "query($id: ID!) { customer(id: $id) { name version } }", {"id": row["id"]})
    assert data["customer"] == {"name": "b", "version": 2}


async def test_unknown_and_malformed_ids(api: Api, tenant: TenantRef, other_tenant: TenantRef) -> None:
    """Unknown or foreign ids are NOT_FOUND for update/delete/restore; malformed ids BAD_USER_INPUT."""
    row = (await customers(api, other_tenant, {"name": "theirs"}))[0]
    for query, extra in ((UPDATE, {"in": {"name": "x"}}), (DELETE, {}), (RESTORE, {})):
        assert errors_of(await fails(api, tenant, query, {"id": row["id"], **extra})) == ["NOT_FOUND"]
        assert errors_of(await fails(api, tenant, query, {"id": "123", **extra})) == ["BAD_USER_INPUT"]
    data = await ok(api, other_tenant, "query($id: ID!) { customer(id: $id) { name version } }", {"id": row["id"]})
    assert data["customer"] == {"name": "theirs", "version": 1}


async def test_bulk_create_is_all_or_nothing(api: Api, tenant: TenantRef) -> None:
    """One invalid record fails the batch with its index; no record is written."""
    body = await fails(api, tenant, CREATE_CUSTOMERS, {"in": [{"name": "ok"}, {"name": "bad", "tier": "x"}]})
    assert errors_of(body) == ["VALIDATION_FAILED"]
    assert body["errors"][0]["extensions"]["fields"][0]["index"] == 1
    assert (await ok(api, tenant, COUNT))["customers"]["totalCount"] == 0


async def test_bad_relation_id(api: Api, tenant: TenantRef) -> None:
    """A relation id that names no live record is VALIDATION_FAILED on `<relation>Id`."""
    body = await fails(api, tenant, "mutation($in: TicketCreateInput!) { createTicket(input: $in) { id } }",
                       {"in": {"subject": "s", "customerId": "00000000-0000-4000-8000-000000000000"}})
    assert errors_of(body) == ["VALIDATION_FAILED"]
    assert body["errors"][0]["extensions"]["fields"][0]["field"] == "customerId"


async def test_unique_field_conflict(api: Api, tenant: TenantRef) -> None:
    """Two records with the same value of a unique field: the second is CONFLICT."""
    created = await api.meta(tenant, """mutation { createField(object: "customer",
        input: {name: "code", label: "Code", type: TEXT, unique: true}) { name } }""")
    assert "errors" not in created, created
    await customers(api, tenant, {"name": "a", "code": "C1"})
    body = await fails(api, tenant, CREATE_CUSTOMERS, {"in": [{"name": "b", "code": "C1"}]})
    assert errors_of(body) == ["CONFLICT"]
    assert (await ok(api, tenant, COUNT))["customers"]["totalCount"] == 1
