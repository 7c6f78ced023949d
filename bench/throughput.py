"""The Q1-Q4 matrix: every target, every concurrency, interleaved, answers checked first.

A target is either GraphQL over HTTP (metacrm as admin, metacrm under the restricted
role, PostGraphile) or raw SQL (on metacrm's tables, or on the anchor's). Cells run
target after target for the same query and concurrency, so slow drift of the machine
hits all of them alike; ratios are taken between cells of the same repeat.
"""

from __future__ import annotations

import asyncio
import statistics
from dataclasses import dataclass, field
from typing import Any, Sequence

import httpx

from . import compare
from .cpu import CpuMeter, idle_probe, wait_quiet
from .load import Load, run_http, run_sql, sql_answers


@dataclass
class Target:
    name: str
    queries: dict[str, str]
    """Query name -> GraphQL document, or SQL statement for a SQL target."""
    params: dict[str, list[dict[str, Any]]]
    url: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    dsn: str | None = None
    sql_names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    server_pid: int | None = None
    check_against: "Target | None" = None
    """The SQL target whose answers this one must reproduce before it is timed."""

    @property
    def is_sql(self) -> bool:
        return self.dsn is not None


def graphql_answers(target: Target, query: str, n: int) -> list[Any]:
    out = []
    with httpx.Client(timeout=60) as client:
        for variables in target.params[query][:n]:
            r = client.post(
                target.url or "",
                json={"query": target.queries[query], "variables": variables},
                headers=target.headers,
            )
            body = r.json()
            out.append(body if body.get("errors") or r.status_code != 200 else body["data"])
    return out


def check(target: Target, queries: Sequence[str], n: int) -> dict[str, dict[str, Any]]:
    """Each query's first `n` answers against its baseline's: counts of exact/equivalent/mismatch."""
    baseline = target.check_against
    assert baseline is not None
    out = {}
    for q in queries:
        expected = asyncio.run(
            sql_answers(
                baseline.dsn or "",
                baseline.queries[q],
                baseline.sql_names[q],
                baseline.params[q][:n],
            )
        )
        got = graphql_answers(target, q, n)
        stats: dict[str, Any] = {
            compare.EXACT: 0,
            compare.EQUIVALENT: 0,
            compare.MISMATCH: 0,
            "empty": 0,
            "first_mismatch": None,
        }
        for g, e in zip(got, expected):
            verdict = compare.compare(g, e)
            stats[verdict] += 1
            stats["empty"] += compare.is_empty(e)
            if verdict == compare.MISMATCH and stats["first_mismatch"] is None:
                stats["first_mismatch"] = {"graphql": str(g)[:600], "sql": str(e)[:600]}
        out[q] = stats
    return out


def run_cell(target: Target, query: str, load: Load, engine: str) -> dict[str, Any]:
    with CpuMeter(target.server_pid) as meter:
        if target.is_sql:
            result = run_sql(
                target.dsn or "",
                target.queries[query],
                target.sql_names[query],
                target.params[query],
                load,
            )
        else:
            result = run_http(
                target.url or "",
                target.queries[query],
                target.params[query],
                target.headers,
                load,
                engine,
            )
    return {**result, "cpu": meter.result}


QUIET = 15.0
"""% of the machine that other processes may use around a cell before it counts as noisy."""


def matrix(
    targets: Sequence[Target],
    queries: Sequence[str],
    concurrency: Sequence[int],
    load: Load,
    repeats: int,
    engine: str,
    log: Any = print,
    max_wait: float = 60.0,
) -> list[dict[str, Any]]:
    """Every cell, after waiting up to `max_wait` s for a quiet machine; the load other
    processes put on the machine just before and after is recorded with the cell."""
    records = []
    for rep in range(repeats):
        for q in queries:
            for c in concurrency:
                for t in targets:
                    before = wait_quiet(max_wait, QUIET)
                    r = run_cell(t, q, Load(c, load.duration, load.warmup, load.timeout), engine)
                    after = idle_probe()
                    noise = max(before["busy_pct"], after["busy_pct"])
                    r.update(
                        target=t.name,
                        query=q,
                        repeat=rep,
                        foreign_busy_pct=noise,
                        foreign_top=after["top"] or before["top"],
                        noisy=noise > QUIET,
                    )
                    records.append(r)
                    log(
                        f"  [{rep + 1}/{repeats}] {q} c={c:<3} {t.name:<20} {r['rps']:>9.1f} req/s  "
                        f"p50 {r['p50_ms']:.2f} ms  p95 {r['p95_ms']:.2f} ms  err {r['errors']}  "
                        f"cpu {r['cpu']}  other load {noise:.0f}% {r['foreign_top']}"
                    )
    return records


def cells(records: Sequence[dict[str, Any]]) -> dict[tuple[str, int, str], dict[str, Any]]:
    """(query, concurrency, target) -> medians over repeats."""
    groups: dict[tuple[str, int, str], list[dict[str, Any]]] = {}
    for r in records:
        groups.setdefault((r["query"], r["concurrency"], r["target"]), []).append(r)
    out = {}
    for key, rs in groups.items():
        out[key] = {
            "rps": statistics.median(r["rps"] for r in rs),
            "p50_ms": statistics.median(r["p50_ms"] for r in rs),
            "p95_ms": statistics.median(r["p95_ms"] for r in rs),
            "errors": sum(r["errors"] for r in rs),
            "runs": len(rs),
            "noisy": sum(1 for r in rs if r.get("noisy")),
            "foreign_busy_pct": statistics.median(r.get("foreign_busy_pct", 0.0) for r in rs),
            "cpu": rs[len(rs) // 2]["cpu"],
        }
    return out


def paired_ratio(
    records: Sequence[dict[str, Any]], query: str, concurrency: int, target: str, base: str
) -> float | None:
    """Median over repeats of target req/s / base req/s measured in the same repeat."""
    by = {
        (r["repeat"], r["target"]): r["rps"]
        for r in records
        if r["query"] == query and r["concurrency"] == concurrency
    }
    ratios = [
        by[(rep, target)] / by[(rep, base)]
        for rep, name in by
        if name == target and by.get((rep, base))
    ]
    return statistics.median(ratios) if ratios else None
