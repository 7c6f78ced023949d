"""The physical table of an object: SQLAlchemy Core columns named by ids, not API names."""
from __future__ import annotations

from functools import lru_cache

import sqlalchemy as sa

from . import fieldtypes
from .fieldtypes import UTCDateTime
from .model import FieldDef, FieldType, ObjectDef

SYSTEM_COLUMNS: dict[str, str] = {
    "id": "id",
    "createdAt": "created_at",
    "updatedAt": "updated_at",
    "createdBy": "created_by",
    "updatedBy": "updated_by",
    "ownerId": "owner_id",
    "version": "version",
    "deletedAt": "deleted_at",
}
"""API name -> column name of the columns every record table has."""


def id_column() -> sa.Column[object]:
    """The record id, the key every record table and every reference to it shares."""
    return sa.Column("id", fieldtypes.RecordId, primary_key=True)


def system_columns() -> list[sa.Column[object]]:
    return [
        id_column(),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.Column("created_by", sa.Text),
        sa.Column("updated_by", sa.Text),
        sa.Column("owner_id", sa.Text),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("deleted_at", UTCDateTime),
    ]


def field_column(f: FieldDef) -> sa.Column[object]:
    assert f.column is not None, "computed fields have no column"
    return sa.Column(f.column, fieldtypes.info(f.type).sql_type())


def stored_fields(obj: ObjectDef) -> list[FieldDef]:
    """Fields that own a column: every non-computed field, deleted ones included (data stays)."""
    return [f for f in obj.fields if f.type is not FieldType.COMPUTED and f.column]


def build_table(obj: ObjectDef, metadata: sa.MetaData | None = None) -> sa.Table:
    """A Table for `obj` with every stored column; indexes are created by ddl.py, not here."""
    return sa.Table(
        obj.table,
        metadata if metadata is not None else sa.MetaData(),
        *system_columns(),
        *(field_column(f) for f in stored_fields(obj)),
    )


@lru_cache(maxsize=4096)
def record_table(obj: ObjectDef) -> sa.Table:
    """The cached Table of an object snapshot (ObjectDef is immutable and hashable by value)."""
    return build_table(obj)


def column(table: sa.Table, f: FieldDef) -> sa.ColumnElement[object]:
    assert f.column is not None
    return table.c[f.column]


def index_name(obj: ObjectDef, f: FieldDef, unique: bool = False) -> str:
    return f"{'ux' if unique else 'ix'}_{obj.table[2:]}_{(f.column or '')[2:]}"
