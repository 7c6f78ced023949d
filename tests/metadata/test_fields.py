"""Fields: every type is usable at once; renames keep values; delete is soft, purge is final."""

from __future__ import annotations

import decimal
from typing import Any

import pytest

OPTIONS = [{"value": "a", "label": "A"}, {"value": "b", "label": "B", "color": "#00ff00"}]
VALUES: dict[str, Any] = {
    "TEXT": "x",
    "LONG_TEXT": "long\ntext",
    "EMAIL": "ada@example.com",
    "PHONE": "+1 555 0100",
    "URL": "https://example.com/a",
    "INTEGER": 5,
    "DECIMAL": "1.5",
    "CURRENCY": "10.25",
    "PERCENT": 12.5,
    "BOOLEAN": True,
    "DATE": "2024-01-02",
    "DATETIME": "2024-01-02T03:04:05+00:00",
    "SELECT": "a",
    "MULTI_SELECT": ["a", "b"],
    "RATING": 4,
    "JSON": {"k": [1, "two"]},
    "USER": "u-1",
}


def _same(field_type: str, got: Any, sent: Any) -> bool:
    if field_type in ("DECIMAL", "CURRENCY"):
        return decimal.Decimal(got) == decimal.Decimal(sent)
    return bool(got == sent)


@pytest.mark.parametrize("field_type", sorted(VALUES))
async def test_field_of_every_type_is_writable_and_readable(
    meta: Any, tenant: Any, field_type: str
) -> None:
    """A new field of each plain type describes itself and round-trips a value through the data API."""
    await meta.create_object(tenant, name="vendor")
    extra = {"options": OPTIONS} if "SELECT" in field_type else {}
    created = await meta.create_field(
        tenant, "vendor", name="value", type=field_type, description="d", **extra
    )
    assert (created["type"], created["label"], created["description"]) == (field_type, "Value", "d")
    assert created["options"] == (
        [{**o, "color": o.get("color")} for o in OPTIONS] if extra else None
    )
    data = await meta.data(
        tenant,
        "mutation($i: VendorCreateInput!) { createVendor(input: $i) { id value } }",
        {"i": {"value": VALUES[field_type]}},
    )
    assert _same(field_type, data["createVendor"]["value"], VALUES[field_type])


async def test_relation_field_gives_both_directions(meta: Any, tenant: Any, physical: Any) -> None:
    """A RELATION stores the target id (indexed), and the target gets the inverse list."""
    await meta.create_object(tenant, name="vendor")
    created = await meta.create_field(
        tenant,
        "vendor",
        name="account",
        type="RELATION",
        relation={"target": "customer", "inverseName": "vendors", "onDelete": "CASCADE"},
    )
    assert created["relation"] == {
        "target": "customer",
        "inverseName": "vendors",
        "onDelete": "CASCADE",
    }
    assert created["indexed"] is False
    column = await physical.column(tenant, "vendor", "account")
    assert ((column, "created_at"), False) in await physical.indexes(await physical.table(tenant, "vendor"))
    customer = (
        await meta.data(tenant, 'mutation { createCustomer(input: {name: "Ada"}) { id } }')
    )["createCustomer"]["id"]
    await meta.data(
        tenant, "mutation($c: ID!) { createVendor(input: {accountId: $c}) { id } }", {"c": customer}
    )
    data = await meta.data(
        tenant, "query($c: ID!) { customer(id: $c) { vendors { totalCount } } }", {"c": customer}
    )
    assert data["customer"]["vendors"]["totalCount"] == 1


async def test_relation_to_unknown_object_is_bad_input(meta: Any, tenant: Any) -> None:
    """A relation must target a live object."""
    code, message = await meta.field_fails(
        tenant, "lead", name="vendor", type="RELATION", relation={"target": "vendor"}
    )
    assert code == "BAD_USER_INPUT"
    assert "vendor" in message


