"""Naming rules for objects, fields and inverse relations (SPEC §3 "Names").

Physical names are ids, so API names only have to be safe and unambiguous *in the API*:
valid GraphQL names, not system or filter words, and never generating a GraphQL type or
root field that another live object (or the data API itself) already generates. Names are
compared case-folded so `Customer` and `customer` can never coexist.

One function per check family; an invalid name raises `BadUserInput`, a name already
taken raises `Conflict`.
"""

from __future__ import annotations

import re
from typing import Iterable

from .errors import BadUserInput, Conflict
from .model import SYSTEM_FIELDS, FieldDef, FieldType, ObjectDef, TenantModel, pascal_case

NAME_PATTERN = re.compile(r"^[a-z][a-zA-Z0-9]{0,62}$")

RESERVED_FIELD_NAMES = frozenset(name.lower() for name in (*SYSTEM_FIELDS, "history"))
FILTER_KEYS = frozenset({"and", "or", "not"})
GRAPHQL_WORDS = frozenset({"true", "false", "null"})
SQL_WORDS = frozenset(
    {
        "select",
        "insert",
        "delete",
        "drop",
        "alter",
        "create",
        "table",
        "from",
        "where",
        "join",
        "union",
        "grant",
        "revoke",
        "default",
        "primary",
        "foreign",
        "references",
        "constraint",
    }
)
"""Statement words that are no business noun; `order`, `type`, `status` stay allowed."""

BUILTIN_TYPE_NAMES = frozenset(
    {
        "Query",
        "Mutation",
        "PageInfo",
        "JSON",
        "Date",
        "DateTime",
        "Decimal",
        "AuditEntry",
        "AuditEntryConnection",
        "AuditEntryEdge",
        "OrderDirection",
        "String",
        "Int",
        "Float",
        "Boolean",
        "ID",
        "StringFilter",
        "IntFilter",
        "FloatFilter",
        "DecimalFilter",
        "BooleanFilter",
        "DateFilter",
        "DateTimeFilter",
        "IDFilter",
        "MultiSelectFilter",
        "JSONFilter",
    }
)
"""Types of the data API that exist whatever the tenant's objects are."""

TYPE_SUFFIXES = (
    "",
    "Filter",
    "OrderBy",
    "CreateInput",
    "UpdateInput",
    "GroupBy",
    "Aggregate",
    "Connection",
    "Edge",
    "NumericAggregate",
    "AvgAggregate",
)


def _fold(name: str) -> str:
    return name.lower()


# ---------------------------------------------------------------- form


def check_name(name: str, what: str) -> None:
    """`name` is usable as the API name of an object, a field or an inverse relation."""
    if name.startswith("__"):
        raise BadUserInput(f"{what} name {name!r} must not start with '__'")
    if not NAME_PATTERN.match(name):
        raise BadUserInput(
            f"{what} name {name!r} is invalid: use a lower-case letter followed by up to "
            "62 letters or digits"
        )
    folded = _fold(name)
    for words, kind in (
        (FILTER_KEYS, "a filter keyword"),
        (GRAPHQL_WORDS, "a GraphQL keyword"),
        (SQL_WORDS, "a reserved SQL word"),
    ):
        if folded in words:
            raise BadUserInput(f"{what} name {name!r} is {kind}")


def check_field_name_form(name: str, what: str = "field") -> None:
    """Like `check_name`, and not a system field name (`id`, `createdAt`, ..., `history`)."""
    check_name(name, what)
    if _fold(name) in RESERVED_FIELD_NAMES:
        raise BadUserInput(f"{what} name {name!r} is a system field name")


# ---------------------------------------------------------------- objects


def generated_type_names(name: str) -> list[str]:
    base = pascal_case(name)
    return [base + suffix for suffix in TYPE_SUFFIXES]


def generated_root_fields(name: str, plural: str) -> list[str]:
    single, many = pascal_case(name), pascal_case(plural)
    return [
        name,
        plural,
        f"{plural}Aggregate",
        f"create{single}",
        f"create{many}",
        f"update{single}",
        f"delete{single}",
        f"restore{single}",
    ]


