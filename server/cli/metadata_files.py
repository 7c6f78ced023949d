"""`metacrm metadata export|import --tenant SLUG FILE [--dry-run]`: metadata as a JSON document.

The file format is the one of the metadata API's `exportMetadata` / `importMetadata`, so a
tenant's shape can be versioned in git and applied to another tenant or server. `-` means
stdout (export) or stdin (import).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from server.settings import Settings

from .common import CLI_ACTOR, CLIError, open_runtime, tenant_id


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    metadata = commands.add_parser("metadata", help="export or import a tenant's metadata (JSON)")
    actions = metadata.add_subparsers(dest="action", required=True, metavar="ACTION")
    export = actions.add_parser(
        "export", help="write the tenant's objects, fields, roles and permissions"
    )
    export.add_argument("--tenant", required=True, metavar="SLUG")
    export.add_argument("file", metavar="FILE", help="where to write (`-` for stdout)")
    export.set_defaults(handler=export_metadata)
    load = actions.add_parser("import", help="apply a metadata document; prints the changes")
    load.add_argument("--tenant", required=True, metavar="SLUG")
    load.add_argument("file", metavar="FILE", help="the document (`-` for stdin)")
    load.add_argument(
        "--dry-run", action="store_true", help="show the changes without applying them"
    )
    load.set_defaults(handler=import_metadata)


def export_metadata(args: argparse.Namespace) -> int:
    document = asyncio.run(_export(Settings.from_env(), args.tenant))
    text = json.dumps(document, indent=2, sort_keys=True) + "\n"
    if args.file == "-":
        sys.stdout.write(text)
    else:
        Path(args.file).write_text(text)
        print(f"metadata of {args.tenant!r} written to {args.file}", file=sys.stderr)
    return 0


def import_metadata(args: argparse.Namespace) -> int:
    document = _read_document(args.file)
    applied, changes = asyncio.run(
        _import(Settings.from_env(), args.tenant, document, args.dry_run)
    )
    for change in changes:
        print(change)
    print(
        f"{len(changes)} change(s) {'applied' if applied else 'found (dry run, nothing applied)'}",
        file=sys.stderr,
    )
    return 0


def _read_document(file: str) -> Any:
    try:
        text = sys.stdin.read() if file == "-" else Path(file).read_text()
    except OSError as error:
        raise CLIError(f"cannot read {file}: {error.strerror}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise CLIError(f"{file} is not valid JSON: {error}") from None


async def _export(settings: Settings, slug: str) -> Any:
    async with open_runtime(settings) as runtime:
        service = runtime.metadata
        return await service.export_metadata(await tenant_id(runtime, slug))


async def _import(
    settings: Settings, slug: str, document: Any, dry_run: bool
) -> tuple[bool, list[str]]:
    async with open_runtime(settings) as runtime:
        service = runtime.metadata
        return await service.import_metadata(
            await tenant_id(runtime, slug), document, dry_run, CLI_ACTOR
        )
