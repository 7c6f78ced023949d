"""lead_score: source, completeness, engagement and recency, combined in SQL."""

from __future__ import annotations

import pytest
from plugin_rows import Crm, days_ago

PLUGIN = "lead_score"


@pytest.fixture
async def leads(crm: Crm) -> dict[str, str]:
    ids = {
        "hot": await crm.insert(
            "lead",
            name="hot",
            source="referral",
            email="a@b.co",
            phone="+1 555 0100",
            company="Acme",
            lastFollowUpAt=days_ago(3),
        ),
        "cold": await crm.insert("lead", name="cold"),
        "partial": await crm.insert(
            "lead", name="partial", source="web", email="p@b.co", lastFollowUpAt=days_ago(15)
        ),
        "blank": await crm.insert(
            "lead", name="blank", source="ads", email="", company="   ", lastFollowUpAt=days_ago(45)
        ),
        "followed_up": await crm.insert(
            "lead", name="followed up", source="other", lastFollowUpAt=days_ago(6)
        ),
    }
    for day in (1, 2, 4, 8, 16):
        await crm.insert("activity", subject="call", lead=ids["hot"], occurredAt=days_ago(day))
    await crm.insert(
        "activity", subject="deleted", lead=ids["hot"], occurredAt=days_ago(0.5), deleted=True
    )
    await crm.insert("activity", subject="no time", lead=ids["partial"], created_at=days_ago(10))
    return ids


async def test_score_combines_four_equally_weighted_parts(crm: Crm, leads: dict[str, str]) -> None:
    """Each part is 0-100; the default score is their mean, rounded."""
    scores = await crm.values("lead", PLUGIN)
    # source 100, complete 100, 5 activities 100, last touch 1 day ago 96.67 -> 99.17
    assert scores[leads["hot"]] == 99
    # web 60, one of three filled 33.33, one activity 20, touched 10 days ago 66.67 -> 45
    assert scores[leads["partial"]] == 45
    # follow-up 6 days ago with no activity still counts: (20 + 0 + 0 + 80) / 4
    assert scores[leads["followed_up"]] == 25


async def test_a_lead_with_nothing_scores_zero(crm: Crm, leads: dict[str, str]) -> None:
    """No source, nothing filled in, no activity, never touched: 0."""
    assert (await crm.values("lead", PLUGIN))[leads["cold"]] == 0


async def test_blank_text_is_not_completeness_and_deleted_activities_do_not_engage(
    crm: Crm, leads: dict[str, str]
) -> None:
    """Empty or whitespace-only values are missing; a deleted activity is no touch."""
    scores = await crm.values("lead", PLUGIN)
    assert scores[leads["blank"]] == 10  # ads 40, nothing else: 45 days is past the 30-day window
    assert scores[leads["hot"]] == 99  # the deleted activity half a day ago would have made it 100


async def test_source_points_and_weights_are_configurable(crm: Crm, leads: dict[str, str]) -> None:
    """Config changes the points per source and the weight of each part."""
    assert (await crm.values("lead", PLUGIN, config={"sourcePoints": {"ads": 100}}))[
        leads["blank"]
    ] == 25
    source_only = {"weights": {"source": 1, "completeness": 0, "engagement": 0, "recency": 0}}
    assert (await crm.values("lead", PLUGIN, config=source_only))[leads["partial"]] == 60


async def test_best_leads_first(crm: Crm, leads: dict[str, str]) -> None:
    """Filtering and sorting by the score happen in SQL."""
    assert await crm.ids_where("lead", PLUGIN, None, lambda s: s >= 25) == [
        leads["hot"],
        leads["partial"],
        leads["followed_up"],
    ]
