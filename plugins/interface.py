"""The values that cross the plugin boundary: what plugins declare and what hooks receive.

Hook signatures live in `hookspecs.py`; this module holds the plain data they exchange,
so a plugin imports only `plugins` and never the server.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from metadata.model import ObjectDef, TenantModel

EMPTY_SCHEMA: Mapping[str, Any] = {
    "type": "object",
    "properties": {},
    "additionalProperties": False,
}


@dataclass(frozen=True)
class PluginManifest:
    """Who a plugin is; `settings_schema` describes its per-tenant settings (all defaulted)."""

    name: str
    description: str
    default_kind: str | None = None
    """The kind `createField` uses when `computed.kind` is omitted (needed with several kinds)."""
    settings_schema: Mapping[str, Any] = field(default_factory=lambda: EMPTY_SCHEMA)


@dataclass
class RecordEvent:
    """One record write, handed to record hooks inside the write's transaction.

    Before-hooks may change `values` (API names) to change what is written, or raise a
    `metadata.errors.CRMError` (e.g. `ValidationFailed`, `Conflict`, `Forbidden`) to reject
    the write: the whole transaction rolls back and the client sees that error.
    After-hooks see `values` as written; they may write more in `conn`, or still reject.
    """

    action: str
    """`create`, `update` or `delete` (a restore is an update of `deletedAt`)."""
    conn: AsyncConnection
    model: TenantModel
    obj: ObjectDef
    actor: str | None
    now: dt.datetime
    record_id: str | None
    before: Mapping[str, Any] | None
    """The stored record before the write (None on create)."""
    values: dict[str, Any]


@dataclass(frozen=True)
class CommittedChange:
    """A committed record write, for after-commit hooks (no connection: it is closed)."""

    action: str
    tenant_id: str
    object_name: str
    record_id: str
    actor: str | None
    values: Mapping[str, Any]


RecordLookup = Callable[[ObjectDef, str, str], Awaitable["Mapping[str, Any] | None"]]
"""(object, record id, action) -> the live record if the caller's row scope for that action
(`READ`, `UPDATE`, `DELETE`) covers it, else None."""


@dataclass(frozen=True)
class MutationContext:
    """What an extra mutation's resolver sees; it runs inside the request's write transaction."""

    conn: AsyncConnection
    model: TenantModel
    user_id: str
    roles: frozenset[str]
    settings: Mapping[str, Any]
    """The plugin's settings for this tenant, defaults applied."""
    now: dt.datetime
    record: RecordLookup

    @property
    def tenant_id(self) -> str:
        return self.model.tenant_id


@dataclass(frozen=True)
class MutationSpec:
    """An extra mutation on the data API, returning one record of `object`.

    The data API adds `name(args): <Object>!` for callers whose role may perform `action`
    on `object`, calls `resolve` in a write transaction, then reads the returned record id
    back with the caller's read scope.
    """

    plugin: str
    name: str
    description: str
    object: str
    action: str
    args: Mapping[str, str]
    """Argument name -> GraphQL type, e.g. `{"id": "ID!"}`."""
    resolve: Callable[[MutationContext, Mapping[str, Any]], Awaitable[str]]


@dataclass(frozen=True)
class JobContext:
    """One tenant's run of a scheduled job, inside its own write transaction."""

    conn: AsyncConnection
    model: TenantModel
    settings: Mapping[str, Any]
    now: dt.datetime

    @property
    def tenant_id(self) -> str:
        return self.model.tenant_id


@dataclass(frozen=True)
class JobSpec:
    """Background work `metacrm jobs run` does for every tenant that has the plugin enabled.

    `run` must be idempotent (running twice at the same clock changes nothing the second
    time) and returns how many records it changed.
    """

    plugin: str
    name: str
    description: str
    run: Callable[[JobContext], Awaitable[int]]

    @property
    def key(self) -> str:
        return f"{self.plugin}.{self.name}"
