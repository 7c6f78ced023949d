"""`metacrm token` and `metacrm apikey create|revoke`."""

from __future__ import annotations

import time

import jwt


async def test_token_prints_only_a_signed_jwt(metacrm, migrated, secret):
    """stdout is one line: an HS256 token with sub, tenant, roles and exp = now + ttl."""
    assert (await metacrm("tenant", "create", "acme")).code == 0
    outcome = await metacrm(
        "token",
        "--tenant",
        "acme",
        "--user",
        "u-alice",
        "--roles",
        "sales_rep,viewer",
        "--ttl",
        "600",
    )
    assert outcome.code == 0
    assert outcome.out.count("\n") == 1
    claims = jwt.decode(outcome.out.strip(), secret, algorithms=["HS256"])
    assert claims["sub"] == "u-alice"
    assert claims["tenant"] == "acme"
    assert claims["roles"] == ["sales_rep", "viewer"]
    assert 0 < claims["exp"] - time.time() <= 600


async def test_token_carries_its_roles_to_the_api(metacrm, migrated, served):
    """A support agent's token sees tickets but not leads."""
    assert (await metacrm("tenant", "create", "acme")).code == 0
    token = (
        await metacrm("token", "--tenant", "acme", "--user", "u-sam", "--roles", "support_agent")
    ).out.strip()
    async with served() as server:
        allowed = (await server.post(token, "{ tickets { totalCount } }")).json()
        hidden = (await server.post(token, "{ leads { totalCount } }")).json()
    assert allowed == {"data": {"tickets": {"totalCount": 0}}}
    assert hidden["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_token_for_an_unknown_tenant_is_refused(metacrm, migrated):
    """No token is printed for a slug that does not exist."""
    outcome = await metacrm("token", "--tenant", "nope", "--user", "u-1", "--roles", "admin")
    assert outcome.code == 1
    assert outcome.out == ""
    assert "no tenant with slug 'nope'" in outcome.err


async def test_token_arguments_are_checked(metacrm, migrated):
    """Empty roles or a non-positive ttl are usage errors (exit 2), not tokens."""
    assert (await metacrm("tenant", "create", "acme")).code == 0
    no_roles = await metacrm("token", "--tenant", "acme", "--user", "u-1", "--roles", ",")
    bad_ttl = await metacrm(
        "token", "--tenant", "acme", "--user", "u-1", "--roles", "admin", "--ttl", "0"
    )
    assert (no_roles.code, bad_ttl.code) == (2, 2)
    assert no_roles.out == bad_ttl.out == ""


async def test_api_key_works_until_revoked(metacrm, migrated, served):
    """`apikey create` prints the key alone (its id on stderr); after `apikey revoke` it is refused."""
    assert (await metacrm("tenant", "create", "acme")).code == 0
    created = await metacrm(
        "apikey", "create", "--tenant", "acme", "--name", "sync", "--roles", "admin"
    )
    assert created.code == 0
    key = created.out.strip()
    assert created.out == key + "\n"
    key_id = created.err.split("API key ", 1)[1].split(" ", 1)[0]
    async with served() as server:
        before = await server.post(key, "{ customers { totalCount } }")
        revoked = await metacrm("apikey", "revoke", "--tenant", "acme", key_id)
        after = await server.post(key, "{ customers { totalCount } }")
    assert before.json() == {"data": {"customers": {"totalCount": 0}}}
    assert revoked.code == 0
    assert after.status_code == 401
    assert after.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_revoking_another_tenants_key_is_not_found(metacrm, migrated):
    """A key id is only revocable from its own tenant; elsewhere it does not exist."""
    for slug in ("acme", "globex"):
        assert (await metacrm("tenant", "create", slug)).code == 0
    created = await metacrm(
        "apikey", "create", "--tenant", "acme", "--name", "sync", "--roles", "viewer"
    )
    key_id = created.err.split("API key ", 1)[1].split(" ", 1)[0]
    outcome = await metacrm("apikey", "revoke", "--tenant", "globex", key_id)
    assert outcome.code == 1
    assert "no such API key" in outcome.err
