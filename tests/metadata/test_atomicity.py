"""Every metadata change is one transaction: if anything fails at the last moment, metadata
rows, tables, columns, record values and the version are exactly as before."""

from __future__ import annotations

from typing import Any

import pytest

from metadata.service.unit_of_work import UnitOfWork

CHANGES = {
    "createObject": 'mutation { createObject(input: {name: "vendor"}) { id } }',
    "createField": 'mutation { createField(object: "customer", input: {name: "region", type: TEXT, required: true, defaultValue: "EU", unique: false, indexed: true}) { id } }',
    "retype": 'mutation { updateField(object: "customer", name: "satisfaction", input: {type: TEXT, name: "happiness"}) { id } }',
    "unique": 'mutation { updateField(object: "customer", name: "company", input: {unique: true, indexed: true}) { id } }',
    "required": 'mutation { updateField(object: "customer", name: "company", input: {required: true, defaultValue: "none"}) { id } }',
    "deleteField": 'mutation { deleteField(object: "customer", name: "company") }',
    "purgeField": 'mutation { purgeField(object: "customer", name: "company") }',
    "purgeObject": 'mutation { purgeObject(name: "customer") }',
    "import": 'mutation { importMetadata(document: {version: 1, objects: [{name: "vendor", fields: [{name: "rating", type: RATING}]}]}) { applied } }',
}


async def _snapshot(meta: Any, tenant: Any, physical: Any) -> Any:
    tables = sorted(await physical.tables())
    columns = {t: sorted(await physical.columns(t)) for t in tables if t.startswith("t_")}
    indexes = {t: sorted(await physical.indexes(t)) for t in columns}
    records = await meta.data(
        tenant, "{ customers { edges { node { name company satisfaction } } } }"
    )
    exported = (await meta.ok(tenant, "{ exportMetadata }"))["exportMetadata"]
    return tables, columns, indexes, records, exported, await meta.version(tenant)


@pytest.mark.parametrize("change", sorted(CHANGES))
async def test_failure_at_commit_time_changes_nothing(
    meta: Any, tenant: Any, physical: Any, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    """A failure after all writes and DDL rolls everything back, and leaks no detail."""
    for name in ("Ada", "Bob"):
        await meta.data(
            tenant,
            "mutation($n: String!) { createCustomer(input: {name: $n, satisfaction: 4}) { id } }",
            {"n": name},
        )
    before = await _snapshot(meta, tenant, physical)
    finish = UnitOfWork.finish

    async def finish_then_fail(self: UnitOfWork) -> None:
        await finish(self)
        raise RuntimeError("disk on fire: SELECT secret FROM t_0000")

    monkeypatch.setattr(UnitOfWork, "finish", finish_then_fail)
    body = await meta.api.meta(tenant, CHANGES[change])
    monkeypatch.undo()
    assert [e["extensions"]["code"] for e in body["errors"]] == ["INTERNAL_SERVER_ERROR"]
    assert "secret" not in repr(body)
    assert await _snapshot(meta, tenant, physical) == before


async def test_the_same_changes_succeed_without_the_failure(meta: Any, tenant: Any) -> None:
    """Control for the test above: each change is valid and moves the version."""
    for change in (
        "createObject",
        "createField",
        "retype",
        "unique",
        "required",
        "deleteField",
        "import",
    ):
        version = await meta.version(tenant)
        await meta.ok(tenant, CHANGES[change])
        assert await meta.version(tenant) == version + 1, change
