"""Snapshots of one tenant share the definitions that did not change between them."""
from __future__ import annotations

from typing import Any

from metadata.snapshots import same_object, share_unchanged


async def test_a_reload_keeps_unchanged_definitions(runtime: Any, tenant: Any) -> None:
    """Objects equal to the previous snapshot's are that snapshot's instances; a changed one is not."""
    before = await runtime.metadata.load(tenant.id)
    await runtime.metadata.create_field(tenant.id, "lead", {"name": "budget", "type": "CURRENCY"}, "u-admin")
    after = share_unchanged(before, await runtime.metadata.load(tenant.id))
    assert after.objects_by_name["customer"] is before.objects_by_name["customer"]
    assert after.objects_by_name["lead"] is not before.objects_by_name["lead"]
    assert "budget" in after.objects_by_name["lead"].fields_by_name
    assert after.version == before.version + 1


async def test_equal_definitions_compare_equal(runtime: Any, tenant: Any, other_tenant: Any) -> None:
    """Two loads give equal objects; another tenant's objects of the same template do not (ids differ)."""
    first, second = await runtime.metadata.load(tenant.id), await runtime.metadata.load(tenant.id)
    other = await runtime.metadata.load(other_tenant.id)
    for obj in first.objects:
        assert same_object(obj, second.objects_by_id[obj.id])
        assert not same_object(obj, other.objects_by_name[obj.name])
    assert share_unchanged(other, first).objects == first.objects
