"""The computed-field contract: what a plugin declares, and what the storage layer calls.

A computed kind turns a record (and whatever it is related to) into one value. It says so
either as a SQL expression per row (`sql`, preferred: the value is then filterable and
sortable, and costs no Python per row) or as one batched call per page (`batch`: record ids
in, values out). Everything else here exists so the caller can ask a kind the three
questions it needs answered: can it be attached to this object, which fields does it read
(a caller sees the computed value only where it may read every one of them), and what is
its value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from metadata.errors import BadUserInput
from metadata.fieldtypes import UTCDateTime
from metadata.model import FieldDef, FieldType, ObjectDef, TenantModel
from metadata.physical import record_table
from metadata.storage.parameters import CLOCK, Param, Parameters

RETURN_TYPES: dict[str, FieldType] = {
    "Int": FieldType.INTEGER,
    "Float": FieldType.DECIMAL,
    "Decimal": FieldType.DECIMAL,
    "String": FieldType.TEXT,
    "Boolean": FieldType.BOOLEAN,
    "DateTime": FieldType.DATETIME,
    "Date": FieldType.DATE,
}
"""GraphQL scalar a kind returns -> the field type whose operators and coercion its filters use."""

_SQL_TYPES: dict[str, Callable[[], sa.types.TypeEngine[Any]]] = {
    "Int": sa.Integer,
    "Float": sa.Float,
    "Decimal": lambda: sa.Numeric(30, 10, asdecimal=True),
    "String": sa.Text,
    "Boolean": sa.Boolean,
    "DateTime": UTCDateTime,
    "Date": sa.Date,
}


@dataclass(frozen=True)
class SqlContext:
    """What a kind's `sql` builder sees: the row's table and the rest of the model.

    `table` is the (possibly aliased) record table of `obj` in the enclosing statement;
    correlate subqueries to it. Other objects' tables come from `table_of`, one alias per
    object per context, so a computed expression never correlates by accident to a table
    the enclosing statement also reads.
    """

    model: TenantModel
    obj: ObjectDef
    table: sa.FromClause
    config: Mapping[str, Any]
    now: dt.datetime
    dialect: str = "sqlite"
    parameters: Parameters | None = None
    """Set when the statement is built once and run many times: clock values become parameters."""
    _aliases: dict[str, sa.FromClause] = field(default_factory=dict, compare=False, repr=False)

    def table_of(self, obj: ObjectDef) -> sa.FromClause:
        if obj.id == self.obj.id:
            return self.table
        if obj.id not in self._aliases:
            self._aliases[obj.id] = record_table(obj).alias()
        return self._aliases[obj.id]

    def column(self, obj: ObjectDef, field_name: str) -> sa.ColumnElement[Any]:
        """A stored field's column on `table_of(obj)`, by API name; system names work too."""
        table = self.table_of(obj)
        if field_name in _SYSTEM:
            return table.c[_SYSTEM[field_name]]
        f = obj.fields_by_name.get(field_name)
        if f is None or f.column is None:
            raise BadUserInput(f"object {obj.name!r} has no stored field {field_name!r}")
        return table.c[f.column]

    def now_value(self) -> sa.ColumnElement[Any]:
        """The injected clock as a bind parameter typed like every DateTime column."""
        return self.at_now(lambda now: now)

    def at_now(self, derive: Callable[[dt.datetime], Any], type_: Any = None) -> sa.ColumnElement[Any]:
        """A value derived from the clock (a cutoff, a deadline) as a bind parameter, typed
        like every DateTime column unless told otherwise. Use it rather than `now` itself:
        a statement that is built once and run many times gets each run's clock."""
        type_ = UTCDateTime() if type_ is None else type_
        if self.parameters is None:
            return sa.literal(derive(self.now), type_)
        return self.parameters.bind(Param(CLOCK, self.now), derive, type_)


_SYSTEM = {"id": "id", "createdAt": "created_at", "updatedAt": "updated_at", "ownerId": "owner_id"}


@dataclass(frozen=True)
class BatchContext:
    """What a kind's `batch` call sees: an open read connection and the snapshot."""

    conn: AsyncConnection
    model: TenantModel
    obj: ObjectDef
    config: Mapping[str, Any]
    now: dt.datetime


Why = Callable[[TenantModel, ObjectDef], "str | None"]
DependsOn = Callable[[Mapping[str, Any], TenantModel, ObjectDef], list[str]]


def _anywhere(_model: TenantModel, _obj: ObjectDef) -> str | None:
    return None


def _nothing(_config: Mapping[str, Any], _model: TenantModel, _obj: ObjectDef) -> list[str]:
    return []


@dataclass(frozen=True)
class ComputedKind:
    """One kind of computed field a plugin offers (see the module docstring).

    Example::

        ComputedKind(
            plugin="text_stats", name="name_length", description="Characters in the name",
            return_type="Int", config_schema={"type": "object", "properties": {}},
            sql=lambda ctx: sa.func.length(ctx.column(ctx.obj, "name")),
            depends_on=lambda config, model, obj: [obj.fields_by_name["name"].id],
            applies_to=lambda model, obj: None if "name" in obj.fields_by_name else "needs a name",
        )
    """

    plugin: str
    name: str
    description: str
    return_type: str
    config_schema: Mapping[str, Any]
    sql: Callable[[SqlContext], sa.ColumnElement[Any]] | None = None
    batch: Callable[[BatchContext, list[str]], Awaitable[dict[str, Any]]] | None = None
    depends_on: DependsOn = _nothing
    """Ids of every field the value reads, given the field's config, the model and the object."""
    applies_to: Why = _anywhere
    """None when the kind can be attached to the object, otherwise why not."""

    def __post_init__(self) -> None:
        if self.return_type not in RETURN_TYPES:
            raise ValueError(
                f"computed kind {self.plugin}.{self.name}: unknown return type {self.return_type!r}"
            )
        if (self.sql is None) == (self.batch is None):
            raise ValueError(
                f"computed kind {self.plugin}.{self.name}: give exactly one of `sql` and `batch`"
            )

    @property
    def field_type(self) -> FieldType:
        """The field type whose filter operators and value coercion apply to this kind's values."""
        return RETURN_TYPES[self.return_type]

    @property
    def in_sql(self) -> bool:
        """Computed by the database: filterable and sortable."""
        return self.sql is not None


def sql_expression(kind: ComputedKind, ctx: SqlContext) -> sa.ColumnElement[Any]:
    """`kind.sql(ctx)` typed as the kind's scalar, so results and bound operands convert alike."""
    assert kind.sql is not None, "only SQL kinds have an expression"
    return sa.type_coerce(kind.sql(ctx), _SQL_TYPES[kind.return_type]())


def dependencies(model: TenantModel, field_ids: list[str]) -> list[tuple[ObjectDef, FieldDef]]:
    """The (object, field) pairs behind a kind's `depends_on` ids, for permission checks."""
    found: list[tuple[ObjectDef, FieldDef]] = []
    wanted = set(field_ids)
    for obj in model.objects:
        for f in obj.fields:
            if f.id in wanted:
                found.append((obj, f))
    return found
