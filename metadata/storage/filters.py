"""THE filter compiler: the data API's filter language (plain dicts) to a SQL condition.

One compiler serves API filters, row-level permission rules stored as JSON and plugin
conditions. Semantics, identical on every database:
- a filter is a predicate that is true or false for each row; sibling keys are ANDed,
  `and: []` is true, `or: []` is false, `not` is the exact complement;
- comparisons never match null (use `isNull`); empty `in` matches nothing, empty `nin`
  matches every non-null value;
- a relation sub-filter matches when the related record is live, inside the caller's
  row scope for its object, and matches the sub-filter.
Anything that cannot be compiled (unknown field or operator, unknown variable, a null or
ill-typed operand) raises `UnresolvableRule`, so a permission rule that cannot be resolved
denies instead of widening access, and API input gets a clear BAD_USER_INPUT.
"""
from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from .. import fieldtypes
from ..errors import BadUserInput
from ..fieldtypes import CoercionError
from ..model import FieldDef, FieldType, ObjectDef, TenantModel
from ..physical import record_table
from . import dialects
from .derived import Derived, DerivedColumn
from .parameters import NotParameterizable, Param, Parameters
from .patterns import parse_like

MAX_DEPTH = 32

Scope = Callable[[ObjectDef, sa.FromClause], "sa.ColumnElement[bool] | None"]
"""The row scope of an object, as a condition on the given table or alias (None: all rows)."""


class UnresolvableRule(BadUserInput):
    """A filter or rule that cannot be compiled; permission rules that raise it deny."""


@dataclass(frozen=True)
class FilterContext:
    variables: Mapping[str, Any] | None = None
    """Values of `"$name"` operands (rules only); None means operands are taken literally."""
    scope: Scope | None = field(default=None)
    """Row scope added for the target object inside relation sub-filters."""
    derived: Derived | None = field(default=None)
    """Derived columns (computed fields) usable like stored fields; rules have none."""
    parameters: Parameters | None = field(default=None)
    """Where `Param` comparison operands are bound (prepared statements); None: no Params."""

    def row_scope(self, obj: ObjectDef, table: sa.FromClause) -> sa.ColumnElement[bool] | None:
        return None if self.scope is None else self.scope(obj, table)

    def derived_column(self, obj: ObjectDef, name: str) -> DerivedColumn | None:
        return None if self.derived is None else self.derived(obj).get(name)


@dataclass(frozen=True)
class SystemField:
    column: str
    type: FieldType


SYSTEM_FILTER_FIELDS: dict[str, SystemField] = {
    "id": SystemField("id", FieldType.RELATION),
    "createdAt": SystemField("created_at", FieldType.DATETIME),
    "updatedAt": SystemField("updated_at", FieldType.DATETIME),
    "ownerId": SystemField("owner_id", FieldType.USER),
    "createdBy": SystemField("created_by", FieldType.USER),
}
"""System fields usable in filters; `id` filters like a relation id (IDFilter)."""

STRUCTURAL = ("and", "or", "not")

COMPARISONS: dict[str, Callable[[Any, Any], Any]] = {
    "eq": operator.eq, "neq": operator.ne, "gt": operator.gt, "gte": operator.ge, "lt": operator.lt, "lte": operator.le,
}
"""Operators whose SQL is the same for every operand value: the only ones a `Param` may use."""


def compile_filter(
    model: TenantModel, obj: ObjectDef, table: sa.FromClause, ast: Mapping[str, Any] | None, ctx: FilterContext
) -> sa.ColumnElement[bool]:
    """The condition on `table` (a table or alias of `obj`) that `ast` describes."""
    if ast is None:
        return sa.true()
    return _Compiler(model, ctx).node(obj, table, ast, obj.name, 0)


def combine(*conditions: sa.ColumnElement[bool] | None) -> sa.ColumnElement[bool]:
    present = [c for c in conditions if c is not None]
    if not present:
        return sa.true()
    return present[0] if len(present) == 1 else sa.and_(*present)