async def test_computed_field_with_unknown_plugin_is_bad_input(meta: Any, tenant: Any) -> None:
    """A COMPUTED field names a plugin that must exist."""
    code, message = await meta.field_fails(
        tenant,
        "customer",
        name="score",
        type="COMPUTED",
        computed={"plugin": "no_such_plugin", "config": {}},
    )
    assert code == "BAD_USER_INPUT"
    assert "unknown plugin 'no_such_plugin'" in message


async def test_computed_field_resolves_its_kind_and_checks_config(meta: Any, tenant: Any) -> None:
    """Omitting `kind` picks the plugin's default; a config failing its schema is refused."""
    created = await meta.create_field(
        tenant,
        "customer",
        name="valueScore",
        label="Value score",
        type="COMPUTED",
        computed={"plugin": "customer_value_score", "config": {}},
    )
    assert created["computed"]["plugin"] == "customer_value_score"
    assert created["computed"]["kind"]
    code, message = await meta.field_fails(
        tenant,
        "customer",
        name="otherScore",
        type="COMPUTED",
        computed={"plugin": "customer_value_score", "config": {"noSuchKey": 1}},
    )
    assert code == "BAD_USER_INPUT"
    assert "noSuchKey" in message


async def test_computed_kind_must_apply_to_its_object(meta: Any, tenant: Any) -> None:
    """A kind that cannot work on an object (missing the fields it reads) is refused up front."""
    code, message = await meta.field_fails(
        tenant,
        "ticket",
        name="valueScore",
        type="COMPUTED",
        computed={"plugin": "customer_value_score"},
    )
    assert code == "BAD_USER_INPUT"
    assert "cannot be used on ticket" in message


async def test_new_field_is_filterable_and_sortable_at_once(meta: Any, tenant: Any) -> None:
    """A field added to an object with rows can be filtered and sorted on the next request."""
    for name in ("A", "B", "C"):
        await meta.data(
            tenant,
            "mutation($n: String!) { createCustomer(input: {name: $n}) { id } }",
            {"n": name},
        )
    await meta.create_field(tenant, "customer", name="priority", type="INTEGER", indexed=True)
    data = await meta.data(
        tenant,
        "{ customers(filter: {priority: {isNull: true}}, orderBy: [{priority: ASC}]) { totalCount } }",
    )
    assert data["customers"]["totalCount"] == 3


async def test_default_value_fills_existing_rows(meta: Any, tenant: Any) -> None:
    """A new field with a defaultValue gives that value to the records that exist already."""
    await meta.data(tenant, 'mutation { createCustomer(input: {name: "Ada"}) { id } }')
    await meta.create_field(
        tenant, "customer", name="region", type="SELECT", options=OPTIONS, defaultValue="b"
    )
    data = await meta.data(tenant, "{ customers { edges { node { region } } } }")
    assert [e["node"]["region"] for e in data["customers"]["edges"]] == ["b"]


async def test_rename_field_keeps_values_and_column(meta: Any, tenant: Any, physical: Any) -> None:
    """Renaming a field changes its API name only; values and the column stay."""
    created = await meta.data(
        tenant, 'mutation { createCustomer(input: {name: "Ada", company: "Acme"}) { id } }'
    )
    column = await physical.column(tenant, "customer", "company")
    renamed = await meta.update_field(tenant, "customer", "company", name="organisation")
    assert (renamed["name"], renamed["label"]) == ("organisation", "Organisation")
    assert await physical.column(tenant, "customer", "organisation") == column
    data = await meta.data(
        tenant,
        "query($id: ID!) { customer(id: $id) { organisation } }",
        {"id": created["createCustomer"]["id"]},
    )
    assert data["customer"] == {"organisation": "Acme"}


async def test_update_field_label_and_description(meta: Any, tenant: Any) -> None:
    """Labels and descriptions change without touching anything else; null clears a description."""
    updated = await meta.update_field(
        tenant, "customer", "company", label="Firm", description="Where they work"
    )
    assert (updated["label"], updated["description"]) == ("Firm", "Where they work")
    cleared = await meta.update_field(tenant, "customer", "company", description=None)
    assert (cleared["label"], cleared["description"]) == ("Firm", None)


