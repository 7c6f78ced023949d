"""The shared per-scalar filter inputs (`StringFilter`, `IntFilter`, ...), one per operator
set of `metadata.fieldtypes`; they do not depend on a tenant, so every schema shares them."""
from __future__ import annotations

from graphql import (
    GraphQLBoolean,
    GraphQLFloat,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLString,
)

from metadata import fieldtypes
from metadata.model import FieldType as T

from .scalars import ID, JSON, Date, DateTime, Decimal

LIST_OPS = ("in", "nin", "containsAny", "containsAll")
BOOLEAN_OPS = ("isNull", "isEmpty")
TEXT_OPS = ("like", "ilike", "startsWith", "contains")

DESCRIPTIONS = {
    "eq": "Equal to.", "neq": "Not equal to (never matches null).", "gt": "Greater than.",
    "gte": "Greater than or equal to.", "lt": "Less than.", "lte": "Less than or equal to.",
    "in": "One of these values (an empty list matches nothing).",
    "nin": "None of these values (an empty list matches every non-null value).",
    "like": "SQL pattern (`%`, `_`, `\\` escapes), case-sensitive.",
    "ilike": "SQL pattern (`%`, `_`, `\\` escapes), case-insensitive.",
    "startsWith": "Starts with this text, literally, case-sensitive.",
    "contains": "Contains this text, literally, case-sensitive.",
    "isNull": "true: the value is null; false: it is not.",
    "containsAny": "Holds at least one of these values.",
    "containsAll": "Holds every one of these values.",
    "isEmpty": "true: holds no value; false: holds at least one.",
}


def _filter(name: str, scalar: GraphQLInputType, operators: tuple[str, ...]) -> GraphQLInputObjectType:
    def operand(op: str) -> GraphQLInputType:
        if op in BOOLEAN_OPS:
            return GraphQLBoolean
        if op in TEXT_OPS:
            return GraphQLString
        if op in LIST_OPS:
            return GraphQLList(GraphQLNonNull(scalar))
        return scalar

    return GraphQLInputObjectType(
        name,
        {op: GraphQLInputField(operand(op), description=DESCRIPTIONS[op]) for op in operators},
        description=f"Conditions on a {scalar} value; all given conditions must hold.",
    )


def _ops(t: T) -> tuple[str, ...]:
    return fieldtypes.info(t).operators


StringFilter = _filter("StringFilter", GraphQLString, _ops(T.TEXT))
IntFilter = _filter("IntFilter", GraphQLInt, _ops(T.INTEGER))
FloatFilter = _filter("FloatFilter", GraphQLFloat, _ops(T.PERCENT))
DecimalFilter = _filter("DecimalFilter", Decimal, _ops(T.DECIMAL))
BooleanFilter = _filter("BooleanFilter", GraphQLBoolean, _ops(T.BOOLEAN))
DateFilter = _filter("DateFilter", Date, _ops(T.DATE))
DateTimeFilter = _filter("DateTimeFilter", DateTime, _ops(T.DATETIME))
IDFilter = _filter("IDFilter", ID, _ops(T.RELATION))
SelectFilter = _filter("SelectFilter", GraphQLString, _ops(T.SELECT))
UserFilter = _filter("UserFilter", GraphQLString, _ops(T.USER))
MultiSelectFilter = _filter("MultiSelectFilter", GraphQLString, _ops(T.MULTI_SELECT))
JSONFilter = _filter("JSONFilter", JSON, _ops(T.JSON))

BY_TYPE: dict[T, GraphQLInputObjectType] = {
    T.TEXT: StringFilter, T.LONG_TEXT: StringFilter, T.EMAIL: StringFilter, T.PHONE: StringFilter,
    T.URL: StringFilter, T.INTEGER: IntFilter, T.RATING: IntFilter, T.DECIMAL: DecimalFilter,
    T.CURRENCY: DecimalFilter, T.PERCENT: FloatFilter, T.BOOLEAN: BooleanFilter, T.DATE: DateFilter,
    T.DATETIME: DateTimeFilter, T.SELECT: SelectFilter, T.USER: UserFilter,
    T.MULTI_SELECT: MultiSelectFilter, T.JSON: JSONFilter, T.RELATION: IDFilter,
}
"""The filter input of each field type (RELATION: the `<name>Id` entry)."""
