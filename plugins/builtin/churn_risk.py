"""churn_risk: how likely a customer is to leave, 0-100 (higher is worse).

Four parts, each 0-100, combined by weight:
- inactivity: days since the last sign of life (latest activity, latest won deal, or the
  customer's creation), 100 at `inactivityDays`;
- tickets: open or pending tickets of high or urgent priority, 100 at `ticketTarget`;
- satisfaction: how far the average ticket rating is below `ratingMax` (no ratings: 0);
- decline: how far the latest won amount is below the average won amount (needs two wins).
Correlated subqueries per related object, so the risk filters and sorts.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from metadata.physical import record_table

from ..computed import ComputedKind, SqlContext
from ..hookspecs import hookimpl
from ..interface import PluginManifest
from ..sqlfuncs import clamp, days_between, later_of, number, ratio_score, real, weighted
from .common import (
    DATETIME,
    LABEL,
    NUMBER,
    RATING,
    Needs,
    applies,
    column,
    config_schema,
    live,
    positive,
    reads,
    weights,
)

NAME = "churn_risk"


def _plan(needs: Needs) -> None:
    activity = needs.pointing_here("activity", "customer")
    needs.field(activity, "occurredAt", DATETIME)
    opportunity = needs.pointing_here("opportunity", "customer")
    for name, types in (("stage", LABEL), ("closedAt", DATETIME), ("amount", NUMBER)):
        needs.field(opportunity, name, types)
    ticket = needs.pointing_here("ticket", "customer")
    for name, types in (("status", LABEL), ("priority", LABEL), ("satisfaction", RATING)):
        needs.field(ticket, name, types)


CONFIG = config_schema(
    {
        "inactivityDays": positive(
            90, "days without activity or purchase that mean full inactivity risk", integer=True
        ),
        "ticketTarget": positive(3, "open high/urgent tickets that mean full ticket risk"),
        "urgentPriorities": {
            "type": "array",
            "items": {"type": "string"},
            "default": ["high", "urgent"],
        },
        "openStatuses": {
            "type": "array",
            "items": {"type": "string"},
            "default": ["open", "pending"],
        },
        "ratingMax": positive(5, "best possible ticket satisfaction rating"),
        "weights": weights({"inactivity": 40, "tickets": 20, "satisfaction": 20, "decline": 20}),
    }
)


def _scalar(ctx: SqlContext, expr: Any, *where: Any) -> sa.ColumnElement[Any]:
    return sa.select(expr).where(*where).correlate(ctx.table).scalar_subquery()


def _inactivity(ctx: SqlContext) -> sa.ColumnElement[Any]:
    activity, opportunity = (
        ctx.model.objects_by_name["activity"],
        ctx.model.objects_by_name["opportunity"],
    )
    a, o = ctx.table_of(activity), ctx.table_of(opportunity)
    last_activity = _scalar(
        ctx,
        sa.func.max(sa.func.coalesce(ctx.column(activity, "occurredAt"), a.c.created_at)),
        ctx.column(activity, "customer") == ctx.table.c.id,
        live(a),
    )
    last_win = _scalar(
        ctx,
        sa.func.max(sa.func.coalesce(ctx.column(opportunity, "closedAt"), o.c.created_at)),
        ctx.column(opportunity, "customer") == ctx.table.c.id,
        live(o),
        ctx.column(opportunity, "stage") == "won",
    )
    last_sign = later_of(later_of(last_activity, last_win), ctx.table.c.created_at)
    return clamp(
        real(days_between(ctx.now_value(), last_sign))
        * number(100.0 / ctx.config["inactivityDays"])
    )


def _tickets(ctx: SqlContext) -> tuple[sa.ColumnElement[Any], sa.ColumnElement[Any]]:
    config, ticket = ctx.config, ctx.model.objects_by_name["ticket"]
    t = ctx.table_of(ticket)
    mine = (ctx.column(ticket, "customer") == ctx.table.c.id, live(t))
    urgent = sa.and_(
        ctx.column(ticket, "priority").in_(config["urgentPriorities"]),
        ctx.column(ticket, "status").in_(config["openStatuses"]),
    )
    rating_max = config["ratingMax"]
    average = sa.func.avg(real(ctx.column(ticket, "satisfaction")))
    satisfaction = sa.func.coalesce(
        clamp((number(rating_max) - average) * number(100.0 / rating_max)), number(0)
    )
    tickets = ratio_score(sa.func.sum(sa.case((urgent, 1), else_=0)), config["ticketTarget"])
    return _scalar(ctx, tickets, *mine), _scalar(ctx, satisfaction, *mine)


def _decline(ctx: SqlContext) -> sa.ColumnElement[Any]:
    opportunity = ctx.model.objects_by_name["opportunity"]
    o = ctx.table_of(opportunity)
    latest = record_table(opportunity).alias()
    closed = sa.func.coalesce(column(latest, opportunity, "closedAt"), latest.c.created_at)
    last_amount = (
        sa.select(real(column(latest, opportunity, "amount")))
        .where(
            column(latest, opportunity, "customer") == ctx.table.c.id,
            live(latest),
            column(latest, opportunity, "stage") == "won",
        )
        .order_by(closed.desc(), latest.c.id.desc())
        .limit(1)
        .correlate(ctx.table)
        .scalar_subquery()
    )
    average = sa.func.avg(real(ctx.column(opportunity, "amount")))
    decline = sa.case(
        (
            sa.and_(sa.func.count() >= 2, average > 0),
            clamp((average - last_amount) * number(100.0) / average),
        ),
        else_=number(0),
    )
    return _scalar(
        ctx,
        sa.func.coalesce(decline, number(0)),
        ctx.column(opportunity, "customer") == ctx.table.c.id,
        live(o),
        ctx.column(opportunity, "stage") == "won",
    )


def _risk(ctx: SqlContext) -> sa.ColumnElement[Any]:
    w = ctx.config["weights"]
    tickets, satisfaction = _tickets(ctx)
    return weighted(
        [
            (w["inactivity"], _inactivity(ctx)),
            (w["tickets"], tickets),
            (w["satisfaction"], satisfaction),
            (w["decline"], _decline(ctx)),
        ]
    )


@hookimpl
def metacrm_plugin_manifest() -> PluginManifest:
    return PluginManifest(
        name=NAME,
        description="Churn risk 0-100: inactivity, urgent tickets, satisfaction, shrinking deals",
    )


@hookimpl
def metacrm_computed_kinds() -> list[ComputedKind]:
    return [
        ComputedKind(
            plugin=NAME,
            name="risk",
            description="Churn risk 0-100 (higher is worse)",
            return_type="Int",
            config_schema=CONFIG,
            sql=_risk,
            depends_on=reads(_plan),
            applies_to=applies(_plan),
        )
    ]
