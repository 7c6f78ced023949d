"""A role's permission on one object, and its storage as Casbin policy lines.

Policies reference objects and fields by id, so renaming an API name keeps every
permission intact. A permission becomes one `p` line per granted action (its
condition is the row filter) plus one `FIELDS` line for the field lists.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from metadata.model import FieldType, ObjectDef, TenantModel

from .access import ALL_ACTIONS, READ

FIELDS_ACTION = "FIELDS"
FIELD_KEY_PREFIX = "field:"
LOGICAL_KEYS = ("and", "or", "not")
VARIABLES = ("$user.id", "$user.roles")


class UnresolvableRule(Exception):
    """A stored rule names something that no longer exists; it must deny, never widen."""


@dataclass(frozen=True)
class PermissionRule:
    role: str
    object_id: str
    actions: frozenset[str]
    row_filter: Mapping[str, Any] | None = None
    """Id-keyed filter AST (see `filter_to_ids`) limiting every granted action."""
    read_row_filter: Mapping[str, Any] | None = None
    """A wider READ scope when reading reaches further than writing (a sales rep sees the lead pool)."""
    allowed_fields: tuple[str, ...] | None = None
    denied_fields: tuple[str, ...] | None = None
    read_only_fields: tuple[str, ...] = field(default_factory=tuple)

    def casbin_lines(self, tenant_id: str) -> list[list[str]]:
        lines = [[self.role, tenant_id, self.object_id, a, _encode(self.filter_for(a))] for a in sorted(self.actions)]
        fields = {
            "allowed": list(self.allowed_fields) if self.allowed_fields is not None else None,
            "denied": list(self.denied_fields) if self.denied_fields is not None else None,
            "readOnly": list(self.read_only_fields),
        }
        lines.append([self.role, tenant_id, self.object_id, FIELDS_ACTION, json.dumps(fields, sort_keys=True)])
        return lines


    def filter_for(self, action: str) -> Mapping[str, Any] | None:
        if action == READ and self.read_row_filter is not None:
            return self.read_row_filter
        return self.row_filter


def _encode(condition: Mapping[str, Any] | None) -> str:
    return json.dumps(condition, sort_keys=True) if condition else ""


def rules_from_lines(lines: Iterable[list[str]]) -> list[PermissionRule]:
    """Regroup `p` lines (role, tenant, object, action, condition) into rules."""
    grouped: dict[tuple[str, str], dict[str, Any]] = {}
    for role, _tenant, object_id, action, condition in (tuple(line[:5]) for line in lines):
        entry = grouped.setdefault((role, object_id), {"actions": set(), "filters": {}, "fields": {}})
        if action == FIELDS_ACTION:
            entry["fields"] = json.loads(condition or "{}")
        elif action in ALL_ACTIONS:
            entry["actions"].add(action)
            entry["filters"][action] = json.loads(condition) if condition else None
    rules = []
    for (role, object_id), entry in grouped.items():
        if not entry["actions"]:
            continue
        fields, filters = entry["fields"], entry["filters"]
        writes = [a for a in sorted(entry["actions"]) if a != READ]
        row_filter = filters[writes[0]] if writes else filters.get(READ)
        read_filter = filters.get(READ) if READ in filters and filters.get(READ) != row_filter else None
        rules.append(
            PermissionRule(
                role=role,
                object_id=object_id,
                actions=frozenset(entry["actions"]),
                row_filter=row_filter,
                read_row_filter=read_filter,
                allowed_fields=tuple(fields["allowed"]) if fields.get("allowed") is not None else None,
                denied_fields=tuple(fields["denied"]) if fields.get("denied") is not None else None,
                read_only_fields=tuple(fields.get("readOnly") or ()),
            )
        )
    return rules


def filter_to_ids(model: TenantModel, obj: ObjectDef, ast: Mapping[str, Any]) -> dict[str, Any]:
    """Replace field names by `field:<id>` keys, recursing into logic and relations."""
    return _translate(model, obj, ast, to_ids=True)


def filter_to_names(model: TenantModel, obj: ObjectDef, ast: Mapping[str, Any]) -> dict[str, Any]:
    """The inverse of `filter_to_ids` for the current model; raises UnresolvableRule."""
    return _translate(model, obj, ast, to_ids=False)


def _translate(model: TenantModel, obj: ObjectDef, ast: Mapping[str, Any], to_ids: bool) -> dict[str, Any]:
    if not isinstance(ast, Mapping):
        raise UnresolvableRule("a filter must be an object")
    out: dict[str, Any] = {}
    for key, value in ast.items():
        if key in ("and", "or"):
            if not isinstance(value, list):
                raise UnresolvableRule(f"`{key}` takes a list of filters")
            out[key] = [_translate(model, obj, v, to_ids) for v in value]
        elif key == "not":
            out[key] = _translate(model, obj, value, to_ids)
        else:
            new_key, relation_target = _translate_key(model, obj, key, to_ids)
            if relation_target is not None:
                out[new_key] = _translate(model, relation_target, value, to_ids)
            else:
                out[new_key] = value
    return out


def _translate_key(model: TenantModel, obj: ObjectDef, key: str, to_ids: bool) -> tuple[str, ObjectDef | None]:
    from metadata.model import SYSTEM_FIELDS

    if key in SYSTEM_FIELDS:
        return key, None
    if to_ids:
        suffix = ""
        f = obj.fields_by_name.get(key)
        if f is None and key.endswith("Id"):
            f = obj.fields_by_name.get(key[:-2])
            if f is None or f.type is not FieldType.RELATION:
                raise UnresolvableRule(f"unknown field `{key}` on {obj.name}")
            suffix = "#id"
        if f is None:
            raise UnresolvableRule(f"unknown field `{key}` on {obj.name}")
        target = model.live_target(f) if f.type is FieldType.RELATION and not suffix else None
        return f"{FIELD_KEY_PREFIX}{f.id}{suffix}", target
    if not key.startswith(FIELD_KEY_PREFIX):
        raise UnresolvableRule(f"unknown key `{key}`")
    field_id, _, suffix = key[len(FIELD_KEY_PREFIX):].partition("#")
    f = obj.fields_by_id.get(field_id)
    if f is None or f.is_deleted:
        raise UnresolvableRule("the rule names a field that no longer exists")
    if suffix == "id":
        return f.id_name, None
    if f.type is FieldType.RELATION:
        target = model.live_target(f)
        if target is None:
            raise UnresolvableRule("the rule follows a relation whose target no longer exists")
        return f.name, target
    return f.name, None
