"""lead_pool through HTTP: claimLead / releaseLead (SPEC §6) and `metacrm jobs run`."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from typing import Any

import pytest
import sqlalchemy as sa

from metadata.database import write_transaction
from metadata.physical import record_table
from plugins.enablement import set_plugin_settings
from server.cli import main
from tests.conftest import Api, TenantRef, errors_of
from tests.data_api.helpers import ok

from .conftest import enable
from .helpers import create

CLAIM = "mutation($id: ID!) { claimLead(id: $id) { id ownerId version } }"
RELEASE = "mutation($id: ID!) { releaseLead(id: $id) { id ownerId } }"
REP = {"roles": ["sales_rep"], "user": "rep-1"}
OTHER_REP = {"roles": ["sales_rep"], "user": "rep-2"}


async def pool_lead(api: Api, tenant: TenantRef, name: str) -> str:
    return await create(api, tenant, "lead", name=name, ownerId=None)


async def test_claim_and_release(api: Api, tenant: TenantRef) -> None:
    """A rep claims a pool lead (owner, version + 1) and releases it back to the pool."""
    lead = await pool_lead(api, tenant, "pool")
    claimed = await ok(api, tenant, CLAIM, {"id": lead}, **REP)
    assert claimed["claimLead"] == {"id": lead, "ownerId": "rep-1", "version": 2}
    released = await ok(api, tenant, RELEASE, {"id": lead}, **REP)
    assert released["releaseLead"] == {"id": lead, "ownerId": None}


async def test_claiming_an_owned_lead_is_a_conflict(api: Api, tenant: TenantRef) -> None:
    """Claiming a lead that has an owner: CONFLICT for whoever can see it, NOT_FOUND for a
    rep who cannot; nothing changes."""
    lead = await pool_lead(api, tenant, "taken")
    await ok(api, tenant, CLAIM, {"id": lead}, **REP)
    assert errors_of(await api.gql(tenant, CLAIM, {"id": lead}, **REP)) == ["CONFLICT"]
    assert errors_of(await api.gql(tenant, CLAIM, {"id": lead})) == ["CONFLICT"]
    assert errors_of(await api.gql(tenant, CLAIM, {"id": lead}, **OTHER_REP)) == ["NOT_FOUND"]
    data = await ok(
        api, tenant, "query($id: ID!) { lead(id: $id) { ownerId version } }", {"id": lead}
    )
    assert data["lead"] == {"ownerId": "rep-1", "version": 2}


async def test_claims_over_the_limit_are_forbidden(
    api: Api, tenant: TenantRef, runtime: Any
) -> None:
    """With `claimLimit: 1`, a rep owning one open lead cannot claim another: FORBIDDEN."""
    async with write_transaction(runtime.engine) as conn:
        await set_plugin_settings(conn, tenant.id, "lead_pool", {"claimLimit": 1})
    first, second = await pool_lead(api, tenant, "one"), await pool_lead(api, tenant, "two")
    await ok(api, tenant, CLAIM, {"id": first}, **REP)
    body = await api.gql(tenant, CLAIM, {"id": second}, **REP)
    assert errors_of(body) == ["FORBIDDEN"] and body["data"] is None
    data = await ok(api, tenant, "query($id: ID!) { lead(id: $id) { ownerId } }", {"id": second})
    assert data["lead"]["ownerId"] is None


async def test_only_callers_who_may_update_leads_get_the_mutations(
    api: Api, tenant: TenantRef
) -> None:
    """viewer reads leads but may not update them: no claimLead in its schema. With the
    plugin off, nobody has it."""
    lead = await pool_lead(api, tenant, "pool")
    viewer = await api.gql(tenant, CLAIM, {"id": lead}, roles=["viewer"], user="u-v")
    assert errors_of(viewer) == ["GRAPHQL_VALIDATION_FAILED"]
    await enable(api, tenant, "lead_pool", on=False)
    assert errors_of(await api.gql(tenant, CLAIM, {"id": lead})) == ["GRAPHQL_VALIDATION_FAILED"]


async def metacrm(runtime: Any, monkeypatch: pytest.MonkeyPatch, *argv: str) -> int:
    """The command line on the app's database, in-process (it runs its own event loop)."""
    monkeypatch.setenv("METACRM_DATABASE_URL", runtime.settings.database_url)
    monkeypatch.setenv("METACRM_SECRET", runtime.settings.secret)
    return int(await asyncio.to_thread(main, list(argv)))


async def test_jobs_run_returns_idle_leads_to_the_pool_once(
    api: Api,
    tenant: TenantRef,
    runtime: Any,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`metacrm jobs run` recycles a lead idle for 30 days (prints a JSON summary); a second
    run changes nothing; a lead followed up yesterday stays with its owner."""
    idle, fresh = await pool_lead(api, tenant, "idle"), await pool_lead(api, tenant, "fresh")
    for lead in (idle, fresh):
        await ok(api, tenant, CLAIM, {"id": lead}, **REP)
    lead_obj = (await runtime.metadata.load(tenant.id)).objects_by_name["lead"]
    table = record_table(lead_obj)
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
    async with write_transaction(runtime.engine) as conn:
        await conn.execute(sa.update(table).where(table.c.id == idle).values(updated_at=long_ago))
    summaries = []
    for _ in range(2):
        capsys.readouterr()
        code = await metacrm(runtime, monkeypatch, "jobs", "run", "--tenant", tenant.slug)
        out = capsys.readouterr().out
        assert code == 0
        summaries.append(json.loads(out))
    assert [s["changed"]["lead_pool.recycle"] for s in summaries] == [1, 0]
    assert summaries[0]["failed"] == []
    data = await ok(
        api, tenant, "{ leads(orderBy: [{name: ASC}]) { edges { node { name ownerId } } } }"
    )
    assert [e["node"] for e in data["leads"]["edges"]] == [
        {"name": "fresh", "ownerId": "rep-1"},
        {"name": "idle", "ownerId": None},
    ]
