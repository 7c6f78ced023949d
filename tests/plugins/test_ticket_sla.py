"""ticket_sla: due time per priority and the SLA state of every ticket."""

from __future__ import annotations

import datetime as dt

import pytest
from plugin_rows import NOW, Crm

PLUGIN = "ticket_sla"


def hours_ago(hours: float) -> dt.datetime:
    return NOW - dt.timedelta(hours=hours)


@pytest.fixture
async def tickets(crm: Crm) -> dict[str, str]:
    async def ticket(
        created_hours_ago: float,
        priority: str | None,
        status: str,
        resolved_after: float | None = None,
        updated_after: float = 0,
    ) -> str:
        created = hours_ago(created_hours_ago)
        resolved = (
            created + dt.timedelta(hours=resolved_after) if resolved_after is not None else None
        )
        return await crm.insert(
            "ticket",
            subject="help",
            priority=priority,
            status=status,
            resolvedAt=resolved,
            created_at=created,
            updated_at=created + dt.timedelta(hours=updated_after),
        )

    return {
        "fresh": await ticket(2, "high", "open"),
        "risky": await ticket(7, "high", "open"),
        "late": await ticket(3, "urgent", "open"),
        "met": await ticket(30, "normal", "resolved", resolved_after=20),
        "late_fix": await ticket(100, "low", "resolved", resolved_after=80),
        "closed_untimed": await ticket(30, "normal", "closed", updated_after=1),
        "no_priority": await ticket(30, None, "open"),
        "pending": await ticket(1, "urgent", "pending"),
    }


async def test_due_time_is_creation_plus_the_priority_target(
    crm: Crm, tickets: dict[str, str]
) -> None:
    """Targets default to low 72h, normal 24h, high 8h, urgent 2h; no priority: 24h."""
    due = await crm.values("ticket", PLUGIN, "dueAt")
    assert due[tickets["fresh"]] == NOW + dt.timedelta(hours=6)
    assert due[tickets["late"]] == NOW - dt.timedelta(hours=1)
    assert due[tickets["no_priority"]] == NOW - dt.timedelta(hours=6)
    assert due[tickets["fresh"]].tzinfo is not None


async def test_state_of_open_and_done_tickets(crm: Crm, tickets: dict[str, str]) -> None:
    """ok, at_risk past 75% of the target, breached past it; done tickets are met or breached."""
    states = await crm.values("ticket", PLUGIN, "state")
    assert {name: states[tid] for name, tid in tickets.items()} == {
        "fresh": "ok",
        "risky": "at_risk",
        "late": "breached",
        "met": "met",
        "late_fix": "breached",
        "closed_untimed": "met",
        "no_priority": "breached",
        "pending": "ok",
    }


async def test_targets_are_configurable(crm: Crm, tickets: dict[str, str]) -> None:
    """A longer target for urgent tickets turns the late one back to ok."""
    states = await crm.values("ticket", PLUGIN, "state", {"targetHours": {"urgent": 48}})
    assert states[tickets["late"]] == "ok"
    assert states[tickets["risky"]] == "ok"  # high is no longer listed: `defaultHours` (24) applies


async def test_filter_breached_and_sort_by_due_time(crm: Crm, tickets: dict[str, str]) -> None:
    """State and due time filter and sort in SQL."""
    breached = await crm.ids_where("ticket", PLUGIN, "state", lambda s: s == "breached")
    assert set(breached) == {tickets["late"], tickets["late_fix"], tickets["no_priority"]}
    overdue_first = await crm.ids_where(
        "ticket", PLUGIN, "dueAt", lambda d: d < NOW, descending=False
    )
    six_hours_ago = sorted([tickets["met"], tickets["closed_untimed"], tickets["no_priority"]])
    assert overdue_first == [tickets["late_fix"], *six_hours_ago, tickets["late"]]
