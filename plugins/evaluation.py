"""Computed fields at read time: which ones a tenant's API has, who may read them, their values.

The data API and the record store call these; nothing here knows GraphQL. A computed field
whose plugin is not installed or not enabled, whose kind is gone, or whose object no longer
has what the kind needs is left out of the API (like a deleted field), never an error.
A plugin that fails while computing yields a `ComputedFailure` for that field only.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from metadata.database import read_transaction
from metadata.errors import BadUserInput
from metadata.model import FieldDef, FieldType, ObjectDef, TenantModel
from metadata.storage.parameters import Parameters

from .computed import BatchContext, ComputedKind, SqlContext, dependencies, sql_expression
from .registry import PluginRegistry

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ComputedField:
    """A live computed field that works for its tenant, with its kind and defaulted config."""

    field: FieldDef
    kind: ComputedKind
    config: Mapping[str, Any]
    depends_on: tuple[tuple[ObjectDef, FieldDef], ...]

    @property
    def name(self) -> str:
        return self.field.name

    def readable(self, can_read: Callable[[ObjectDef, FieldDef], bool]) -> bool:
        """True when the caller may read every field the value is computed from."""
        return all(can_read(obj, f) and not f.is_deleted for obj, f in self.depends_on)


@dataclass(frozen=True)
class ComputedFailure:
    """A computed field that could not be computed for this request: report a field error."""

    field: str
    message: str


def computed_fields(
    registry: PluginRegistry, model: TenantModel, obj: ObjectDef, enabled: Iterable[str]
) -> list[ComputedField]:
    """The computed fields of `obj` this tenant's API exposes, in field order."""
    on = set(enabled)
    found = []
    for f in obj.live_fields:
        if f.type is not FieldType.COMPUTED or f.computed is None or f.computed.plugin not in on:
            continue
        try:
            kind = registry.kind(f.computed.plugin, f.computed.kind)
            config = registry.validate_config(kind, f.computed.config)
        except BadUserInput:
            continue
        if kind.applies_to(model, obj) is not None:
            continue
        ids = kind.depends_on(config, model, obj)
        found.append(ComputedField(f, kind, config, tuple(dependencies(model, ids))))
    return found


def sql_column(
    cf: ComputedField,
    model: TenantModel,
    obj: ObjectDef,
    table: sa.FromClause,
    now: dt.datetime,
    dialect: str,
    parameters: Parameters | None = None,
) -> sa.ColumnElement[Any] | ComputedFailure:
    """The field's SQL expression on `table` (unlabelled), or why it cannot be built;
    `parameters`: see `SqlContext.parameters`."""
    ctx = SqlContext(model, obj, table, cf.config, now, dialect, parameters)
    try:
        return sql_expression(cf.kind, ctx)
    except Exception:
        log.exception(
            "computed field %s.%s (%s.%s) failed to build",
            obj.name,
            cf.name,
            cf.kind.plugin,
            cf.kind.name,
        )
        return ComputedFailure(cf.name, f"{cf.name}: could not be computed")


async def batch_values(
    cf: ComputedField,
    engine: AsyncEngine,
    model: TenantModel,
    obj: ObjectDef,
    ids: Sequence[str],
    now: dt.datetime,
    timeout: float,
) -> dict[str, Any] | ComputedFailure:
    """One call for a whole page: record id -> value (None for ids the plugin left out).

    The plugin reads through its own connection, so a timeout cancels only its work and
    never leaves the request's connection mid-statement.
    """
    assert cf.kind.batch is not None, "only batch kinds are computed in Python"
    if not ids:
        return {}
    try:
        async with read_transaction(engine) as conn:
            ctx = BatchContext(conn, model, obj, cf.config, now)
            values = await asyncio.wait_for(cf.kind.batch(ctx, list(ids)), timeout)
    except TimeoutError:
        log.warning("computed field %s.%s timed out after %ss", obj.name, cf.name, timeout)
        return ComputedFailure(cf.name, f"{cf.name}: computing it took too long")
    except Exception:
        log.exception(
            "computed field %s.%s (%s.%s) failed", obj.name, cf.name, cf.kind.plugin, cf.kind.name
        )
        return ComputedFailure(cf.name, f"{cf.name}: could not be computed")
    return {record_id: values.get(record_id) for record_id in ids}
