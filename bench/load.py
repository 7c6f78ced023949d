"""Closed-loop load: N clients each send the next request when the previous answer is in.

Two drivers for GraphQL over HTTP, as in the anchor: `wrk` (the C load generator, fed a
generated Lua script with every request body pre-formatted; cheapest on a 2-core box)
and `raw` (a minimal asyncio HTTP/1.1 keep-alive client, for machines without wrk).
The SQL baseline runs the statement through asyncpg, one connection and one prepared
statement per client, fetching the JSON as text without parsing it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Sequence
from urllib.parse import urlsplit

import asyncpg
import httpx


@dataclass(frozen=True)
class Load:
    concurrency: int
    duration: float
    warmup: float = 2.0
    timeout: float = 10.0


def percentile(sorted_values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, int(round(p / 100.0 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


def summarize(latencies: list[float], elapsed: float, errors: int) -> dict[str, Any]:
    lat = sorted(latencies)
    n = len(lat)
    ms = lambda v: round(v * 1000.0, 3)  # noqa: E731
    return {
        "requests": n,
        "errors": errors,
        "elapsed_s": round(elapsed, 3),
        "rps": round(n / elapsed, 1) if elapsed > 0 else 0.0,
        "p50_ms": ms(percentile(lat, 50)) if n else None,
        "p95_ms": ms(percentile(lat, 95)) if n else None,
        "p99_ms": ms(percentile(lat, 99)) if n else None,
    }


def bodies(query: str, var_sets: Sequence[dict[str, Any]]) -> list[bytes]:
    return [
        json.dumps({"query": query, "variables": v}, separators=(",", ":")).encode()
        for v in var_sets
    ]


def preflight(url: str, payloads: Sequence[bytes], headers: dict[str, str], n: int = 5) -> None:
    """Refuse to time a target whose answers are errors (wrk only sees HTTP status)."""
    with httpx.Client(timeout=30) as client:
        for i, body in enumerate(payloads[: max(1, n)]):
            r = client.post(
                url, content=body, headers={"content-type": "application/json", **headers}
            )
            doc = (
                r.json()
                if r.headers.get("content-type", "").startswith("application/json")
                else None
            )
            if (
                r.status_code != 200
                or not isinstance(doc, dict)
                or doc.get("errors")
                or doc.get("data") is None
            ):
                raise RuntimeError(
                    f"preflight failed for variable set #{i}: HTTP {r.status_code}: {r.text[:500]}"
                )


# ------------------------------------------------------------------ wrk

_LUA = r"""
local bodies = {
%BODIES%
}
local hdrs = %HEADERS%
local reqs = {}
local i = 0
init = function(args)
  for k, b in ipairs(bodies) do
    local h = {}
    for hk, hv in pairs(hdrs) do h[hk] = hv end
    reqs[k] = wrk.format("POST", %PATH%, h, b)
  end
  i = math.random(0, #reqs - 1)
end
request = function()
  i = i % #reqs + 1
  return reqs[i]
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRKJSON {\"requests\":%d,\"duration_us\":%d,\"errors\":%d,\"p50_us\":%d,\"p95_us\":%d,\"p99_us\":%d}\n",
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def _lua_str(s: str) -> str:
    level = 1
    while ("]" + "=" * level + "]") in s:
        level += 1
    return "[" + "=" * level + "[" + s + "]" + "=" * level + "]"


def wrk_script(url: str, payloads: Sequence[bytes], headers: dict[str, str]) -> str:
    parts = urlsplit(url)
    path = (parts.path or "/") + (("?" + parts.query) if parts.query else "")
    hdr = {"Content-Type": "application/json", "Accept": "application/json", **headers}
    return (
        _LUA.replace(
            "%HEADERS%",
            "{" + ", ".join(f"[ {_lua_str(k)} ] = {_lua_str(v)}" for k, v in hdr.items()) + "}",
        )
        .replace("%PATH%", _lua_str(path))
        .replace("%BODIES%", ",\n".join(_lua_str(b.decode()) for b in payloads))
    )


def run_wrk(
    url: str,
    payloads: Sequence[bytes],
    headers: dict[str, str],
    concurrency: int,
    duration: float,
    timeout: float,
) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(wrk_script(url, payloads, headers))
        script = f.name
    try:
        cmd = [
            "wrk",
            "-t1",
            f"-c{concurrency}",
            f"-d{max(1, int(round(duration)))}s",
            "--timeout",
            f"{int(timeout)}s",
            "-s",
            script,
            url,
        ]
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + timeout + 30)
    finally:
        os.unlink(script)
    line = next((x for x in p.stdout.splitlines() if x.startswith("WRKJSON ")), None)
    if p.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed (rc={p.returncode}): {p.stdout[-800:]} {p.stderr[-800:]}")
    w = json.loads(line[len("WRKJSON ") :])
    elapsed = w["duration_us"] / 1e6
    return {
        "requests": w["requests"],
        "errors": w["errors"],
        "elapsed_s": round(elapsed, 3),
        "rps": round(w["requests"] / elapsed, 1) if elapsed else 0.0,
        "p50_ms": w["p50_us"] / 1000,
        "p95_ms": w["p95_us"] / 1000,
        "p99_ms": w["p99_us"] / 1000,
    }


# ------------------------------------------------------------------ raw asyncio client


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    low = head.lower()
    i = low.find(b"\r\ncontent-length:")
    if i < 0:
        raise ValueError("no content-length")
    j = low.index(b"\r\n", i + 2)
    return status, await reader.readexactly(int(low[i + 17 : j]))


async def _raw(
    url: str,
    payloads: Sequence[bytes],
    headers: dict[str, str],
    concurrency: int,
    duration: float,
    timeout: float,
) -> dict[str, Any]:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    reqs = [
        (
            f"POST {parts.path or '/'} HTTP/1.1\r\nHost: {parts.netloc}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(b)}\r\n{extra}\r\n"
        ).encode()
        + b
        for b in payloads
    ]
    latencies: list[float] = []
    errors = 0
    t_end = time.perf_counter() + duration

    async def worker(wid: int) -> None:
        nonlocal errors
        i = wid % len(reqs)
        reader, writer = await asyncio.open_connection(host, port)
        try:
            while (t0 := time.perf_counter()) < t_end:
                try:
                    async with asyncio.timeout(timeout):
                        writer.write(reqs[i])
                        status, body = await _read_response(reader)
                    ok = status == 200 and b'"errors"' not in body[:4096]
                except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError):
                    ok = False
                    writer.close()
                    reader, writer = await asyncio.open_connection(host, port)
                if ok:
                    latencies.append(time.perf_counter() - t0)
                else:
                    errors += 1
                i = (i + 1) % len(reqs)
        finally:
            writer.close()

    t_start = time.perf_counter()
    await asyncio.gather(*(worker(w) for w in range(concurrency)))
    return summarize(latencies, time.perf_counter() - t_start, errors)


