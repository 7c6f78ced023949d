"""The compiled read path answers exactly like the general resolver path.

Every query runs twice on the same server and data: once compiled (one JSON-building
statement per root field), once through the resolvers; the bodies must be equal, and
the compiled run must really have been compiled.
"""
from __future__ import annotations

import random
from typing import Any

import pytest_asyncio

from tests.conftest import Api, TenantRef


def first_difference(a: Any, b: Any, path: str = "") -> str | None:
    """Where two JSON values first differ, for a readable failure."""
    if type(a) is not type(b):
        return f"{path}: {a!r} vs {b!r}"
    if isinstance(a, dict):
        if list(a) != list(b):
            return f"{path}: keys {list(a)} vs {list(b)}"
        return next((d for k in a if (d := first_difference(a[k], b[k], f"{path}.{k}"))), None)
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} vs {len(b)} items"
        return next((d for i, (x, y) in enumerate(zip(a, b)) if (d := first_difference(x, y, f"{path}[{i}]"))), None)
    return None if a == b else f"{path}: {a!r} vs {b!r}"


class Both:
    def __init__(self, api: Api, runtime: Any, tenant: TenantRef) -> None:
        self.api, self.runtime, self.tenant = api, runtime, tenant

    async def __call__(self, query: str, variables: dict[str, Any] | None = None, compiled: bool = True,
                       **caller: Any) -> dict[str, Any]:
        self.runtime.compiled_reads = False
        try:
            general = await self.api.gql(self.tenant, query, variables, **caller)
        finally:
            self.runtime.compiled_reads = True
        before = self.runtime.compiled_answers
        fast = await self.api.gql(self.tenant, query, variables, **caller)
        assert fast == general, (query, variables, first_difference(fast, general))
        if compiled:
            assert "errors" not in fast, (query, fast)
        assert (self.runtime.compiled_answers == before + 1) is compiled, query
        return fast


@pytest_asyncio.fixture
async def both(api: Api, runtime: Any, tenant_factory: Any) -> Both:
    tenant = await tenant_factory(demo=True)
    return Both(api, runtime, tenant)


NODE = "id name email phone company industry annualRevenue tier lifecycleStage tags birthday source satisfaction ownerId createdAt updatedAt createdBy version deletedAt __typename"

FIXED = [
    f"{{ customers {{ totalCount edges {{ cursor node {{ {NODE} }} }} pageInfo {{ hasNextPage endCursor }} }} }}",
    "{ customers(first: 7, orderBy: [{annualRevenue: DESC}, {name: ASC}]) { edges { node { name annualRevenue } } } }",
    "{ customers(filter: {industry: {in: [\"technology\", \"finance\"]}, annualRevenue: {gt: \"100000\"}}, orderBy: [{createdAt: DESC}], first: 20) "
    "{ edges { node { id name tickets(first: 3, orderBy: [{createdAt: DESC}], filter: {status: {in: [\"open\", \"pending\"]}}) "
    "{ totalCount edges { cursor node { subject status priority createdAt } } pageInfo { hasNextPage endCursor } } } } } }",
    "{ tickets(first: 30) { edges { node { subject customer { name tier customer: company } } } } }",
    "{ opportunities(first: 10, orderBy: [{amount: ASC}]) { edges { node { name amount probability closedAt "
    "customer { name leads(first: 2) { edges { node { name status } } } } } } } }",
    "{ activities(first: 15, orderBy: [{occurredAt: DESC}]) { edges { node { subject type occurredAt nextFollowUpAt "
    "customer { id } lead { id name } opportunity { stage } } } } }",
    "query($id: ID!) { customer(id: $id) { name tickets { totalCount } } }",
    "{ customers(first: 3) { edges { node { name tickets(first: 2) { edges { node { subject customer { name "
    "opportunities(first: 2) { totalCount edges { cursor node { name stage } } } } } } } } } } }",
    "{ leads(filter: {ownerId: {isNull: true}}) { totalCount pageInfo { hasNextPage } } }",
    "{ a: customers(first: 2) { edges { node { name } } } b: tickets(first: 2) { totalCount } __typename }",
    "fragment C on Customer { name tier } { customers(first: 5) { edges { node { ...C ... on Customer { email } } } } }",
    "query($skip: Boolean!) { customers(first: 3) { edges { node { name email @skip(if: $skip) } } } }",
    "{ customers(first: 4, filter: {tags: {containsAny: [\"vip\"]}}) { edges { node { name tags } } } }",
    "{ customers(first: 6, orderBy: [{birthday: ASC}]) { edges { cursor node { birthday } } } }",
    "{ customers(filter: {not: {or: [{tier: {eq: \"gold\"}}, {email: {ilike: \"%A%\"}}]}}) { totalCount } }",
]


