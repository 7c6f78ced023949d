"""Export and import: a tenant's metadata as a document, applied elsewhere as an additive diff."""

from __future__ import annotations

import copy
from typing import Any

IMPORT = "mutation($d: JSON!, $dry: Boolean) { importMetadata(document: $d, dryRun: $dry) { applied changes } }"


async def _export(meta: Any, tenant: Any) -> dict[str, Any]:
    return dict((await meta.ok(tenant, "{ exportMetadata }"))["exportMetadata"])


async def test_export_speaks_names_not_ids(meta: Any, tenant: Any) -> None:
    """The export has objects and fields by name, relation targets by name, no ids or system fields."""
    doc = await _export(meta, tenant)
    assert doc["version"] == 1
    objects = {o["name"]: o for o in doc["objects"]}
    assert set(objects) == {"customer", "lead", "opportunity", "ticket", "activity"}
    lead_customer = next(f for f in objects["lead"]["fields"] if f["name"] == "customer")
    assert lead_customer == {
        "name": "customer",
        "label": "Customer",
        "type": "RELATION",
        "relation": {"target": "customer", "inverseName": "leads"},
    }
    text = repr(doc)
    for leak in (tenant.id, "c_", "t_", "createdAt", "ownerId"):
        assert leak not in text


async def test_import_into_an_empty_tenant_dry_run_then_for_real(
    meta: Any, tenant: Any, tenant_factory: Any
) -> None:
    """A dry run reports the changes and writes nothing; the real import applies exactly those."""
    doc = await _export(meta, tenant)
    empty = await tenant_factory(template=None)
    version = await meta.version(empty)
    dry = (await meta.ok(empty, IMPORT, {"d": doc, "dry": True}))["importMetadata"]
    assert dry["applied"] is False
    assert "create object customer" in dry["changes"]
    assert "create field lead.customer" in dry["changes"]
    assert len(dry["changes"]) == 5 + sum(len(o["fields"]) for o in doc["objects"])
    assert (await meta.ok(empty, "{ objects { name } }"))["objects"] == []
    assert await meta.version(empty) == version
    real = (await meta.ok(empty, IMPORT, {"d": doc}))["importMetadata"]
    assert real == {"applied": True, "changes": dry["changes"]}
    assert await meta.version(empty) == version + 1
    assert await _export(meta, empty) == doc
    await meta.data(empty, 'mutation { createLead(input: {name: "Ada", status: "new"}) { id } }')


async def test_reimport_is_a_no_op(meta: Any, tenant: Any) -> None:
    """Importing a tenant's own export changes nothing and leaves the version alone."""
    doc = await _export(meta, tenant)
    version = await meta.version(tenant)
    assert (await meta.ok(tenant, IMPORT, {"d": doc}))["importMetadata"] == {
        "applied": True,
        "changes": [],
    }
    assert await meta.version(tenant) == version


async def test_import_updates_what_differs_and_creates_what_is_missing(
    meta: Any, tenant: Any
) -> None:
    """Changed keys become updates (reported by key), new entries creations; nothing else moves."""
    doc = await _export(meta, tenant)
    customer = next(o for o in doc["objects"] if o["name"] == "customer")
    tier = next(f for f in customer["fields"] if f["name"] == "tier")
    tier["options"].append({"value": "diamond", "label": "Diamond"})
    customer["label"] = "Client"
    doc["objects"].append({"name": "vendor", "fields": [{"name": "rating", "type": "RATING"}]})
    result = (await meta.ok(tenant, IMPORT, {"d": doc}))["importMetadata"]
    assert result["changes"] == [
        "update object customer: label",
        "create object vendor",
        "update field customer.tier: options",
        "create field vendor.rating",
    ]


async def test_import_is_additive(meta: Any, tenant: Any) -> None:
    """Objects and fields missing from the document stay; `deleted: true` soft-deletes explicitly."""
    doc = {
        "version": 1,
        "objects": [{"name": "lead", "fields": [{"name": "score", "deleted": True}]}],
    }
    result = (await meta.ok(tenant, IMPORT, {"d": doc}))["importMetadata"]
    assert result["changes"] == ["delete field lead.score"]
    names = {o["name"] for o in (await meta.ok(tenant, "{ objects { name } }"))["objects"]}
    assert names == {"customer", "lead", "opportunity", "ticket", "activity"}


async def test_import_is_all_or_nothing(meta: Any, tenant: Any) -> None:
    """One bad entry fails the whole import with the entry named; nothing is written."""
    doc = {
        "version": 1,
        "objects": [
            {"name": "vendor", "fields": [{"name": "rating", "type": "RATING"}]},
            {"name": "customer", "fields": [{"name": "email", "type": "INTEGER"}]},
        ],
    }
    await meta.data(
        tenant, 'mutation { createCustomer(input: {name: "Ada", email: "ada@example.com"}) { id } }'
    )
    version = await meta.version(tenant)
    code, message = await meta.fails(tenant, IMPORT, {"d": doc})
    assert code == "CONFLICT"
    assert message.startswith("customer.email: 1 row holds a value that cannot become INTEGER")
    assert await meta.version(tenant) == version
    assert (await meta.ok(tenant, '{ object(name: "vendor") { id } }'))["object"] is None


async def test_invalid_documents_are_bad_input_naming_the_path(meta: Any, tenant: Any) -> None:
    """A document failing its JSON Schema is BAD_USER_INPUT with the path of the problem."""
    doc = await _export(meta, tenant)
    broken = copy.deepcopy(doc)
    broken["objects"][1]["fields"][2]["type"] = "COLOUR"
    code, message = await meta.fails(tenant, IMPORT, {"d": broken})
    assert code == "BAD_USER_INPUT"
    assert "$.objects[1].fields[2].type" in message
    for bad in ({"objects": []}, {"version": 2, "objects": []}, [1, 2]):
        assert (await meta.fails(tenant, IMPORT, {"d": bad}))[0] == "BAD_USER_INPUT"


async def test_new_field_without_type_names_the_entry(meta: Any, tenant: Any) -> None:
    """A field that does not exist yet needs a type; the error names object and field."""
    doc = {"version": 1, "objects": [{"name": "lead", "fields": [{"name": "budget"}]}]}
    code, message = await meta.fails(tenant, IMPORT, {"d": doc})
    assert code == "BAD_USER_INPUT"
    assert message.startswith("lead.budget:")
