"""The audit log: one entry per data or metadata change, written in the change's transaction."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from .fieldtypes import json_value
from .tables import audit_log


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    """`{field: {before, after}}` for every key whose value changed (JSON-ready values)."""
    before, after = before or {}, after or {}
    changes: dict[str, dict[str, Any]] = {}
    for key in dict.fromkeys([*before, *after]):
        old, new = json_value(before.get(key)), json_value(after.get(key))
        if old != new:
            changes[key] = {"before": old, "after": new}
    return changes


def created(row: Mapping[str, Any], keys: Iterable[str]) -> dict[str, dict[str, Any]]:
    """`diff(None, row)` over `keys` for a new record: every key that has a value, without
    comparing."""
    changes: dict[str, dict[str, Any]] = {}
    for key in keys:
        value = row[key]
        if value is not None:
            changes[key] = {"before": None, "after": json_value(value)}
    return changes


async def write_entry(
    conn: AsyncConnection,
    *,
    tenant_id: str,
    actor: str | None,
    action: str,
    changes: dict[str, Any],
    object_id: str | None = None,
    object_name: str | None = None,
    record_id: str | None = None,
    at: dt.datetime | None = None,
) -> None:
    await conn.execute(
        audit_log.insert().values(
            tenant_id=tenant_id,
            at=at or dt.datetime.now(dt.timezone.utc),
            actor=actor,
            action=action,
            object_id=object_id,
            object_name=object_name,
            record_id=record_id,
            changes=changes,
        )
    )
