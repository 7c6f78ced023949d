"""lead_pool: claimLead / releaseLead with a per-user limit, and idle leads recycled by jobs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
import sqlalchemy as sa
from plugin_rows import NOW, Crm, days_ago

from metadata.database import read_transaction, write_transaction
from metadata.errors import Conflict, Forbidden, NotFound
from metadata.model import ObjectDef
from metadata.physical import record_table
from metadata.tables import audit_log
from plugins import MutationContext, PluginRegistry
from plugins.enablement import set_plugin_enabled, set_plugin_settings
from plugins.jobs import run_due_jobs

SALES_READ = "READ"


def lookup(conn: Any, user: str, manager: bool, reads_all: bool = False) -> Any:
    """The crm template's lead scopes: reps read their own and unowned leads, update their own."""

    async def record(obj: ObjectDef, record_id: str, action: str) -> Mapping[str, Any] | None:
        t = record_table(obj)
        conditions = [t.c.id == record_id, t.c.deleted_at.is_(None)]
        mine = t.c.owner_id == user
        if action == SALES_READ and not (manager or reads_all):
            conditions.append(sa.or_(mine, t.c.owner_id.is_(None)))
        elif action != SALES_READ and not manager:
            conditions.append(mine)
        query = sa.select(t.c.id, t.c.owner_id.label("ownerId")).where(*conditions)
        return (await conn.execute(query)).mappings().first()

    return record


async def call(
    crm: Crm, mutation: str, lead_id: str, user: str, manager: bool = False, reads_all: bool = False
) -> str:
    """Run one extra mutation as `user` in its own write transaction, like the data API does."""
    specs = {m.name: m for m in crm.registry.mutations(crm.model, crm.registry.builtin_names)}
    spec = specs[mutation]
    async with write_transaction(crm.engine) as conn:
        settings = await crm.registry.settings(conn, crm.model.tenant_id, spec.plugin)
        ctx = MutationContext(
            conn,
            crm.model,
            user,
            frozenset({"sales_rep"}),
            settings,
            NOW,
            lookup(conn, user, manager, reads_all),
        )
        return await spec.resolve(ctx, {"id": lead_id})


async def owner_and_version(crm: Crm, lead_id: str) -> tuple[str | None, int]:
    t = record_table(crm.obj("lead"))
    async with read_transaction(crm.engine) as conn:
        row = (
            await conn.execute(sa.select(t.c.owner_id, t.c.version).where(t.c.id == lead_id))
        ).one()
    return row.owner_id, row.version


async def test_lead_pool_adds_claim_and_release_mutations(crm: Crm) -> None:
    """With the plugin on, the tenant gets claimLead and releaseLead returning a Lead; off, none."""
    specs = crm.registry.mutations(crm.model, {"lead_pool"})
    assert [(m.name, m.object, m.action, dict(m.args)) for m in specs] == [
        ("claimLead", "lead", "UPDATE", {"id": "ID!"}),
        ("releaseLead", "lead", "UPDATE", {"id": "ID!"}),
    ]
    assert crm.registry.mutations(crm.model, set()) == []


async def test_claim_makes_the_caller_owner_bumps_version_and_audits(crm: Crm) -> None:
    """Claiming a pool lead sets ownerId to the caller, version + 1, with an audit entry."""
    lead = await crm.insert("lead", name="pool")
    assert await call(crm, "claimLead", lead, "rep-1") == lead
    assert await owner_and_version(crm, lead) == ("rep-1", 2)
    async with read_transaction(crm.engine) as conn:
        entry = (
            await conn.execute(sa.select(audit_log).where(audit_log.c.record_id == lead))
        ).one()
    assert (entry.action, entry.actor, entry.changes) == (
        "update",
        "rep-1",
        {"ownerId": {"before": None, "after": "rep-1"}},
    )


async def test_claiming_an_owned_lead_is_a_conflict(crm: Crm) -> None:
    """A lead with an owner cannot be claimed by its owner or anyone who can see it."""
    lead = await crm.insert("lead", name="taken", owner="rep-1")
    with pytest.raises(Conflict):
        await call(crm, "claimLead", lead, "rep-1")
    with pytest.raises(Conflict):
        await call(crm, "claimLead", lead, "manager", manager=True)
    assert await owner_and_version(crm, lead) == ("rep-1", 1)


async def test_another_reps_lead_is_not_found_not_conflict(crm: Crm) -> None:
    """A rep cannot see other reps' leads, so claiming one reveals nothing: NOT_FOUND."""
    lead = await crm.insert("lead", name="taken", owner="rep-1")
    with pytest.raises(NotFound):
        await call(crm, "claimLead", lead, "rep-2")


async def test_claiming_a_missing_or_deleted_lead_is_not_found(crm: Crm) -> None:
    """Unknown and deleted ids look alike: NOT_FOUND."""
    deleted = await crm.insert("lead", name="gone", deleted=True)
    for lead in (deleted, "00000000-0000-4000-8000-000000000000"):
        with pytest.raises(NotFound):
            await call(crm, "claimLead", lead, "rep-1")


