"""The plugins one tenant's data API is built with, and which computed fields a caller sees.

A computed field is in a caller's schema when its plugin is installed and enabled, its
kind applies to the object, the caller may read the field itself and every field its
value depends on (SPEC §5). The same answer serves the schema builder and the request's
record store, so a value the schema hides is never computed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from metadata.model import FieldDef, ObjectDef, TenantModel
from plugins.evaluation import ComputedField, computed_fields
from plugins.registry import PluginRegistry
from server.permissions.access import READ, Access


@dataclass(frozen=True)
class PluginView:
    registry: PluginRegistry
    enabled: frozenset[str] = field(default_factory=frozenset)


@lru_cache(maxsize=2048)
def _live(registry: PluginRegistry, model: TenantModel, obj: ObjectDef,
          enabled: frozenset[str]) -> tuple[ComputedField, ...]:
    """Per model snapshot, not per request: resolving kinds validates configs (JSON Schema)."""
    return tuple(computed_fields(registry, model, obj, enabled))


def readable_computed(plugins: PluginView | None, model: TenantModel, access: Access,
                      obj: ObjectDef) -> list[ComputedField]:
    """The computed fields of `obj` this caller may read, in field order."""
    if plugins is None:
        return []
    grant = access.for_object(obj)
    if grant is None or not grant.can(READ):
        return []

    def can_read(other: ObjectDef, f: FieldDef) -> bool:
        other_grant = access.for_object(other)
        return other_grant is not None and other_grant.can(READ) and other_grant.readable(f)

    return [
        cf for cf in _live(plugins.registry, model, obj, plugins.enabled)
        if grant.readable(cf.field) and cf.readable(can_read)
    ]
