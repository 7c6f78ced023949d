"""`history` on every record type (SPEC §5): audit entries newest first, signed cursors,
only the fields the caller may read, today's field names, batched for a page of records."""

from __future__ import annotations

from typing import Any

from tests.conftest import Api, TenantRef, errors_of

from .helpers import customers, fails, ok

HISTORY = """query($id: ID!, $first: Int, $after: String) { customer(id: $id) {
  history(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { at actor action changes } } } } }"""
UPDATE = (
    "mutation($id: ID!, $in: CustomerUpdateInput!) { updateCustomer(id: $id, input: $in) { id } }"
)


async def lived(api: Api, tenant: TenantRef) -> str:
    """A customer created, updated twice, deleted and restored."""
    cid = (await customers(api, tenant, {"name": "Ada", "annualRevenue": "1000"}))[0]["id"]
    await ok(api, tenant, UPDATE, {"id": cid, "in": {"name": "Ada L", "annualRevenue": "2000"}})
    await ok(api, tenant, UPDATE, {"id": cid, "in": {"tier": "gold"}}, user="u-other")
    await ok(api, tenant, "mutation($id: ID!) { deleteCustomer(id: $id) { id } }", {"id": cid})
    await ok(api, tenant, "mutation($id: ID!) { restoreCustomer(id: $id) { id } }", {"id": cid})
    return str(cid)


def nodes(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [e["node"] for e in data["customer"]["history"]["edges"]]


async def test_history_is_newest_first_with_changes(api: Api, tenant: TenantRef) -> None:
    """create, update, delete and restore entries, newest first, each with who and what."""
    cid = await lived(api, tenant)
    entries = nodes(await ok(api, tenant, HISTORY, {"id": cid}))
    assert [(e["action"], e["actor"]) for e in entries] == [
        ("restore", "u-admin"),
        ("delete", "u-admin"),
        ("update", "u-other"),
        ("update", "u-admin"),
        ("create", "u-admin"),
    ]
    assert entries[2]["changes"] == {"tier": {"before": None, "after": "gold"}}
    assert entries[3]["changes"] == {
        "name": {"before": "Ada", "after": "Ada L"},
        "annualRevenue": {"before": "1000.00", "after": "2000.00"},
    }
    assert entries[4]["changes"]["ownerId"] == {"before": None, "after": "u-admin"}
    assert entries[0]["changes"]["deletedAt"]["after"] is None
    assert all(e["at"].endswith("+00:00") for e in entries)


async def test_history_pages_with_signed_cursors(api: Api, tenant: TenantRef) -> None:
    """Pages of 2 walk all entries once; a tampered cursor is BAD_USER_INPUT."""
    cid = await lived(api, tenant)
    seen: list[str] = []
    after = None
    while True:
        page = (await ok(api, tenant, HISTORY, {"id": cid, "first": 2, "after": after}))[
            "customer"
        ]["history"]
        assert page["totalCount"] == 5
        seen += [e["node"]["action"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == ["restore", "delete", "update", "update", "create"]
    body = await fails(api, tenant, HISTORY, {"id": cid, "first": 2, "after": after[:-3] + "AAA"})
    assert errors_of(body) == ["BAD_USER_INPUT"]
    other = (await customers(api, tenant, {"name": "other"}))[0]["id"]
    records_cursor = (await ok(api, tenant, "{ customers(first: 1) { pageInfo { endCursor } } }"))[
        "customers"
    ]["pageInfo"]["endCursor"]
    body = await fails(api, tenant, HISTORY, {"id": other, "after": records_cursor})
    assert errors_of(body) == ["BAD_USER_INPUT"]


async def test_hidden_fields_leave_the_changes(api: Api, tenant: TenantRef) -> None:
    """support_agent may not read annualRevenue: its changes are left out of the history."""
    cid = await lived(api, tenant)
    entries = nodes(
        await ok(api, tenant, HISTORY, {"id": cid}, roles=["support_agent"], user="u-s")
    )
    assert entries[3]["changes"] == {"name": {"before": "Ada", "after": "Ada L"}}
    assert all("annualRevenue" not in e["changes"] for e in entries)


async def test_renamed_fields_show_their_current_name(api: Api, tenant: TenantRef) -> None:
    """After `name` -> `fullName` (and a new field taking the old name), old entries name the
    renamed field by its new name and never credit its changes to the new field."""
    cid = await lived(api, tenant)
    for query in (
        'mutation { updateField(object: "customer", name: "name", input: {name: "fullName"}) { name } }',
        'mutation { createField(object: "customer", input: {name: "name", label: "Nickname", type: TEXT}) { name } }',
    ):
        body = await api.meta(tenant, query)
        assert "errors" not in body, body
    entries = nodes(await ok(api, tenant, HISTORY, {"id": cid}))
    assert entries[3]["changes"]["fullName"] == {"before": "Ada", "after": "Ada L"}
    assert all("name" not in e["changes"] for e in entries)


async def test_history_of_a_page_costs_constant_statements(
    api: Api, tenant: TenantRef, count_sql: Any
) -> None:
    """History for 5 or 25 records: the same statements (one page query, one count, renames)."""
    rows = await customers(api, tenant, *({"name": f"c{i:02}"} for i in range(25)))
    for row in rows:
        await ok(api, tenant, UPDATE, {"id": row["id"], "in": {"tier": "gold"}})
    query = """query($n: Int) { customers(first: $n) { edges { node { name
      history(first: 1) { totalCount edges { node { action changes } } } } } } }"""
    counts = []
    for n in (5, 25):
        with count_sql() as counter:
            data = await ok(api, tenant, query, {"n": n})
        edges = data["customers"]["edges"]
        assert len(edges) == n
        assert all(e["node"]["history"]["totalCount"] == 2 for e in edges)
        assert all(e["node"]["history"]["edges"][0]["node"]["action"] == "update" for e in edges)
        counts.append(counter.count)
    assert counts[0] == counts[1]


async def test_another_tenants_record_has_no_history_to_show(
    api: Api, tenant: TenantRef, other_tenant: TenantRef
) -> None:
    """Asked from another tenant, the record is simply not there."""
    cid = await lived(api, tenant)
    assert (await ok(api, other_tenant, HISTORY, {"id": cid}))["customer"] is None
