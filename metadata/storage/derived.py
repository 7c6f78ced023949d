"""Derived columns: values the database computes per row, such as plugins' computed fields.

The storage layer knows nothing of plugins. Its caller hands it, per object, named SQL
expressions with the field type whose operators and ordering apply; they are then
filtered by the one filter compiler, sorted (cursors included) and selected next to the
stored columns, so a computed value costs no Python per row.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from ..model import FieldType, ObjectDef


@dataclass(frozen=True)
class DerivedColumn:
    name: str
    """The API name; also the row label of the value."""
    type: FieldType
    """The field type whose filter operators, ordering and cursor coercion apply."""
    build: Callable[..., sa.ColumnElement[Any]]
    """(table or alias of its object, optional `Parameters` of a statement built once) -> the
    expression; raises a CRMError when it cannot be built."""


Derived = Callable[[ObjectDef], Mapping[str, DerivedColumn]]
"""Object -> its derived columns by API name (what the caller may filter, sort and select)."""


def no_derived(_obj: ObjectDef) -> Mapping[str, DerivedColumn]:
    return {}
