"""`python -m bench`: build the anchor dataset into metacrm through its API, then measure
every target of the performance issue against metacrm and raw SQL in the same run.

Steps: fresh database -> server -> bench tenant (objects via /metadata, rows via bulk
mutations) -> answers checked against SQL -> Q1-Q4 matrix (admin, restricted role, SQL,
optionally PostGraphile and its SQL) -> profiles -> createField-to-live -> Q2 by table
size -> many tenants -> report. Everything runs on this machine, against 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import secrets
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from metadata.model import TenantModel
from metadata.service import MetadataService
from server.auth.tokens import mint_token

from . import database, dataset, live, profile, queries, report, scaling, server, tenants
from .load import Load, engine_name
from .loader import (
    Api,
    bulk_create,
    customer_input,
    define_objects,
    define_restricted_role,
    load_records,
    set_created_at,
)
from .schema import RESTRICTED_ROLE, ROW_FILTER
from .throughput import Target, check, matrix

ADMIN_USER = "bench-admin"
PORTS = {"main": 0, "second": 1, "tenants": 2}
"""Offsets from `--port-base`."""


@dataclass
class Options:
    scale: float = 1.0
    pg_server: str = database.DEFAULT_SERVER
    db_name: str = database.DEFAULT_NAME
    duration: float = 10.0
    warmup: float = 2.0
    repeats: int = 1
    concurrency: list[int] = field(default_factory=lambda: [8, 32])
    engine: str = "auto"
    only: list[str] = field(default_factory=lambda: list(STEPS))
    check_n: int = 20
    parallel: int = 3
    out: Path = Path(".")
    keep: bool = False
    wait_quiet: float = 20.0
    port_base: int = 8701
    """Seconds to wait, before each cell, for other processes to leave the machine alone."""
    extra_targets: list[Target] = field(default_factory=list)
    """More targets for the matrix (the PostGraphile side, see `bench.anchor`)."""


STEPS = ("throughput", "profile", "live", "scaling", "tenants")


@dataclass
class Bench:
    options: Options
    app_url: str
    dsn: str
    secret: str
    engine: AsyncEngine
    service: MetadataService
    servers: dict[str, server.ServerProcess] = field(default_factory=dict)
    results: dict[str, Any] = field(default_factory=dict)

    def log(self, message: str) -> None:
        print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)

    def token(self, slug: str, roles: tuple[str, ...] = ("admin",)) -> str:
        return mint_token(self.secret, slug, ADMIN_USER, list(roles), ttl=24 * 3600)

    def start_server(self, name: str) -> server.ServerProcess:
        self.servers[name] = server.start(
            self.app_url, self.secret, self.options.port_base + PORTS[name], self.options.out
        )
        return self.servers[name]

    async def new_tenant(self, slug: str) -> str:
        return await self.service.create_tenant(slug, template=None)


def machine_line(dsn: str) -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in open("/proc/cpuinfo")
            if line.startswith("model name")
        ),
        "?",
    )
    mem = next(
        (
            line.split(":", 1)[1].strip()
            for line in open("/proc/meminfo")
            if line.startswith("MemTotal")
        ),
        "?",
    )

    async def version() -> str:
        import asyncpg

        conn = await asyncpg.connect(dsn)
        try:
            return str(await conn.fetchval("show server_version"))
        finally:
            await conn.close()

    return (
        f"Machine: {cpu}, {os.cpu_count()} cores, {mem}; Python {platform.python_version()}; "
        f"PostgreSQL {asyncio.run(version())}; load engine {engine_name()}."
    )


# ------------------------------------------------------------------ the main tenant


async def build_main_tenant(b: Bench, data: dataset.Dataset) -> TenantModel:
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
        loaded = await load_records(api, data, b.options.parallel, b.log)
    b.results["bulk"] = {
        name: {
            "records": r.records,
            "seconds": round(r.seconds, 2),
            "per_second": round(r.per_second),
        }
        for name, r in loaded.items()
    }
    b.log(f"bulk create: {b.results['bulk']}")
    model = await b.service.load(tenant_id)
    await set_created_at(b.dsn, model, loaded, data)
    await database.analyze(b.dsn, [o.table for o in model.live_objects])
    b.results["q1_ids"] = loaded["customer"].ids
    return model


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
    scope = "{a}.owner_id is not null"
    assert ROW_FILTER == {"ownerId": {"isNull": False}}, (
        "the SQL scope must say what the row filter says"
    )
    sql = Target(
        report.SQL, queries.raw_sql(model), params, dsn=b.dsn, sql_names=dict(queries.PARAMS)
    )
    sql_restricted = Target(
        "sql-restricted",
        queries.raw_sql(model, scope),
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
    from .throughput import run_cell

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
                api, "Customer", "customers", rows, customer_input, b.options.parallel
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


# ------------------------------------------------------------------ driver


def run(o: Options) -> dict[str, Any]:
    o.out.mkdir(parents=True, exist_ok=True)
    app_url, dsn = asyncio.run(database.create(o.pg_server, o.db_name))
    # NullPool: the bench calls asyncio.run() step by step, and a pooled asyncpg
    # connection belongs to the event loop that opened it
    engine = create_async_engine(app_url, poolclass=NullPool)
    b = Bench(o, app_url, dsn, secrets.token_urlsafe(32), engine, MetadataService(engine))
    b.results.update(
        scale=o.scale, machine_line=machine_line(dsn), started=time.strftime("%Y-%m-%d %H:%M:%S %Z")
    )
    try:
        b.start_server("main")
        b.start_server("second")
        main_model = None
        if "throughput" in o.only or "profile" in o.only:
            sizes = dataset.Sizes().scaled(o.scale)
            data = dataset.generate(sizes)
            main_model = asyncio.run(build_main_tenant(b, data))
            targets = main_targets(b, main_model, metacrm_params(sizes, b.results.pop("q1_ids")))
            del data
            if "throughput" in o.only:
                run_throughput(b, targets)
            if "profile" in o.only:
                run_profiles(b, targets)
        if "live" in o.only:
            run_live(b)
        if "scaling" in o.only:
            run_scaling(b, main_model)
        if "tenants" in o.only:
            run_tenants(b)
    finally:
        for s in b.servers.values():
            s.stop()
        asyncio.run(engine.dispose())
        if not o.keep:
            asyncio.run(database.drop(o.pg_server, o.db_name))
    b.results["finished"] = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    (o.out / "results.json").write_text(json.dumps(b.results, indent=1, default=str))
    text = report.render(b.results)
    (o.out / "summary.md").write_text(text)
    print(text)
    print(f"[bench] wrote {o.out}/summary.md and results.json")
    return b.results


def parse(argv: list[str] | None = None) -> Options:
    ap = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="dataset size relative to the anchor's (1.0 = 100k customers)",
    )
    ap.add_argument(
        "--pg-server",
        default=database.DEFAULT_SERVER,
        help="PostgreSQL server (any database on it)",
    )
    ap.add_argument(
        "--db-name", default=database.DEFAULT_NAME, help="the bench's database, dropped at the end"
    )
    ap.add_argument("--duration", type=float, default=10.0, help="measured seconds per cell")
    ap.add_argument("--warmup", type=float, default=2.0)
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--concurrency", type=int, nargs="+", default=[8, 32])
    ap.add_argument("--engine", choices=["auto", "wrk", "raw"], default="auto")
    ap.add_argument(
        "--only", default=",".join(STEPS), help=f"comma-separated subset of {', '.join(STEPS)}"
    )
    ap.add_argument("--parallel", type=int, default=3, help="bulk requests in flight while loading")
    ap.add_argument(
        "--out", type=Path, help="where results go (default: a new temporary directory)"
    )
    ap.add_argument(
        "--port-base", type=int, default=8701, help="servers listen on this port and the next two"
    )
    ap.add_argument("--keep", action="store_true", help="keep the database afterwards")
    ap.add_argument(
        "--wait-quiet",
        type=float,
        default=20.0,
        help="seconds to wait before each cell for other processes to go quiet",
    )
    a = ap.parse_args(argv)
    unknown = set(a.only.split(",")) - set(STEPS)
    if unknown:
        ap.error(f"unknown steps: {', '.join(sorted(unknown))}")
    return Options(
        a.scale,
        a.pg_server,
        a.db_name,
        a.duration,
        a.warmup,
        a.repeats,
        a.concurrency,
        a.engine,
        a.only.split(","),
        parallel=a.parallel,
        out=a.out or Path(tempfile.mkdtemp(prefix="metacrm-bench-")),
        keep=a.keep,
        wait_quiet=a.wait_quiet,
        port_base=a.port_base,
    )