def engine_name(requested: str = "auto") -> str:
    if requested == "auto":
        return "wrk" if shutil.which("wrk") else "raw"
    return requested


def run_http(
    url: str,
    query: str,
    var_sets: Sequence[dict[str, Any]],
    headers: dict[str, str],
    load: Load,
    engine: str = "auto",
) -> dict[str, Any]:
    """Preflight, warm up, then measure one cell against a GraphQL endpoint."""
    payloads = bodies(query, var_sets)
    preflight(url, payloads, headers)
    engine = engine_name(engine)

    def once(seconds: float) -> dict[str, Any]:
        if engine == "wrk":
            return run_wrk(url, payloads, headers, load.concurrency, seconds, load.timeout)
        return asyncio.run(_raw(url, payloads, headers, load.concurrency, seconds, load.timeout))

    if load.warmup > 0:
        once(load.warmup)
    return {"engine": engine, "concurrency": load.concurrency, **once(load.duration)}


# ------------------------------------------------------------------ SQL baseline

_INT = {"int2", "int4", "int8"}


def coerce(value: Any, pg_type: str) -> Any:
    """A variable as the prepared statement's parameter type wants it."""
    if value is None:
        return None
    if pg_type in _INT:
        return int(value)
    if pg_type == "numeric":
        return Decimal(str(value))
    if pg_type in ("timestamptz", "timestamp"):
        return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return value if isinstance(value, str) else str(value)


async def sql_args(
    conn: asyncpg.Connection, sql: str, names: Sequence[str], var_sets: Sequence[dict[str, Any]]
) -> list[tuple[Any, ...]]:
    stmt = await conn.prepare(sql)
    types = [t.name for t in stmt.get_parameters()]
    if len(types) != len(names):
        raise RuntimeError(f"SQL has {len(types)} parameters but {len(names)} names {list(names)}")
    return [tuple(coerce(v.get(n), t) for n, t in zip(names, types)) for v in var_sets]


async def sql_answers(
    dsn: str, sql: str, names: Sequence[str], var_sets: Sequence[dict[str, Any]]
) -> list[Any]:
    conn = await asyncpg.connect(dsn)
    try:
        return [
            json.loads(await conn.fetchval(sql, *a))
            for a in await sql_args(conn, sql, names, var_sets)
        ]
    finally:
        await conn.close()


async def _sql(
    dsn: str, sql: str, names: Sequence[str], var_sets: Sequence[dict[str, Any]], load: Load
) -> dict[str, Any]:
    conns = [await asyncpg.connect(dsn) for _ in range(load.concurrency)]
    try:
        args = await sql_args(conns[0], sql, names, var_sets)
        stmts = [await c.prepare(sql) for c in conns]

        async def phase(seconds: float) -> dict[str, Any]:
            latencies: list[float] = []
            errors = 0
            t_end = time.perf_counter() + seconds

            async def worker(wid: int) -> None:
                nonlocal errors
                i = wid % len(args)
                while (t0 := time.perf_counter()) < t_end:
                    try:
                        await stmts[wid].fetchval(*args[i])
                        latencies.append(time.perf_counter() - t0)
                    except asyncpg.PostgresError:
                        errors += 1
                    i = (i + 1) % len(args)

            t0 = time.perf_counter()
            await asyncio.gather(*(worker(w) for w in range(load.concurrency)))
            return summarize(latencies, time.perf_counter() - t0, errors)

        if load.warmup > 0:
            await phase(load.warmup)
        return {"engine": "asyncpg", "concurrency": load.concurrency, **await phase(load.duration)}
    finally:
        for c in conns:
            await c.close()


def run_sql(
    dsn: str, sql: str, names: Sequence[str], var_sets: Sequence[dict[str, Any]], load: Load
) -> dict[str, Any]:
    return asyncio.run(_sql(dsn, sql, names, var_sets, load))
