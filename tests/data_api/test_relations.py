"""Relations in both directions, batched: a constant number of statements per request."""
from __future__ import annotations

from typing import Any

from tests.conftest import Api, TenantRef

from .helpers import customers, ok

TICKETS = "query($n: Int) { tickets(first: $n, orderBy: [{subject: ASC}]) { edges { node { subject customer { name } } } } }"
CUSTOMERS = """query($n: Int) { customers(first: $n, orderBy: [{name: ASC}]) { edges { node { name
  tickets(first: 5, orderBy: [{subject: DESC}]) { totalCount pageInfo { hasNextPage } edges { node { subject } } } } } } }"""


async def seed(api: Api, tenant: TenantRef, n: int) -> list[dict[str, Any]]:
    rows = await customers(api, tenant, *({"name": f"c{i:02}"} for i in range(n)))
    """`n` customers `cNN`; customer i has i % 7 + 1 tickets `cNN-tJ`."""
    tickets = [{"subject": f"{row['name']}-t{j}", "customerId": row["id"]}
               for i, row in enumerate(rows) for j in range(i % 7 + 1)]
    await ok(api, tenant, "mutation($in: [TicketCreateInput!]!) { createTickets(input: $in) { id } }", {"in": tickets})
    return rows


async def test_both_directions(api: Api, tenant: TenantRef) -> None:
    """`Ticket.customer` resolves the target; `Customer.tickets` pages each customer's tickets."""
    await seed(api, tenant, 8)
    data = await ok(api, tenant, TICKETS)
    first = data["tickets"]["edges"][0]["node"]
    assert first == {"subject": "c00-t0", "customer": {"name": "c00"}}
    listed = (await ok(api, tenant, CUSTOMERS))["customers"]["edges"]
    c6 = listed[6]["node"]["tickets"]
    assert c6["totalCount"] == 7 and c6["pageInfo"]["hasNextPage"] is True
    assert [e["node"]["subject"] for e in c6["edges"]] == [f"c06-t{j}" for j in (6, 5, 4, 3, 2)]
    c1 = listed[1]["node"]["tickets"]
    assert c1["totalCount"] == 2 and not c1["pageInfo"]["hasNextPage"]


async def test_deleted_target_reads_as_null_and_comes_back(api: Api, tenant: TenantRef) -> None:
    """A ticket whose customer is deleted shows `customer: null` until the customer is restored."""
    cust = (await customers(api, tenant, {"name": "a"}))[0]
    await ok(api, tenant, "mutation($in: [TicketCreateInput!]!) { createTickets(input: $in) { id } }",
             {"in": [{"subject": "s", "customerId": cust["id"]}]})
    await ok(api, tenant, "mutation($id: ID!) { deleteCustomer(id: $id) { id } }", {"id": cust["id"]})
    assert (await ok(api, tenant, TICKETS))["tickets"]["edges"][0]["node"]["customer"] is None
    await ok(api, tenant, "mutation($id: ID!) { restoreCustomer(id: $id) { id } }", {"id": cust["id"]})
    assert (await ok(api, tenant, TICKETS))["tickets"]["edges"][0]["node"]["customer"] == {"name": "a"}


async def test_statement_count_does_not_grow_with_rows(api: Api, tenant_factory: Any, count_sql: Any) -> None:
    """50 tickets with their customer, and 50 customers with 5 tickets each, run as many
    statements as 10 of each (no query per row)."""
    counts = []
    for n in (10, 50):
        tenant = await tenant_factory()
        await seed(api, tenant, n)
        await ok(api, tenant, TICKETS, {"n": n})
        await ok(api, tenant, CUSTOMERS, {"n": n})
        with count_sql() as tickets_counter:
            assert len((await ok(api, tenant, TICKETS, {"n": n}))["tickets"]["edges"]) == n
        with count_sql() as customers_counter:
            assert len((await ok(api, tenant, CUSTOMERS, {"n": n}))["customers"]["edges"]) == n
        counts.append((tickets_counter.count, customers_counter.count))
    assert counts[0] == counts[1], counts
