"""`metacrm tenant create SLUG [--template crm] [--demo]`."""

from __future__ import annotations

import uuid


async def test_create_prints_the_new_tenant_id(metacrm, migrated, served, secret):
    """stdout is the tenant id alone; the tenant answers with the crm template's objects."""
    outcome = await metacrm("tenant", "create", "acme")
    assert outcome.code == 0
    assert uuid.UUID(outcome.out.strip())
    token = (
        await metacrm("token", "--tenant", "acme", "--user", "u-1", "--roles", "admin")
    ).out.strip()
    async with served() as server:
        body = (
            await server.post(token, "{ customers { totalCount } leads { totalCount } }")
        ).json()
    assert body == {"data": {"customers": {"totalCount": 0}, "leads": {"totalCount": 0}}}


async def test_a_taken_slug_is_refused(metacrm, migrated):
    """Creating the same slug twice exits 1 with the reason on stderr and nothing on stdout."""
    assert (await metacrm("tenant", "create", "acme")).code == 0
    outcome = await metacrm("tenant", "create", "acme")
    assert outcome.code == 1
    assert outcome.out == ""
    assert "acme" in outcome.err


async def test_demo_adds_the_sample_records(metacrm, migrated, served):
    """--demo fills the tenant: 200 customers, 60 unowned pool leads, won deals with amounts."""
    assert (await metacrm("tenant", "create", "acme", "--demo")).code == 0
    token = (
        await metacrm("token", "--tenant", "acme", "--user", "u-1", "--roles", "admin")
    ).out.strip()
    query = """{ customers { totalCount } tickets { totalCount } activities { totalCount }
      pool: leads(filter: { ownerId: { isNull: true } }) { totalCount }
      won: opportunities(filter: { stage: { eq: "won" }, amount: { isNull: false }, closedAt: { isNull: false } }) {
        totalCount } }"""
    async with served() as server:
        data = (await server.post(token, query)).json()["data"]
    assert data["customers"]["totalCount"] == 200
    assert data["tickets"]["totalCount"] == 400
    assert data["activities"]["totalCount"] == 600
    assert data["pool"]["totalCount"] == 60
    assert data["won"]["totalCount"] > 20


async def test_template_none_gives_a_tenant_without_objects(metacrm, migrated, served):
    """`--template none` creates the tenant with its admin role only."""
    assert (await metacrm("tenant", "create", "bare", "--template", "none")).code == 0
    token = (
        await metacrm("token", "--tenant", "bare", "--user", "u-1", "--roles", "admin")
    ).out.strip()
    async with served() as server:
        body = (await server.post(token, "{ objects { name } }", path="/metadata")).json()
    assert body == {"data": {"objects": []}}


async def test_demo_needs_the_crm_template(metacrm, migrated):
    """Demo records only fit the crm template; asking for them elsewhere exits 1."""
    outcome = await metacrm("tenant", "create", "acme", "--demo", "--template", "none")
    assert outcome.code == 1
    assert "--demo needs --template crm" in outcome.err
