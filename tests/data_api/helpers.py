"""Small helpers shared by the data API tests."""
from __future__ import annotations

from typing import Any

from tests.conftest import Api, TenantRef, errors_of


async def ok(api: Api, tenant: TenantRef, query: str, variables: dict[str, Any] | None = None, **kw: Any) -> Any:
    """The `data` of a request that must succeed."""
    body = await api.gql(tenant, query, variables, **kw)
    assert "errors" not in body, body["errors"]
    return body["data"]


async def fails(api: Api, tenant: TenantRef, query: str, variables: dict[str, Any] | None = None, **kw: Any) -> Any:
    """The body of a request that must fail; its codes are `errors_of(body)`."""
    body = await api.gql(tenant, query, variables, **kw)
    assert errors_of(body), body
    return body


CREATE_CUSTOMERS = "mutation($in: [CustomerCreateInput!]!) { createCustomers(input: $in) { id name } }"


async def customers(api: Api, tenant: TenantRef, *items: dict[str, Any]) -> list[dict[str, Any]]:
    return (await ok(api, tenant, CREATE_CUSTOMERS, {"in": list(items)}))["createCustomers"]  # type: ignore[no-any-return]


def names(connection: dict[str, Any]) -> list[str]:
    return [e["node"]["name"] for e in connection["edges"]]
