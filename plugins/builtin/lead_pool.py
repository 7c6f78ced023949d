"""lead_pool: unowned leads form a public pool that reps claim from and release to.

- `claimLead(id)` makes the caller the owner of a lead in the pool: a lead that has an
  owner is a CONFLICT, and a rep who already owns `claimLimit` open leads (status not in
  `closedStatuses`) is FORBIDDEN another.
- `releaseLead(id)` returns a lead to the pool; only its owner, or a caller allowed to
  update it anyway (a manager), may.
- The `recycle` job returns owned open leads idle for `recycleDays` to the pool. A lead's
  idle time runs from its last follow-up: the latest of `lastFollowUpAt`, its latest
  activity, and its last change (so a claim restarts the clock). The same SQL is the
  `idleDays` computed kind, so admins can show and sort leads about to return to the pool.
Ownership changes bump the record version and are audited like any update.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from metadata.audit import write_entry
from metadata.errors import Conflict, Forbidden, NotFound
from metadata.model import ObjectDef, TenantModel
from metadata.physical import record_table

from ..computed import ComputedKind, SqlContext
from ..hookspecs import hookimpl
from ..interface import JobContext, JobSpec, MutationContext, MutationSpec, PluginManifest
from ..sqlfuncs import days_between, later_of, number, trunc_int
from .common import DATETIME, LABEL, Missing, Needs, applies, config_schema, live, reads

NAME = "lead_pool"
SYSTEM_ACTOR = "system:lead_pool"

SETTINGS = config_schema(
    {
        "claimLimit": {
            "type": "integer",
            "minimum": 0,
            "default": 25,
            "description": "open leads one user may own through claims",
        },
        "recycleDays": {
            "type": "integer",
            "minimum": 1,
            "default": 14,
            "description": "days without follow-up after which an owned lead returns to the pool",
        },
        "closedStatuses": {
            "type": "array",
            "items": {"type": "string"},
            "default": ["converted", "disqualified"],
            "description": "lead statuses that are finished: not counted, never recycled",
        },
    }
)


def _plan(needs: Needs) -> None:
    if needs.obj.name != "lead":
        raise Missing("applies to the lead object only")
    needs.own("status", LABEL)
    needs.own("lastFollowUpAt", DATETIME)
    activity = needs.pointing_here("activity", "lead")
    needs.field(activity, "occurredAt", DATETIME)


def _lead(model: TenantModel) -> ObjectDef | None:
    lead = model.objects_by_name.get("lead")
    return lead if lead is not None and applies(_plan)(model, lead) is None else None


def idle_days(ctx: SqlContext) -> sa.ColumnElement[Any]:
    """Fractional days since the lead's last follow-up (see the module docstring)."""
    activity = ctx.model.objects_by_name["activity"]
    a = ctx.table_of(activity)
    latest_activity = (
        sa.select(sa.func.max(sa.func.coalesce(ctx.column(activity, "occurredAt"), a.c.created_at)))
        .where(ctx.column(activity, "lead") == ctx.table.c.id, live(a))
        .correlate(ctx.table)
        .scalar_subquery()
    )
    last = later_of(
        later_of(ctx.column(ctx.obj, "lastFollowUpAt"), latest_activity), ctx.table.c.updated_at
    )
    return days_between(ctx.now_value(), last)


def _idle_whole_days(ctx: SqlContext) -> sa.ColumnElement[Any]:
    return trunc_int(idle_days(ctx))


def _open(
    table: sa.FromClause, lead: ObjectDef, settings: Mapping[str, Any]
) -> sa.ColumnElement[bool]:
    status = table.c[lead.fields_by_name["status"].column]
    return sa.or_(status.is_(None), status.not_in(list(settings["closedStatuses"])))


async def _set_owner(
    conn: AsyncConnection,
    model: TenantModel,
    lead: ObjectDef,
    lead_id: str,
    before: str | None,
    after: str | None,
    actor: str | None,
    now: Any,
) -> bool:
    """Move ownership if it is still `before` (else False: someone else moved it first); audited."""
    t = record_table(lead)
    owner_now = t.c.owner_id.is_(None) if before is None else t.c.owner_id == before
    result = await conn.execute(
        t.update()
        .where(t.c.id == lead_id, live(t), owner_now)
        .values(owner_id=after, version=t.c.version + 1, updated_at=now, updated_by=actor)
    )
    if result.rowcount != 1:
        return False
    await write_entry(
        conn,
        tenant_id=model.tenant_id,
        actor=actor,
        action="update",
        object_id=lead.id,
        object_name=lead.name,
        record_id=lead_id,
        at=now,
        changes={"ownerId": {"before": before, "after": after}},
    )
    return True


