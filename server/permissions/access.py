"""What one caller may do in one tenant, resolved once per (tenant, versions, role set).

The schema builder hides what `Access` does not grant, and the storage layer ANDs
`row_filter` into every statement, so a permission is enforced in the API's shape and
in SQL, never by dropping rows in Python.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from metadata.model import FieldDef, ObjectDef

READ, CREATE, UPDATE, DELETE = "READ", "CREATE", "UPDATE", "DELETE"
ALL_ACTIONS = frozenset({READ, CREATE, UPDATE, DELETE})


@dataclass(frozen=True)
class ObjectAccess:
    actions: frozenset[str] = ALL_ACTIONS
    hidden_fields: frozenset[str] = frozenset()
    """Field ids the caller may not read (absent from results, filters, sorting, groupBy)."""
    read_only_fields: frozenset[str] = frozenset()
    """Field ids absent from the caller's create and update inputs."""
    row_filter: Mapping[str, Any] | None = None
    """The READ scope: a filter AST (the data API's filter language) every read is limited to."""
    action_filters: Mapping[str, Mapping[str, Any] | None] | None = None
    """Scopes of the other actions when they differ from READ's (None entry: all rows)."""

    def can(self, action: str) -> bool:
        return action in self.actions

    def scope_for(self, action: str) -> Mapping[str, Any] | None:
        """The row filter that limits `action` (writes are checked before and after)."""
        if self.action_filters is not None and action in self.action_filters:
            return self.action_filters[action]
        return self.row_filter

    def readable(self, f: FieldDef) -> bool:
        return f.id not in self.hidden_fields

    def writable(self, f: FieldDef) -> bool:
        return self.readable(f) and f.id not in self.read_only_fields


FULL_OBJECT_ACCESS = ObjectAccess()


@dataclass(frozen=True)
class Access:
    """Per-object grants; an object missing from `objects` is invisible (deny by default)."""

    objects: Mapping[str, ObjectAccess] = field(default_factory=dict)
    full: bool = False
    """Admins: everything, without listing objects."""
    metadata_admin: bool = False

    def for_object(self, obj: ObjectDef) -> ObjectAccess | None:
        if self.full:
            return FULL_OBJECT_ACCESS
        return self.objects.get(obj.id)


ADMIN_ACCESS = Access(full=True, metadata_admin=True)
NO_ACCESS = Access()
