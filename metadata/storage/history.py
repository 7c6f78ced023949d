"""A record's history: its audit entries newest first, for a whole page of records at once.

Entries store changes by the API names fields had when they were written. Renames are
recorded by the metadata audit (`updateField`, `{"<new>.name": {before, after}}`), so
`current_names` replays the renames made after an entry to name its keys as they are now;
a field renamed and its old name reused later is then told apart correctly.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from ..fieldtypes import json_value
from ..tables import audit_log

ROW_NUMBER = "row_number__"
RENAME_ACTION = "updateField"


def _scope(tenant_id: str, object_id: str, record_ids: Sequence[str]) -> list[sa.ColumnElement[bool]]:
    return [audit_log.c.tenant_id == tenant_id, audit_log.c.object_id == object_id,
            audit_log.c.record_id.in_(list(record_ids))]


async def history_pages(conn: AsyncConnection, tenant_id: str, object_id: str, record_ids: Sequence[str],
                        first: int, before_id: int | None) -> dict[str, list[dict[str, Any]]]:
    """Each record's entries, newest first, at most `first + 1` (older than `before_id` if given)."""
    where = _scope(tenant_id, object_id, record_ids)
    if before_id is not None:
        where.append(audit_log.c.id < before_id)
    number = sa.func.row_number().over(partition_by=audit_log.c.record_id, order_by=audit_log.c.id.desc())
    inner = sa.select(audit_log.c.id, audit_log.c.record_id, audit_log.c.at, audit_log.c.actor,
                      audit_log.c.action, audit_log.c.changes, number.label(ROW_NUMBER)).where(*where).subquery()
    statement = sa.select(inner).where(inner.c[ROW_NUMBER] <= first + 1).order_by(inner.c[ROW_NUMBER])
    pages: dict[str, list[dict[str, Any]]] = {r: [] for r in record_ids}
    for row in (await conn.execute(statement)).mappings():
        entry = dict(row)
        entry["changes"] = json_value(entry["changes"]) or {}
        pages[row["record_id"]].append(entry)
    return pages


async def history_counts(conn: AsyncConnection, tenant_id: str, object_id: str,
                         record_ids: Sequence[str]) -> dict[str, int]:
    statement = (
        sa.select(audit_log.c.record_id, sa.func.count())
        .where(*_scope(tenant_id, object_id, record_ids))
        .group_by(audit_log.c.record_id)
    )
    counts = dict.fromkeys(record_ids, 0)
    counts.update({record: int(n) for record, n in (await conn.execute(statement)).all()})
    return counts


async def renames(conn: AsyncConnection, tenant_id: str, object_id: str) -> list[tuple[int, str, str]]:
    """(entry id, old name, new name) of every field rename of the object, oldest first."""
    statement = (
        sa.select(audit_log.c.id, audit_log.c.changes)
        .where(audit_log.c.tenant_id == tenant_id, audit_log.c.object_id == object_id,
               audit_log.c.record_id.is_(None), audit_log.c.action == RENAME_ACTION)
        .order_by(audit_log.c.id)
    )
    found = []
    for entry_id, changes in (await conn.execute(statement)).all():
        for key, change in (json_value(changes) or {}).items():
            if key.endswith(".name") and isinstance(change, Mapping):
                before, after = change.get("before"), change.get("after")
                if isinstance(before, str) and isinstance(after, str):
                    found.append((int(entry_id), before, after))
    return found


def current_names(entry_id: int, changes: Mapping[str, Any], renames: Sequence[tuple[int, str, str]]) -> dict[str, Any]:
    """`changes` keyed by today's names: the renames made after the entry applied in order
    (a relation's `<name>Id` key follows its field)."""
    later = [(old, new) for at, old, new in renames if at > entry_id]
    if not later:
        return dict(changes)
    out = {}
    for key, value in changes.items():
        name = key
        for old, new in later:
            if name == old:
                name = new
            elif name == f"{old}Id":
                name = f"{new}Id"
        out[name] = value
    return out
