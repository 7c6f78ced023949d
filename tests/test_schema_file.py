"""`schema.graphql` at the repository root is the data API of a fresh `crm` tenant."""

from __future__ import annotations

from pathlib import Path

from server.cli.schema import fresh_crm_sdl

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema.graphql"


async def test_schema_file_is_current():
    """The checked-in SDL equals `metacrm export-schema`; refresh it with that command."""
    assert SCHEMA_FILE.read_text() == await fresh_crm_sdl(), (
        "schema.graphql is stale: run `metacrm export-schema > schema.graphql`"
    )
