"""churn_risk: inactivity, urgent open tickets, ticket satisfaction and declining deal size."""

from __future__ import annotations

from decimal import Decimal

import pytest
from plugin_rows import Crm, days_ago

PLUGIN = "churn_risk"


@pytest.fixture
async def customers(crm: Crm) -> dict[str, str]:
    ids = {
        "healthy": await crm.insert("customer", name="healthy"),
        "new": await crm.insert("customer", name="new", created_at=days_ago(18)),
        "troubled": await crm.insert("customer", name="troubled"),
        "gone": await crm.insert("customer", name="gone"),
    }
    await crm.insert("activity", subject="visit", customer=ids["healthy"], occurredAt=days_ago(9))
    for days in (100, 20):
        await crm.insert(
            "opportunity",
            name="deal",
            customer=ids["healthy"],
            stage="won",
            amount=Decimal(1000),
            closedAt=days_ago(days),
        )
    for days, amount in ((200, "10000"), (100, "8000"), (45, "3000")):
        await crm.insert(
            "opportunity",
            name="deal",
            customer=ids["troubled"],
            stage="won",
            amount=Decimal(amount),
            closedAt=days_ago(days),
        )
    await crm.insert(
        "opportunity",
        name="lost",
        customer=ids["troubled"],
        stage="lost",
        amount=Decimal(1),
        closedAt=days_ago(1),
    )
    tickets = [
        ("urgent", "open", 2, False),
        ("high", "pending", None, False),
        ("high", "resolved", 3, False),
        ("low", "open", None, False),
        ("urgent", "open", 5, True),
    ]
    for priority, status, rating, deleted in tickets:
        await crm.insert(
            "ticket",
            subject="help",
            customer=ids["troubled"],
            priority=priority,
            status=status,
            satisfaction=rating,
            deleted=deleted,
        )
    await crm.insert(
        "activity", subject="last call", customer=ids["gone"], occurredAt=days_ago(200)
    )
    return ids


async def test_risk_weighs_inactivity_tickets_satisfaction_and_decline(
    crm: Crm, customers: dict[str, str]
) -> None:
    """0.4 inactivity + 0.2 tickets + 0.2 satisfaction + 0.2 decline, each 0-100."""
    risks = await crm.values("customer", PLUGIN)
    # last win 45 days ago: 50; 2 of 3 urgent open tickets: 66.67; ratings 2 and 3 (2.5 of 5): 50;
    # last win 3000 vs average 7000: 57.14 -> 20 + 13.33 + 10 + 11.43 = 54.76
    assert risks[customers["troubled"]] == 55


async def test_recent_activity_or_purchase_keeps_risk_low(
    crm: Crm, customers: dict[str, str]
) -> None:
    """The latest of activity, won deal and creation is the last sign of life."""
    risks = await crm.values("customer", PLUGIN)
    assert risks[customers["healthy"]] == 4  # activity 9 days ago: 10 inactivity, steady deal size
    assert risks[customers["new"]] == 8  # created 18 days ago, nothing since: 20 inactivity


async def test_long_silence_is_full_inactivity_risk(crm: Crm, customers: dict[str, str]) -> None:
    """Past `inactivityDays` the inactivity part is capped at 100."""
    assert (await crm.values("customer", PLUGIN))[customers["gone"]] == 40
    assert (await crm.values("customer", PLUGIN, config={"inactivityDays": 400}))[
        customers["gone"]
    ] == 20


async def test_riskiest_customers_first(crm: Crm, customers: dict[str, str]) -> None:
    """Filtering and sorting by risk happen in SQL."""
    assert await crm.ids_where("customer", PLUGIN, None, lambda r: r >= 40) == [
        customers["troubled"],
        customers["gone"],
    ]
