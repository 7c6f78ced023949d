"""The results as Markdown tables with ratios, and the verdict on each target."""

from __future__ import annotations

import json
from typing import Any, Sequence

from .throughput import cells, paired_ratio

SQL, ADMIN, RESTRICTED = "sql", "metacrm", "metacrm-restricted"
POSTGRAPHILE, ANCHOR_SQL = "postgraphile", "anchor-sql"


def _f(value: float | None, digits: int = 0) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def throughput_table(
    records: Sequence[dict[str, Any]], queries: Sequence[str], concurrency: Sequence[int]
) -> str:
    agg = cells(records)
    names = {r["target"] for r in records}
    pg = POSTGRAPHILE in names
    head = [
        "query",
        "conc",
        "SQL req/s",
        "metacrm req/s",
        "metacrm/SQL",
        "metacrm p50/p95 ms",
        "restricted req/s",
        "restricted/admin",
    ]
    if pg:
        head += ["PostGraphile req/s", "PostGraphile/its SQL", "metacrm/PostGraphile"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for q in queries:
        for c in concurrency:
            s, a, r = (agg.get((q, c, n)) for n in (SQL, ADMIN, RESTRICTED))
            if not s or not a:
                continue
            row = [
                q.upper(),
                str(c),
                _f(s["rps"]),
                _f(a["rps"]),
                _f(paired_ratio(records, q, c, ADMIN, SQL), 3),
                f"{a['p50_ms']:.1f} / {a['p95_ms']:.1f}",
                _f(r["rps"] if r else None),
                _f(paired_ratio(records, q, c, RESTRICTED, ADMIN), 3),
            ]
            if pg:
                p = agg.get((q, c, POSTGRAPHILE))
                row += [
                    _f(p["rps"] if p else None),
                    _f(paired_ratio(records, q, c, POSTGRAPHILE, ANCHOR_SQL), 3),
                    _f(paired_ratio(records, q, c, ADMIN, POSTGRAPHILE), 3),
                ]
            lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def cpu_table(
    records: Sequence[dict[str, Any]], queries: Sequence[str], concurrency: Sequence[int]
) -> str:
    agg = cells(records)
    lines = [
        "| query | conc | target | req/s | errors | other load around the cell | CPU % by process (100 = one core) |",
        "|---|---|---|---:|---:|---:|---|",
    ]
    targets = list(dict.fromkeys(r["target"] for r in records))
    for q in queries:
        for c in concurrency:
            for t in targets:
                a = agg.get((q, c, t))
                if a:
                    cpu = ", ".join(f"{k} {v:.0f}" for k, v in a["cpu"].items())
                    noise = f"{a['foreign_busy_pct']:.0f}%" + (
                        f" (noisy {a['noisy']}/{a['runs']})" if a["noisy"] else ""
                    )
                    lines.append(
                        f"| {q.upper()} | {c} | {t} | {a['rps']:,.0f} | {a['errors']} | {noise} | {cpu} |"
                    )
    return "\n".join(lines)


def verdicts(results: dict[str, Any]) -> list[tuple[str, str, str, bool | None]]:
    """(target, threshold, measured, met) for every issue target that was measured."""
    out: list[tuple[str, str, str, bool | None]] = []
    records = results.get("throughput", [])
    queries, concurrency = results.get("queries", []), results.get("concurrency", [])
    if records:
        names = {r["target"] for r in records}
        for q in queries:
            for c in concurrency:
                if POSTGRAPHILE in names:
                    ratio = paired_ratio(records, q, c, ADMIN, POSTGRAPHILE)
                    if ratio is not None:
                        out.append(
                            (
                                f"{q.upper()} c={c} throughput vs PostGraphile",
                                ">= 1.0x",
                                f"{ratio:.2f}x",
                                ratio >= 1.0,
                            )
                        )
                if q in ("q2", "q3"):
                    ratio = paired_ratio(records, q, c, ADMIN, SQL)
                    if ratio is not None:
                        out.append(
                            (
                                f"{q.upper()} c={c} throughput vs raw SQL",
                                ">= 0.5x",
                                f"{ratio:.2f}x",
                                ratio >= 0.5,
                            )
                        )
                ratio = paired_ratio(records, q, c, RESTRICTED, ADMIN)
                if ratio is not None:
                    change = (
                        f"{(1 - ratio) * 100:.0f}% slower"
                        if ratio < 1
                        else f"{(ratio - 1) * 100:.0f}% faster"
                    )
                    out.append(
                        (
                            f"{q.upper()} c={c} restricted role vs admin",
                            "<= 10% slower",
                            change,
                            ratio >= 0.9,
                        )
                    )
    live = results.get("live")
    if live:
        same, other = live["same_process"]["p95_ms"], live["other_process"]["p95_ms"]
        out.append(
            ("createField -> live, same process (p95)", "<= 50 ms", f"{same:.0f} ms", same <= 50)
        )
        out.append(
            (
                "createField -> live, other process (p95)",
                "<= 1000 ms",
                f"{other:.0f} ms",
                other <= 1000,
            )
        )
    bulk_loads = (("bulk", "one server process"), ("bulk_two_processes", "two server processes"))
    for key, processes in bulk_loads:
        for name, b in results.get(key, {}).items():
            out.append(
                (
                    f"bulk create {name}s (PostgreSQL, {processes})",
                    ">= 20,000 records/s",
                    f"{b['per_second']:,.0f}/s",
                    b["per_second"] >= 20_000,
                )
            )
    scaling = results.get("scaling")
    if scaling and len(scaling) > 1:
        first, last = scaling[0], scaling[-1]
        growth = last["metacrm"]["p50_ms"] / first["metacrm"]["p50_ms"]
        out.append(
            (
                f"Q2 p50 latency {first['customers']:,} -> {last['customers']:,} customers",
                "<= 1.2x",
                f"{growth:.2f}x",
                growth <= 1.2,
            )
        )
    tenants = results.get("tenants")
    if tenants:
        out.append(
            (
                f"{tenants['tenants']:,} customised tenants, one process (peak RSS)",
                "<= 2048 MiB",
                f"{tenants['rss_peak_mib']:,.0f} MiB",
                tenants["rss_peak_mib"] <= 2048,
            )
        )
    return out


def render(results: dict[str, Any]) -> str:
    parts = [
        f"# metacrm benchmark, scale {results['scale']}",
        "",
        results.get("machine_line", ""),
        "",
    ]
    v = verdicts(results)
    if v:
        parts += ["## Targets", "", "| target | threshold | measured | met |", "|---|---|---|---|"]
        parts += [f"| {t} | {th} | {m} | {'yes' if ok else 'NO'} |" for t, th, m, ok in v]
        parts.append("")
    if results.get("checks"):
        parts += ["## Answers checked against SQL before timing", ""]
        for target, per_query in results["checks"].items():
            parts.append(
                f"- {target}: "
                + ", ".join(
                    f"{q.upper()} {s['exact']} exact + {s['equivalent']} equivalent, {s['mismatch']} mismatch"
                    for q, s in per_query.items()
                )
            )
        parts.append("")
    if results.get("throughput"):
        parts += [
            "## Throughput (closed loop, medians over repeats; ratios paired per repeat)",
            "",
            throughput_table(results["throughput"], results["queries"], results["concurrency"]),
            "",
            "### CPU during each cell",
            "",
            cpu_table(results["throughput"], results["queries"], results["concurrency"]),
            "",
        ]
    for key, title in (
        ("bulk", "Bulk create, one server process"),
        ("bulk_two_processes", "Bulk create, two server processes"),
        ("live", "Metadata change to live"),
        ("scaling", "Q2 latency by table size"),
        ("tenants", "Many tenants on one process"),
        ("profiles", "Profiles (py-spy, % of busy samples)"),
    ):
        if results.get(key):
            parts += [f"## {title}", "", "```", _pretty(results[key]), "```", ""]
    return "\n".join(parts)


def _pretty(value: Any) -> str:
    return json.dumps(value, indent=1, default=str)
