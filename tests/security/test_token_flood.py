"""Token limit: a document of more than 10,000 tokens is abandoned while parsing."""

from __future__ import annotations


async def test_token_flood_is_rejected_before_sql(errors_of, rejected_before_sql, tenant):
    """10,002 tokens: QUERY_TOO_COMPLEX, and the request costs no more than authentication."""
    body = await rejected_before_sql(tenant, "{ " + "__typename " * 10_000 + "}")
    assert errors_of(body) == ["QUERY_TOO_COMPLEX"]
    assert "data" not in body


async def test_comment_flood_counts_towards_the_token_limit(errors_of, rejected_before_sql, tenant):
    """Comments are skipped by GraphQL but still cost parsing: 20,000 of them are refused."""
    body = await rejected_before_sql(tenant, "#\n" * 20_000 + "{ __typename }")
    assert errors_of(body) == ["QUERY_TOO_COMPLEX"]


async def test_a_large_query_under_the_token_limit_runs(api, tenant):
    """A filter listing 5,000 values (about 5,030 tokens) is an ordinary query."""
    values = " ".join(f'"c{i}"' for i in range(5_000))
    body = await api.gql(
        tenant, f"{{ customers(filter: {{ name: {{ in: [{values}] }} }}) {{ totalCount }} }}"
    )
    assert "errors" not in body, body
    assert body["data"]["customers"]["totalCount"] == 0
