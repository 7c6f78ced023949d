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


async def test_record_ids_move_to_uuid_and_back_with_their_data(runtime: Any, api: Any, tenant: TenantRef,
                                                                backend: str) -> None:
    """Migration 0005 turns the record tables' ids and relation columns made at run time
    into native `uuid` on PostgreSQL (and leaves SQLite's text); records and references
    survive the way down and up again."""
    made = await api.gql(tenant, 'mutation { createCustomer(input: {name: "Ada"}) { id } }')
    customer = made["data"]["createCustomer"]["id"]
    made = await api.gql(tenant, "mutation($c: ID!) { createTicket(input: {subject: \"s\", customerId: $c}) { id } }",
                         {"c": customer})
    ticket = made["data"]["createTicket"]["id"]
    model = await runtime.metadata.load(tenant.id)
    tickets = model.objects_by_name["ticket"]
    relation = next(f for f in tickets.live_fields if f.name == "customer").column

    async def column_types() -> set[str]:
        async with runtime.engine.connect() as conn:
            if backend == "sqlite":
                rows = (await conn.exec_driver_sql(f'PRAGMA table_info("{tickets.table}")')).all()
                return {row[2] for row in rows if row[1] in ("id", relation)}
            rows = (await conn.exec_driver_sql(
                "SELECT data_type FROM information_schema.columns WHERE table_name = $1 AND column_name IN ('id', $2)",
                (tickets.table, relation))).all()
            return {row[0] for row in rows}

    url = runtime.engine.url.render_as_string(hide_password=False)
    await asyncio.to_thread(command.downgrade, alembic_config(url=url), "0004")
    assert await column_types() == ({"VARCHAR(36)"} if backend == "sqlite" else {"character varying"})
    await asyncio.to_thread(command.upgrade, alembic_config(url=url), "head")
    assert await column_types() == ({"VARCHAR(36)"} if backend == "sqlite" else {"uuid"})
    read = await api.gql(tenant, "query($id: ID!) { ticket(id: $id) { id customer { id name } } }", {"id": ticket})
    assert read.get("data", {}).get("ticket") == {"id": ticket, "customer": {"id": customer, "name": "Ada"}}, read
