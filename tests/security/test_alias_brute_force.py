"""Alias limit: at most 100 aliases per operation, counted with fragments expanded."""

from __future__ import annotations


def aliased(count: int, field: str = "customers(first: 1) { totalCount }") -> str:
    return " ".join(f"a{i}: {field}" for i in range(count))


async def test_one_hundred_aliases_are_allowed(api, tenant):
    """Exactly the limit of aliases runs."""
    body = await api.gql(tenant, "{ " + aliased(100, "__typename") + " }")
    assert "errors" not in body, body
    assert len(body["data"]) == 100


async def test_alias_brute_force_is_rejected_before_sql(errors_of, rejected_before_sql, tenant):
    """101 aliases of one field are QUERY_TOO_COMPLEX and no SQL runs."""
    body = await rejected_before_sql(tenant, "{ " + aliased(101) + " }")
    assert errors_of(body) == ["QUERY_TOO_COMPLEX"]
    assert body["errors"][0]["message"] == "alias count 101 exceeds the limit of 100"


async def test_aliases_hidden_in_a_fragment_count_at_every_spread(
    errors_of, rejected_before_sql, tenant
):
    """A fragment of 50 aliases spread under two aliased connections counts 2 + 2 × 50."""
    query = (
        """
    { c1: customers(first: 1) { edges { node { ...F } } }
      c2: customers(first: 1) { edges { node { ...F } } } }
    fragment F on Customer { """
        + aliased(50, "name")
        + " }"
    )
    body = await rejected_before_sql(tenant, query)
    assert errors_of(body) == ["QUERY_TOO_COMPLEX"]
    assert body["errors"][0]["message"] == "alias count 102 exceeds the limit of 100"


async def test_fragment_fan_out_cannot_multiply_aliases_unseen(
    errors_of, rejected_before_sql, tenant
):
    """Each spread counts as if the fragment were written out there: F_i = 2 × F_(i-1) + 1."""
    fragments = ["fragment F0 on Query { " + aliased(2) + " }"]
    fragments += [
        f"fragment F{i} on Query {{ ...F{i - 1} x{i}: __typename ...F{i - 1} }}"
        for i in range(1, 7)
    ]
    query = "{ ...F6 } " + " ".join(fragments)
    body = await rejected_before_sql(tenant, query)
    assert errors_of(body) == ["QUERY_TOO_COMPLEX"]
    assert body["errors"][0]["message"] == "alias count 191 exceeds the limit of 100"


async def test_aliases_in_nested_selections_are_counted(errors_of, rejected_before_sql, tenant):
    """Aliases deep inside a connection count as much as aliases at the root."""
    inner = aliased(60, "name")
    query = f"{{ customers(first: 1) {{ edges {{ node {{ {inner} }} }} }} c: customers(first: 1) {{ edges {{ node {{ {inner} }} }} }} }}"
    body = await rejected_before_sql(tenant, query)
    assert errors_of(body) == ["QUERY_TOO_COMPLEX"]
    assert body["errors"][0]["message"] == "alias count 121 exceeds the limit of 100"
