"""The system tables are Alembic's; the record tables made at run time are not."""
from __future__ import annotations

import asyncio
from typing import Any

from alembic import command

from metadata.migrate import alembic_config
from tests.conftest import TenantRef


async def test_autogenerate_never_proposes_dropping_record_tables(runtime: Any, tenant: TenantRef) -> None:
    """With tenants' record tables in the database, `alembic check` finds nothing to do."""
    url = runtime.engine.url.render_as_string(hide_password=False)
    await asyncio.to_thread(command.check, alembic_config(url=url))
