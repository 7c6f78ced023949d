"""lead_score: how promising a lead is, 0-100.

Four parts, each 0-100, combined by weight:
- source: points per `source` option (referral beats ads);
- completeness: a third for each of email, phone and company filled in;
- engagement: activities linked to the lead, 100 at `engagementTarget`;
- recency: 100 for a touch right now, 0 at `recencyDays` or never; the last touch is the
  later of `lastFollowUpAt` and the latest activity (`occurredAt`, else its creation).
One correlated subquery per row over the lead's activities, so the score filters and sorts.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ..computed import ComputedKind, SqlContext
from ..hookspecs import hookimpl
from ..interface import PluginManifest
from ..sqlfuncs import (
    days_between,
    filled,
    freshness,
    later_of,
    number,
    ratio_score,
    real,
    weighted,
)
from .common import (
    DATETIME,
    LABEL,
    TEXTUAL,
    Needs,
    applies,
    config_schema,
    live,
    points,
    positive,
    reads,
    weights,
)

NAME = "lead_score"


def _plan(needs: Needs) -> None:
    needs.own("source", LABEL)
    for name in ("email", "phone", "company"):
        needs.own(name, TEXTUAL)
    needs.own("lastFollowUpAt", DATETIME)
    activity = needs.pointing_here("activity", "lead")
    needs.field(activity, "occurredAt", DATETIME)


CONFIG = config_schema(
    {
        "sourcePoints": points(
            {"referral": 100, "event": 80, "web": 60, "social": 50, "ads": 40, "other": 20},
            "points (0-100) per lead source; unknown or empty sources score 0",
        ),
        "engagementTarget": positive(5, "linked activities that score 100 for engagement"),
        "recencyDays": positive(
            30, "days without a touch after which recency scores 0", integer=True
        ),
        "weights": weights({"source": 25, "completeness": 25, "engagement": 25, "recency": 25}),
    }
)


def _score(ctx: SqlContext) -> sa.ColumnElement[Any]:
    config, lead = ctx.config, ctx.obj
    activity = ctx.model.objects_by_name["activity"]
    a = ctx.table_of(activity)
    source_points = config["sourcePoints"]
    source = (
        sa.case(
            {k: number(v) for k, v in source_points.items()},
            value=ctx.column(lead, "source"),
            else_=number(0),
        )
        if source_points
        else number(0)
    )
    completeness = real(
        filled(ctx.column(lead, "email"))
        + filled(ctx.column(lead, "phone"))
        + filled(ctx.column(lead, "company"))
    ) * number(100.0 / 3)
    engagement = ratio_score(sa.func.count(), config["engagementTarget"])
    last_activity = sa.func.max(
        sa.func.coalesce(ctx.column(activity, "occurredAt"), a.c.created_at)
    )
    last_touch = later_of(ctx.column(lead, "lastFollowUpAt"), last_activity)
    recency = freshness(days_between(ctx.now_value(), last_touch), config["recencyDays"])
    w = config["weights"]
    score = weighted(
        [
            (w["source"], source),
            (w["completeness"], completeness),
            (w["engagement"], engagement),
            (w["recency"], recency),
        ]
    )
    return (
        sa.select(score)
        .where(ctx.column(activity, "lead") == ctx.table.c.id, live(a))
        .correlate(ctx.table)
        .scalar_subquery()
    )


@hookimpl
def metacrm_plugin_manifest() -> PluginManifest:
    return PluginManifest(
        name=NAME, description="Lead score 0-100 from source, completeness, engagement and recency"
    )


@hookimpl
def metacrm_computed_kinds() -> list[ComputedKind]:
    return [
        ComputedKind(
            plugin=NAME,
            name="score",
            description="Lead score 0-100",
            return_type="Int",
            config_schema=CONFIG,
            sql=_score,
            depends_on=reads(_plan),
            applies_to=applies(_plan),
        )
    ]
