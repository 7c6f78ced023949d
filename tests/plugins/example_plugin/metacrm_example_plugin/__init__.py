"""name_stats: what a third-party metacrm plugin looks like.

Installed as its own package, found through the `metacrm.plugins` entry point; it adds a
computed field kind (the length of a record's `name`, computed in SQL so it filters and
sorts) and a record hook that refuses records whose name contains a banned word.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from metadata.errors import ValidationFailed
from metadata.model import FieldType, ObjectDef, TenantModel
from plugins import ComputedKind, PluginManifest, RecordEvent, SqlContext, hookimpl

NAME = "name_stats"
CONFIG = {"type": "object", "properties": {}, "additionalProperties": False}


def _name_field(obj: ObjectDef) -> Any:
    f = obj.fields_by_name.get("name")
    return f if f is not None and f.type is FieldType.TEXT else None


def _applies(model: TenantModel, obj: ObjectDef) -> str | None:
    return None if _name_field(obj) else "needs a TEXT field `name`"


def _reads(config: Any, model: TenantModel, obj: ObjectDef) -> list[str]:
    f = _name_field(obj)
    return [f.id] if f else []


def _length(ctx: SqlContext) -> sa.ColumnElement[Any]:
    return sa.func.coalesce(sa.func.length(ctx.column(ctx.obj, "name")), 0)


@hookimpl
def metacrm_plugin_manifest() -> PluginManifest:
    return PluginManifest(name=NAME, description="Name length, and a guard against spam names")


@hookimpl
def metacrm_computed_kinds() -> list[ComputedKind]:
    return [
        ComputedKind(
            plugin=NAME,
            name="length",
            description="Characters in the record's name",
            return_type="Int",
            config_schema=CONFIG,
            sql=_length,
            depends_on=_reads,
            applies_to=_applies,
        )
    ]


@hookimpl
def metacrm_before_create(event: RecordEvent) -> None:
    name = event.values.get("name")
    if isinstance(name, str) and "spam" in name.lower():
        raise ValidationFailed([{"field": "name", "message": "names may not advertise spam"}])
