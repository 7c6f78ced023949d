"""Rate limiting: off by default; when configured, a caller over the limit gets RATE_LIMITED."""
from __future__ import annotations

from typing import Any

from server.http.rate_limit import RateLimiter
from tests.conftest import Api, TenantRef, errors_of


def test_bucket_refills_over_time() -> None:
    """A bucket allows its burst, refuses the next request, and refills at the set rate."""
    limiter = RateLimiter(per_minute=60, burst=2)
    caller = ("t", "u")
    assert [limiter.allow(caller, now=0.0) for _ in range(3)] == [True, True, False]
    assert limiter.allow(caller, now=1.0) is True
    assert limiter.allow(("t", "other"), now=1.0) is True


async def test_callers_over_the_limit_are_told_to_slow_down(api: Api, runtime: Any, tenant: TenantRef) -> None:
    """With a limit, the request past the burst is HTTP 429 RATE_LIMITED; others are unaffected."""
    assert runtime.rate_limiter is None
    runtime.rate_limiter = RateLimiter(per_minute=60, burst=2)
    try:
        bodies = [await api.gql(tenant, "{ __typename }", user="u-busy") for _ in range(3)]
        assert [errors_of(b) for b in bodies] == [[], [], ["RATE_LIMITED"]]
        assert api.last_status == 429
        other = await api.gql(tenant, "{ __typename }", user="u-calm")
        assert "errors" not in other
    finally:
        runtime.rate_limiter = None