async def claim_lead(ctx: MutationContext, args: Mapping[str, Any]) -> str:
    lead = ctx.model.objects_by_name["lead"]
    row = await ctx.record(lead, args["id"], "READ")
    if row is None:
        raise NotFound("lead not found")
    if row["ownerId"] is not None:
        raise Conflict(
            "this lead already has an owner"
            if row["ownerId"] != ctx.user_id
            else "you already own this lead"
        )
    t = record_table(lead)
    owned = (
        await ctx.conn.execute(
            sa.select(sa.func.count())
            .select_from(t)
            .where(t.c.owner_id == ctx.user_id, live(t), _open(t, lead, ctx.settings))
        )
    ).scalar_one()
    limit = ctx.settings["claimLimit"]
    if owned >= limit:
        raise Forbidden(f"claim limit reached: you own {owned} open leads (limit {limit})")
    if not await _set_owner(
        ctx.conn, ctx.model, lead, row["id"], None, ctx.user_id, ctx.user_id, ctx.now
    ):
        raise Conflict("this lead was claimed by someone else")
    return str(row["id"])


async def release_lead(ctx: MutationContext, args: Mapping[str, Any]) -> str:
    lead = ctx.model.objects_by_name["lead"]
    row = await ctx.record(lead, args["id"], "READ")
    if row is None:
        raise NotFound("lead not found")
    owner = row["ownerId"]
    if owner is None:
        raise Conflict("this lead is already in the pool")
    if owner != ctx.user_id and await ctx.record(lead, row["id"], "UPDATE") is None:
        raise Forbidden("only the owner of a lead, or someone who may update it, can release it")
    if not await _set_owner(
        ctx.conn, ctx.model, lead, row["id"], owner, None, ctx.user_id, ctx.now
    ):
        raise Conflict("this lead changed owner meanwhile")
    return str(row["id"])


async def recycle(ctx: JobContext) -> int:
    """Return idle owned open leads to the pool; a second run at the same clock finds none."""
    lead = _lead(ctx.model)
    if lead is None:
        return 0
    t = record_table(lead)
    idle = idle_days(SqlContext(ctx.model, lead, t, {}, ctx.now))
    rows = (
        await ctx.conn.execute(
            sa.select(t.c.id, t.c.owner_id)
            .where(
                t.c.owner_id.is_not(None),
                live(t),
                _open(t, lead, ctx.settings),
                idle >= number(ctx.settings["recycleDays"]),
            )
            .order_by(t.c.id)
        )
    ).all()
    moved = 0
    for row in rows:
        moved += await _set_owner(
            ctx.conn, ctx.model, lead, row.id, row.owner_id, None, SYSTEM_ACTOR, ctx.now
        )
    return moved


@hookimpl
def metacrm_plugin_manifest() -> PluginManifest:
    return PluginManifest(
        name=NAME,
        description="Unowned leads form a pool: claim and release them; idle leads return",
        settings_schema=SETTINGS,
    )


@hookimpl
def metacrm_computed_kinds() -> list[ComputedKind]:
    return [
        ComputedKind(
            plugin=NAME,
            name="idleDays",
            description="Whole days since the lead's last follow-up",
            return_type="Int",
            config_schema=config_schema({}),
            sql=_idle_whole_days,
            depends_on=reads(_plan),
            applies_to=applies(_plan),
        )
    ]


@hookimpl
def metacrm_mutations(model: TenantModel) -> list[MutationSpec]:
    if _lead(model) is None:
        return []
    return [
        MutationSpec(
            NAME,
            "claimLead",
            "Take a lead from the pool: you become its owner",
            "lead",
            "UPDATE",
            {"id": "ID!"},
            claim_lead,
        ),
        MutationSpec(
            NAME,
            "releaseLead",
            "Return a lead you own to the pool",
            "lead",
            "UPDATE",
            {"id": "ID!"},
            release_lead,
        ),
    ]


@hookimpl
def metacrm_jobs() -> list[JobSpec]:
    return [
        JobSpec(
            NAME, "recycle", "Return leads without follow-up for `recycleDays` to the pool", recycle
        )
    ]
