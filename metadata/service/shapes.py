"""Objects and fields as documents in the API's vocabulary (names, not ids).

One shape serves the export document, the `crm` template, import diffs and the
before/after of metadata audit entries. Keys holding their default are left out so
documents stay short and two equal definitions compare equal.
"""

from __future__ import annotations

from typing import Any

from ..model import FieldDef, ObjectDef, OnDelete, TenantModel

OBJECT_KEYS = ("name", "namePlural", "label", "labelPlural", "description")


def object_document(obj: ObjectDef) -> dict[str, Any]:
    doc = {
        "name": obj.name,
        "namePlural": obj.name_plural,
        "label": obj.label,
        "labelPlural": obj.label_plural,
        "description": obj.description,
    }
    return compact(doc)


def field_document(model: TenantModel, f: FieldDef) -> dict[str, Any]:
    relation = None
    if f.relation is not None:
        target = model.objects_by_id.get(f.relation.target_id)
        relation = {
            "target": target.name if target else None,
            "inverseName": f.relation.inverse_name,
            "onDelete": None
            if f.relation.on_delete is OnDelete.SET_NULL
            else f.relation.on_delete.value,
        }
    doc = {
        "name": f.name,
        "label": f.label,
        "type": f.type.value,
        "description": f.description,
        "required": f.required,
        "unique": f.unique,
        "indexed": f.indexed,
        "defaultValue": f.default_value,
        "options": [{"value": o.value, "label": o.label, "color": o.color} for o in f.options],
        "validation": f.validation,
        "relation": relation,
        "computed": {
            "plugin": f.computed.plugin,
            "kind": f.computed.kind,
            "config": f.computed.config,
        }
        if f.computed
        else None,
    }
    return compact(doc)


def compact(doc: dict[str, Any]) -> dict[str, Any]:
    """Drop keys holding a default (None, False, empty list), recursively in options/relation."""
    out: dict[str, Any] = {}
    for key, value in doc.items():
        if key == "options" and isinstance(value, list):
            value = [compact(o) for o in value]
        elif key == "relation" and isinstance(value, dict):
            value = compact(value)
            if value.get("onDelete") == OnDelete.SET_NULL.value:
                del value["onDelete"]
        if value is None or value is False or value == []:
            continue
        out[key] = value
    return out


def prefixed(name: str, changes: dict[str, Any]) -> dict[str, Any]:
    """Audit changes of one field, keyed `<field>.<key>` so entries name the field they touch."""
    return {f"{name}.{key}": value for key, value in changes.items()}
