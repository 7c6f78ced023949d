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
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from metadata.service import MetadataService

from . import database, dataset, report, steps
from .context import STEPS, Bench, Options
from .load import engine_name

__all__ = ["Options", "parse", "run"]


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
        conn = await asyncpg.connect(dsn)
        try:
            return str(await conn.fetchval("show server_version"))
        finally:
            await conn.close()

    return (
        f"Machine: {cpu}, {os.cpu_count()} cores, {mem}; Python {platform.python_version()}; "
        f"PostgreSQL {asyncio.run(version())}; load engine {engine_name()}."
    )


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
            main_model, customer_ids = asyncio.run(steps.build_main_tenant(b, data))
            targets = steps.main_targets(b, main_model, steps.metacrm_params(sizes, customer_ids))
            del data
            if "throughput" in o.only:
                steps.run_throughput(b, targets)
            if "profile" in o.only:
                steps.run_profiles(b, targets)
            # after the cells, so that its tables' vacuum and cache take nothing from them
            asyncio.run(steps.load_through_two_processes(b, dataset.generate(sizes)))
        if "live" in o.only:
            steps.run_live(b)
        if "scaling" in o.only:
            steps.run_scaling(b, main_model)
        if "tenants" in o.only:
            steps.run_tenants(b)
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
