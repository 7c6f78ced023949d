"""`customersAggregate(filter, groupBy)` through HTTP."""
from __future__ import annotations

from tests.conftest import Api, TenantRef

from .helpers import customers, ok

AGG = """query($g: [CustomerGroupBy!], $f: CustomerFilter) { customersAggregate(groupBy: $g, filter: $f) {
  group count sum { annualRevenue satisfaction } avg { satisfaction } min { annualRevenue } max { satisfaction } } }"""


async def test_group_by_includes_null_groups(api: Api, tenant: TenantRef) -> None:
    """One row per group (nulls included, sorted last) with count, sum, avg, min, max."""
    await customers(api, tenant,
                    {"name": "a", "tier": "gold", "annualRevenue": "10.10", "satisfaction": 4},
                    {"name": "b", "tier": "gold", "annualRevenue": "5", "satisfaction": 2},
                    {"name": "c", "satisfaction": 1},
                    {"name": "d", "tier": "silver"})
    rows = (await ok(api, tenant, AGG, {"g": ["tier"]}))["customersAggregate"]
    assert [(r["group"], r["count"]) for r in rows] == [({"tier": "gold"}, 2), ({"tier": "silver"}, 1), ({"tier": None}, 1)]
    gold = rows[0]
    assert gold["sum"] == {"annualRevenue": "15.10", "satisfaction": 6}
    assert gold["avg"] == {"satisfaction": 3.0}
    assert gold["min"]["annualRevenue"] == "5.00" and gold["max"]["satisfaction"] == 4


async def test_without_group_by_and_with_filter(api: Api, tenant: TenantRef) -> None:
    """Without groupBy there is one row with `{}`; filters and soft deletes apply."""
    rows = await customers(api, tenant, {"name": "a", "satisfaction": 4}, {"name": "b", "satisfaction": 2})
    await ok(api, tenant, "mutation($id: ID!) { deleteCustomer(id: $id) { id } }", {"id": rows[0]["id"]})
    total = (await ok(api, tenant, AGG, {}))["customersAggregate"]
    assert [(r["group"], r["count"], r["sum"]["satisfaction"]) for r in total] == [({}, 1, 2)]
    none = (await ok(api, tenant, AGG, {"f": {"name": {"eq": "zzz"}}}))["customersAggregate"]
    assert [(r["count"], r["sum"]["satisfaction"]) for r in none] == [(0, None)]


async def test_group_by_owner_and_relation(api: Api, tenant: TenantRef) -> None:
    """`ownerId` and `<relation>Id` are groupable."""
    cust = (await customers(api, tenant, {"name": "a"}))[0]
    await ok(api, tenant, "mutation($in: [TicketCreateInput!]!) { createTickets(input: $in) { id } }",
             {"in": [{"subject": "1", "customerId": cust["id"]}, {"subject": "2", "customerId": cust["id"]}, {"subject": "3"}]})
    rows = (await ok(api, tenant, "{ ticketsAggregate(groupBy: [customerId, ownerId]) { group count } }"))["ticketsAggregate"]
    assert rows == [{"group": {"customerId": cust["id"], "ownerId": "u-admin"}, "count": 2},
                    {"group": {"customerId": None, "ownerId": "u-admin"}, "count": 1}]
