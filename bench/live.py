"""Metadata change to live API: `createField` on a tenant of 50 objects x 40 fields, then
the first request that uses the new field, on the process that made the change and on
another process serving the same database.

Same process: the latency of that first request (it pays for the schema rebuild).
Other process: the time from the `createField` answer until the other process first
answers a query using the field; it is asked right after the same-process request, then
every 2 ms, so the figure is an upper bound that includes that first request.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

import httpx

from .load import percentile
from .loader import Api
from .schema import CREATE_FIELD, IMPORT_METADATA, wide_tenant_document

POLL_SECONDS = 0.002
GIVE_UP_SECONDS = 10.0


@dataclass
class LiveResult:
    changes: int
    create_field_ms: list[float]
    same_process_ms: list[float]
    other_process_ms: list[float]
    import_seconds: float

    def summary(self) -> dict[str, Any]:
        def stats(values: list[float]) -> dict[str, float]:
            s = sorted(values)
            return {
                "p50_ms": round(percentile(s, 50), 1),
                "p95_ms": round(percentile(s, 95), 1),
                "max_ms": round(s[-1], 1),
            }

        return {
            "changes": self.changes,
            "import_seconds": round(self.import_seconds, 2),
            "create_field": stats(self.create_field_ms),
            "same_process": stats(self.same_process_ms),
            "other_process": stats(self.other_process_ms),
        }


def _query(obj: str, field: str) -> str:
    return (
        f"{{ {obj}s(first: 1, filter: {{{field}: {{isNull: true}}}}, orderBy: [{{{field}: ASC}}]) "
        f"{{ edges {{ node {{ id {field} }} }} }} }}"
    )


async def _answers(client: httpx.AsyncClient, url: str, token: str, query: str) -> bool:
    r = await client.post(
        url + "/graphql", json={"query": query}, headers={"Authorization": f"Bearer {token}"}
    )
    body = r.json()
    return r.status_code == 200 and not body.get("errors")


async def measure(
    url_a: str, url_b: str, token: str, objects: int = 50, fields: int = 40, changes: int = 40
) -> LiveResult:
    async with httpx.AsyncClient(timeout=60) as client:
        api = Api(client, url_a, token)
        t0 = time.perf_counter()
        await api.meta(IMPORT_METADATA, {"document": wide_tenant_document(objects, fields)})
        import_seconds = time.perf_counter() - t0
        warm = _query("obj0", "f0")
        for url in (url_a, url_b):
            if not await _answers(client, url, token, warm):
                raise RuntimeError(f"wide tenant not served by {url}")
        created, same, other = [], [], []
        for i in range(changes):
            obj, name = f"obj{i % objects}", f"added{i}"
            t0 = time.perf_counter()
            await api.meta(
                CREATE_FIELD,
                {"object": obj, "input": {"name": name, "label": name, "type": "TEXT"}},
            )
            t1 = time.perf_counter()
            query = _query(obj, name)
            if not await _answers(client, url_a, token, query):
                raise RuntimeError(f"{name} not live on the process that created it")
            t2 = time.perf_counter()
            other.append(await _poll(client, url_b, token, query, t1))
            created.append((t1 - t0) * 1000)
            same.append((t2 - t1) * 1000)
        return LiveResult(changes, created, same, other, import_seconds)


async def _poll(client: httpx.AsyncClient, url: str, token: str, query: str, since: float) -> float:
    while time.perf_counter() - since < GIVE_UP_SECONDS:
        if await _answers(client, url, token, query):
            return (time.perf_counter() - since) * 1000
        await asyncio.sleep(POLL_SECONDS)
    raise RuntimeError(f"field not live on {url} after {GIVE_UP_SECONDS}s")
