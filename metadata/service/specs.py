"""Input documents (GraphQL input keys) -> the values of metadata rows, with defaults.

The API speaks in names (`relation.target: "customer"`); rows store ids. `FieldSpec`
is the full desired state of one field, built from an input or from an existing
field merged with an update, so create and update run the same rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from types import SimpleNamespace
from typing import Any

from ..errors import BadUserInput
from ..loader import field_from_row
from ..model import FieldDef, FieldType, ObjectDef, TenantModel

_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])")


def plural(name: str) -> str:
    """English plural of an API name: y -> ies, s/x/z/ch/sh -> es, otherwise + s."""
    if name.endswith("y") and len(name) > 1 and name[-2] not in "aeiou":
        return name[:-1] + "ies"
    if name.endswith(("s", "x", "z", "ch", "sh")):
        return name + "es"
    return name + "s"


def humanise(name: str) -> str:
    """`lastFollowUpAt` -> `Last follow up at`."""
    words = _WORD_BOUNDARY.sub(" ", name).lower()
    return words[:1].upper() + words[1:]


# ---------------------------------------------------------------- objects


def object_values(data: dict[str, Any], current: ObjectDef | None = None) -> dict[str, Any]:
    """meta_objects values for a create (`current` None) or an update.

    Plural and labels that were derived from the old name follow a rename; ones an
    admin chose are kept.
    """
    old_name = current.name if current else None
    name = data.get("name") or old_name
    assert name is not None

    def derived(key: str, attr: str, default: str, old_default: str | None) -> str:
        given = data.get(key)
        if given:
            return str(given)
        kept = getattr(current, attr) if current else None
        return default if kept is None or kept == old_default else str(kept)

    name_plural = derived("namePlural", "name_plural", plural(name), old_name and plural(old_name))
    old_plural = current.name_plural if current else None
    values = {
        "name": name,
        "name_plural": name_plural,
        "label": derived("label", "label", humanise(name), old_name and humanise(old_name)),
        "label_plural": derived(
            "labelPlural",
            "label_plural",
            humanise(name_plural),
            old_plural and humanise(old_plural),
        ),
        "description": data.get("description", current.description if current else None),
    }
    return values


# ---------------------------------------------------------------- fields


@dataclass(frozen=True)
class FieldSpec:
    """The desired state of a field; relation targets and computed kinds are resolved ids."""

    name: str
    label: str
    type: FieldType
    description: str | None = None
    required: bool = False
    unique: bool = False
    indexed: bool = False
    default_value: Any = None
    options: tuple[dict[str, Any], ...] = ()
    validation: dict[str, Any] | None = None
    relation: dict[str, Any] | None = None
    """Stored form: `{target: <object id>, inverseName, onDelete}`."""
    computed: dict[str, Any] | None = None
    changed: frozenset[str] = field(default=frozenset(), compare=False)
    """Input keys the caller gave (on update: the ones that differ from the field)."""

    @classmethod
    def of(cls, f: FieldDef) -> FieldSpec:
        return cls(
            name=f.name,
            label=f.label,
            type=f.type,
            description=f.description,
            required=f.required,
            unique=f.unique,
            indexed=f.indexed,
            default_value=f.default_value,
            options=tuple(_option(o.value, o.label, o.color) for o in f.options),
            validation=f.validation,
            relation={
                "target": f.relation.target_id,
                "inverseName": f.relation.inverse_name,
                "onDelete": f.relation.on_delete.value,
            }
            if f.relation
            else None,
            computed={
                "plugin": f.computed.plugin,
                "kind": f.computed.kind,
                "config": f.computed.config,
            }
            if f.computed
            else None,
        )

    def row(self) -> dict[str, Any]:
        """The meta_fields values this spec describes (without ids, column and timestamps)."""
        return {
            "name": self.name,
            "label": self.label,
            "type": self.type.value,
            "description": self.description,
            "required": self.required,
            "is_unique": self.unique,
            "indexed": self.indexed,
            "default_value": self.default_value,
            "options": [dict(o) for o in self.options] or None,
            "validation": self.validation,
            "relation": self.relation,
            "computed": self.computed,
        }

    def field_def(self, field_id: str, object_id: str, column: str | None) -> FieldDef:
        """The FieldDef these values load as (same mapping as the loader's)."""
        row = {
            **self.row(),
            "id": field_id,
            "object_id": object_id,
            "column_name": column,
            "is_system": False,
            "deleted_at": None,
            "position": 0,
        }
        return field_from_row(SimpleNamespace(**row))


def _option(value: str, label: str, color: str | None) -> dict[str, Any]:
    return {"value": value, "label": label, "color": color}


def _relation(
    model: TenantModel, given: dict[str, Any], current: dict[str, Any] | None
) -> dict[str, Any]:
    """Stored relation; on update, keys left out keep their current value."""
    target = model.objects_by_name.get(given["target"])
    if target is None:
        raise BadUserInput(f"relation target {given['target']!r} is not an object")
    kept = current or {}
    inverse = given["inverseName"] if "inverseName" in given else kept.get("inverseName")
    on_delete = given.get("onDelete") or kept.get("onDelete") or "SET_NULL"
    return {"target": target.id, "inverseName": inverse, "onDelete": on_delete}


def _computed(given: dict[str, Any]) -> dict[str, Any]:
    return {
        "plugin": given["plugin"],
        "kind": given.get("kind"),
        "config": given.get("config") or {},
    }


_SIMPLE_KEYS = {
    "description": "description",
    "defaultValue": "default_value",
    "validation": "validation",
}
_FLAGS = {"required": "required", "unique": "unique", "indexed": "indexed"}


def field_spec(
    model: TenantModel, data: dict[str, Any], current: FieldDef | None = None
) -> FieldSpec:
    """The spec of a new field (`current` None) or of `current` with `data` applied."""
    base = (
        FieldSpec.of(current)
        if current
        else FieldSpec(
            name=data["name"], label=humanise(data["name"]), type=FieldType(data["type"])
        )
    )
    changes: dict[str, Any] = {}
    if data.get("name"):
        changes["name"] = data["name"]
        if current is None or (base.label == humanise(current.name) and not data.get("label")):
            changes["label"] = humanise(data["name"])
    if data.get("label"):
        changes["label"] = data["label"]
    if data.get("type"):
        changes["type"] = FieldType(data["type"])
    for key, attr in _SIMPLE_KEYS.items():
        if key in data:
            changes[attr] = data[key]
    for key, attr in _FLAGS.items():
        if data.get(key) is not None:
            changes[attr] = bool(data[key])
    if "options" in data:
        changes["options"] = tuple(
            _option(o["value"], o["label"], o.get("color")) for o in data["options"] or ()
        )
    if "relation" in data:
        changes["relation"] = (
            _relation(model, data["relation"], base.relation) if data["relation"] else None
        )
    if "computed" in data:
        changes["computed"] = _computed(data["computed"]) if data["computed"] else None
    spec = replace(base, **changes)
    if spec.type not in (FieldType.SELECT, FieldType.MULTI_SELECT) and "options" not in data:
        spec = replace(spec, options=())
    changed = frozenset(k for k in data if current is None or _differs(base, spec, k))
    return replace(spec, changed=changed)


_ATTRS = {"defaultValue": "default_value"}


def _differs(before: FieldSpec, after: FieldSpec, key: str) -> bool:
    attr = _ATTRS.get(key, key)
    return bool(getattr(before, attr) != getattr(after, attr))
