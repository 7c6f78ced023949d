"""Only metadata admins may use the metadata API: everyone else gets FORBIDDEN, nothing changes."""

from __future__ import annotations

from typing import Any

import pytest

OPERATIONS = {
    "objects": "{ objects { name } }",
    "object": '{ object(name: "customer") { name } }',
    "metadataVersion": "{ metadataVersion }",
    "exportMetadata": "{ exportMetadata }",
    "auditLog": "{ auditLog { edges { cursor } } }",
    "createObject": 'mutation { createObject(input: {name: "vendor"}) { id } }',
    "updateObject": 'mutation { updateObject(name: "customer", input: {label: "X"}) { id } }',
    "deleteObject": 'mutation { deleteObject(name: "customer") }',
    "restoreObject": 'mutation { restoreObject(name: "customer") { id } }',
    "purgeObject": 'mutation { purgeObject(name: "customer") }',
    "createField": 'mutation { createField(object: "customer", input: {name: "x", type: TEXT}) { id } }',
    "updateField": 'mutation { updateField(object: "customer", name: "email", input: {label: "X"}) { id } }',
    "deleteField": 'mutation { deleteField(object: "customer", name: "email") }',
    "restoreField": 'mutation { restoreField(object: "customer", name: "email") { id } }',
    "purgeField": 'mutation { purgeField(object: "customer", name: "email") }',
    "importMetadata": "mutation { importMetadata(document: {version: 1, objects: []}) { applied } }",
}


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
@pytest.mark.parametrize("roles", [("viewer",), ("sales_manager", "support_agent"), ()])
async def test_non_admins_are_forbidden(
    meta: Any, tenant: Any, operation: str, roles: tuple[str, ...]
) -> None:
    """Every query and mutation refuses callers without metadata rights, before doing anything."""
    version = await meta.version(tenant)
    code, _ = await meta.fails(tenant, OPERATIONS[operation], roles=roles, user="u-someone")
    assert code == "FORBIDDEN"
    assert await meta.version(tenant) == version


async def test_admins_of_one_tenant_change_only_their_tenant(
    meta: Any, tenant: Any, other_tenant: Any
) -> None:
    """The tenant comes from the credential: an admin's change never reaches another tenant."""
    other_version = await meta.version(other_tenant)
    await meta.create_object(tenant, name="vendor")
    assert await meta.version(other_tenant) == other_version
    assert (await meta.ok(other_tenant, '{ object(name: "vendor") { id } }'))["object"] is None
