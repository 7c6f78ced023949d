"""ticket_sla: when a ticket is due, and whether its service-level target holds.

A ticket is due `targetHours[priority]` hours after it was created (`defaultHours` for a
missing or unknown priority). It is done once its status is one of `doneStatuses` or it
has a `resolvedAt` (done without `resolvedAt`: its last update is taken as the time).
States: `met` (done in time), `breached` (done late, or open past due), `at_risk` (open,
more than `atRiskShare` of the target used), `ok`. Both kinds are plain SQL on the row.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ..computed import ComputedKind, SqlContext
from ..hookspecs import hookimpl
from ..interface import PluginManifest
from ..sqlfuncs import add_seconds, days_between, number, real
from .common import DATETIME, LABEL, Needs, applies, config_schema, positive, reads

NAME = "ticket_sla"
STATES = ("ok", "at_risk", "breached", "met")


def _plan(needs: Needs) -> None:
    needs.own("priority", LABEL)
    needs.own("status", LABEL)
    needs.own("resolvedAt", DATETIME)


CONFIG = config_schema(
    {
        "targetHours": {
            "type": "object",
            "additionalProperties": {"type": "number", "exclusiveMinimum": 0},
            "default": {"low": 72, "normal": 24, "high": 8, "urgent": 2},
            "description": "hours to resolve a ticket, per priority",
        },
        "defaultHours": positive(24, "hours to resolve a ticket without a known priority"),
        "atRiskShare": {
            "type": "number",
            "exclusiveMinimum": 0,
            "maximum": 1,
            "default": 0.75,
            "description": "share of the target after which an open ticket is at risk",
        },
        "doneStatuses": {
            "type": "array",
            "items": {"type": "string"},
            "default": ["resolved", "closed"],
        },
    }
)


def _target_hours(ctx: SqlContext) -> sa.ColumnElement[Any]:
    targets = ctx.config["targetHours"]
    default = number(ctx.config["defaultHours"])
    if not targets:
        return default
    return sa.case(
        {k: number(v) for k, v in targets.items()},
        value=ctx.column(ctx.obj, "priority"),
        else_=default,
    )


def _due_at(ctx: SqlContext) -> sa.ColumnElement[Any]:
    return add_seconds(ctx.table.c.created_at, _target_hours(ctx) * number(3600))


def _state(ctx: SqlContext) -> sa.ColumnElement[Any]:
    target = _target_hours(ctx)
    created = ctx.table.c.created_at
    resolved_at = ctx.column(ctx.obj, "resolvedAt")
    done = sa.or_(
        ctx.column(ctx.obj, "status").in_(ctx.config["doneStatuses"]), resolved_at.is_not(None)
    )
    hours_to_done = real(
        days_between(sa.func.coalesce(resolved_at, ctx.table.c.updated_at), created)
    ) * number(24)
    hours_open = real(days_between(ctx.now_value(), created)) * number(24)
    return sa.case(
        (sa.and_(done, hours_to_done <= target), "met"),
        (done, "breached"),
        (hours_open > target, "breached"),
        (hours_open >= target * number(ctx.config["atRiskShare"]), "at_risk"),
        else_="ok",
    )


@hookimpl
def metacrm_plugin_manifest() -> PluginManifest:
    return PluginManifest(
        name=NAME,
        description="Ticket service levels: due time per priority and the SLA state",
        default_kind="state",
    )


@hookimpl
def metacrm_computed_kinds() -> list[ComputedKind]:
    common: dict[str, Any] = {
        "plugin": NAME,
        "config_schema": CONFIG,
        "depends_on": reads(_plan),
        "applies_to": applies(_plan),
    }
    return [
        ComputedKind(
            name="state",
            description="SLA state: " + ", ".join(STATES),
            return_type="String",
            sql=_state,
            **common,
        ),
        ComputedKind(
            name="dueAt",
            description="When the ticket is due under its priority's target",
            return_type="DateTime",
            sql=_due_at,
            **common,
        ),
    ]
