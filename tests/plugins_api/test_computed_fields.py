"""Computed fields through HTTP: attached with createField, then read, filtered, sorted and
paged like stored fields, for every built-in kind, over realistic data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.conftest import Api, TenantRef, errors_of
from tests.data_api.helpers import ok

from .conftest import computed_field
from .helpers import ago, check_sort_filter_pages, create, listing


async def customers_with_orders(api: Api, tenant: TenantRef, clock: dt.datetime) -> dict[str, str]:
    """Big recent buyer, small old buyer, two identical buyers (a tie), one with only lost
    deals and one without any order."""
    ids = {
        name: await create(api, tenant, "customer", name=name)
        for name in ("big", "old", "twinA", "twinB", "lost", "none")
    }
    deals = [
        ("big", "won", "40000", 3),
        ("big", "won", "30000", 20),
        ("old", "won", "900", 300),
        ("twinA", "won", "5000", 30),
        ("twinB", "won", "5000", 30),
        ("lost", "lost", "80000", 2),
        ("lost", "proposal", "1000", None),
    ]
    for who, stage, amount, days in deals:
        await create(
            api,
            tenant,
            "opportunity",
            name=f"{who}-{stage}",
            customerId=ids[who],
            stage=stage,
            amount=amount,
            closedAt=ago(clock, days) if days is not None else None,
        )
    return ids


async def test_value_score_reads_filters_sorts_and_pages(
    api: Api, tenant: TenantRef, registry: Any, clock: dt.datetime
) -> None:
    """valueScore: 0 without a won deal, higher for recent large buying, equal for equal
    buying; `filter: {valueScore: {gte}}` and `orderBy: [{valueScore: DESC}]` run in SQL and
    cursors keep working when sorting by it."""
    await computed_field(api, tenant, "customer", "valueScore", "customer_value_score")
    ids = await customers_with_orders(api, tenant, clock)
    values = await check_sort_filter_pages(api, tenant, "customers", "valueScore", 20)
    score = {name: values[i] for name, i in ids.items()}
    assert score["none"] == 0 and score["lost"] == 0
    assert score["big"] > score["twinA"] == score["twinB"] > score["old"] > 0
    assert score["big"] <= 100
    top = await listing(api, tenant, "customers", "valueScore", order="DESC", first=1)
    assert top["edges"][0]["node"]["id"] == ids["big"]
    created = await ok(
        api, tenant, 'mutation { createCustomer(input: {name: "new"}) { valueScore } }'
    )
    assert created["createCustomer"]["valueScore"] == 0


async def test_value_score_parts_and_segment(
    api: Api, tenant: TenantRef, registry: Any, clock: dt.datetime
) -> None:
    """The other kinds of the plugin (a part and the segment label) work the same way."""
    await computed_field(api, tenant, "customer", "recency", "customer_value_score", kind="recency")
    await computed_field(api, tenant, "customer", "segment", "customer_value_score", kind="segment")
    ids = await customers_with_orders(api, tenant, clock)
    recency = await check_sort_filter_pages(api, tenant, "customers", "recency", 50)
    assert recency[ids["big"]] > recency[ids["old"]] and recency[ids["none"]] == 0
    segments = await check_sort_filter_pages(api, tenant, "customers", "segment", "none", op="eq")
    assert segments[ids["none"]] == "none"
    only = await listing(api, tenant, "customers", "segment", where={"segment": {"eq": "none"}})
    assert {e["node"]["id"] for e in only["edges"]} == {ids["none"], ids["lost"]}


async def test_lead_score_and_idle_days(
    api: Api, tenant: TenantRef, registry: Any, clock: dt.datetime
) -> None:
    """leadScore and idleDays on leads, including a lead with no activity at all."""
    await computed_field(api, tenant, "lead", "leadScore", "lead_score")
    await computed_field(api, tenant, "lead", "idle", "lead_pool", kind="idleDays")
    quiet = await create(api, tenant, "lead", name="quiet")
    busy = await create(
        api,
        tenant,
        "lead",
        name="busy",
        source="referral",
        email="b@example.com",
        phone="+1 555 0100",
        company="Acme",
        lastFollowUpAt=ago(clock, 1),
    )
    same = await create(api, tenant, "lead", name="same", source="web")
    twin = await create(api, tenant, "lead", name="twin", source="web")
    for days in (1, 2, 3):
        await create(
            api,
            tenant,
            "activity",
            subject=f"call {days}",
            leadId=busy,
            occurredAt=ago(clock, days),
        )
    scores = await check_sort_filter_pages(api, tenant, "leads", "leadScore", 30)
    assert scores[busy] > scores[same] == scores[twin] > scores[quiet] >= 0
    idle = await check_sort_filter_pages(api, tenant, "leads", "idle", 0)
    assert set(idle.values()) == {0}


async def test_churn_risk(api: Api, tenant: TenantRef, registry: Any, clock: dt.datetime) -> None:
    """churnRisk: urgent open tickets and poor ratings raise it; a quiet new customer is low."""
    await computed_field(api, tenant, "customer", "churnRisk", "churn_risk")
    calm = await create(api, tenant, "customer", name="calm")
    angry = await create(api, tenant, "customer", name="angry")
    for i in range(3):
        await create(
            api,
            tenant,
            "ticket",
            subject=f"down {i}",
            customerId=angry,
            priority="urgent",
            status="open",
            satisfaction=1,
        )
    risk = await check_sort_filter_pages(api, tenant, "customers", "churnRisk", 10)
    assert risk[angry] > risk[calm]


async def test_ticket_sla_state_and_due_time(
    api: Api, tenant: TenantRef, registry: Any, clock: dt.datetime
) -> None:
    """slaState (String) and dueAt (DateTime): filterable and sortable, ties by id."""
    await computed_field(api, tenant, "ticket", "slaState", "ticket_sla", kind="state")
    await computed_field(api, tenant, "ticket", "dueAt", "ticket_sla", kind="dueAt")
    done = await create(api, tenant, "ticket", subject="done", priority="low", status="resolved")
    urgent = await create(api, tenant, "ticket", subject="urgent", priority="urgent", status="open")
    await create(api, tenant, "ticket", subject="normal", priority="normal", status="open")
    await create(api, tenant, "ticket", subject="normal too", priority="normal", status="open")
    states = await check_sort_filter_pages(api, tenant, "tickets", "slaState", "ok", op="eq")
    assert states[done] == "met" and states[urgent] == "ok"
    due = await check_sort_filter_pages(
        api, tenant, "tickets", "dueAt", clock.isoformat(), parse=dt.datetime.fromisoformat
    )
    assert dt.datetime.fromisoformat(due[urgent]) < dt.datetime.fromisoformat(due[done])


async def test_computed_filter_inside_a_relation_filter(
    api: Api, tenant: TenantRef, registry: Any, clock: dt.datetime
) -> None:
    """`opportunities(filter: {customer: {valueScore: {gt: 0}}})`: the same compiler, on the related row."""
    await computed_field(api, tenant, "customer", "valueScore", "customer_value_score")
    ids = await customers_with_orders(api, tenant, clock)
    data = await ok(
        api,
        tenant,
        "{ opportunities(filter: {customer: {valueScore: {gt: 0}}}) { edges { node { customer { id } } } } }",
    )
    owners = {e["node"]["customer"]["id"] for e in data["opportunities"]["edges"]}
    assert owners == {ids["big"], ids["old"], ids["twinA"], ids["twinB"]}


async def test_disabling_the_plugin_removes_the_field(
    api: Api, tenant: TenantRef, registry: Any
) -> None:
    """setPluginEnabled(false): the field leaves the schema (and filters); on again, it is back."""
    await computed_field(api, tenant, "customer", "valueScore", "customer_value_score")
    await create(api, tenant, "customer", name="a")
    query = "{ customers { edges { node { name valueScore } } } }"
    assert (await ok(api, tenant, query))["customers"]["edges"][0]["node"]["valueScore"] == 0
    body = await api.meta(
        tenant,
        'mutation { setPluginEnabled(name: "customer_value_score", enabled: false) { enabled } }',
    )
    assert body["data"]["setPluginEnabled"]["enabled"] is False
    assert errors_of(await api.gql(tenant, query)) == ["GRAPHQL_VALIDATION_FAILED"]
    filtered = "{ customers(filter: {valueScore: {gte: 0}}) { totalCount } }"
    assert errors_of(await api.gql(tenant, filtered)) == ["GRAPHQL_VALIDATION_FAILED"]
    await api.meta(
        tenant,
        'mutation { setPluginEnabled(name: "customer_value_score", enabled: true) { enabled } }',
    )
    assert (await ok(api, tenant, filtered))["customers"]["totalCount"] == 1


async def test_other_tenants_do_not_get_the_field(
    api: Api, tenant: TenantRef, other_tenant: TenantRef, registry: Any
) -> None:
    """A computed field belongs to the tenant that attached it."""
    await computed_field(api, tenant, "customer", "valueScore", "customer_value_score")
    body = await api.gql(other_tenant, "{ customers { edges { node { valueScore } } } }")
    assert errors_of(body) == ["GRAPHQL_VALIDATION_FAILED"]