async def test_claim_limit_counts_open_leads_only(crm: Crm) -> None:
    """Over `claimLimit` open leads the claim is FORBIDDEN; converted leads do not count."""
    async with write_transaction(crm.engine) as conn:
        await set_plugin_settings(conn, crm.model.tenant_id, "lead_pool", {"claimLimit": 2})
    await crm.insert("lead", name="mine", owner="rep-1", status="new")
    await crm.insert("lead", name="done", owner="rep-1", status="converted")
    second, third = await crm.insert("lead", name="second"), await crm.insert("lead", name="third")
    await call(crm, "claimLead", second, "rep-1")
    with pytest.raises(Forbidden):
        await call(crm, "claimLead", third, "rep-1")
    assert await owner_and_version(crm, third) == (None, 1)
    await call(crm, "claimLead", third, "rep-2")


async def test_release_returns_the_lead_to_the_pool(crm: Crm) -> None:
    """The owner releases: ownerId null, version + 1."""
    lead = await crm.insert("lead", name="mine", owner="rep-1")
    await call(crm, "releaseLead", lead, "rep-1")
    assert await owner_and_version(crm, lead) == (None, 2)
    with pytest.raises(Conflict):
        await call(crm, "releaseLead", lead, "rep-1")


async def test_only_the_owner_or_an_updater_may_release(crm: Crm) -> None:
    """Another rep cannot release someone's lead: unseen is NOT_FOUND, seen but not
    updatable is FORBIDDEN; a manager can."""
    lead = await crm.insert("lead", name="theirs", owner="rep-1")
    with pytest.raises(NotFound):
        await call(crm, "releaseLead", lead, "rep-2")
    with pytest.raises(Forbidden):
        await call(crm, "releaseLead", lead, "rep-2", reads_all=True)
    await call(crm, "releaseLead", lead, "manager", manager=True)
    assert await owner_and_version(crm, lead) == (None, 2)


@pytest.fixture
async def idle_leads(crm: Crm) -> dict[str, str]:
    ids = {
        "idle": await crm.insert(
            "lead", name="idle", owner="rep-1", updated_at=days_ago(30), lastFollowUpAt=days_ago(20)
        ),
        "followed_up": await crm.insert(
            "lead", name="active", owner="rep-1", updated_at=days_ago(30)
        ),
        "just_claimed": await crm.insert(
            "lead", name="claimed", owner="rep-2", updated_at=days_ago(2)
        ),
        "converted": await crm.insert(
            "lead", name="won", owner="rep-1", status="converted", updated_at=days_ago(99)
        ),
        "deleted": await crm.insert(
            "lead", name="gone", owner="rep-1", updated_at=days_ago(99), deleted=True
        ),
        "pool": await crm.insert("lead", name="pool", updated_at=days_ago(99)),
    }
    await crm.insert("activity", subject="old call", lead=ids["idle"], occurredAt=days_ago(16))
    await crm.insert("activity", subject="call", lead=ids["followed_up"], occurredAt=days_ago(3))
    return ids


async def owners(crm: Crm, ids: dict[str, str]) -> dict[str, str | None]:
    return {name: (await owner_and_version(crm, lead))[0] for name, lead in ids.items()}


async def test_jobs_return_idle_leads_to_the_pool_once(
    crm: Crm, idle_leads: dict[str, str]
) -> None:
    """Owned open leads idle for 14 days lose their owner; a second run changes nothing."""
    first = await run_due_jobs(crm.engine, crm.registry, tenant_ids=[crm.model.tenant_id])
    assert first == {"changed": {"lead_pool.recycle": 1}, "failed": []}
    assert await owners(crm, idle_leads) == {
        "idle": None,
        "followed_up": "rep-1",
        "just_claimed": "rep-2",
        "converted": "rep-1",
        "deleted": "rep-1",
        "pool": None,
    }
    assert await owner_and_version(crm, idle_leads["idle"]) == (None, 2)
    second = await run_due_jobs(crm.engine, crm.registry, tenant_ids=[crm.model.tenant_id])
    assert second["changed"]["lead_pool.recycle"] == 0
    assert await owner_and_version(crm, idle_leads["idle"]) == (None, 2)


async def test_idle_days_kind_shows_what_the_job_will_recycle(
    crm: Crm, idle_leads: dict[str, str]
) -> None:
    """The `idleDays` computed kind is the job's own measure, in whole days."""
    idle = await crm.values("lead", "lead_pool", "idleDays")
    assert idle[idle_leads["idle"]] == 16 and idle[idle_leads["followed_up"]] == 3
    assert idle[idle_leads["just_claimed"]] == 2


async def test_a_tenant_that_disabled_the_plugin_keeps_its_leads(
    crm: Crm, idle_leads: dict[str, str], registry: PluginRegistry
) -> None:
    """Jobs run only for tenants with the plugin on; a longer recycleDays also keeps them."""
    async with write_transaction(crm.engine) as conn:
        await set_plugin_enabled(conn, crm.model.tenant_id, "lead_pool", False)
    await run_due_jobs(crm.engine, registry, tenant_ids=[crm.model.tenant_id])
    assert (await owner_and_version(crm, idle_leads["idle"]))[0] == "rep-1"
    async with write_transaction(crm.engine) as conn:
        await set_plugin_enabled(conn, crm.model.tenant_id, "lead_pool", True)
        await set_plugin_settings(conn, crm.model.tenant_id, "lead_pool", {"recycleDays": 30})
    await run_due_jobs(crm.engine, registry, tenant_ids=[crm.model.tenant_id])
    assert (await owner_and_version(crm, idle_leads["idle"]))[0] == "rep-1"
