"""The steps of a bench run, each filling its part of `Bench.results`."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx

from metadata.model import TenantModel

from . import database, dataset, live, profile, queries, report, scaling, tenants
from .context import Bench
from .load import Load
from .loader import (
    Api,
    BulkResult,
    bulk_create,
    customer_input,
    define_objects,
    define_restricted_role,
    load_records,
    set_created_at,
)
from .schema import RESTRICTED_ROLE, ROW_FILTER_SQL
from .throughput import Target, check, matrix, run_cell


async def build_main_tenant(b: Bench, data: dataset.Dataset) -> tuple[TenantModel, list[str]]:
    """The anchor's objects, restricted role and rows; returns the model and customer ids."""
    tenant_id = await b.new_tenant("bench")
    url = b.servers["main"].url
    async with httpx.AsyncClient(timeout=600) as client:
        api = Api(client, url, b.token("bench"))
        await define_objects(api)
        await define_restricted_role(api)
        b.log(
            f"loading {len(data.customers):,} customers, {len(data.leads):,} leads, "
            f"{len(data.tickets):,} tickets through the bulk mutations"
        )
        loaded = await load_records(
            [api], data, b.options.parallel, b.log, [b.servers["main"].pid]
        )
    b.results["bulk"] = bulk_summary(loaded)
    b.log(f"bulk create, one server process: {b.results['bulk']}")
    model = await b.service.load(tenant_id)
    await set_created_at(b.dsn, model, loaded, data)
    await database.pack(b.dsn, [o.table for o in model.live_objects])
    return model, loaded["customer"].ids


def bulk_summary(loaded: dict[str, BulkResult]) -> dict[str, dict[str, Any]]:
    return {
        name: {
            "records": r.records,
            "seconds": round(r.seconds, 2),
            "per_second": round(r.per_second),
            "cpu_ms_per_record": r.cpu_ms_per_record(),
        }
        for name, r in loaded.items()
    }


async def load_through_two_processes(b: Bench, data: dataset.Dataset) -> None:
    """The same records again, into a tenant of their own, with the batches dealt in turn
    to the two server processes: what a two-core machine serves with a worker per core."""
    await b.new_tenant("bench-bulk2")
    servers = [b.servers["main"], b.servers["second"]]
    async with httpx.AsyncClient(timeout=600) as client:
        apis = [Api(client, s.url, b.token("bench-bulk2")) for s in servers]
        await define_objects(apis[0])
        loaded = await load_records(
            apis, data, b.options.parallel, b.log, [s.pid for s in servers]
        )
    b.results["bulk_two_processes"] = bulk_summary(loaded)
    b.log(f"bulk create, two server processes: {b.results['bulk_two_processes']}")


def metacrm_params(
    sizes: dataset.Sizes, customer_ids: list[str]
) -> dict[str, list[dict[str, Any]]]:
    """The anchor's variable sets in metacrm's terms: record ids and owner ids are strings."""
    p = dataset.params(sizes)
    return {
        "q1": [{"id": customer_ids[v["id"] - 1]} for v in p["q1"]],
        "q2": p["q2"],
        "q3": p["q3"],
        "q4": [{"ownerId": str(v["ownerId"])} for v in p["q4"]],
    }


def main_targets(
    b: Bench, model: TenantModel, params: dict[str, list[dict[str, Any]]]
) -> list[Target]:
    url = b.servers["main"].url + "/graphql"
    pid = b.servers["main"].pid
    sql = Target(
        report.SQL, queries.raw_sql(model), params, dsn=b.dsn, sql_names=dict(queries.PARAMS)
    )
    sql_restricted = Target(
        "sql-restricted",
        queries.raw_sql(model, ROW_FILTER_SQL),
        params,
        dsn=b.dsn,
        sql_names=dict(queries.PARAMS),
    )
    return [
        sql,
        Target(
            report.ADMIN,
            dict(queries.GRAPHQL),
            params,
            url=url,
            server_pid=pid,
            check_against=sql,
            headers={"Authorization": f"Bearer {b.token('bench')}"},
        ),
        Target(
            report.RESTRICTED,
            dict(queries.GRAPHQL),
            params,
            url=url,
            server_pid=pid,
            check_against=sql_restricted,
            headers={"Authorization": f"Bearer {b.token('bench', (RESTRICTED_ROLE,))}"},
        ),
    ]


def run_throughput(b: Bench, targets: list[Target]) -> None:
    o = b.options
    measured = [*targets, *o.extra_targets]
    checks = {t.name: check(t, queries.QUERY_NAMES, o.check_n) for t in measured if t.check_against}
    b.results["checks"] = checks
    b.log(
        f"answer checks: {json.dumps({t: {q: {k: v for k, v in s.items() if k != 'first_mismatch'} for q, s in c.items()} for t, c in checks.items()})}"
    )
    bad = [
        (t, q, s["first_mismatch"])
        for t, c in checks.items()
        for q, s in c.items()
        if s["mismatch"]
    ]
    if bad:
        raise RuntimeError(f"answers differ from SQL: {bad[:2]}")
    b.results["throughput"] = matrix(
        measured,
        queries.QUERY_NAMES,
        o.concurrency,
        Load(0, o.duration, o.warmup),
        o.repeats,
        o.engine,
        b.log,
        o.wait_quiet,
    )
    b.results["queries"], b.results["concurrency"] = list(queries.QUERY_NAMES), o.concurrency


