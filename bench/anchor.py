"""`python -m bench.anchor --anchor DIR [bench options]`: PostGraphile and metacrm in one run.

The perf anchor (PostGraphile + raw SQL on the same CRM data) is read-only, so this
copies it to a temporary directory and drives its own scripts there: `setup.sh`
(PostgreSQL, wrk, node packages), `start.sh pg` (its tuned private cluster),
`gen_data.py` (same seed and sizes as the bench) and `start.sh gql`. It then runs the
whole bench with two more matrix targets measured by the same load driver with the same
settings: PostGraphile with the anchor's queries and variable sets, and the anchor's SQL
on the anchor's tables. metacrm's database is put on the anchor's cluster too, so both
servers read from one PostgreSQL with one configuration. Everything is stopped at the end.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from . import dataset, report
from .run import Options, parse, run
from .throughput import Target

ANCHOR_PG = "postgresql://postgres@127.0.0.1:55433/postgres"
ANCHOR_DSN = "postgresql://postgres@127.0.0.1:55433/crm"
POSTGRAPHILE_URL = "http://127.0.0.1:5678/graphql"


def _sh(workdir: Path, *cmd: str, env: dict[str, str] | None = None) -> None:
    print(f"[anchor] {' '.join(cmd)}", flush=True)
    subprocess.run(list(cmd), cwd=workdir, env={**os.environ, **(env or {})}, check=True)


def sql_param_names(sql: str) -> tuple[str, ...]:
    """The anchor's `-- params: a, b` header: variable names for $1, $2, ..."""
    m = re.search(r"^\s*--\s*params:\s*(.*)$", sql, re.MULTILINE)
    return tuple(p.strip() for p in m.group(1).split(",") if p.strip()) if m else ()


def anchor_targets(copy: Path) -> list[Target]:
    names = ("q1", "q2", "q3", "q4")
    params = {q: json.loads((copy / "queries" / "params" / f"{q}.json").read_text()) for q in names}
    sql_text = {q: (copy / "queries" / "sql" / f"{q}.sql").read_text() for q in names}
    anchor_sql = Target(
        report.ANCHOR_SQL,
        sql_text,
        params,
        dsn=ANCHOR_DSN,
        sql_names={q: sql_param_names(t) for q, t in sql_text.items()},
    )
    graphql = {
        q: (copy / "queries" / "graphql" / "postgraphile" / f"{q}.graphql").read_text()
        for q in names
    }
    postgraphile = Target(
        report.POSTGRAPHILE, graphql, params, url=POSTGRAPHILE_URL, check_against=anchor_sql
    )
    return [anchor_sql, postgraphile]


def main(argv: list[str]) -> int:
    if "--anchor" not in argv:
        print(
            "usage: python -m bench.anchor --anchor PERF_ANCHOR_DIR [python -m bench options]",
            file=sys.stderr,
        )
        return 2
    i = argv.index("--anchor")
    source = Path(argv[i + 1])
    options: Options = parse(argv[:i] + argv[i + 2 :])
    if options.pg_server == parse([]).pg_server:
        options.pg_server = ANCHOR_PG
    sizes = dataset.Sizes().scaled(options.scale)
    env = {
        "CUSTOMERS": str(sizes.customers),
        "LEADS": str(sizes.leads),
        "TICKETS": str(sizes.tickets),
        "OWNERS": str(sizes.owners),
        "SEED": str(sizes.seed),
    }
    parent = Path(tempfile.mkdtemp(prefix="perf-anchor-"))
    parent.chmod(0o755)  # the anchor's PostgreSQL runs as user postgres inside the copy
    copy = parent / "perf-anchor"
    shutil.copytree(source, copy)
    try:
        _sh(copy, "./setup.sh")
        _sh(copy, "./start.sh", "pg")
        _sh(copy, ".venv/bin/python", "gen_data.py", env=env)
        _sh(copy, "./start.sh", "gql")
        options.extra_targets = anchor_targets(copy)
        run(options)
    finally:
        _sh(copy, "./stop.sh", "all")
    print(f"[anchor] the anchor copy (logs, PostgreSQL data) stays in {copy}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
