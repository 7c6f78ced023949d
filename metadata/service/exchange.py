"""Export a tenant's metadata as a document, and import one as a diff.

Import is additive: missing objects and fields are created, differing ones updated
(with all the rules of a hand-made change, type conversion included), nothing is
removed unless an entry says `"deleted": true`. Objects are created before any field
so relations may point at objects defined later in the same document.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from typing import Any, AsyncIterator

from ..documents import validate_document
from ..errors import CRMError
from ..model import TenantModel
from . import fields, objects
from .shapes import OBJECT_KEYS, compact, field_document, object_document
from .unit_of_work import UnitOfWork

DOCUMENT_VERSION = 1


def export_document(model: TenantModel) -> dict[str, Any]:
    """Live objects and fields, without system fields, ids or physical names."""
    exported = []
    for obj in model.live_objects:
        if obj.is_system:
            continue
        exported_fields = [
            field_document(model, f)
            for f in obj.live_fields
            if not f.is_system and (f.relation is None or model.live_target(f) is not None)
        ]
        exported.append({**object_document(obj), "fields": exported_fields})
    return {"version": DOCUMENT_VERSION, "objects": exported}


def _changed_keys(current: dict[str, Any], wanted: dict[str, Any], keys: Any) -> list[str]:
    """Keys the document gives whose (compacted) value differs from the current definition."""
    wanted_compact = compact(dict(wanted))
    return [
        k for k in keys if k in wanted and k != "name" and wanted_compact.get(k) != current.get(k)
    ]


async def import_document(uow: UnitOfWork, document: dict[str, Any]) -> None:
    """Apply `document` through the ordinary changes; each one records its summary."""
    validate_document("export", document)
    entries = document["objects"]
    for entry in entries:
        async with _naming(entry["name"]):
            await _apply_object(uow, entry)
    for entry in entries:
        if entry.get("deleted"):
            continue
        for field_entry in entry.get("fields", []):
            async with _naming(f"{entry['name']}.{field_entry['name']}"):
                await _apply_field(uow, entry["name"], field_entry)


@asynccontextmanager
async def _naming(where: str) -> AsyncIterator[None]:
    """Prefix an error with the document entry that caused it."""
    try:
        yield
    except CRMError as exc:
        exc.message = f"{where}: {exc.message}"
        exc.args = (exc.message,)
        raise


async def _apply_object(uow: UnitOfWork, entry: dict[str, Any]) -> None:
    name = entry["name"]
    existing = (await uow.model()).objects_by_name.get(name)
    if entry.get("deleted"):
        if existing is not None:
            await objects.delete(uow, name)
        return
    data = {k: entry[k] for k in OBJECT_KEYS if k in entry}
    if existing is None:
        await objects.create(uow, data)
        return
    changed = _changed_keys(object_document(existing), data, OBJECT_KEYS)
    if changed:
        await objects.update(uow, name, {k: data[k] for k in changed})


async def _apply_field(uow: UnitOfWork, object_name: str, entry: dict[str, Any]) -> None:
    model = await uow.model()
    obj = model.objects_by_name[object_name]
    existing = obj.fields_by_name.get(entry["name"])
    data = {k: v for k, v in entry.items() if k != "deleted"}
    if entry.get("deleted"):
        if existing is not None:
            await fields.delete(uow, object_name, entry["name"])
        return
    if existing is None:
        await fields.create(uow, object_name, data)
        return
    changed = _changed_keys(field_document(model, existing), data, data.keys())
    if changed:
        await fields.update(uow, object_name, entry["name"], {k: data[k] for k in changed})
