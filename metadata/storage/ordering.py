"""`orderBy` to SQL: list order is precedence, nulls last both ways, `id` breaks ties.

The same sort keys give the keyset predicate that continues a page after a cursor.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from .. import fieldtypes
from ..errors import BadUserInput
from ..model import FieldType, ObjectDef
from .derived import DerivedColumn

ASC, DESC = "ASC", "DESC"


@dataclass(frozen=True)
class SortKey:
    name: str
    """The API name, also the row label of the value (`customerId` for a relation)."""
    column: str
    type: FieldType
    descending: bool = False
    nullable: bool = True
    expression: Callable[[sa.FromClause], sa.ColumnElement[Any]] | None = field(default=None, compare=False)
    """For a derived key (a computed field): its expression on a table; None for a column."""

    @property
    def spec(self) -> str:
        return f"{self.name}:{DESC if self.descending else ASC}"

    def on(self, table: sa.FromClause) -> sa.ColumnElement[Any]:
        """The sorted value on `table` (a table or alias of the key's object)."""
        return self.expression(table) if self.expression is not None else table.c[self.column]


SYSTEM_SORT_KEYS: dict[str, SortKey] = {
    "id": SortKey("id", "id", FieldType.RELATION, nullable=False),
    "createdAt": SortKey("createdAt", "created_at", FieldType.DATETIME, nullable=False),
    "updatedAt": SortKey("updatedAt", "updated_at", FieldType.DATETIME, nullable=False),
    "createdBy": SortKey("createdBy", "created_by", FieldType.USER),
    "updatedBy": SortKey("updatedBy", "updated_by", FieldType.USER),
    "ownerId": SortKey("ownerId", "owner_id", FieldType.USER),
    "version": SortKey("version", "version", FieldType.INTEGER, nullable=False),
}


def sortable_keys(obj: ObjectDef, derived: Mapping[str, DerivedColumn] | None = None) -> dict[str, SortKey]:
    """Every key `obj` can be sorted by, ascending, by API name (`derived`: computed fields)."""
    keys = dict(SYSTEM_SORT_KEYS)
    for f in obj.live_fields:
        if f.type is FieldType.COMPUTED or not f.column or not fieldtypes.info(f.type).sortable:
            continue
        name = f.id_name if f.type is FieldType.RELATION else f.name
        keys[name] = SortKey(name, f.column, f.type)
    for d in (derived or {}).values():
        if fieldtypes.info(d.type).sortable:
            keys[d.name] = SortKey(d.name, d.name, d.type, expression=d.build)
    return keys


def sort_keys(obj: ObjectDef, order_by: Sequence[Mapping[str, Any]] | None,
              derived: Mapping[str, DerivedColumn] | None = None) -> tuple[SortKey, ...]:
    """The total order for `order_by`: requested keys, then `id` unless already there."""
    available = sortable_keys(obj, derived)
    keys: dict[str, SortKey] = {}
    for entry in order_by or ():
        for name, direction in entry.items():
            if direction is None or name in keys:
                continue
            if name not in available or direction not in (ASC, DESC):
                raise BadUserInput(f"cannot sort {obj.name} by {name} {direction}")
            base = available[name]
            keys[name] = SortKey(base.name, base.column, base.type, direction == DESC, base.nullable, base.expression)
    keys.setdefault("id", SYSTEM_SORT_KEYS["id"])
    return tuple(keys.values())


def order_clauses(table: sa.FromClause, keys: Sequence[SortKey]) -> list[sa.ColumnElement[Any]]:
    clauses = []
    for key in keys:
        column = key.on(table)
        clause = column.desc() if key.descending else column.asc()
        clauses.append(clause.nulls_last() if key.nullable else clause)
    return clauses


def after_condition(table: sa.FromClause, keys: Sequence[SortKey], values: Sequence[Any]) -> sa.ColumnElement[bool]:
    """Rows strictly after the row whose sort values are `values`, in the order of `keys`.

    Expands to OR over i of (keys before i equal AND key i after), where a null value is
    equal only to null and, sorting last, has nothing after it but nulls.
    """
    alternatives = []
    equal_so_far: list[sa.ColumnElement[bool]] = []
    for key, value in zip(keys, values):
        column = key.on(table)
        if value is not None:
            value = sa.literal(value, type_=column.type)
            beyond = column < value if key.descending else column > value
            if key.nullable:
                beyond = sa.or_(beyond, column.is_(None))
            alternatives.append(sa.and_(*equal_so_far, beyond) if equal_so_far else beyond)
        equal_so_far.append(column.is_(None) if value is None else column == value)
    return sa.or_(*alternatives) if alternatives else sa.false()
