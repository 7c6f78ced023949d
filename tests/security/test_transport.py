"""Transport-level attacks: CSRF via GET, batching, multipart, oversized bodies."""
from __future__ import annotations

import httpx

from tests.conftest import Api, TenantRef


async def test_get_never_runs_a_query(api: Api, client: httpx.AsyncClient, tenant: TenantRef) -> None:
    """A GET with a query string (a CSRF vector) does not execute anything."""
    response = await client.get(
        "/graphql", params={"query": 'mutation { createCustomer(input: {name: "csrf"}) { id } }'},
        headers={"Authorization": f"Bearer {api.token(tenant)}"},
    )
    assert response.status_code in (200, 405)
    check = await api.gql(tenant, '{ customers(filter: {name: {eq: "csrf"}}) { totalCount } }')
    assert check["data"]["customers"]["totalCount"] == 0


async def test_browser_get_serves_graphiql(client: httpx.AsyncClient) -> None:
    """Browsers get the GraphiQL page without a credential."""
    response = await client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200 and "graphiql" in response.text.lower()


async def test_json_array_batching_is_refused(api: Api, client: httpx.AsyncClient, tenant: TenantRef) -> None:
    """Batched requests could multiply limits; they are refused as a whole."""
    response = await client.post(
        "/graphql", json=[{"query": "{ __typename }"}, {"query": "{ __typename }"}],
        headers={"Authorization": f"Bearer {api.token(tenant)}"},
    )
    body = response.json()
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT" and "data" not in body


async def test_multipart_is_refused(api: Api, client: httpx.AsyncClient, tenant: TenantRef) -> None:
    """Multipart uploads (a CSRF-able content type) are not accepted."""
    response = await client.post(
        "/graphql", files={"operations": (None, '{"query": "{ __typename }"}')},
        headers={"Authorization": f"Bearer {api.token(tenant)}"},
    )
    assert response.status_code == 415
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_oversized_body_is_refused_before_parsing(api: Api, client: httpx.AsyncClient, tenant: TenantRef) -> None:
    """A body over 1 MiB is QUERY_TOO_COMPLEX with 413."""
    query = "{ __typename }" + " " * (1 << 20)
    response = await client.post("/graphql", json={"query": query}, headers={"Authorization": f"Bearer {api.token(tenant)}"})
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"


async def test_no_websocket_route(client: httpx.AsyncClient) -> None:
    """The legacy graphql-ws protocol (and any websocket) has no route to upgrade to."""
    response = await client.get("/graphql", headers={"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Protocol": "graphql-ws"})
    assert response.status_code != 101