async def test_fixed_queries_answer_identically(both: Both) -> None:
    """A catalogue of typical front-end queries gives identical answers on both paths."""
    first = await both("{ customers(first: 1) { edges { node { id } } } }")
    customer_id = first["data"]["customers"]["edges"][0]["node"]["id"]
    for query in FIXED:
        variables = {"id": customer_id, "skip": True}
        used = {k: v for k, v in variables.items() if f"${k}" in query}
        await both(query, used or None)


async def test_pages_continue_identically(both: Both) -> None:
    """Cursors from the compiled path continue pages exactly like the resolvers' cursors."""
    query = ("query($after: String) { customers(first: 9, after: $after, orderBy: [{tier: DESC}, {satisfaction: ASC}]) "
             "{ edges { cursor node { id tier satisfaction } } pageInfo { hasNextPage endCursor } } }")
    after = None
    seen = 0
    while True:
        page = await both(query, {"after": after})
        seen += len(page["data"]["customers"]["edges"])
        info = page["data"]["customers"]["pageInfo"]
        if not info["hasNextPage"]:
            break
        after = info["endCursor"]
    total = await both("{ customers { totalCount } }")
    assert seen == total["data"]["customers"]["totalCount"]


async def test_row_scope_and_hidden_fields_apply_on_both_paths(both: Both) -> None:
    """A sales rep sees the same rows through both paths; the support agent's schema rules hold."""
    rep = {"roles": ["sales_rep"], "user": "u-alice"}
    body = await both("{ customers { totalCount edges { node { name ownerId opportunities { totalCount } } } } }", **rep)
    owners = {e["node"]["ownerId"] for e in body["data"]["customers"]["edges"]}
    assert owners <= {"u-alice"}
    await both("{ leads(first: 100) { totalCount edges { node { name ownerId } } } }", **rep)
    await both("{ tickets(first: 20) { edges { node { subject customer { name } } } } }",
               roles=["support_agent"], user="u-sam")


async def test_unsupported_queries_use_the_general_path(both: Both) -> None:
    """Computed fields, history and errors are left to the resolvers, with identical results."""
    await both("{ customers(first: 501) { totalCount } }", compiled=False)
    await both('{ customer(id: "not-an-id") { id } }', compiled=False)
    await both('{ customers(after: "forged") { totalCount } }', compiled=False)


AGGREGATES = [
    "{ customersAggregate { count } }",
    "{ customersAggregate(groupBy: [tier]) { group count __typename } }",
    "{ customersAggregate(groupBy: [industry, tier, industry], filter: {annualRevenue: {gt: \"10000\"}}) "
    "{ count group sum { annualRevenue satisfaction } avg { annualRevenue satisfaction __typename } "
    "min { annualRevenue } max { satisfaction annualRevenue } } }",
    "{ opportunitiesAggregate(groupBy: [stage]) { group count sum { amount probability } avg { probability } "
    "min { amount probability } max { amount } } }",
    "{ ticketsAggregate(groupBy: [status, ownerId], filter: {customer: {tier: {in: [\"gold\", \"silver\"]}}}) "
    "{ group count } t: customersAggregate(groupBy: [birthday]) { count group } }",
    "query($tier: String!) { customersAggregate(groupBy: [source], filter: {tier: {eq: $tier}}) "
    "{ group c: count s: sum { satisfaction } } }",
]


