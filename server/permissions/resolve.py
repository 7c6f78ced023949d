"""Combine the permission rules of a caller's roles into one Access (union of roles).

Per object: the actions of every rule; per action, the OR of the rules' row filters
(a rule without a filter grants all rows); a field is hidden only when every rule that
grants READ hides it. A rule that cannot be resolved against the current metadata
(deleted field, deleted relation target) contributes nothing: it denies, never widens.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from metadata.model import ObjectDef, TenantModel

from .access import CREATE, READ, UPDATE, Access, ObjectAccess
from .rules import PermissionRule, UnresolvableRule, filter_to_names


@dataclass
class _Grant:
    actions: set[str] = field(default_factory=set)
    filters: dict[str, list[Mapping[str, Any] | None]] = field(default_factory=dict)
    hidden: list[frozenset[str]] = field(default_factory=list)
    read_only: list[frozenset[str]] = field(default_factory=list)


def resolve_access(model: TenantModel, rules: Iterable[PermissionRule]) -> Access:
    grants: dict[str, _Grant] = {}
    for rule in rules:
        obj = model.objects_by_id.get(rule.object_id)
        if obj is None or obj.is_deleted:
            continue
        try:
            filters = {a: _names(model, obj, rule.filter_for(a)) for a in rule.actions}
        except UnresolvableRule:
            continue
        grant = grants.setdefault(obj.id, _Grant())
        grant.actions |= rule.actions
        for action, row_filter in filters.items():
            grant.filters.setdefault(action, []).append(row_filter)
        hidden = _hidden_fields(obj, rule)
        if READ in rule.actions:
            grant.hidden.append(hidden)
        if rule.actions & {CREATE, UPDATE}:
            grant.read_only.append(hidden | frozenset(rule.read_only_fields))
    objects = {object_id: _object_access(grant) for object_id, grant in grants.items()}
    return Access(objects=objects)


def _names(model: TenantModel, obj: ObjectDef, ast: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    return filter_to_names(model, obj, ast) if ast else None


def _hidden_fields(obj: ObjectDef, rule: PermissionRule) -> frozenset[str]:
    if rule.allowed_fields is not None:
        allowed = set(rule.allowed_fields)
        return frozenset(f.id for f in obj.live_fields if f.id not in allowed)
    return frozenset(rule.denied_fields or ())


def _object_access(grant: _Grant) -> ObjectAccess:
    action_filters = {action: _any_of(filters) for action, filters in grant.filters.items()}
    return ObjectAccess(
        actions=frozenset(grant.actions),
        hidden_fields=frozenset.intersection(*grant.hidden) if grant.hidden else frozenset(),
        read_only_fields=frozenset.intersection(*grant.read_only) if grant.read_only else frozenset(),
        row_filter=action_filters.get(READ),
        action_filters=action_filters,
    )


def _any_of(filters: list[Mapping[str, Any] | None]) -> Mapping[str, Any] | None:
    if any(f is None for f in filters):
        return None
    unique = list({repr(sorted(f.items())): f for f in filters if f is not None}.values())
    return unique[0] if len(unique) == 1 else {"or": unique}
