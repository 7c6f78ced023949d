"""`metacrm`, the operator's command line: results on stdout, diagnostics on stderr.

Each command group lives in its own module with a `register(commands)` that adds its
parser and sets `handler`; a handler returns the exit status. Problems the operator can
fix (`CLIError`, or a contract error such as a taken slug) print one line on stderr and
exit 1; argparse's usage errors exit 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from metadata.errors import CRMError

from . import credentials, database, jobs, metadata_files, schema, serve, tenants
from .common import CLIError

COMMAND_GROUPS = (serve, database, tenants, credentials, schema, metadata_files, jobs)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="metacrm",
        description="Multi-tenant, metadata-driven CRM server. Configured by METACRM_* "
        "environment variables (METACRM_DATABASE_URL, METACRM_SECRET, ...).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in COMMAND_GROUPS:
        group.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except (CLIError, CRMError) as error:
        print(f"metacrm: error: {error.message}", file=sys.stderr)
        return 1
