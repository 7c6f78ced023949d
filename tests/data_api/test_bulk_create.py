"""`createCustomers`: a fixed number of statements however many records, all or nothing,
and the same records, answers and audit entries as one `createCustomer` per record."""
from __future__ import annotations

from typing import Any

from tests.conftest import Api, TenantRef, errors_of

from .helpers import CREATE_CUSTOMERS, fails, ok

BULK = """mutation($in: [CustomerCreateInput!]!) { createCustomers(input: $in) {
  id name ownerId tags annualRevenue birthday satisfaction version } }"""
CREATE = """mutation($in: CustomerCreateInput!) { createCustomer(input: $in) {
  id name ownerId tags annualRevenue birthday satisfaction version } }"""
COUNT = "{ customers { totalCount } }"
LOG = """query($id: ID) { auditLog(object: "customer", recordId: $id, first: 500) {
  edges { node { actor action recordId changes } } } }"""


async def log(api: Api, tenant: TenantRef, record_id: str | None = None) -> list[dict[str, Any]]:
    body = await api.meta(tenant, LOG, {"id": record_id})
    assert "errors" not in body, body["errors"]
    return [e["node"] for e in body["data"]["auditLog"]["edges"] if e["node"]["recordId"] is not None]


def customer(i: int) -> dict[str, Any]:
    return {"name": f"c{i:04}", "email": f"c{i}@example.com", "tier": "gold", "tags": ["vip", "partner"],
            "annualRevenue": "1234.5", "birthday": "1980-05-17", "satisfaction": i % 6}


async def test_statement_count_does_not_grow_with_records(api: Api, tenant: TenantRef, count_sql: Any) -> None:
    """10 or 300 records: the same number of SQL statements (one insert for the records,
    one for their audit entries), never one per record."""
    await ok(api, tenant, CREATE_CUSTOMERS, {"in": [customer(0)]})
    counts = []
    for n in (10, 300):
        with count_sql() as counter:
            rows = (await ok(api, tenant, CREATE_CUSTOMERS, {"in": [customer(i) for i in range(n)]}))["createCustomers"]
        assert len(rows) == n
        counts.append(counter.statements)
    assert len(counts[0]) == len(counts[1]), counts[1]


async def test_a_bad_record_in_the_middle_writes_nothing(api: Api, tenant: TenantRef) -> None:
    """Record 50 of 100 breaks a rule: VALIDATION_FAILED naming it, no record, no audit entry."""
    items = [customer(i) for i in range(100)]
    items[50]["tier"] = "diamond"
    body = await fails(api, tenant, CREATE_CUSTOMERS, {"in": items})
    assert errors_of(body) == ["VALIDATION_FAILED"]
    assert [(p["index"], p["field"]) for p in body["errors"][0]["extensions"]["fields"]] == [(50, "tier")]
    assert (await ok(api, tenant, COUNT))["customers"]["totalCount"] == 0
    assert await log(api, tenant) == []


async def test_every_problem_of_every_record_is_listed_in_order(api: Api, tenant: TenantRef) -> None:
    """Problems come by record, then by field."""
    items = [customer(0), {"name": "y", "email": "nope", "satisfaction": 9}, customer(2), {"name": "x", "tags": ["gold"]}]
    body = await fails(api, tenant, CREATE_CUSTOMERS, {"in": items})
    problems = [(p["index"], p["field"]) for p in body["errors"][0]["extensions"]["fields"]]
    assert problems == [(1, "email"), (1, "satisfaction"), (3, "tags")]


async def test_same_records_and_audit_entries_as_single_creates(api: Api, tenant: TenantRef) -> None:
    """Input order, values, owners (omitted: the caller; null: unowned) and each record's
    create entry are what `createCustomer` gives for the same input."""
    items = [customer(1), {**customer(2), "ownerId": None, "tags": []}, {"name": "bare", "ownerId": "u-9"}]
    bulk = (await ok(api, tenant, BULK, {"in": items}, user="u-7"))["createCustomers"]
    single = [(await ok(api, tenant, CREATE, {"in": item}, user="u-7"))["createCustomer"] for item in items]
    strip = [{k: v for k, v in row.items() if k != "id"} for row in bulk]
    assert strip == [{k: v for k, v in row.items() if k != "id"} for row in single]
    assert [row["name"] for row in bulk] == ["c0001", "c0002", "bare"]
    assert [row["ownerId"] for row in bulk] == ["u-7", None, "u-9"]
    for made, alone in zip(bulk, single):
        entries, reference = await log(api, tenant, made["id"]), await log(api, tenant, alone["id"])
        assert [(e["actor"], e["action"], e["changes"]) for e in entries] == [
            (e["actor"], e["action"], e["changes"]) for e in reference
        ]
    assert entries[0]["changes"] == {"name": {"before": None, "after": "bare"},
                                     "ownerId": {"before": None, "after": "u-9"}}


async def test_input_graphql_rejects_gets_graphql_cores_own_error(api: Api, tenant: TenantRef) -> None:
    """Bulk inputs are coerced before graphql-core runs (server.graphql.precoerced); an
    input that fails GraphQL coercion is still reported by graphql-core, and writes nothing."""
    for bad in ({"email": "no-name@example.com"}, {**customer(1), "unknownField": 1},
                {**customer(1), "annualRevenue": True}):
        body = await fails(api, tenant, CREATE_CUSTOMERS, {"in": [customer(0), bad]})
        assert errors_of(body) == ["BAD_USER_INPUT"], body
        assert body["errors"][0]["message"].startswith("Variable '$in' has invalid value at [1]"), body
    assert (await ok(api, tenant, COUNT))["customers"]["totalCount"] == 0
