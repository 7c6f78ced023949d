"""Mutation batching: at most 10 mutation root fields per document, fragments expanded."""

from __future__ import annotations

CREATE = 'createCustomer(input: { name: "batch" }) { id }'


def creates(prefix: str, count: int) -> str:
    return " ".join(f"{prefix}{i}: {CREATE}" for i in range(count))


async def customer_count(api, tenant) -> int:
    body = await api.gql(tenant, "{ customers { totalCount } }")
    return body["data"]["customers"]["totalCount"]


async def test_ten_mutation_fields_run(api, tenant):
    """A document with exactly 10 mutation fields runs all of them."""
    body = await api.gql(tenant, "mutation { " + creates("c", 10) + " }")
    assert "errors" not in body, body
    assert await customer_count(api, tenant) == 10


async def test_eleven_mutation_fields_are_rejected_and_nothing_is_written(
    errors_of, rejected_before_sql, api, tenant
):
    """11 mutation fields: QUERY_TOO_COMPLEX, no SQL, no record created."""
    body = await rejected_before_sql(tenant, "mutation { " + creates("c", 11) + " }")
    assert errors_of(body) == ["QUERY_TOO_COMPLEX"]
    assert body["errors"][0]["message"] == "mutation field count 11 exceeds the limit of 10"
    assert await customer_count(api, tenant) == 0


async def test_mutation_fields_hidden_in_fragments_are_counted(
    errors_of, rejected_before_sql, api, tenant
):
    """Mutation fields spread from fragments on Mutation count like written-out ones."""
    query = f"""mutation {{ ...A ...B }}
    fragment A on Mutation {{ {creates("a", 6)} }}
    fragment B on Mutation {{ {creates("b", 6)} }}"""
    body = await rejected_before_sql(tenant, query)
    assert errors_of(body) == ["QUERY_TOO_COMPLEX"]
    assert body["errors"][0]["message"] == "mutation field count 12 exceeds the limit of 10"
    assert await customer_count(api, tenant) == 0


async def test_mutation_fields_are_counted_per_document(
    errors_of, rejected_before_sql, api, tenant
):
    """Splitting writes over several operations of one document does not raise the limit."""
    query = f"mutation One {{ {creates('a', 6)} }} mutation Two {{ {creates('b', 6)} }}"
    body = await rejected_before_sql(tenant, query)
    assert errors_of(body) == ["QUERY_TOO_COMPLEX"]
    assert await customer_count(api, tenant) == 0
