"""Per-tenant plugin choices, persisted in `tenant_plugins`.

No row means the default: built-in plugins are on for every tenant, installed third-party
plugins are off until the tenant's admin turns them on (installing a package must not change
what every tenant's API does). Turning a plugin on or off changes the tenant's API (computed
fields, mutations), so it bumps the metadata version and is audited like any metadata change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from metadata.audit import write_entry
from metadata.tables import tenant_plugins, tenants

from .builtin import BUILTIN_NAMES


async def plugin_choices(conn: AsyncConnection, tenant_id: str) -> dict[str, Any]:
    """plugin name -> its `tenant_plugins` row, for the plugins this tenant decided about."""
    rows = await conn.execute(
        sa.select(tenant_plugins).where(tenant_plugins.c.tenant_id == tenant_id)
    )
    return {row.plugin: row for row in rows}


async def enabled_plugins(
    conn: AsyncConnection, tenant_id: str, defaults: Iterable[str] = BUILTIN_NAMES
) -> set[str]:
    """Plugins on for this tenant: `defaults` unless turned off, others if turned on."""
    choices = await plugin_choices(conn, tenant_id)
    return enabled_from({name: row.enabled for name, row in choices.items()}, defaults)


async def plugin_switches(conn: AsyncConnection, tenant_id: str) -> dict[str, bool]:
    """plugin name -> on/off for the plugins this tenant decided about (see `enabled_from`)."""
    rows = await conn.execute(
        sa.select(tenant_plugins.c.plugin, tenant_plugins.c.enabled).where(
            tenant_plugins.c.tenant_id == tenant_id
        )
    )
    return {row.plugin: bool(row.enabled) for row in rows}


def enabled_from(switches: Mapping[str, bool], defaults: Iterable[str] = BUILTIN_NAMES) -> set[str]:
    """The plugins on, given a tenant's switches: `defaults` unless off, others if on."""
    on = {name for name in defaults if name not in switches}
    return on | {name for name, enabled in switches.items() if enabled}


async def plugin_settings(conn: AsyncConnection, tenant_id: str, plugin: str) -> Mapping[str, Any]:
    """The tenant's stored settings for `plugin`, not defaulted (see `validate_settings`)."""
    row = (
        await conn.execute(
            sa.select(tenant_plugins.c.settings).where(
                tenant_plugins.c.tenant_id == tenant_id, tenant_plugins.c.plugin == plugin
            )
        )
    ).first()
    return dict(row.settings or {}) if row else {}


async def set_plugin_enabled(
    conn: AsyncConnection,
    tenant_id: str,
    name: str,
    enabled: bool,
    *,
    actor: str | None = None,
    now: dt.datetime | None = None,
    defaults: Iterable[str] = BUILTIN_NAMES,
) -> None:
    """Turn `name` on or off for the tenant; a no-op (no version bump) when nothing changes.

    The caller checks that `name` is an installed plugin (`PluginRegistry.info`).
    """
    was = name in await enabled_plugins(conn, tenant_id, defaults)
    if was == enabled:
        return
    await _upsert(conn, tenant_id, name, {"enabled": enabled}, now)
    await _changed(
        conn,
        tenant_id,
        actor,
        now,
        "setPluginEnabled",
        {f"plugins.{name}.enabled": {"before": was, "after": enabled}},
    )


async def set_plugin_settings(
    conn: AsyncConnection,
    tenant_id: str,
    name: str,
    settings: Mapping[str, Any],
    *,
    actor: str | None = None,
    now: dt.datetime | None = None,
    defaults: Iterable[str] = BUILTIN_NAMES,
) -> None:
    """Store the tenant's settings for `name` (validated by the caller with `validate_settings`)."""
    before = await plugin_settings(conn, tenant_id, name)
    if dict(before) == dict(settings):
        return
    enabled = name in await enabled_plugins(conn, tenant_id, defaults)
    await _upsert(conn, tenant_id, name, {"enabled": enabled, "settings": dict(settings)}, now)
    await _changed(
        conn,
        tenant_id,
        actor,
        now,
        "setPluginSettings",
        {f"plugins.{name}.settings": {"before": dict(before), "after": dict(settings)}},
    )


async def _upsert(
    conn: AsyncConnection,
    tenant_id: str,
    name: str,
    values: dict[str, Any],
    now: dt.datetime | None,
) -> None:
    values = {**values, "updated_at": now or dt.datetime.now(dt.UTC)}
    insert: Any = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    statement = insert(tenant_plugins).values(tenant_id=tenant_id, plugin=name, **values)
    await conn.execute(
        statement.on_conflict_do_update(index_elements=["tenant_id", "plugin"], set_=values)
    )


async def _changed(
    conn: AsyncConnection,
    tenant_id: str,
    actor: str | None,
    now: dt.datetime | None,
    action: str,
    changes: dict[str, Any],
) -> None:
    await write_entry(
        conn, tenant_id=tenant_id, actor=actor, action=action, changes=changes, at=now
    )
    await conn.execute(
        tenants.update()
        .where(tenants.c.id == tenant_id)
        .values(metadata_version=tenants.c.metadata_version + 1)
    )
