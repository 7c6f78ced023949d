"""The in-memory metadata of one tenant: an immutable snapshot per metadata version.

Everything that generates API or SQL reads this snapshot, never the system tables,
so a request sees one consistent model even while an admin is changing it.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import cached_property
from typing import Any


class FieldType(str, enum.Enum):
    TEXT = "TEXT"
    LONG_TEXT = "LONG_TEXT"
    EMAIL = "EMAIL"
    PHONE = "PHONE"
    URL = "URL"
    INTEGER = "INTEGER"
    DECIMAL = "DECIMAL"
    CURRENCY = "CURRENCY"
    PERCENT = "PERCENT"
    BOOLEAN = "BOOLEAN"
    DATE = "DATE"
    DATETIME = "DATETIME"
    SELECT = "SELECT"
    MULTI_SELECT = "MULTI_SELECT"
    RATING = "RATING"
    JSON = "JSON"
    RELATION = "RELATION"
    USER = "USER"
    COMPUTED = "COMPUTED"


class OnDelete(str, enum.Enum):
    SET_NULL = "SET_NULL"
    CASCADE = "CASCADE"
    RESTRICT = "RESTRICT"


@dataclass(frozen=True)
class SelectOption:
    value: str
    label: str
    color: str | None = None


@dataclass(frozen=True)
class Relation:
    """A many-to-one link; the target sees the inverse as a connection named `inverse_name`."""

    target_id: str
    inverse_name: str | None
    on_delete: OnDelete = OnDelete.SET_NULL


@dataclass(frozen=True)
class Computed:
    plugin: str
    kind: str
    config: dict[str, Any]


@dataclass(frozen=True, eq=False)
class FieldDef:
    id: str
    object_id: str
    name: str
    label: str
    type: FieldType
    column: str | None
    """Physical column name (None for COMPUTED); derived from the id, never from the name."""
    description: str | None = None
    required: bool = False
    unique: bool = False
    indexed: bool = False
    default_value: Any = None
    options: tuple[SelectOption, ...] = ()
    validation: dict[str, Any] | None = None
    relation: Relation | None = None
    computed: Computed | None = None
    is_system: bool = False
    deleted_at: Any = None
    position: int = 0

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def option_values(self) -> frozenset[str]:
        return frozenset(o.value for o in self.options)

    @property
    def id_name(self) -> str:
        """The API name of a relation's foreign-key field: `customer` -> `customerId`."""
        return f"{self.name}Id"


@dataclass(frozen=True, eq=False)
class ObjectDef:
    id: str
    name: str
    name_plural: str
    label: str
    label_plural: str
    table: str
    """Physical table name, derived from the id."""
    fields: tuple[FieldDef, ...] = ()
    description: str | None = None
    is_system: bool = False
    deleted_at: Any = None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @cached_property
    def live_fields(self) -> tuple[FieldDef, ...]:
        return tuple(f for f in self.fields if not f.is_deleted)

    @cached_property
    def fields_by_name(self) -> dict[str, FieldDef]:
        return {f.name: f for f in self.live_fields}

    @cached_property
    def fields_by_id(self) -> dict[str, FieldDef]:
        return {f.id: f for f in self.fields}

    @property
    def type_name(self) -> str:
        return pascal_case(self.name)


@dataclass(frozen=True, eq=False)
class InverseRelation:
    """`Customer.tickets`: the one-to-many view of `ticket.customer`."""

    name: str
    source: ObjectDef
    field: FieldDef


@dataclass(frozen=True, eq=False)
class TenantModel:
    tenant_id: str
    slug: str
    version: int
    objects: tuple[ObjectDef, ...] = ()

    @cached_property
    def live_objects(self) -> tuple[ObjectDef, ...]:
        return tuple(o for o in self.objects if not o.is_deleted)

    @cached_property
    def objects_by_name(self) -> dict[str, ObjectDef]:
        return {o.name: o for o in self.live_objects}

    @cached_property
    def objects_by_id(self) -> dict[str, ObjectDef]:
        return {o.id: o for o in self.objects}

    def live_target(self, f: FieldDef) -> ObjectDef | None:
        """The live target object of a relation field, or None when it is gone."""
        if f.relation is None:
            return None
        target = self.objects_by_id.get(f.relation.target_id)
        return None if target is None or target.is_deleted else target

    @cached_property
    def inverse_relations(self) -> dict[str, tuple[InverseRelation, ...]]:
        """Object id -> the live relations pointing at it that declare an inverse name."""
        found: dict[str, list[InverseRelation]] = {}
        for obj in self.live_objects:
            for f in obj.live_fields:
                if f.type is FieldType.RELATION and f.relation and f.relation.inverse_name:
                    if self.live_target(f) is not None:
                        found.setdefault(f.relation.target_id, []).append(
                            InverseRelation(f.relation.inverse_name, obj, f)
                        )
        return {k: tuple(v) for k, v in found.items()}


def pascal_case(name: str) -> str:
    return name[:1].upper() + name[1:]


SYSTEM_FIELDS: tuple[str, ...] = (
    "id", "createdAt", "updatedAt", "createdBy", "updatedBy", "ownerId", "version", "deletedAt",
)
"""API names of the columns every record table has; no metadata field may take them."""
