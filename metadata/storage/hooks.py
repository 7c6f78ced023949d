"""What a write tells the outside world while its transaction is open.

The record store calls a `WriteHooks` (when it has one) around every record it creates,
updates, deletes or restores, inside the write's transaction: `before` may change the
values about to be validated and written, and either call may raise a `CRMError` to
reject the write (everything rolls back). The server implements it with the tenant's
enabled plugins; the storage layer itself knows nothing of plugins.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncConnection

from ..model import ObjectDef

Row = Mapping[str, Any]

CREATE, UPDATE, DELETE = "create", "update", "delete"
"""Hook actions; a restore is an update of `deletedAt`."""


class WriteHooks(Protocol):
    def listening(self, action: str) -> bool:
        """False when no hook would notice a write of this kind: the store may then skip
        `before` and `after` for its records (a bulk create of many records skips them all)."""
        ...

    async def before(self, conn: AsyncConnection, obj: ObjectDef, action: str, record_id: str | None,
                     before: Row | None, values: dict[str, Any]) -> dict[str, Any]:
        """Called before a record is written with its input by API name; returns the input to use."""
        ...

    async def after(self, conn: AsyncConnection, obj: ObjectDef, action: str, record_id: str,
                    before: Row | None, row: Row) -> None:
        """Called after a record is written, with the record as stored."""
        ...
