"""Sorting and cursor pagination through HTTP."""
from __future__ import annotations

from tests.conftest import Api, TenantRef, errors_of

from .helpers import customers, fails, names, ok

PAGE = """query($first: Int, $after: String, $order: [CustomerOrderBy!], $deleted: Boolean) {
  customers(first: $first, after: $after, orderBy: $order, includeDeleted: $deleted) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { name satisfaction } } } }"""


async def test_sort_precedence_with_nulls_last(api: Api, tenant: TenantRef) -> None:
    """The orderBy list gives precedence; nulls come last both ascending and descending."""
    await customers(api, tenant, {"name": "a", "satisfaction": 3}, {"name": "b"}, {"name": "c", "satisfaction": 1},
                    {"name": "d", "satisfaction": 3})
    asc = await ok(api, tenant, PAGE, {"order": [{"satisfaction": "ASC"}, {"name": "DESC"}]})
    assert names(asc["customers"]) == ["c", "d", "a", "b"]
    desc = await ok(api, tenant, PAGE, {"order": [{"satisfaction": "DESC"}, {"name": "ASC"}]})
    assert names(desc["customers"]) == ["a", "d", "c", "b"]


async def test_cursor_pages_cover_every_row_once_with_ties(api: Api, tenant: TenantRef) -> None:
    """Walking pages of 2 over tied and null sort values returns each record exactly once, in order."""
    await customers(api, tenant, *({"name": f"n{i}", "satisfaction": [1, None, 1, 2, None, 1, 2][i]} for i in range(7)))
    full = names((await ok(api, tenant, PAGE, {"order": [{"satisfaction": "DESC"}]}))["customers"])
    seen: list[str] = []
    after = None
    while True:
        data = (await ok(api, tenant, PAGE, {"first": 2, "after": after, "order": [{"satisfaction": "DESC"}]}))["customers"]
        assert data["totalCount"] == 7
        seen += names(data)
        if not data["pageInfo"]["hasNextPage"]:
            break
        after = data["pageInfo"]["endCursor"]
        assert data["edges"][-1]["cursor"] == after
    assert seen == full and len(set(seen)) == 7


async def test_bad_and_foreign_cursors(api: Api, tenant: TenantRef, other_tenant: TenantRef) -> None:
    """A forged cursor, or one from another tenant or another orderBy, is BAD_USER_INPUT."""
    await customers(api, tenant, {"name": "a"}, {"name": "b"})
    await customers(api, other_tenant, {"name": "a"}, {"name": "b"})
    cursor = (await ok(api, tenant, PAGE, {"first": 1}))["customers"]["pageInfo"]["endCursor"]
    for variables, who in (({"after": "nonsense"}, tenant), ({"after": cursor[:-2] + "AA"}, tenant),
                           ({"after": cursor}, other_tenant), ({"after": cursor, "order": [{"name": "ASC"}]}, tenant)):
        body = await fails(api, who, PAGE, {"first": 1, **variables})
        assert errors_of(body) == ["BAD_USER_INPUT"]
        assert "invalid cursor" in body["errors"][0]["message"]


async def test_page_size_limits(api: Api, tenant: TenantRef) -> None:
    """`first` above the maximum is QUERY_TOO_COMPLEX; the default page is 50."""
    await customers(api, tenant, *({"name": f"c{i:02}"} for i in range(51)))
    data = await ok(api, tenant, PAGE, {})
    assert len(data["customers"]["edges"]) == 50 and data["customers"]["pageInfo"]["hasNextPage"]
    assert errors_of(await fails(api, tenant, PAGE, {"first": 501})) == ["QUERY_TOO_COMPLEX"]


async def test_include_deleted(api: Api, tenant: TenantRef) -> None:
    """Deleted records are left out of lists and totalCount unless includeDeleted is true."""
    rows = await customers(api, tenant, {"name": "keep"}, {"name": "gone"})
    await ok(api, tenant, "mutation($id: ID!) { deleteCustomer(id: $id) { id } }", {"id": rows[1]["id"]})
    live = (await ok(api, tenant, PAGE, {}))["customers"]
    assert names(live) == ["keep"] and live["totalCount"] == 1
    every = (await ok(api, tenant, PAGE, {"deleted": True, "order": [{"name": "DESC"}]}))["customers"]
    assert names(every) == ["keep", "gone"] and every["totalCount"] == 2


async def test_get_by_id(api: Api, tenant: TenantRef) -> None:
    """`customer(id:)`: the record, null for unknown or deleted ids, BAD_USER_INPUT for malformed ones."""
    row = (await customers(api, tenant, {"name": "a"}))[0]
    query = "query($id: ID!) { customer(id: $id) { name version } }"
    assert (await ok(api, tenant, query, {"id": row["id"]}))["customer"] == {"name": "a", "version": 1}
    assert (await ok(api, tenant, query, {"id": "00000000-0000-4000-8000-000000000000"}))["customer"] is None
    assert errors_of(await fails(api, tenant, query, {"id": "not-an-id"})) == ["BAD_USER_INPUT"]
    await ok(api, tenant, "mutation($id: ID!) { deleteCustomer(id: $id) { id } }", {"id": row["id"]})
    assert (await ok(api, tenant, query, {"id": row["id"]}))["customer"] is None
