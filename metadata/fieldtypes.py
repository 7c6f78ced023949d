"""What each field type means: its column type, API scalar, operators, and value coercion.

One table of facts per type, so that DDL, the GraphQL builder, the filter compiler,
validation and type conversion never disagree about a type.
"""
from __future__ import annotations

import datetime as dt
import decimal
import re
import uuid
from dataclasses import dataclass
from typing import Any, Callable

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from .model import FieldType as T


class CoercionError(ValueError):
    """A value that cannot be read as the field's type."""


class UTCDateTime(sa.types.TypeDecorator[dt.datetime]):
    """Timezone-aware UTC datetimes on every database (SQLite stores naive UTC text)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: sa.Dialect) -> Any:
        if value is None:
            return None
        value = to_utc(value)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = dt.datetime.fromisoformat(value)
        return to_utc(value)


def to_utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc)


JSONType = sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), "postgresql")
"""Python None is SQL NULL (not JSON `null`), so `isNull` and array functions see no value."""

RecordId = sa.String(36).with_variant(postgresql.UUID(as_uuid=False), "postgresql")
"""Record ids and relations: canonical UUID text in Python and on SQLite, native `uuid`
on PostgreSQL, where 16-byte keys make joins and indexes markedly cheaper than 36
characters of text (benchmarks.md, Q4). Ids are validated before they reach SQL
(`ids.parse_uuid`), so no malformed value meets a `uuid` column."""

# ---------------------------------------------------------------- coercion


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise CoercionError("expected a string")
    return value


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ().\-/]{3,32}$")
_URL = re.compile(r"^https?://[^\s/$.?#].[^\s]*$", re.IGNORECASE)


def _pattern(regex: re.Pattern[str], what: str) -> Callable[[Any], str]:
    def coerce(value: Any) -> str:
        text = _text(value).strip()
        if not regex.match(text):
            raise CoercionError(f"not a valid {what}")
        return text

    return coerce


def _integer(value: Any) -> int:
    if isinstance(value, bool):
        raise CoercionError("expected an integer")
    if isinstance(value, int):
        result = value
    elif isinstance(value, float) and value.is_integer():
        result = int(value)
    elif isinstance(value, (str, decimal.Decimal)):
        try:
            d = decimal.Decimal(str(value).strip())
        except decimal.InvalidOperation:
            raise CoercionError("expected an integer") from None
        if d != d.to_integral_value():
            raise CoercionError("expected an integer")
        result = int(d)
    else:
        raise CoercionError("expected an integer")
    if not -(2**31) <= result < 2**31:
        raise CoercionError("integer out of range")
    return result


_DECIMAL_LIMIT = decimal.Decimal(10) ** 18
_CENT = decimal.Decimal("0.01")


def _decimal(value: Any) -> decimal.Decimal:
    if type(value) is decimal.Decimal:
        d: decimal.Decimal | None = value  # as the Decimal scalar hands it over
    elif isinstance(value, bool):
        raise CoercionError("expected a decimal number")
    else:
        try:
            d = decimal.Decimal(str(value).strip()) if isinstance(value, (int, float, str, decimal.Decimal)) else None
        except decimal.InvalidOperation:
            d = None
    if d is None or not d.is_finite():
        raise CoercionError("expected a decimal number")
    if abs(d) >= _DECIMAL_LIMIT:
        raise CoercionError("decimal out of range")
    return d


def _currency(value: Any) -> decimal.Decimal:
    return _decimal(value).quantize(_CENT, rounding=decimal.ROUND_HALF_EVEN)


def _float(value: Any) -> float:
    if isinstance(value, bool):
        raise CoercionError("expected a number")
    try:
        result = float(value)
    except (TypeError, ValueError):
        raise CoercionError("expected a number") from None
    if result != result or result in (float("inf"), float("-inf")):
        raise CoercionError("expected a finite number")
    return result


def _percent(value: Any) -> float:
    result = _float(value)
    if not 0 <= result <= 100:
        raise CoercionError("a percent is between 0 and 100")
    return result


def _rating(value: Any) -> int:
    return _integer(value)


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise CoercionError("expected a boolean")


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return to_utc(value).date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(_text(value).strip())
    except ValueError:
        raise CoercionError("expected an ISO 8601 date (YYYY-MM-DD)") from None


def _datetime(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return to_utc(value)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.timezone.utc)
    try:
        text = _text(value).strip()
        if text.endswith("Z") or text.endswith("z"):
            text = text[:-1] + "+00:00"
        return to_utc(dt.datetime.fromisoformat(text))
    except ValueError:
        raise CoercionError("expected an ISO 8601 datetime") from None


def _select(value: Any) -> str:
    return _text(value)


def _multi_select(value: Any) -> list[str]:
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise CoercionError("expected a list of strings")
    seen: dict[str, None] = dict.fromkeys(value)
    return list(seen)


def _json(value: Any) -> Any:
    return value


def _uuid_text(value: Any) -> str:
    from .ids import parse_uuid

    parsed = parse_uuid(value)
    if parsed is None:
        raise CoercionError("expected a record id")
    return parsed


# ---------------------------------------------------------------- output


_JSON_READY = frozenset({str, int, float, bool, type(None), list, dict})
"""Types `json_value` returns unchanged, checked first because most values are of them."""


def json_value(value: Any) -> Any:
    """A stored value as it appears in JSON (aggregate groups, cursors, audit log)."""
    if type(value) in _JSON_READY:
        return value
    if isinstance(value, dt.datetime):
        return to_utc(value).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return decimal_text(value)
    if isinstance(value, uuid.UUID):  # a record id read by the driver itself (asyncpg)
        return str(value)
    return value


def decimal_text(value: decimal.Decimal) -> str:
    """Plain notation, no exponent, trailing zeros kept as stored."""
    return format(value, "f")


# ---------------------------------------------------------------- the table of types

TEXT_OPS = ("eq", "neq", "in", "nin", "like", "ilike", "startsWith", "contains", "isNull")
ORDERED_OPS = ("eq", "neq", "gt", "gte", "lt", "lte", "in", "nin", "isNull")
EQUALITY_OPS = ("eq", "neq", "in", "nin", "isNull")


@dataclass(frozen=True)
class TypeInfo:
    sql_type: Callable[[], sa.types.TypeEngine[Any]]
    scalar: str
    """Name of the GraphQL scalar (or `[String!]` for MULTI_SELECT)."""
    coerce: Callable[[Any], Any]
    operators: tuple[str, ...]
    sortable: bool = True
    groupable: bool = False
    numeric: bool = False


TYPES: dict[T, TypeInfo] = {
    T.TEXT: TypeInfo(sa.Text, "String", _text, TEXT_OPS, groupable=True),
    T.LONG_TEXT: TypeInfo(sa.Text, "String", _text, TEXT_OPS),
    T.EMAIL: TypeInfo(sa.Text, "String", _pattern(_EMAIL, "email address"), TEXT_OPS, groupable=True),
    T.PHONE: TypeInfo(sa.Text, "String", _pattern(_PHONE, "phone number"), TEXT_OPS, groupable=True),
    T.URL: TypeInfo(sa.Text, "String", _pattern(_URL, "http(s) URL"), TEXT_OPS, groupable=True),
    T.INTEGER: TypeInfo(sa.Integer, "Int", _integer, ORDERED_OPS, groupable=True, numeric=True),
    T.DECIMAL: TypeInfo(lambda: sa.Numeric(30, 10, asdecimal=True), "Decimal", _decimal, ORDERED_OPS, numeric=True),
    T.CURRENCY: TypeInfo(lambda: sa.Numeric(20, 2, asdecimal=True), "Decimal", _currency, ORDERED_OPS, numeric=True),
    T.PERCENT: TypeInfo(sa.Float, "Float", _percent, ORDERED_OPS, numeric=True),
    T.BOOLEAN: TypeInfo(sa.Boolean, "Boolean", _boolean, ("eq", "isNull"), groupable=True),
    T.DATE: TypeInfo(sa.Date, "Date", _date, ORDERED_OPS, groupable=True),
    T.DATETIME: TypeInfo(UTCDateTime, "DateTime", _datetime, ORDERED_OPS),
    T.SELECT: TypeInfo(sa.Text, "String", _select, EQUALITY_OPS, groupable=True),
    T.MULTI_SELECT: TypeInfo(lambda: JSONType, "[String!]", _multi_select, ("containsAny", "containsAll", "isEmpty"), sortable=False),
    T.RATING: TypeInfo(sa.Integer, "Int", _rating, ORDERED_OPS, groupable=True, numeric=True),
    T.JSON: TypeInfo(lambda: JSONType, "JSON", _json, ("isNull",), sortable=False),
    T.RELATION: TypeInfo(lambda: RecordId, "ID", _uuid_text, EQUALITY_OPS, groupable=True),
    T.USER: TypeInfo(sa.Text, "String", _text, EQUALITY_OPS, groupable=True),
}
"""COMPUTED is absent on purpose: its kind, declared by a plugin, decides everything."""


def info(field_type: T) -> TypeInfo:
    return TYPES[field_type]


def coerce(field_type: T, value: Any) -> Any:
    """Read `value` as `field_type`; None stays None. Raises CoercionError."""
    if value is None:
        return None
    return TYPES[field_type].coerce(value)
