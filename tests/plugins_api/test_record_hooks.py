"""Plugins' record hooks around data API writes: they change values, reject writes (the
whole write rolls back, the client sees the plugin's error) and hear about commits."""

from __future__ import annotations

from typing import Any

from tests.conftest import Api, TenantRef, errors_of
from tests.data_api.helpers import ok

from .conftest import Probe, enable

CREATE = "mutation($in: CustomerCreateInput!) { createCustomer(input: $in) { id name company } }"
BULK = "mutation($in: [CustomerCreateInput!]!) { createCustomers(input: $in) { id } }"
COUNT = "{ customers { totalCount } }"


async def test_before_create_changes_what_is_written(
    api: Api, tenant: TenantRef, registry: Any, probe: Probe
) -> None:
    """The probe stamps `company` when none is given; after the commit it hears of the record."""
    await enable(api, tenant, "probe")
    row = (await ok(api, tenant, CREATE, {"in": {"name": "Ada"}}))["createCustomer"]
    assert row["company"] == "stamped"
    assert [
        (c.action, c.object_name, c.record_id, c.values["company"]) for c in probe.committed
    ] == [("create", "customer", row["id"], "stamped")]


async def test_hooks_of_a_disabled_plugin_do_not_run(
    api: Api, tenant: TenantRef, registry: Any, probe: Probe
) -> None:
    """The probe is a third-party plugin: off until the tenant's admin turns it on."""
    row = (await ok(api, tenant, CREATE, {"in": {"name": "spam and eggs"}}))["createCustomer"]
    assert row["company"] is None and probe.committed == []


async def test_a_rejecting_hook_rolls_the_write_back(
    api: Api, tenant: TenantRef, registry: Any, probe: Probe
) -> None:
    """before_create raising VALIDATION_FAILED: the client sees it as raised, nothing is
    written, in a bulk create not even the valid records, and no commit is announced."""
    await enable(api, tenant, "probe")
    body = await api.gql(tenant, CREATE, {"in": {"name": "spam"}})
    assert errors_of(body) == ["VALIDATION_FAILED"]
    assert body["errors"][0]["extensions"]["fields"] == [{"field": "name", "message": "no spam"}]
    bulk = await api.gql(tenant, BULK, {"in": [{"name": "fine"}, {"name": "more spam"}]})
    assert errors_of(bulk) == ["VALIDATION_FAILED"]
    assert (await ok(api, tenant, COUNT))["customers"]["totalCount"] == 0
    assert probe.committed == []


async def test_an_after_hook_rejection_undoes_the_update(
    api: Api, tenant: TenantRef, registry: Any, probe: Probe
) -> None:
    """after_update raising CONFLICT runs inside the transaction: the update and its audit
    entry are gone, the version unchanged."""
    await enable(api, tenant, "probe")
    row = (await ok(api, tenant, CREATE, {"in": {"name": "Ada", "company": "Acme"}}))[
        "createCustomer"
    ]
    update = "mutation($id: ID!, $in: CustomerUpdateInput!) { updateCustomer(id: $id, input: $in) { version } }"
    body = await api.gql(tenant, update, {"id": row["id"], "in": {"company": "veto"}})
    assert (
        errors_of(body) == ["CONFLICT"]
        and body["errors"][0]["message"] == "vetoed after the update"
    )
    data = await ok(
        api,
        tenant,
        "query($id: ID!) { customer(id: $id) { company version history { totalCount } } }",
        {"id": row["id"]},
    )
    assert data["customer"] == {"company": "Acme", "version": 1, "history": {"totalCount": 1}}
    assert [c.action for c in probe.committed] == ["create"]
