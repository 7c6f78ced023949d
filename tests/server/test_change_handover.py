"""The process that makes a metadata change serves it next without reading it back."""
from __future__ import annotations

import asyncio
from typing import Any

import pytest

import metadata.service.facade as facade
import metadata.service.unit_of_work as unit_of_work
import server.tenancy as tenancy
from tests.conftest import Api, TenantRef

PROBE = "{ customers(first: 1) { edges { node { id } } } }"
CREATE_NPS = 'mutation { createField(object: "customer", input: {name: "nps", label: "NPS", type: INTEGER}) { id name } }'
USES_NPS = "{ customers(first: 5, filter: {nps: {isNull: true}}, orderBy: [{nps: ASC}]) { edges { node { id nps } } } }"


class Loads:
    """Counts full model reads from the system tables, wherever they happen."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        for module in (tenancy, unit_of_work, facade):
            monkeypatch.setattr(module, "load_model", self._counting(module.load_model))

    def _counting(self, load: Any) -> Any:
        async def counted(*args: Any) -> Any:
            self.count += 1
            return await load(*args)

        return counted


async def _settled(runtime: Any) -> None:
    """Wait for the schemas built behind a change's answer."""
    for _ in range(500):
        if not runtime.warmer._tasks:  # noqa: SLF001
            return
        await asyncio.sleep(0.01)
    raise AssertionError("schemas built ahead never finished")


async def test_create_field_then_query_reads_no_metadata_rows(
    api: Api, runtime: Any, tenant: TenantRef, monkeypatch: pytest.MonkeyPatch
) -> None:
    """createField and the next request that filters, sorts and selects the field: no model load."""
    await api.gql(tenant, PROBE)
    loads = Loads(monkeypatch)
    made = await api.meta(tenant, CREATE_NPS)
    assert made["data"]["createField"]["name"] == "nps", made
    body = await api.gql(tenant, USES_NPS)
    assert "errors" not in body, body
    assert loads.count == 0


async def test_the_change_answers_with_its_schemas_built(api: Api, runtime: Any, tenant: TenantRef) -> None:
    """The schemas of the role sets in use are built before the change answers."""
    await api.gql(tenant, PROBE)
    await api.gql(tenant, PROBE, roles=["viewer"], user="u-view")
    built = runtime.schemas.builds
    made = await api.meta(tenant, CREATE_NPS)
    assert "errors" not in made, made
    assert runtime.schemas.builds == built + 2
    for roles in (["admin"], ["viewer"]):
        body = await api.gql(tenant, USES_NPS, roles=roles, user="u-" + roles[0])
        assert "errors" not in body, body
    assert runtime.schemas.builds == built + 2


async def test_slow_builds_go_on_behind_the_answer(
    api: Api, runtime: Any, tenant: TenantRef, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A change does not wait longer than `wait_seconds`; its schema is still built once."""
    await api.gql(tenant, PROBE)
    monkeypatch.setattr(runtime.warmer, "wait_seconds", 0.0)
    built = runtime.schemas.builds
    made = await api.meta(tenant, CREATE_NPS)
    assert "errors" not in made, made
    body = await api.gql(tenant, USES_NPS)
    assert "errors" not in body, body
    await _settled(runtime)
    assert runtime.schemas.builds == built + 1


async def test_a_change_made_elsewhere_is_read_from_the_database(
    api: Api, runtime: Any, tenant: TenantRef, other_tenant: TenantRef
) -> None:
    """A change this process did not make (another process's) is loaded on the next request."""
    await api.gql(tenant, PROBE)
    await api.gql(other_tenant, PROBE)
    elsewhere = type(runtime.metadata)(runtime.engine, computed_kinds=runtime.plugins.kind)
    await elsewhere.create_field(tenant.id, "customer", {"name": "nps", "type": "INTEGER"}, "u-admin")
    body = await api.gql(tenant, USES_NPS)
    assert "errors" not in body, body
    unseen = await api.gql(other_tenant, USES_NPS)
    assert unseen["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_a_failed_change_hands_over_nothing(api: Api, runtime: Any, tenant: TenantRef) -> None:
    """A refused change leaves the process serving the version it had, unchanged."""
    await api.gql(tenant, PROBE)
    before = runtime.tenants.newest(tenant.id)
    refused = await api.meta(tenant, 'mutation { createField(object: "customer", input: {name: "name", type: TEXT}) { id } }')
    assert refused["errors"][0]["extensions"]["code"] == "CONFLICT"
    assert runtime.tenants.newest(tenant.id) is before