def _generated(name: str, plural: str) -> dict[tuple[str, str], str]:
    """(namespace, folded name) -> the name as generated; types and root fields apart."""
    types = {("type", _fold(n)): n for n in generated_type_names(name)}
    return types | {("field", _fold(n)): n for n in generated_root_fields(name, plural)}


def check_object_names(
    model: TenantModel, name: str, plural: str, exclude_id: str | None = None
) -> None:
    """A (new, renamed or restored) object's names are free across the tenant's live objects."""
    check_name(name, "object")
    check_name(plural, "object plural")
    own = _generated(name, plural)
    if len(own) < len(generated_type_names(name)) + len(generated_root_fields(name, plural)):
        raise BadUserInput(f"namePlural {plural!r} must differ from the object name {name!r}")
    builtin = {("type", _fold(n)) for n in BUILTIN_TYPE_NAMES}
    hits = sorted(own[k] for k in own.keys() & builtin)
    if hits:
        raise Conflict(f"object name {name!r} would generate the built-in GraphQL name {hits[0]!r}")
    for other in model.live_objects:
        if other.id == exclude_id:
            continue
        if _fold(other.name) == _fold(name):
            raise Conflict(f"an object named {other.name!r} already exists")
        clash = sorted(
            own[k] for k in own.keys() & _generated(other.name, other.name_plural).keys()
        )
        if clash:
            raise Conflict(
                f"object {name!r} would generate the GraphQL name {clash[0]!r}, "
                f"already generated by object {other.name!r}"
            )


# ---------------------------------------------------------------- fields


def taken_field_names(
    model: TenantModel, obj: ObjectDef, exclude_id: str | None = None
) -> dict[str, str]:
    """Folded name -> what takes it on `obj`: live fields, their `<relation>Id`, inverse relations."""
    taken: dict[str, str] = {}
    for f in obj.live_fields:
        if f.id == exclude_id:
            continue
        taken[_fold(f.name)] = f"field {f.name!r}"
        if f.type is FieldType.RELATION:
            taken[_fold(f.id_name)] = f"the id field {f.id_name!r} of relation {f.name!r}"
    for source in model.live_objects:
        for f in source.live_fields:
            if f.id == exclude_id or f.relation is None or not f.relation.inverse_name:
                continue
            if f.relation.target_id == obj.id:
                taken[_fold(f.relation.inverse_name)] = (
                    f"the inverse relation of {source.name}.{f.name}"
                )
    return taken


def _check_free(taken: dict[str, str], names: Iterable[str], obj: ObjectDef) -> None:
    for name in names:
        holder = taken.get(_fold(name))
        if holder is not None:
            raise Conflict(f"{name!r} on object {obj.name!r} is already taken by {holder}")


def check_field_name(
    model: TenantModel,
    obj: ObjectDef,
    name: str,
    field_type: FieldType,
    exclude_id: str | None = None,
) -> None:
    """A field's name (and a relation's `<name>Id`) is free on its object."""
    check_field_name_form(name)
    names = [name]
    if field_type is FieldType.RELATION:
        check_field_name_form(f"{name}Id", "relation id field")
        names.append(f"{name}Id")
    _check_free(taken_field_names(model, obj, exclude_id), names, obj)


def check_inverse_name(
    model: TenantModel, target: ObjectDef, inverse_name: str, exclude_id: str | None = None
) -> None:
    """An inverse relation name is free on the relation's target object."""
    check_field_name_form(inverse_name, "inverse relation")
    _check_free(taken_field_names(model, target, exclude_id), [inverse_name], target)


def check_field_free(model: TenantModel, obj: ObjectDef, f: FieldDef) -> None:
    """A soft-deleted field may come back: its names (and inverse) are still free."""
    check_field_name(model, obj, f.name, f.type, exclude_id=f.id)
    target = model.live_target(f)
    if target is not None and f.relation and f.relation.inverse_name:
        check_inverse_name(model, target, f.relation.inverse_name, exclude_id=f.id)
