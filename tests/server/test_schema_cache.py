"""Generated schemas are cached per (tenant, metadata version, access) and rebuilt once."""
from __future__ import annotations

import asyncio
from typing import Any

from tests.conftest import Api, TenantRef

PROBE = "{ customers(first: 1) { edges { node { id } } } }"


async def test_a_change_rebuilds_one_schema_once(api: Api, runtime: Any, tenant: TenantRef, other_tenant: TenantRef) -> None:
    """After createField, concurrent requests share one build; other tenants keep theirs."""
    await api.gql(tenant, PROBE)
    await api.gql(other_tenant, PROBE)
    before = runtime.schemas.builds
    made = await api.meta(tenant, 'mutation { createField(object: "customer", input: {name: "nps", label: "NPS", type: INTEGER}) { id } }')
    assert "errors" not in made, made
    bodies = await asyncio.gather(*(api.gql(tenant, "{ customers(first: 1) { edges { node { nps } } } }") for _ in range(10)))
    assert all("errors" not in b for b in bodies), bodies
    assert runtime.schemas.builds == before + 1
    await api.gql(other_tenant, PROBE)
    assert runtime.schemas.builds == before + 1


async def test_same_roles_share_a_schema(api: Api, runtime: Any, tenant: TenantRef) -> None:
    """Two users with the same roles use one cached schema; another role set gets its own."""
    await api.gql(tenant, PROBE, roles=["viewer"], user="u-1")
    before = runtime.schemas.builds
    await api.gql(tenant, PROBE, roles=["viewer"], user="u-2")
    assert runtime.schemas.builds == before
    await api.gql(tenant, PROBE, roles=["viewer", "support_agent"], user="u-3")
    assert runtime.schemas.builds == before + 1


async def test_evicted_schemas_are_rebuilt_correctly(api: Api, runtime: Any, tenant_factory: Any) -> None:
    """With more tenants than cache slots, every tenant still gets its own correct schema."""
    capacity = runtime.schemas.capacity
    runtime.schemas.capacity = 2
    try:
        tenants = [await tenant_factory() for _ in range(3)]
        for i, t in enumerate(tenants):
            await api.meta(t, f'mutation {{ createField(object: "customer", input: {{name: "only{i}", label: "x", type: TEXT}}) {{ id }} }}')
        for _round in range(2):
            for i, t in enumerate(tenants):
                own = await api.gql(t, f"{{ customers {{ edges {{ node {{ only{i} }} }} }} }}")
                assert "errors" not in own, own
                other = await api.gql(t, f"{{ customers {{ edges {{ node {{ only{(i + 1) % 3} }} }} }} }}")
                assert other["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
        assert len(runtime.schemas) <= 2
    finally:
        runtime.schemas.capacity = capacity
