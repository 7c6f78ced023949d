"""Two server processes on one database: a metadata change made through one is live on
the other at its next request (PostgreSQL pushes versions with LISTEN/NOTIFY; SQLite
processes read them per request)."""

from __future__ import annotations

import asyncio
import time

import httpx

from tests.cli.test_serve_command import banner_token, running_server

LIVE_WITHIN_SECONDS = 1.0


async def _post(base: str, path: str, token: str, query: str) -> dict:
    async with httpx.AsyncClient(base_url=base) as client:
        response = await client.post(path, json={"query": query}, headers={"Authorization": f"Bearer {token}"})
    return response.json()


async def test_metadata_change_is_live_on_another_process(cli_env, tmp_path):
    """createField through process A; process B serves the field within a second."""
    async with running_server(cli_env, tmp_path) as (base_a, log_a):
        token = banner_token(log_a)
        async with running_server(cli_env, tmp_path) as (base_b, _log_b):
            probe = "{ customers(first: 1) { edges { node { loyaltyTier } } } }"
            before = await _post(base_b, "/graphql", token, probe)
            assert before["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
            made = await _post(base_a, "/metadata", token,
                               'mutation { createField(object: "customer", input: {name: "loyaltyTier", label: "Loyalty tier", type: TEXT}) { id } }')
            assert "errors" not in made, made
            await _until(lambda: _post(base_b, "/graphql", token, probe), lambda body: "errors" not in body)
            policy = await _post(base_a, "/metadata", token,
                                 'mutation { setPermission(input: {role: "viewer", object: "customer", actions: [READ], deniedFields: ["loyaltyTier"]}) { role } }')
            assert "errors" not in policy, policy
            viewer = await _viewer_token(base_a, token)
            await _until(lambda: _post(base_b, "/graphql", viewer, probe),
                         lambda body: body.get("errors", [{}])[0].get("extensions", {}).get("code") == "GRAPHQL_VALIDATION_FAILED")


async def _until(request, done) -> None:
    """Poll process B until `done(body)`; fail after LIVE_WITHIN_SECONDS."""
    started = time.monotonic()
    while True:
        body = await request()
        if done(body):
            return
        assert time.monotonic() - started < LIVE_WITHIN_SECONDS, body
        await asyncio.sleep(0.01)


async def _viewer_token(base: str, admin_token: str) -> str:
    made = await _post(base, "/metadata", admin_token, 'mutation { createApiKey(name: "viewer", roles: ["viewer"]) { key } }')
    return str(made["data"]["createApiKey"]["key"])
