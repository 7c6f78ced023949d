"""The bench tenant's metadata is accepted by the metadata API, and the raw SQL is
written against the physical tables it creates."""

from __future__ import annotations

from typing import Any

import pytest

from bench import loader, queries, schema
from bench.dataset import Sizes, generate
from bench.loader import Api, bulk_create, customer_input, define_objects, define_restricted_role


async def test_bench_objects_and_role_are_valid_metadata(
    client: Any, api: Any, runtime: Any, tenant_factory: Any
) -> None:
    """The anchor's objects, fields and restricted role are created through /metadata."""
    tenant = await tenant_factory(template=None)
    bench_api = Api(client, "", api.token(tenant))
    await define_objects(bench_api)
    await define_restricted_role(bench_api)
    model = await runtime.metadata.load(tenant.id)
    assert {"customer", "lead", "ticket"} <= set(model.objects_by_name)
    ticket = model.objects_by_name["ticket"]
    assert ticket.fields_by_name["customer"].relation.inverse_name == "tickets"


async def test_generated_rows_pass_validation_through_bulk_create(
    client: Any, api: Any, tenant_factory: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Anchor customers are valid `createCustomers` input, and come back in input order
    when the batches are dealt in turn to several servers (two callers here)."""
    tenant = await tenant_factory(template=None)
    posted: list[int] = []

    class CountingApi(Api):
        async def gql(self, query: str, variables: dict[str, Any] | None = None) -> Any:
            posted.append(id(self))
            return await super().gql(query, variables)

    apis = [CountingApi(client, "", api.token(tenant)) for _ in range(2)]
    await define_objects(apis[0])  # through /metadata, so not counted
    monkeypatch.setattr(loader, "BATCH", 10)
    rows = generate(Sizes(30, 1, 1, 5, 42)).customers
    result = await bulk_create(apis, "Customer", "customers", rows, customer_input, parallel=2)
    assert sorted(posted) == sorted([id(apis[0]), id(apis[1]), id(apis[0])])
    names = []
    for record_id in result.ids:
        body = await api.gql(
            tenant, "query($id: ID!) { customer(id: $id) { name } }", {"id": record_id}
        )
        names.append(body["data"]["customer"]["name"])
    assert names == [r[1] for r in rows]
    # the server answers in this process here, so the loader's own CPU is all of it
    assert result.cpu_ms_per_record()["bench"] > 0


async def test_raw_sql_reads_physical_names_not_api_names(
    client: Any, api: Any, runtime: Any, tenant_factory: Any
) -> None:
    """Tables and columns come from the model; deleted rows and the row scope are excluded."""
    tenant = await tenant_factory(template=None)
    await define_objects(Api(client, "", api.token(tenant)))
    model = await runtime.metadata.load(tenant.id)
    customer = model.objects_by_name["customer"]
    statements = queries.raw_sql(model, "{a}.owner_id is not null")
    for name, sql in statements.items():
        assert f'"{customer.table}"' in sql, name
        assert "c.deleted_at is null" in sql and "(c.owner_id is not null)" in sql, name
        assert "annual_revenue" not in sql and '"annualRevenue"' not in sql
    assert f'"{customer.fields_by_name["industry"].column}" = $1' in statements["q2"]
    assert "t.deleted_at is null and (t.owner_id is not null)" in statements["q3"]


def test_restricted_role_denies_a_field_no_query_uses() -> None:
    """The restricted role's denied field is absent from Q1-Q4, so both roles run the same queries."""
    assert all(schema.DENIED_FIELD not in q for q in queries.GRAPHQL.values())
    assert {p["object"] for p in schema.restricted_permissions()} == {"customer", "lead", "ticket"}