async def test_delete_field_is_soft_and_restore_brings_values_back(meta: Any, tenant: Any) -> None:
    """deleteField hides the field from the API; its values return with restoreField."""
    created = await meta.data(
        tenant, 'mutation { createCustomer(input: {name: "Ada", company: "Acme"}) { id } }'
    )
    record = created["createCustomer"]["id"]
    assert await meta.ok(
        tenant, 'mutation { deleteField(object: "customer", name: "company") }'
    ) == {"deleteField": True}
    body = await meta.api.gql(
        tenant, "query($id: ID!) { customer(id: $id) { company } }", {"id": record}
    )
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    listed = await meta.ok(
        tenant,
        '{ object(name: "customer") { live: fields { name } all: fields(includeDeleted: true) { name deletedAt } } }',
    )
    assert "company" not in {f["name"] for f in listed["object"]["live"]}
    assert [
        f["deletedAt"] is not None for f in listed["object"]["all"] if f["name"] == "company"
    ] == [True]
    restored = await meta.ok(
        tenant, 'mutation { restoreField(object: "customer", name: "company") { name deletedAt } }'
    )
    assert restored["restoreField"] == {"name": "company", "deletedAt": None}
    data = await meta.data(
        tenant, "query($id: ID!) { customer(id: $id) { company } }", {"id": record}
    )
    assert data["customer"] == {"company": "Acme"}


async def test_deleted_field_name_is_free_but_restore_then_conflicts(
    meta: Any, tenant: Any
) -> None:
    """A soft-deleted field's name can be reused; restoring the old one is then CONFLICT."""
    await meta.ok(tenant, 'mutation { deleteField(object: "customer", name: "company") }')
    await meta.create_field(tenant, "customer", name="company", type="INTEGER")
    code, message = await meta.fails(
        tenant, 'mutation { restoreField(object: "customer", name: "company") { id } }'
    )
    assert code == "CONFLICT"
    assert "company" in message


async def test_purge_field_drops_column_for_good(meta: Any, tenant: Any, physical: Any) -> None:
    """purgeField removes the column and the field; it cannot be restored."""
    column = await physical.column(tenant, "customer", "company")
    table = await physical.table(tenant, "customer")
    assert await meta.ok(
        tenant, 'mutation { purgeField(object: "customer", name: "company") }'
    ) == {"purgeField": True}
    assert column not in await physical.columns(table)
    code, _ = await meta.fails(
        tenant, 'mutation { restoreField(object: "customer", name: "company") { id } }'
    )
    assert code == "NOT_FOUND"


async def test_purge_soft_deleted_indexed_field(meta: Any, tenant: Any, physical: Any) -> None:
    """An indexed, unique field that was soft-deleted can still be purged (its indexes go first)."""
    await meta.create_field(tenant, "customer", name="code", type="TEXT", unique=True, indexed=True)
    column = await physical.column(tenant, "customer", "code")
    await meta.ok(tenant, 'mutation { deleteField(object: "customer", name: "code") }')
    await meta.ok(tenant, 'mutation { purgeField(object: "customer", name: "code") }')
    table = await physical.table(tenant, "customer")
    assert column not in await physical.columns(table)
    assert not [cols for cols, _ in await physical.indexes(table) if column in cols]


async def test_unknown_field_is_not_found(meta: Any, tenant: Any) -> None:
    """Updating or deleting a field that does not exist gives NOT_FOUND."""
    code, _ = await meta.update_fails(tenant, "customer", "nothing", label="X")
    assert code == "NOT_FOUND"
    code, _ = await meta.fails(
        tenant, 'mutation { deleteField(object: "customer", name: "nothing") }'
    )
    assert code == "NOT_FOUND"
