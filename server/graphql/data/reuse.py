"""Which generated types of a tenant's previous schema the next one can share.

A metadata change usually touches one object, yet rebuilding a large tenant's schema
from scratch costs tens of milliseconds on every process. The constructs of an object
(record type, filter, order, inputs, connection, aggregate, groupBy) are kept when the
object, what the caller may do with it and the plugins are as they were, and no object
its types refer to (through a relation, either way) was rebuilt: a kept type must never
point at a replaced one. Objects with computed fields are always rebuilt, since what
they show depends on plugins and on other objects' fields.
"""
from __future__ import annotations

from typing import Any

from metadata.model import FieldType, ObjectDef, TenantModel
from metadata.snapshots import same_object
from server.permissions.access import Access

from .catalog import Catalog
from .plugin_view import PluginView


def kept_types(previous: Catalog, model: TenantModel, access: Access,
               plugins: PluginView | None) -> dict[tuple[str, str], Any]:
    """(construct, object id) -> type of `previous` that a catalog of `model` may reuse."""
    if previous.model.tenant_id != model.tenant_id or previous.plugins != plugins:
        return {}
    rebuilt = _rebuilt(previous, model, access)
    return {key: built for key, built in previous.types.items() if key[1] not in rebuilt}


def _rebuilt(previous: Catalog, model: TenantModel, access: Access) -> set[str]:
    """Ids of objects whose constructs change, closed over the relations between objects."""
    before = previous.model.objects_by_id
    changed = set(before) - set(model.objects_by_id)
    for obj in model.objects:
        old = before.get(obj.id)
        if (old is None or _computes(obj) or not same_object(old, obj)
                or previous.access.for_object(old) != access.for_object(obj)):
            changed.add(obj.id)
    linked = _links(previous.model)
    for object_id, others in _links(model).items():
        linked.setdefault(object_id, set()).update(others)
    pending = list(changed)
    while pending:
        for other in linked.get(pending.pop(), ()):
            if other not in changed:
                changed.add(other)
                pending.append(other)
    return changed


def _links(model: TenantModel) -> dict[str, set[str]]:
    """Object id -> objects whose types its types may refer to (relations, both ways)."""
    links: dict[str, set[str]] = {}
    for obj in model.objects:
        for f in obj.fields:
            if f.relation is not None:
                links.setdefault(obj.id, set()).add(f.relation.target_id)
                links.setdefault(f.relation.target_id, set()).add(obj.id)
    return links


def _computes(obj: ObjectDef) -> bool:
    return any(f.type is FieldType.COMPUTED for f in obj.live_fields)