class _Compiler:
    def __init__(self, model: TenantModel, ctx: FilterContext) -> None:
        self.model = model
        self.ctx = ctx

    def node(self, obj: ObjectDef, table: sa.FromClause, ast: Any, path: str, depth: int) -> sa.ColumnElement[bool]:
        if depth > MAX_DEPTH:
            raise UnresolvableRule(f"{path}: filter nested too deeply")
        if not isinstance(ast, Mapping):
            raise UnresolvableRule(f"{path}: expected a filter object")
        parts: list[sa.ColumnElement[bool]] = []
        for key, value in ast.items():
            where = f"{path}.{key}"
            if value is None:
                raise UnresolvableRule(f"{where}: must not be null")
            if key in ("and", "or"):
                if not isinstance(value, (list, tuple)):
                    raise UnresolvableRule(f"{where}: expected a list of filters")
                subs = [self.node(obj, table, v, f"{where}[{i}]", depth + 1) for i, v in enumerate(value)]
                if key == "and":
                    parts.append(combine(*subs))
                else:
                    parts.append(sa.or_(*subs) if subs else sa.false())
            elif key == "not":
                inner = self.node(obj, table, value, where, depth + 1)
                parts.append(sa.not_(sa.func.coalesce(inner, sa.false())))
            else:
                parts.append(self.field(obj, table, key, value, where, depth))
        return combine(*parts)

    def field(self, obj: ObjectDef, table: sa.FromClause, key: str, ops: Any, where: str, depth: int) -> sa.ColumnElement[bool]:
        system = SYSTEM_FILTER_FIELDS.get(key)
        if system is not None:
            return self.operators(table.c[system.column], system.type, ops, where)
        f = obj.fields_by_name.get(key)
        if f is not None and f.type is FieldType.RELATION:
            return self.related(table, f, ops, where, depth)
        if f is not None and f.type is not FieldType.COMPUTED and f.column:
            return self.operators(table.c[f.column], f.type, ops, where)
        derived = self.ctx.derived_column(obj, key)
        if derived is not None:
            return self.operators(derived.build(table, self.ctx.parameters), derived.type, ops, where)
        rel = obj.fields_by_name.get(key[:-2]) if key.endswith("Id") else None
        if rel is not None and rel.type is FieldType.RELATION and rel.column:
            return self.relation_id(table, rel, ops, where)
        raise UnresolvableRule(f"{where}: unknown field")

    def target(self, f: FieldDef, where: str) -> tuple[ObjectDef, sa.FromClause]:
        target = self.model.live_target(f)
        if target is None:
            raise UnresolvableRule(f"{where}: the related object no longer exists")
        return target, record_table(target).alias()

    def live_related(self, table: sa.FromClause, f: FieldDef, target: ObjectDef, alias: sa.FromClause,
                     *conditions: sa.ColumnElement[bool]) -> sa.ColumnElement[bool]:
        assert f.column is not None
        where = [alias.c.id == table.c[f.column], alias.c.deleted_at.is_(None), *conditions]
        scope = self.ctx.row_scope(target, alias)
        if scope is not None:
            where.append(scope)
        return sa.select(sa.literal_column("1")).select_from(alias).where(*where).exists()

    def related(self, table: sa.FromClause, f: FieldDef, sub: Any, where: str, depth: int) -> sa.ColumnElement[bool]:
        target, alias = self.target(f, where)
        return self.live_related(table, f, target, alias, self.node(target, alias, sub, where, depth + 1))

    def relation_id(self, table: sa.FromClause, f: FieldDef, ops: Any, where: str) -> sa.ColumnElement[bool]:
        """`customerId`: a reference to a deleted or invisible record reads as null."""
        assert f.column is not None
        column = table.c[f.column]
        if isinstance(ops, Mapping) and "isNull" in ops:
            rest = {k: v for k, v in ops.items() if k != "isNull"}
            target, alias = self.target(f, where)
            is_null = self.resolve(ops["isNull"], f"{where}.isNull")
            if not isinstance(is_null, bool):
                raise UnresolvableRule(f"{where}.isNull: expected a boolean")
            live = self.live_related(table, f, target, alias)
            condition = sa.not_(live) if is_null else live
            return combine(condition, self.operators(column, FieldType.RELATION, rest, where) if rest else None)
        return self.operators(column, FieldType.RELATION, ops, where)

    # ------------------------------------------------------------ operators

    def operators(self, column: sa.ColumnElement[Any], ftype: FieldType, ops: Any, where: str) -> sa.ColumnElement[bool]:
        if not isinstance(ops, Mapping):
            raise UnresolvableRule(f"{where}: expected an object of operators")
        allowed = fieldtypes.info(ftype).operators
        parts = []
        for op, raw in ops.items():
            at = f"{where}.{op}"
            if op not in allowed:
                raise UnresolvableRule(f"{at}: unknown operator")
            value = self.resolve(raw, at)
            if isinstance(raw, (list, tuple)):
                value = [self.resolve(v, at) for v in raw]
            if value is None:
                raise UnresolvableRule(f"{at}: must not be null")
            parts.append(self.operator(column, ftype, op, value, at))
        return combine(*parts)

    def operator(self, column: sa.ColumnElement[Any], ftype: FieldType, op: str, value: Any, at: str) -> sa.ColumnElement[bool]:
        if isinstance(value, Param):
            if op not in COMPARISONS or self.ctx.parameters is None:
                raise NotParameterizable(value.name)
            return COMPARISONS[op](column, self.ctx.parameters.bind(
                value, lambda v: self.operand(ftype, v, at), column.type))  # type: ignore[no-any-return]
        if op in ("isNull", "isEmpty"):
            if not isinstance(value, bool):
                raise UnresolvableRule(f"{at}: expected a boolean")
            if op == "isEmpty":
                empty = dialects.is_empty_array(column)
                return empty if value else sa.not_(empty)
            return column.is_(None) if value else column.is_not(None)
        if op in ("in", "nin", "containsAny", "containsAll"):
            if not isinstance(value, (list, tuple)):
                raise UnresolvableRule(f"{at}: expected a list")
            element_type = FieldType.SELECT if ftype is FieldType.MULTI_SELECT else ftype
            values = [self.operand(element_type, v, at) for v in value]
            if op == "containsAny":
                return dialects.contains_any(column, values)
            if op == "containsAll":
                return dialects.contains_all(column, values)
            if op == "in":
                return column.in_(values) if values else sa.false()
            return column.not_in(values) if values else column.is_not(None)
        if op in ("like", "ilike", "startsWith", "contains"):
            if not isinstance(value, str):
                raise UnresolvableRule(f"{at}: expected a string")
            if op in ("like", "ilike"):
                return dialects.matches(column, parse_like(value), case_sensitive=op == "like")
            return dialects.matches(column, dialects.literal_tokens(value, op == "startsWith"), case_sensitive=True)
        return COMPARISONS[op](column, self.operand(ftype, value, at))  # type: ignore[no-any-return]

    def operand(self, ftype: FieldType, value: Any, at: str) -> Any:
        """A comparison value: the field's scalar, without the field's own value rules."""
        if value is None:
            raise UnresolvableRule(f"{at}: must not be null")
        if isinstance(value, Param):
            raise NotParameterizable(value.name)
        try:
            if fieldtypes.info(ftype).scalar == "String":
                if not isinstance(value, str):
                    raise CoercionError("expected a string")
                return value
            if ftype is FieldType.PERCENT:
                return float(fieldtypes.coerce(FieldType.DECIMAL, value))
            return fieldtypes.coerce(ftype, value)
        except CoercionError as exc:
            raise UnresolvableRule(f"{at}: {exc}") from None

    def resolve(self, value: Any, at: str) -> Any:
        """Substitute `"$user.id"`-style variables (rules only); `"$$x"` is the literal `"$x"`."""
        variables = self.ctx.variables
        if variables is None or not isinstance(value, str) or not value.startswith("$"):
            return value
        if value.startswith("$$"):
            return value[1:]
        name = value[1:]
        if name not in variables:
            raise UnresolvableRule(f"{at}: unknown variable {value}")
        return variables[name]

