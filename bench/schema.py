"""The bench tenant's metadata: the anchor's three tables as metacrm objects.

Select options carry exactly the anchor's values, so the generated rows validate and
answers compare value for value. Indexes follow the anchor's `indexes.sql` as far as
single-column metadata indexes go (relations and `ownerId`/`createdAt` are indexed by
metacrm itself). `customer.internalNotes` is never filled: it exists so the restricted
role has a field to be denied without changing what Q1-Q4 select.
"""

from __future__ import annotations

from typing import Any

from . import dataset

RESTRICTED_ROLE = "bench_reader"
DENIED_FIELD = "internalNotes"
ROW_FILTER: dict[str, Any] = {"ownerId": {"isNull": False}}
"""Matches every bench row, so the restricted answers equal the admin's, yet it is
compiled into every statement like any row filter."""
ROW_FILTER_SQL = "{a}.owner_id is not null"
"""ROW_FILTER in the raw-SQL baseline, for the table aliased `{a}`."""


def _options(values: list[str]) -> list[dict[str, str]]:
    return [
        {"value": v, "label": v.replace("_", " ").replace("-", " ").capitalize()} for v in values
    ]


def _select(name: str, values: list[str], indexed: bool = False) -> dict[str, Any]:
    return {
        "name": name,
        "label": name.capitalize(),
        "type": "SELECT",
        "options": _options(values),
        "indexed": indexed,
    }


OBJECTS: list[dict[str, Any]] = [
    {
        "name": "customer",
        "namePlural": "customers",
        "label": "Customer",
        "labelPlural": "Customers",
        "fields": [
            {"name": "name", "label": "Name", "type": "TEXT", "required": True},
            {"name": "email", "label": "Email", "type": "EMAIL"},
            {"name": "phone", "label": "Phone", "type": "PHONE"},
            {"name": "company", "label": "Company", "type": "TEXT"},
            _select("industry", dataset.INDUSTRIES, indexed=True),
            {
                "name": "annualRevenue",
                "label": "Annual revenue",
                "type": "CURRENCY",
                "indexed": True,
            },
            _select("tier", dataset.TIERS),
            {
                "name": "tags",
                "label": "Tags",
                "type": "MULTI_SELECT",
                "options": _options(dataset.TAGS),
            },
            {"name": DENIED_FIELD, "label": "Internal notes", "type": "LONG_TEXT"},
        ],
    },
    {
        "name": "lead",
        "namePlural": "leads",
        "label": "Lead",
        "labelPlural": "Leads",
        "fields": [
            {"name": "name", "label": "Name", "type": "TEXT", "required": True},
            _select("source", dataset.LEAD_SOURCES),
            _select("status", dataset.LEAD_STATUS, indexed=True),
            {"name": "score", "label": "Score", "type": "INTEGER"},
            {
                "name": "customer",
                "label": "Customer",
                "type": "RELATION",
                "relation": {"target": "customer", "inverseName": "leads"},
            },
        ],
    },
    {
        "name": "ticket",
        "namePlural": "tickets",
        "label": "Ticket",
        "labelPlural": "Tickets",
        "fields": [
            {"name": "subject", "label": "Subject", "type": "TEXT", "required": True},
            _select("status", dataset.TICKET_STATUS, indexed=True),
            _select("priority", dataset.PRIORITIES),
            {
                "name": "customer",
                "label": "Customer",
                "type": "RELATION",
                "relation": {"target": "customer", "inverseName": "tickets"},
            },
            {"name": "closedAt", "label": "Closed at", "type": "DATETIME"},
        ],
    },
]

CREATE_OBJECT = """
mutation CreateObject($input: ObjectInput!) { createObject(input: $input) { id name } }
"""
CREATE_FIELD = """
mutation CreateField($object: String!, $input: FieldInput!) {
  createField(object: $object, input: $input) { id name type }
}
"""
CREATE_ROLE = "mutation CreateRole($name: String!) { createRole(name: $name) { name } }"
SET_PERMISSION = """
mutation SetPermission($input: PermissionInput!) { setPermission(input: $input) { role object } }
"""
IMPORT_METADATA = """
mutation Import($document: JSON!) { importMetadata(document: $document) { applied } }
"""


def object_input(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if k != "fields"}


def restricted_permissions() -> list[dict[str, Any]]:
    """READ on every bench object with the row filter; customer also denies one field."""
    return [
        {
            "role": RESTRICTED_ROLE,
            "object": o["name"],
            "actions": ["READ"],
            "rowFilter": ROW_FILTER,
            **({"deniedFields": [DENIED_FIELD]} if o["name"] == "customer" else {}),
        }
        for o in OBJECTS
    ]


def wide_tenant_document(objects: int, fields: int, prefix: str = "obj") -> dict[str, Any]:
    """An import document of `objects` objects x `fields` fields of mixed types."""
    kinds = ["TEXT", "INTEGER", "CURRENCY", "DATE", "DATETIME", "BOOLEAN", "EMAIL", "PERCENT"]
    entries = []
    for i in range(objects):
        name = f"{prefix}{i}"
        entries.append(
            {
                "name": name,
                "namePlural": f"{name}s",
                "label": f"Object {i}",
                "labelPlural": f"Objects {i}",
                "fields": [
                    {"name": f"f{j}", "label": f"Field {j}", "type": kinds[j % len(kinds)]}
                    for j in range(fields)
                ],
            }
        )
    return {"version": 1, "objects": entries}
