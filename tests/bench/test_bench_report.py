"""The report turns cells into paired ratios and verdicts on the issue's targets."""

from __future__ import annotations

from typing import Any

from bench import report
from bench.load import percentile, summarize, wrk_script
from bench.profile import summarize as summarize_profile


def _cell(target: str, rps: float, repeat: int = 0) -> dict[str, Any]:
    return {
        "target": target,
        "query": "q2",
        "concurrency": 8,
        "repeat": repeat,
        "rps": rps,
        "p50_ms": 1.0,
        "p95_ms": 2.0,
        "errors": 0,
        "cpu": {},
    }


def test_ratios_pair_cells_of_the_same_repeat() -> None:
    """metacrm/SQL is the median of per-repeat ratios, not a ratio of medians."""
    records = [
        _cell("sql", 100, 0),
        _cell("metacrm", 60, 0),
        _cell("sql", 200, 1),
        _cell("metacrm", 100, 1),
    ]
    results = {"throughput": records, "queries": ["q2"], "concurrency": [8]}
    ((name, threshold, measured, met),) = [v for v in report.verdicts(results) if "raw SQL" in v[0]]
    assert measured == "0.55x" and met


def test_restricted_role_verdict_allows_ten_percent() -> None:
    """A restricted role 10% slower than admin passes; 11% fails."""
    for rps, expected in ((90, True), (89, False)):
        records = [_cell("metacrm", 100), _cell("metacrm-restricted", rps)]
        verdict = [
            v
            for v in report.verdicts({"throughput": records, "queries": ["q2"], "concurrency": [8]})
            if "restricted" in v[0]
        ]
        assert verdict[0][3] is expected


def test_latency_statistics_use_nearest_rank() -> None:
    """p50 of 1..100 ms is 50 ms; throughput is requests over elapsed time."""
    values = [i / 1000 for i in range(1, 101)]
    assert percentile(values, 50) == 0.05
    assert summarize(values, 2.0, 0)["rps"] == 50.0


def test_wrk_script_carries_every_body_and_header() -> None:
    """wrk sends pre-formatted requests with the caller's credentials."""
    script = wrk_script(
        "http://127.0.0.1:1/graphql", [b'{"a":1}', b'{"b":"]]"}'], {"Authorization": "Bearer x"}
    )
    assert '{"a":1}' in script and '{"b":"]]"}' in script and "Bearer x" in script


def test_profile_summary_sums_self_time_by_library(tmp_path: Any) -> None:
    """py-spy's collapsed stacks become % of samples per library and per project function."""
    path = tmp_path / "p.txt"
    path.write_text(
        "run (server/http/endpoint.py:10);execute (graphql/execution/execute.py:5) 3\n"
        "run (server/http/endpoint.py:10);compile (sqlalchemy/sql/compiler.py:9) 1\n"
    )
    summary = summarize_profile(path)
    assert dict(summary["self_by_library"]) == {"graphql-core": 75.0, "sqlalchemy": 25.0}
    assert dict(summary["inclusive_project"]) == {"run (server/http/endpoint.py)": 100.0}


def test_profile_summary_skips_lines_split_by_frame_names(tmp_path: Any) -> None:
    """A frame name with a newline in it costs that stack its head, not the whole summary."""
    path = tmp_path / "p.txt"
    path.write_text(
        "run (server/a.py:1);<SELECT x\nFROM y> (<string>:1) 2\nrun (server/a.py:1) 2\n"
    )
    assert summarize_profile(path)["samples"] == 4
