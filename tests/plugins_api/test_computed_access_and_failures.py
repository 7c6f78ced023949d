"""Computed fields and permissions, failing plugins, and what a page of them costs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.conftest import Api, TenantRef, errors_of
from tests.data_api.helpers import customers, ok

from .conftest import Probe, computed_field, enable

SCORES = "{ customers { edges { node { name valueScore } } } }"


async def analyst_role(api: Api, tenant: TenantRef, opportunity_denied: list[str]) -> None:
    await api.meta(tenant, 'mutation { createRole(name: "analyst") { name } }')
    for obj, denied in (("customer", []), ("opportunity", opportunity_denied)):
        body = await api.meta(
            tenant,
            "mutation($in: PermissionInput!) { setPermission(input: $in) { role } }",
            {"in": {"role": "analyst", "object": obj, "actions": ["READ"], "deniedFields": denied}},
        )
        assert "errors" not in body, body


async def test_hidden_dependency_hides_the_computed_field(
    api: Api, tenant: TenantRef, registry: Any
) -> None:
    """A role that may not read opportunity amounts does not get valueScore at all."""
    await computed_field(api, tenant, "customer", "valueScore", "customer_value_score")
    await customers(api, tenant, {"name": "a"})
    await analyst_role(api, tenant, ["amount"])
    hidden = await api.gql(tenant, SCORES, roles=["analyst"], user="u-an")
    assert errors_of(hidden) == ["GRAPHQL_VALIDATION_FAILED"]
    filtered = "{ customers(filter: {valueScore: {gte: 0}}) { totalCount } }"
    assert errors_of(await api.gql(tenant, filtered, roles=["analyst"], user="u-an")) == [
        "GRAPHQL_VALIDATION_FAILED"
    ]
    await api.meta(
        tenant,
        'mutation { setPermission(input: {role: "analyst", object: "opportunity", actions: [READ]}) { role } }',
    )
    shown = await ok(api, tenant, SCORES, roles=["analyst"], user="u-an")
    assert shown["customers"]["edges"][0]["node"]["valueScore"] == 0


async def test_a_role_without_the_related_object_does_not_get_it(
    api: Api, tenant: TenantRef, registry: Any
) -> None:
    """support_agent cannot read opportunities (the score's input): no valueScore for them."""
    await computed_field(api, tenant, "customer", "valueScore", "customer_value_score")
    body = await api.gql(tenant, SCORES, roles=["support_agent"], user="u-s")
    assert errors_of(body) == ["GRAPHQL_VALIDATION_FAILED"]


async def test_a_failing_plugin_is_a_field_error_only(
    api: Api, tenant: TenantRef, registry: Any
) -> None:
    """Raising, hanging, or failing to build SQL: an error at that field's path, the rest of
    the data intact, no internals in the message."""
    await enable(api, tenant, "probe")
    for kind in ("broken", "slow", "badsql"):
        await computed_field(api, tenant, "customer", kind, "probe", kind=kind)
    await customers(api, tenant, {"name": "a"}, {"name": "b"})
    query = "{ customers(orderBy: [{name: ASC}]) { totalCount edges { node { name broken slow badsql } } } }"
    body = await api.gql(tenant, query)
    connection = body["data"]["customers"]
    assert connection["totalCount"] == 2
    assert [e["node"] for e in connection["edges"]] == [
        {"name": n, "broken": None, "slow": None, "badsql": None} for n in ("a", "b")
    ]
    messages = {(tuple(e["path"]), e["message"]) for e in body["errors"]}
    for i in (0, 1):
        assert (
            ("customers", "edges", i, "node", "broken"),
            "broken: could not be computed",
        ) in messages
        assert (
            ("customers", "edges", i, "node", "slow"),
            "slow: computing it took too long",
        ) in messages
        assert (
            ("customers", "edges", i, "node", "badsql"),
            "badsql: could not be computed",
        ) in messages
    assert "secret internals" not in str(body)
    sorted_by_it = await api.gql(tenant, "{ customers(orderBy: [{badsql: ASC}]) { totalCount } }")
    assert errors_of(sorted_by_it) == ["INTERNAL_SERVER_ERROR"]
    assert sorted_by_it["errors"][0]["message"] == "badsql: could not be computed"


async def test_a_batch_kind_is_called_once_per_page(
    api: Api, tenant: TenantRef, registry: Any, probe: Probe
) -> None:
    """Python-computed values: one plugin call for the whole page, never one per row."""
    await enable(api, tenant, "probe")
    await computed_field(api, tenant, "customer", "echo", "probe")
    rows = await customers(api, tenant, *({"name": f"c{i:02}"} for i in range(12)))
    data = await ok(
        api,
        tenant,
        "{ customers(first: 10, orderBy: [{name: ASC}]) { edges { node { name echo } } } }",
    )
    assert [e["node"]["echo"] for e in data["customers"]["edges"]] == [
        f"echo c{i:02}" for i in range(10)
    ]
    assert len(probe.batch_calls) == 1 and len(probe.batch_calls[0]) == 10
    created = await ok(api, tenant, 'mutation { createCustomer(input: {name: "new"}) { id echo } }')
    assert created["createCustomer"]["echo"] == "echo new"
    assert probe.batch_calls[1:] == [[created["createCustomer"]["id"]]]
    assert len(rows) == 12


async def test_page_of_scores_costs_constant_statements(
    api: Api, tenant: TenantRef, registry: Any, count_sql: Any, clock: dt.datetime
) -> None:
    """valueScore is part of the page's own statement: 10 rows or 50 cost the same statements."""
    await computed_field(api, tenant, "customer", "valueScore", "customer_value_score")
    rows = await customers(api, tenant, *({"name": f"c{i:02}"} for i in range(50)))
    deals = [
        {
            "name": f"d{i}",
            "customerId": r["id"],
            "stage": "won",
            "amount": "100",
            "closedAt": clock.isoformat(),
        }
        for i, r in enumerate(rows)
    ]
    await ok(
        api,
        tenant,
        "mutation($in: [OpportunityCreateInput!]!) { createOpportunities(input: $in) { id } }",
        {"in": deals},
    )
    query = "query($n: Int) { customers(first: $n, orderBy: [{valueScore: DESC}]) { totalCount edges { cursor node { name valueScore } } } }"
    counts = []
    for n in (10, 50):
        await api.gql(tenant, query, {"n": n})
        with count_sql() as counter:
            data = await ok(api, tenant, query, {"n": n})
        assert len(data["customers"]["edges"]) == n
        assert all(e["node"]["valueScore"] > 0 for e in data["customers"]["edges"])
        counts.append(counter.count)
    assert counts[0] == counts[1] <= 3
