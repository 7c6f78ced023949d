"""customer_value_score: an RFM score (0-100) from a customer's won opportunities.

Recency: 100 when the last won deal closed now, falling linearly to 0 at `recencyDays`.
Frequency: won deals closed within `windowDays`, 100 at `frequencyTarget` deals.
Monetary: their summed amount, 100 at `monetaryTarget`.
Score: the weighted mean of the three. A won opportunity without `closedAt` counts as
closed when it was created; deleted opportunities never count. The segment label turns
the parts into a word: none (never won), lost (last win older than `recencyDays`),
champion, loyal, potential (recent but small), at_risk.
All of it is one correlated SQL subquery per row, so every kind filters and sorts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from ..computed import ComputedKind, SqlContext
from ..hookspecs import hookimpl
from ..interface import PluginManifest
from ..sqlfuncs import days_between, freshness, number, ratio_score, round_int, weighted
from .common import (
    DATETIME,
    LABEL,
    NUMBER,
    Needs,
    applies,
    config_schema,
    live,
    positive,
    reads,
    weights,
)

NAME = "customer_value_score"
WON = "won"
SEGMENTS = ("champion", "loyal", "potential", "at_risk", "lost", "none")


def _plan(needs: Needs) -> None:
    opportunity = needs.pointing_here("opportunity", "customer")
    needs.field(opportunity, "stage", LABEL)
    needs.field(opportunity, "closedAt", DATETIME)
    needs.field(opportunity, "amount", NUMBER)


CONFIG = config_schema(
    {
        "recencyDays": positive(
            365, "days after which the last win no longer adds recency", integer=True
        ),
        "windowDays": positive(
            365, "days of won deals counted for frequency and monetary", integer=True
        ),
        "frequencyTarget": positive(5, "won deals in the window that score 100 for frequency"),
        "monetaryTarget": positive(50000, "won amount in the window that scores 100 for monetary"),
        "weights": weights({"recency": 40, "frequency": 30, "monetary": 30}),
        "championScore": {"type": "integer", "minimum": 0, "maximum": 100, "default": 80},
        "loyalScore": {"type": "integer", "minimum": 0, "maximum": 100, "default": 60},
        "potentialRecency": {"type": "integer", "minimum": 0, "maximum": 100, "default": 50},
    }
)


class _Parts:
    """The aggregate expressions over one customer's won opportunities."""

    def __init__(self, ctx: SqlContext) -> None:
        config = ctx.config
        opportunity = ctx.model.objects_by_name["opportunity"]
        t = ctx.table_of(opportunity)
        closed = sa.func.coalesce(ctx.column(opportunity, "closedAt"), t.c.created_at)
        window = dt.timedelta(days=config["windowDays"])
        cutoff = ctx.at_now(lambda now: now - window)
        in_window = closed >= cutoff
        self.where = sa.and_(
            ctx.column(opportunity, "customer") == ctx.table.c.id,
            live(t),
            ctx.column(opportunity, "stage") == WON,
        )
        self.won = sa.func.count()
        self.recency = freshness(
            days_between(ctx.now_value(), sa.func.max(closed)), config["recencyDays"]
        )
        self.frequency = ratio_score(
            sa.func.sum(sa.case((in_window, 1), else_=0)), config["frequencyTarget"]
        )
        self.monetary = ratio_score(
            sa.func.sum(sa.case((in_window, ctx.column(opportunity, "amount")), else_=0)),
            config["monetaryTarget"],
        )
        w = config["weights"]
        self.score = weighted(
            [
                (w["recency"], self.recency),
                (w["frequency"], self.frequency),
                (w["monetary"], self.monetary),
            ]
        )
        self.ctx = ctx

    def scalar(self, expr: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
        return sa.select(expr).where(self.where).correlate(self.ctx.table).scalar_subquery()


def _score(ctx: SqlContext) -> sa.ColumnElement[Any]:
    parts = _Parts(ctx)
    return parts.scalar(parts.score)


def _part(name: str) -> Callable[[SqlContext], sa.ColumnElement[Any]]:
    def build(ctx: SqlContext) -> sa.ColumnElement[Any]:
        parts = _Parts(ctx)
        return parts.scalar(round_int(getattr(parts, name)))

    return build


def _segment(ctx: SqlContext) -> sa.ColumnElement[Any]:
    parts, config = _Parts(ctx), ctx.config
    label = sa.case(
        (parts.won == 0, "none"),
        (round_int(parts.recency) == 0, "lost"),
        (parts.score >= config["championScore"], "champion"),
        (parts.score >= config["loyalScore"], "loyal"),
        (parts.recency >= number(config["potentialRecency"]), "potential"),
        else_="at_risk",
    )
    return parts.scalar(label)


def _kind(
    name: str, description: str, return_type: str, sql: Callable[[SqlContext], Any]
) -> ComputedKind:
    return ComputedKind(
        plugin=NAME,
        name=name,
        description=description,
        return_type=return_type,
        config_schema=CONFIG,
        sql=sql,
        depends_on=reads(_plan),
        applies_to=applies(_plan),
    )


@hookimpl
def metacrm_plugin_manifest() -> PluginManifest:
    return PluginManifest(
        name=NAME,
        description="RFM value score 0-100 from won deals, its parts and a segment",
        default_kind="score",
    )


@hookimpl
def metacrm_computed_kinds() -> list[ComputedKind]:
    return [
        _kind("score", "RFM value score 0-100; 0 without a won opportunity", "Int", _score),
        _kind(
            "recency",
            "Recency part 0-100: how recently the customer last won a deal",
            "Int",
            _part("recency"),
        ),
        _kind(
            "frequency", "Frequency part 0-100: won deals in the window", "Int", _part("frequency")
        ),
        _kind(
            "monetary", "Monetary part 0-100: won amount in the window", "Int", _part("monetary")
        ),
        _kind("segment", "Segment label: " + ", ".join(SEGMENTS), "String", _segment),
    ]