async def test_aggregates_answer_identically(both: Both) -> None:
    """Grouped counts and measures: every value serialised exactly as the resolvers do."""
    for query in AGGREGATES:
        await both(query, {"tier": "gold"} if "$tier" in query else None)
    await both(AGGREGATES[-1], {"tier": "bronze"})
    rep = {"roles": ["sales_rep"], "user": "u-alice"}
    await both("{ customersAggregate(groupBy: [ownerId]) { group count } }", **rep)
    await both("{ ticketsAggregate(groupBy: [priority]) { group count } }", roles=["support_agent"], user="u-sam")


SORTABLE = ["name", "email", "industry", "annualRevenue", "tier", "birthday", "satisfaction", "createdAt", "ownerId"]
FILTERS = [
    "{tier: {eq: \"gold\"}}", "{annualRevenue: {gte: \"50000\"}}", "{email: {isNull: false}}",
    "{name: {startsWith: \"M\"}}", "{satisfaction: {in: [1, 2, 5]}}", "{birthday: {lt: \"1990-01-01\"}}",
    "{or: [{industry: {eq: \"retail\"}}, {source: {eq: \"web\"}}]}", "{tickets_: 1}",
]


async def test_generated_queries_answer_identically(both: Both) -> None:
    """Random selections, filters, sorts and page sizes agree on both paths (fixed seed)."""
    rnd = random.Random(7)
    filters = [f for f in FILTERS if "tickets_" not in f]
    for _ in range(25):
        fields = " ".join(rnd.sample(NODE.split(), rnd.randint(1, 6)))
        order = ", ".join(f"{{{f}: {rnd.choice(['ASC', 'DESC'])}}}" for f in rnd.sample(SORTABLE, rnd.randint(0, 2)))
        flt = rnd.choice(filters + [None])
        args = [f"first: {rnd.randint(0, 12)}"] + ([f"orderBy: [{order}]"] if order else []) + ([f"filter: {flt}"] if flt else [])
        nested = ""
        if rnd.random() < 0.5:
            ticket = "subject priority customer { tier }"
            nested = (f"tickets(first: {rnd.randint(1, 4)}, orderBy: [{{priority: {rnd.choice(['ASC', 'DESC'])}}}]) "
                      + rnd.choice([f"{{ totalCount edges {{ cursor node {{ {ticket} }} }} pageInfo {{ hasNextPage endCursor }} }}",
                                    f"{{ edges {{ node {{ {ticket} }} }} totalCount __typename }}"]))
        # with or without cursors and pageInfo: the latter are finished in SQL, never shaped in Python
        page = rnd.choice(["totalCount edges {{ cursor node {{ {} }} }} pageInfo {{ hasNextPage endCursor }}",
                           "edges {{ __typename node {{ {} }} }} totalCount", "edges {{ node {{ {} }} }}"])
        await both(f"{{ customers({', '.join(args)}) {{ {page.format(fields + ' ' + nested)} }} }}")


async def test_datetimes_render_like_the_scalar(both: Both) -> None:
    """Whole seconds print without a fraction, anything else with all six digits."""
    stamps = ["2024-05-01T10:00:00+00:00", "2024-05-01T10:00:00.250000+00:00", "2024-05-01T10:00:00.000001+00:00"]
    for i, stamp in enumerate(stamps):
        body = await both.api.gql(both.tenant, "mutation($in: ActivityCreateInput!) { createActivity(input: $in) { id } }",
                                  {"in": {"subject": f"stamp {i}", "occurredAt": stamp}})
        assert "errors" not in body, body
    page = await both('{ activities(filter: {subject: {startsWith: "stamp "}}, orderBy: [{subject: ASC}]) '
                      "{ edges { node { occurredAt createdAt } } } }")
    assert [e["node"]["occurredAt"] for e in page["data"]["activities"]["edges"]] == stamps
