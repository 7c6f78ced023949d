"""Transport-level attacks: CSRF via GET, batching, multipart, oversized bodies."""
from __future__ import annotations

from typing import Any

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


async def test_other_methods_get_a_json_405(client: httpx.AsyncClient) -> None:
    """PUT, DELETE and PATCH are answered by the endpoint itself, in the contract's shape."""
    for method in ("PUT", "DELETE", "PATCH"):
        response = await client.request(method, "/graphql", json={"query": "{ __typename }"})
        assert response.status_code == 405, method
        assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_streamed_body_over_the_limit_is_refused(api: Api, client: httpx.AsyncClient, tenant: TenantRef) -> None:
    """Without a Content-Length the limit is counted while reading: 413 once past 1 MiB."""
    async def chunks() -> Any:
        yield b'{"query": "{ __typename }", "padding": "'
        for _ in range(20):
            yield b" " * 65536
        yield b'"}'

    response = await client.post("/graphql", content=chunks(),
                                 headers={"Authorization": f"Bearer {api.token(tenant)}", "Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"


async def test_streamed_body_within_the_limit_is_read_whole(api: Api, client: httpx.AsyncClient, tenant: TenantRef) -> None:
    async def chunks() -> Any:
        for part in (b'{"query": "{ __ty', b'pename }"', b"}"):
            yield part

    response = await client.post("/graphql", content=chunks(),
                                 headers={"Authorization": f"Bearer {api.token(tenant)}", "Content-Type": "application/json"})
    assert response.status_code == 200 and response.json() == {"data": {"__typename": "Query"}}


async def test_a_trailing_slash_reaches_the_same_endpoint(api: Api, client: httpx.AsyncClient, tenant: TenantRef) -> None:
    response = await client.post("/graphql/", json={"query": "{ __typename }"},
                                 headers={"Authorization": f"Bearer {api.token(tenant)}"})
    assert response.status_code == 200 and response.json() == {"data": {"__typename": "Query"}}


async def test_other_paths_are_served_beside_the_endpoints(client: httpx.AsyncClient) -> None:
    assert (await client.get("/health")).json() == {"status": "ok"}
    assert (await client.get("/nowhere")).status_code == 404
    assert (await client.get("/", follow_redirects=False)).headers["location"] == "/graphql"


async def test_of_two_credentials_the_first_counts(api: Api, client: httpx.AsyncClient, tenant: TenantRef) -> None:
    """A repeated Authorization header is not a way to switch callers: the first one is read."""
    valid, forged = f"Bearer {api.token(tenant)}", "Bearer not-a-token"
    query = {"query": "{ __typename }"}
    first_valid = await client.post("/graphql", json=query, headers=[("Authorization", valid), ("Authorization", forged)])
    assert first_valid.status_code == 200 and first_valid.json() == {"data": {"__typename": "Query"}}
    first_forged = await client.post("/graphql", json=query, headers=[("Authorization", forged), ("Authorization", valid)])
    assert first_forged.status_code == 401
