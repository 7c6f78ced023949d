"""Objects: creating one makes a live API, renames keep data, delete is soft, purge is final."""

from __future__ import annotations

from typing import Any

import pytest


async def _customer(meta: Any, tenant: Any, name: str) -> str:
    data = await meta.data(
        tenant, "mutation($n: String!) { createCustomer(input: {name: $n}) { id } }", {"n": name}
    )
    return str(data["createCustomer"]["id"])


async def test_create_object_defaults_plural_and_labels(meta: Any, tenant: Any) -> None:
    """Only `name` is needed: namePlural and labels are derived, and the version moves by one."""
    before = await meta.version(tenant)
    created = await meta.create_object(tenant, name="purchaseOrder")
    assert created["namePlural"] == "purchaseOrders"
    assert (created["label"], created["labelPlural"]) == ("Purchase order", "Purchase orders")
    assert await meta.version(tenant) == before + 1
    listed = await meta.ok(tenant, '{ object(name: "purchaseOrder") { id fields { name } } }')
    assert listed["object"] == {"id": created["id"], "fields": []}


@pytest.mark.parametrize(
    ("name", "plural"),
    [
        ("company", "companies"),
        ("survey", "surveys"),
        ("address", "addresses"),
        ("box", "boxes"),
        ("branch", "branches"),
        ("wish", "wishes"),
        ("quiz", "quizes"),
        ("invoice", "invoices"),
    ],
)
async def test_default_plural_follows_english_rules(
    meta: Any, tenant: Any, name: str, plural: str
) -> None:
    """namePlural defaults to the English plural: y->ies after a consonant, s/x/z/ch/sh->es, else +s."""
    assert (await meta.create_object(tenant, name=name))["namePlural"] == plural


async def test_new_object_is_live_in_the_data_api(meta: Any, tenant: Any) -> None:
    """A created object and field can be written and read on the next request, no restart."""
    await meta.create_object(tenant, name="vendor", description="Who we buy from")
    await meta.create_field(tenant, "vendor", name="title", type="TEXT")
    await meta.data(tenant, 'mutation { createVendor(input: {title: "Acme"}) { id } }')
    data = await meta.data(tenant, "{ vendors { totalCount edges { node { title } } } }")
    assert data["vendors"]["totalCount"] == 1


async def test_rename_object_keeps_records_and_table(meta: Any, tenant: Any, physical: Any) -> None:
    """Renaming changes API names only; the records and the physical table stay."""
    record = await _customer(meta, tenant, "Ada")
    table = await physical.table(tenant, "customer")
    renamed = (
        await meta.ok(tenant, meta.UPDATE_OBJECT, {"n": "customer", "i": {"name": "client"}})
    )["updateObject"]
    assert (renamed["namePlural"], renamed["label"], renamed["labelPlural"]) == (
        "clients",
        "Client",
        "Clients",
    )
    assert await physical.table(tenant, "client") == table
    data = await meta.data(tenant, "query($id: ID!) { client(id: $id) { name } }", {"id": record})
    assert data["client"] == {"name": "Ada"}
    body = await meta.api.gql(tenant, "{ customers { totalCount } }")
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_rename_keeps_a_chosen_plural_and_label(meta: Any, tenant: Any) -> None:
    """Plural and labels an admin chose survive a rename; derived ones follow it."""
    await meta.create_object(tenant, name="person", namePlural="people", label="Human")
    renamed = (await meta.ok(tenant, meta.UPDATE_OBJECT, {"n": "person", "i": {"name": "member"}}))[
        "updateObject"
    ]
    assert (renamed["namePlural"], renamed["label"], renamed["labelPlural"]) == (
        "people",
        "Human",
        "People",
    )


async def test_delete_object_is_soft_and_restore_brings_records_back(
    meta: Any, tenant: Any
) -> None:
    """deleteObject hides the object (and relations to it); restoreObject brings it back with its data."""
    record = await _customer(meta, tenant, "Ada")
    deleted = await meta.ok(tenant, 'mutation { deleteObject(name: "customer") }')
    assert deleted == {"deleteObject": True}
    names = await meta.ok(
        tenant, "{ live: objects { name } all: objects(includeDeleted: true) { name deletedAt } }"
    )
    assert "customer" not in {o["name"] for o in names["live"]}
    assert [o["deletedAt"] is not None for o in names["all"] if o["name"] == "customer"] == [True]
    for query in (
        "{ customers { totalCount } }",
        "{ leads { edges { node { customer { id } } } } }",
    ):
        body = await meta.api.gql(tenant, query)
        assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    restored = await meta.ok(
        tenant, 'mutation { restoreObject(name: "customer") { name deletedAt } }'
    )
    assert restored["restoreObject"] == {"name": "customer", "deletedAt": None}
    data = await meta.data(tenant, "query($id: ID!) { customer(id: $id) { name } }", {"id": record})
    assert data["customer"] == {"name": "Ada"}


async def test_restore_object_refused_when_its_name_was_taken(meta: Any, tenant: Any) -> None:
    """An object cannot come back while another live object holds its names."""
    await meta.create_object(tenant, name="vendor")
    await meta.ok(tenant, 'mutation { deleteObject(name: "vendor") }')
    await meta.create_object(tenant, name="vendor")
    code, message = await meta.fails(tenant, 'mutation { restoreObject(name: "vendor") { id } }')
    assert code == "CONFLICT"
    assert "vendor" in message


async def test_purge_object_drops_table_and_relations_to_it(
    meta: Any, tenant: Any, physical: Any
) -> None:
    """purgeObject removes the table for good, and relation fields elsewhere that target it."""
    await _customer(meta, tenant, "Ada")
    table = await physical.table(tenant, "customer")
    lead_column = await physical.column(tenant, "lead", "customer")
    lead_table = await physical.table(tenant, "lead")
    assert await meta.ok(tenant, 'mutation { purgeObject(name: "customer") }') == {
        "purgeObject": True
    }
    assert table not in await physical.tables()
    assert lead_column not in await physical.columns(lead_table)
    lead = await meta.ok(
        tenant, '{ object(name: "lead") { fields(includeDeleted: true) { name } } }'
    )
    assert "customer" not in {f["name"] for f in lead["object"]["fields"]}
    everything = await meta.ok(tenant, "{ objects(includeDeleted: true) { name } }")
    assert "customer" not in {o["name"] for o in everything["objects"]}


async def test_unknown_object_is_not_found(meta: Any, tenant: Any) -> None:
    """Changing an object that does not exist gives NOT_FOUND."""
    code, _ = await meta.fails(tenant, meta.UPDATE_OBJECT, {"n": "nothing", "i": {"label": "X"}})
    assert code == "NOT_FOUND"
    code, _ = await meta.fails(tenant, 'mutation { deleteObject(name: "nothing") }')
    assert code == "NOT_FOUND"


async def test_object_input_is_checked_by_json_schema(meta: Any, tenant: Any) -> None:
    """An over-long label is BAD_USER_INPUT naming the offending key."""
    code, message = await meta.fails(
        tenant, meta.CREATE_OBJECT, {"i": {"name": "vendor", "label": "x" * 500}}
    )
    assert code == "BAD_USER_INPUT"
    assert "label" in message
