"""Many tenants on one process: each made from the `crm` template and customised with a
field of its own, then each queried twice through one fresh server process.

The first pass builds every tenant's schema (the process keeps at most
`schema_cache_size` of them, least recently used out); the second pass comes back to
tenants whose schemas were evicted, so they are rebuilt, and checks that each answer
still carries that tenant's own field and that no tenant sees another's.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any, Callable

import httpx

from metadata.service import MetadataService

from .load import percentile
from .loader import Api
from .schema import CREATE_FIELD
from .server import ServerProcess

Token = Callable[[str], str]


@dataclass
class TenantsResult:
    tenants: int
    create_seconds: float
    rss_start_mib: float
    rss_after_first_pass_mib: float
    rss_after_second_pass_mib: float
    rss_peak_mib: float
    first_pass_ms: list[float] = field(repr=False)
    second_pass_ms: list[float] = field(repr=False)
    isolation_checks: int = 0

    def summary(self) -> dict[str, Any]:
        def stats(values: list[float]) -> dict[str, float]:
            s = sorted(values)
            return {
                "p50_ms": round(percentile(s, 50), 1),
                "p95_ms": round(percentile(s, 95), 1),
                "max_ms": round(s[-1], 1),
            }

        return {
            "tenants": self.tenants,
            "create_seconds": round(self.create_seconds, 1),
            "rss_start_mib": self.rss_start_mib,
            "rss_after_first_pass_mib": self.rss_after_first_pass_mib,
            "rss_after_second_pass_mib": self.rss_after_second_pass_mib,
            "rss_peak_mib": self.rss_peak_mib,
            "first_request": stats(self.first_pass_ms),
            "revisit_request": stats(self.second_pass_ms),
            "isolation_checks": self.isolation_checks,
        }


def _slug(i: int) -> str:
    return f"bench-t{i:04d}"


def _query(i: int) -> str:
    return f"{{ customers(first: 1, orderBy: [{{own{i}: ASC}}]) {{ edges {{ node {{ id name own{i} }} }} }} }}"


async def create_tenants(
    service: MetadataService, url: str, token: Token, count: int, parallel: int = 4
) -> None:
    """Tenant i gets the crm objects plus `customer.own<i>`, created through /metadata."""
    gate = asyncio.Semaphore(parallel)
    async with httpx.AsyncClient(timeout=120) as client:

        async def one(i: int) -> None:
            async with gate:
                await service.create_tenant(_slug(i), template="crm")
                await Api(client, url, token(_slug(i))).meta(
                    CREATE_FIELD,
                    {
                        "object": "customer",
                        "input": {"name": f"own{i}", "label": "Own", "type": "TEXT"},
                    },
                )

        await asyncio.gather(*(one(i) for i in range(count)))


async def _pass(client: httpx.AsyncClient, url: str, token: Token, count: int) -> list[float]:
    latencies = []
    for i in range(count):
        t0 = time.perf_counter()
        r = await client.post(
            url + "/graphql",
            json={"query": _query(i)},
            headers={"Authorization": f"Bearer {token(_slug(i))}"},
        )
        latencies.append((time.perf_counter() - t0) * 1000)
        body = r.json()
        if r.status_code != 200 or body.get("errors") or "customers" not in body.get("data", {}):
            raise RuntimeError(f"tenant {_slug(i)} failed: {str(body)[:400]}")
    return latencies


async def _isolation(client: httpx.AsyncClient, url: str, token: Token, count: int) -> int:
    """Tenant i asking for tenant i+1's field must get a validation error."""
    checks = 0
    for i in range(0, count, max(1, count // 50)):
        other = (i + 1) % count
        r = await client.post(
            url + "/graphql",
            json={"query": _query(other)},
            headers={"Authorization": f"Bearer {token(_slug(i))}"},
        )
        codes = [e.get("extensions", {}).get("code") for e in r.json().get("errors", [])]
        if not codes or set(codes) != {"GRAPHQL_VALIDATION_FAILED"}:
            raise RuntimeError(f"tenant {_slug(i)} saw {_slug(other)}'s field: {r.text[:300]}")
        checks += 1
    return checks


async def measure(
    server: ServerProcess, admin_url: str, service: MetadataService, token: Token, count: int
) -> TenantsResult:
    """Tenants are created through `admin_url` (another process), so `server` starts cold."""
    t0 = time.perf_counter()
    await create_tenants(service, admin_url, token, count)
    create_seconds = time.perf_counter() - t0
    rss_start = server.rss_mib()[0]
    async with httpx.AsyncClient(timeout=120) as client:
        first = await _pass(client, server.url, token, count)
        rss_first = server.rss_mib()[0]
        second = await _pass(client, server.url, token, count)
        checks = await _isolation(client, server.url, token, count)
    rss_now, peak = server.rss_mib()
    return TenantsResult(
        count, create_seconds, rss_start, rss_first, rss_now, peak, first, second, checks
    )
