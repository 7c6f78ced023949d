"""Builds the bench tenant through metacrm's own API: objects and fields through
`/metadata`, records through the bulk mutations (`createCustomers`, ...) on `/graphql`.

One step is not done through the API: `createdAt` is server-assigned, so after the
bulk load one UPDATE per table sets it to the anchor's timestamp (Q2/Q3 sort by it,
and a whole load stamped within seconds would make that sort meaningless).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import asyncpg
import httpx

from metadata.model import TenantModel

from . import schema
from .cpu import CpuMeter
from .dataset import Customer, Dataset, Lead, Ticket, iso

BATCH = 1000
"""SPEC's default maximum of records per bulk input."""


class ApiError(RuntimeError):
    pass


@dataclass
class Api:
    """Posts GraphQL as one caller; an answer with errors raises."""

    client: httpx.AsyncClient
    base_url: str
    token: str

    async def post(self, path: str, query: str, variables: dict[str, Any] | None = None) -> Any:
        response = await self.client.post(
            self.base_url + path,
            json={"query": query, "variables": variables or {}},
            headers={"Authorization": f"Bearer {self.token}"},
        )
        body = response.json()
        if response.status_code != 200 or body.get("errors"):
            raise ApiError(f"{path}: HTTP {response.status_code}: {str(body)[:800]}")
        return body["data"]

    async def gql(self, query: str, variables: dict[str, Any] | None = None) -> Any:
        return await self.post("/graphql", query, variables)

    async def meta(self, query: str, variables: dict[str, Any] | None = None) -> Any:
        return await self.post("/metadata", query, variables)


async def define_objects(api: Api) -> None:
    """The anchor's objects and fields, one metadata call each, as an admin would."""
    for entry in schema.OBJECTS:
        await api.meta(schema.CREATE_OBJECT, {"input": schema.object_input(entry)})
    for entry in schema.OBJECTS:
        for f in entry["fields"]:
            await api.meta(schema.CREATE_FIELD, {"object": entry["name"], "input": f})


async def define_restricted_role(api: Api) -> None:
    await api.meta(schema.CREATE_ROLE, {"name": schema.RESTRICTED_ROLE})
    for permission in schema.restricted_permissions():
        await api.meta(schema.SET_PERMISSION, {"input": permission})


def customer_input(c: Customer) -> dict[str, Any]:
    return {
        "name": c[1],
        "email": c[2],
        "phone": c[3],
        "company": c[4],
        "industry": c[5],
        "annualRevenue": c[6],
        "tier": c[7],
        "ownerId": str(c[8]),
        "tags": c[10],
    }


def lead_input(lead: Lead, customer_ids: Sequence[str]) -> dict[str, Any]:
    item: dict[str, Any] = {
        "name": lead[1],
        "source": lead[2],
        "status": lead[3],
        "score": lead[4],
        "ownerId": str(lead[5]),
    }
    if lead[6] is not None:
        item["customerId"] = customer_ids[lead[6] - 1]
    return item


def ticket_input(t: Ticket, customer_ids: Sequence[str]) -> dict[str, Any]:
    item: dict[str, Any] = {
        "customerId": customer_ids[t[1] - 1],
        "subject": t[2],
        "status": t[3],
        "priority": t[4],
    }
    if t[6] is not None:
        item["closedAt"] = iso(t[6])
    return item


@dataclass
class BulkResult:
    object: str
    records: int
    seconds: float
    ids: list[str] = field(repr=False, default_factory=list)
    cpu: dict[str, float] = field(repr=False, default_factory=dict)
    """CPU % by process while loading (100 = one core), see `bench.cpu.CpuMeter`."""

    @property
    def per_second(self) -> float:
        return self.records / self.seconds if self.seconds else 0.0

    def cpu_ms_per_record(self) -> dict[str, float]:
        """Milliseconds of CPU per record, by process: what a record costs each of them."""
        return {name: round(pct / 100 * self.seconds * 1000 / self.records, 4)
                for name, pct in self.cpu.items()} if self.records else {}


async def bulk_create(
    apis: Sequence[Api],
    type_name: str,
    plural: str,
    items: Sequence[Any],
    to_input: Callable[[Any], dict[str, Any]],
    parallel: int,
    progress: Callable[[str], None] | None = None,
    server_pids: Sequence[int] = (),
) -> BulkResult:
    """`create<Plural>` in batches of BATCH with `parallel` requests in flight, the batches
    dealt in turn to `apis` (one per server process); ids in input order."""
    mutation = (
        f"mutation Bulk($input: [{type_name}CreateInput!]!) "
        f"{{ create{plural[:1].upper()}{plural[1:]}(input: $input) {{ id }} }}"
    )
    field_name = f"create{plural[:1].upper()}{plural[1:]}"
    ids: list[str] = [""] * len(items)
    starts = list(range(0, len(items), BATCH))
    gate = asyncio.Semaphore(parallel)
    done = 0
    t0 = time.perf_counter()

    async def one(number: int, start: int) -> None:
        nonlocal done
        async with gate:
            data = await apis[number % len(apis)].gql(
                mutation, {"input": [to_input(x) for x in items[start : start + BATCH]]}
            )
        for offset, row in enumerate(data[field_name]):
            ids[start + offset] = row["id"]
        done += 1
        if progress and done % max(1, len(starts) // 10) == 0:
            progress(
                f"{plural}: {min(len(items), done * BATCH):,} / {len(items):,} "
                f"({done * BATCH / (time.perf_counter() - t0):,.0f}/s)"
            )

    with CpuMeter(*server_pids, client=True) as meter:
        await asyncio.gather(*(one(number, start) for number, start in enumerate(starts)))
    return BulkResult(plural, len(items), time.perf_counter() - t0, ids, meter.result)


async def load_records(
    apis: Sequence[Api],
    data: Dataset,
    parallel: int = 3,
    progress: Callable[[str], None] | None = None,
    server_pids: Sequence[int] = (),
) -> dict[str, BulkResult]:
    customers = await bulk_create(
        apis, "Customer", "customers", data.customers, customer_input, parallel, progress,
        server_pids,
    )
    cids = customers.ids
    leads = await bulk_create(
        apis, "Lead", "leads", data.leads, lambda x: lead_input(x, cids), parallel, progress,
        server_pids,
    )
    tickets = await bulk_create(
        apis, "Ticket", "tickets", data.tickets, lambda x: ticket_input(x, cids), parallel,
        progress, server_pids,
    )
    return {"customer": customers, "lead": leads, "ticket": tickets}


def _utc(t: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(t, dt.timezone.utc)


async def set_created_at(
    dsn: str, model: TenantModel, loaded: dict[str, BulkResult], data: Dataset
) -> None:
    """The anchor's `created_at` on every row (the one step outside the API, see above)."""
    stamps = {
        "customer": [_utc(c[9]) for c in data.customers],
        "lead": [_utc(lead[7]) for lead in data.leads],
        "ticket": [_utc(t[5]) for t in data.tickets],
    }
    conn = await asyncpg.connect(dsn)
    try:
        for name, result in loaded.items():
            table = model.objects_by_name[name].table
            await conn.execute(
                f'UPDATE "{table}" AS t SET created_at = v.ts, updated_at = v.ts '
                "FROM unnest($1::uuid[], $2::timestamptz[]) AS v(id, ts) WHERE t.id = v.id",
                result.ids,
                stamps[name],
            )
    finally:
        await conn.close()
