"""Page size: `first` above 500 is QUERY_TOO_COMPLEX, negative is BAD_USER_INPUT."""

from __future__ import annotations

PAGE = "query($n: Int) { customers(first: $n) { totalCount } }"


async def test_the_maximum_page_size_is_allowed(api, tenant):
    """`first: 500` runs."""
    body = await api.gql(tenant, "{ customers(first: 500) { edges { node { name } } } }")
    assert "errors" not in body, body


async def test_page_larger_than_the_maximum_is_rejected_before_sql(
    errors_of, rejected_before_sql, tenant
):
    """`first: 501` is QUERY_TOO_COMPLEX naming the size and the limit."""
    body = await rejected_before_sql(tenant, "{ customers(first: 501) { totalCount } }")
    assert errors_of(body) == ["QUERY_TOO_COMPLEX"]
    assert body["errors"][0]["message"] == "page size 501 exceeds the limit of 500"


async def test_page_size_in_a_variable_is_checked(errors_of, rejected_before_sql, tenant):
    """A variable cannot smuggle in a larger page."""
    body = await rejected_before_sql(tenant, PAGE, {"n": 1000})
    assert errors_of(body) == ["QUERY_TOO_COMPLEX"]
    assert body["errors"][0]["message"] == "page size 1000 exceeds the limit of 500"


async def test_page_size_in_a_variable_default_is_checked(errors_of, rejected_before_sql, tenant):
    """Nor can a variable's declared default."""
    body = await rejected_before_sql(tenant, PAGE.replace("$n: Int)", "$n: Int = 1000)"))
    assert errors_of(body) == ["QUERY_TOO_COMPLEX"]


async def test_nested_connection_page_size_is_checked(errors_of, rejected_before_sql, tenant):
    """A relation's connection is limited like a root list."""
    query = "{ customers(first: 1) { edges { node { tickets(first: 501) { totalCount } } } } }"
    body = await rejected_before_sql(tenant, query)
    assert errors_of(body) == ["QUERY_TOO_COMPLEX"]


async def test_negative_page_size_is_bad_user_input(errors_of, rejected_before_sql, tenant):
    """`first: -1`, literal or variable, is BAD_USER_INPUT before any SQL runs."""
    body = await rejected_before_sql(tenant, "{ customers(first: -1) { totalCount } }")
    assert errors_of(body) == ["BAD_USER_INPUT"]
    body = await rejected_before_sql(tenant, PAGE, {"n": -5})
    assert errors_of(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["message"] == "first must not be negative, got -5"