def run_profiles(b: Bench, targets: list[Target]) -> None:
    if not profile.executable():
        b.log("py-spy not installed: no profiles")
        return
    admin, restricted = targets[1], targets[2]
    out = {}
    for q in queries.QUERY_NAMES:
        for target in (admin, restricted) if q == "q2" else (admin,):
            path = b.options.out / f"profile-{target.name}-{q}.txt"
            seconds = max(5.0, b.options.duration)
            result = profile.record(
                target.server_pid or 0,
                seconds,
                path,
                lambda: run_cell(target, q, Load(8, seconds, 0.0), b.options.engine),
            )
            out[f"{target.name} {q} c=8"] = {
                "rps_while_profiled": result["rps"],
                **profile.summarize(path),
            }
            b.log(
                f"profiled {target.name} {q}: {out[f'{target.name} {q} c=8']['self_by_library'][:6]}"
            )
    out["bulk createCustomers"] = profile_bulk(b)
    b.results.setdefault("profiles", {}).update(out)


def profile_bulk(b: Bench, records: int = 20_000) -> dict[str, Any]:
    """The bulk path under py-spy: anchor customers into a tenant of their own."""
    rows = dataset.generate(dataset.Sizes(records, 1, 1)).customers

    async def load() -> Any:
        await b.new_tenant("bench-bulk")
        async with httpx.AsyncClient(timeout=600) as client:
            api = Api(client, b.servers["main"].url, b.token("bench-bulk"))
            await define_objects(api)
            return await bulk_create(
                [api], "Customer", "customers", rows, customer_input, b.options.parallel
            )

    path = b.options.out / "profile-bulk-create.txt"
    result = profile.record(b.servers["main"].pid, 600, path, lambda: asyncio.run(load()))
    summary = {
        "records_per_second_while_profiled": round(result.per_second),
        **profile.summarize(path),
    }
    b.log(
        f"profiled bulk create: {summary['records_per_second_while_profiled']}/s, {summary['self_by_library'][:6]}"
    )
    return summary


def run_live(b: Bench) -> None:
    """createField-to-live; with py-spy, the process making the changes is profiled meanwhile."""
    asyncio.run(b.new_tenant("bench-wide"))

    def measure() -> live.LiveResult:
        return asyncio.run(
            live.measure(b.servers["main"].url, b.servers["second"].url, b.token("bench-wide"))
        )

    if profile.executable():
        path = b.options.out / "profile-live-main.txt"
        result = profile.record(b.servers["main"].pid, 600, path, measure)
        b.results.setdefault("profiles", {})["createField then first request (same process)"] = (
            profile.summarize(path)
        )
    else:
        result = measure()
    b.results["live"] = result.summary()
    b.log(f"live: {b.results['live']}")


def run_scaling(b: Bench, main_model: TenantModel | None) -> None:
    o = b.options
    sizes = sorted({max(100, round(n * o.scale)) for n in (10_000, 100_000, 1_000_000)})
    main_customers = dataset.Sizes().scaled(o.scale).customers
    points = []
    for n in sizes:
        if n == main_customers and main_model is not None:
            slug, model, load_info = "bench", main_model, None
        else:
            slug = f"bench-c{n}"

            async def build() -> tuple[TenantModel, Any]:
                tenant_id = await b.new_tenant(slug)
                async with httpx.AsyncClient(timeout=600) as client:
                    api = Api(client, b.servers["main"].url, b.token(slug))
                    return await scaling.build_customers_tenant(
                        api, b.service, tenant_id, b.dsn, n, o.parallel
                    )

            b.log(f"scaling: loading {n:,} customers")
            model, loaded = asyncio.run(build())
            load_info = {
                "seconds": round(loaded.seconds, 1),
                "per_second": round(loaded.per_second),
            }
        gql, sql = scaling.measure_q2(
            b.servers["main"].url, b.token(slug), b.dsn, model, max(5.0, o.duration / 2), o.engine
        )
        points.append({"customers": n, "metacrm": gql, "sql": sql, "load": load_info})
        b.log(f"scaling {n:,}: metacrm p50 {gql['p50_ms']:.2f} ms, SQL p50 {sql['p50_ms']:.2f} ms")
    b.results["scaling"] = points


def run_tenants(b: Bench) -> None:
    count = max(20, round(1000 * b.options.scale))
    b.log(f"tenants: creating {count} customised tenants")
    fresh = b.start_server("tenants")
    result = asyncio.run(tenants.measure(fresh, b.servers["main"].url, b.service, b.token, count))
    b.results["tenants"] = result.summary()
    b.log(f"tenants: {b.results['tenants']}")
