"""Custom scalars of the data API: Date, DateTime (UTC with offset), Decimal (a string, so
money keeps its precision) and JSON. Bad literals and variables fail GraphQL coercion."""
from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable
from typing import Any

from graphql import GraphQLError, GraphQLID, GraphQLScalarType

from metadata import fieldtypes
from metadata.fieldtypes import CoercionError, decimal_text, to_utc
from metadata.model import FieldType

ID = GraphQLID


def _parser(field_type: FieldType, what: str, accepts: tuple[type, ...]) -> Callable[[Any], Any]:
    def parse(value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, accepts):
            raise GraphQLError(f"{what} cannot represent {value!r}")
        try:
            return fieldtypes.coerce(field_type, value)
        except CoercionError as exc:
            raise GraphQLError(f"{what} cannot represent {value!r}: {exc}") from None

    return parse


def _serialize_date(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return to_utc(value).date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _serialize_datetime(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return to_utc(value).isoformat()
    return str(value)


def _serialize_decimal(value: Any) -> str:
    if isinstance(value, decimal.Decimal):
        return decimal_text(value)
    return decimal_text(decimal.Decimal(str(value)))


Date = GraphQLScalarType(
    "Date",
    description="A calendar date, ISO 8601 (YYYY-MM-DD).",
    serialize=_serialize_date,
    parse_value=_parser(FieldType.DATE, "Date", (str,)),
)

DateTime = GraphQLScalarType(
    "DateTime",
    description="An instant, ISO 8601 in UTC with offset; input accepts an offset or `Z`.",
    serialize=_serialize_datetime,
    parse_value=_parser(FieldType.DATETIME, "DateTime", (str,)),
)

Decimal = GraphQLScalarType(
    "Decimal",
    description="An exact decimal number, returned as a string; input accepts a string or a number.",
    serialize=_serialize_decimal,
    parse_value=_parser(FieldType.DECIMAL, "Decimal", (str, int, float)),
)

JSON = GraphQLScalarType(
    "JSON",
    description="Any JSON value.",
    serialize=lambda value: value,
    parse_value=lambda value: value,
)
