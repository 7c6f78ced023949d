"""customer_value_score: RFM parts, score and segment computed in SQL from won opportunities."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from plugin_rows import Crm, days_ago

PLUGIN = "customer_value_score"


async def won(
    crm: Crm, customer: str, days: float | None, amount: str, stage: str = "won", **kw: Any
) -> str:
    return await crm.insert(
        "opportunity",
        name="deal",
        customer=customer,
        stage=stage,
        amount=Decimal(amount),
        closedAt=None if days is None else days_ago(days),
        **kw,
    )


@pytest.fixture
async def customers(crm: Crm) -> dict[str, str]:
    """Customers covering the edge cases; expected values are worked out in each test."""
    ids = {
        name: await crm.insert("customer", name=name)
        for name in (
            "regular",
            "nothing",
            "only_lost",
            "champion",
            "long_ago",
            "no_close_date",
            "fading",
        )
    }
    await won(crm, ids["regular"], 30, "20000")
    await won(crm, ids["regular"], 90, "10000")
    await won(crm, ids["regular"], 10, "99999", stage="lost")
    await won(crm, ids["regular"], 5, "50000", deleted=True)
    await won(crm, ids["only_lost"], 3, "1000", stage="lost")
    await won(crm, ids["only_lost"], 3, "1000", deleted=True)
    for day in range(1, 7):
        await won(crm, ids["champion"], day, "10000")
    await won(crm, ids["long_ago"], 400, "1000")
    await won(crm, ids["no_close_date"], None, "5000", created_at=days_ago(100))
    await won(crm, ids["fading"], 300, "10000")
    return ids


async def test_score_is_the_weighted_rfm_mean_of_won_deals_only(
    crm: Crm, customers: dict[str, str]
) -> None:
    """Score = 0.4 R + 0.3 F + 0.3 M, rounded; lost and deleted opportunities never count."""
    scores = await crm.values("customer", PLUGIN)
    # regular: R = 100 - 30*100/365 = 91.78, F = 2/5 = 40, M = 30000/50000 = 60 -> 66.71
    assert scores[customers["regular"]] == 67
    # champion: R = 99.73, F and M capped at 100 -> 99.89
    assert scores[customers["champion"]] == 100
    # no closedAt: the creation date counts, 100 days ago: R = 72.60, F = 20, M = 10 -> 38.04
    assert scores[customers["no_close_date"]] == 38
    assert scores[customers["fading"]] == 19


async def test_score_is_zero_without_a_won_opportunity(crm: Crm, customers: dict[str, str]) -> None:
    """No opportunity, only lost or deleted ones, or wins outside every window: 0."""
    scores = await crm.values("customer", PLUGIN)
    assert [scores[customers[n]] for n in ("nothing", "only_lost", "long_ago")] == [0, 0, 0]


async def test_parts_are_exposed_as_their_own_kinds(crm: Crm, customers: dict[str, str]) -> None:
    """The recency, frequency and monetary kinds give the 0-100 parts of the score."""
    regular = customers["regular"]
    assert (await crm.values("customer", PLUGIN, "recency"))[regular] == 92
    assert (await crm.values("customer", PLUGIN, "frequency"))[regular] == 40
    assert (await crm.values("customer", PLUGIN, "monetary"))[regular] == 60


async def test_segment_labels_every_customer(crm: Crm, customers: dict[str, str]) -> None:
    """Segments: none (never won), lost (last win too old), champion, loyal, potential, at_risk."""
    segments = await crm.values("customer", PLUGIN, "segment")
    assert {name: segments[cid] for name, cid in customers.items()} == {
        "regular": "loyal",
        "nothing": "none",
        "only_lost": "none",
        "champion": "champion",
        "long_ago": "lost",
        "no_close_date": "potential",
        "fading": "at_risk",
    }


async def test_filter_and_sort_by_score_in_sql(crm: Crm, customers: dict[str, str]) -> None:
    """ "Customers with valueScore >= 60, best first" is a WHERE and ORDER BY on the expression."""
    best = await crm.ids_where("customer", PLUGIN, None, lambda score: score >= 60)
    assert best == [customers["champion"], customers["regular"]]


async def test_ties_sort_stably_by_id(crm: Crm) -> None:
    """Two customers with identical deals get the same score and keep a total order by id."""
    twins = sorted([await crm.insert("customer", name="twin") for _ in range(2)])
    for twin in twins:
        await won(crm, twin, 45, "2500")
    scores = await crm.values("customer", PLUGIN)
    assert scores[twins[0]] == scores[twins[1]] > 0
    assert await crm.ids_where("customer", PLUGIN, None, lambda s: s > 0) == twins


async def test_weights_and_windows_are_configurable(crm: Crm, customers: dict[str, str]) -> None:
    """Only monetary weighted: the score is M; a 60-day window keeps only the 30-day-old win."""
    regular = customers["regular"]
    monetary_only = {"weights": {"recency": 0, "frequency": 0, "monetary": 1}}
    assert (await crm.values("customer", PLUGIN, config=monetary_only))[regular] == 60
    assert (await crm.values("customer", PLUGIN, "monetary", {"windowDays": 60}))[regular] == 40
    assert (await crm.values("customer", PLUGIN, "frequency", {"windowDays": 60}))[regular] == 20


async def test_same_data_and_clock_give_the_same_scores(
    crm: Crm, customers: dict[str, str]
) -> None:
    """Scores depend on the data and the injected clock only."""
    assert await crm.values("customer", PLUGIN) == await crm.values("customer", PLUGIN)
    later = await crm.values("customer", PLUGIN, "recency", now=days_ago(-30))
    assert later[customers["regular"]] == 84  # 60 days since the last win: 100 - 60*100/365 = 83.56
