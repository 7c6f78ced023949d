"""Concurrent metadata changes to one tenant queue on the tenant lock instead of interleaving."""

from __future__ import annotations

import asyncio
from typing import Any


async def test_concurrent_changes_both_apply_and_bump_the_version_twice(
    meta: Any, tenant: Any
) -> None:
    """Two admins adding different fields at once both succeed; the version moves by two."""
    version = await meta.version(tenant)
    await asyncio.gather(
        meta.create_field(tenant, "customer", name="alpha", type="TEXT"),
        meta.create_field(tenant, "customer", name="beta", type="INTEGER"),
    )
    assert await meta.version(tenant) == version + 2
    fields = await meta.ok(tenant, '{ object(name: "customer") { fields { name } } }')
    assert {"alpha", "beta"} <= {f["name"] for f in fields["object"]["fields"]}


async def test_race_to_the_same_name_creates_it_once(meta: Any, tenant: Any) -> None:
    """Two concurrent creations of one field name: one wins, the other is CONFLICT (no duplicate)."""
    bodies = await asyncio.gather(
        *(
            meta.api.meta(
                tenant, meta.CREATE_FIELD, {"o": "lead", "i": {"name": "budget", "type": kind}}
            )
            for kind in ("CURRENCY", "INTEGER", "TEXT")
        )
    )
    codes = sorted(b["errors"][0]["extensions"]["code"] if "errors" in b else "OK" for b in bodies)
    assert codes == ["CONFLICT", "CONFLICT", "OK"]
    fields = await meta.ok(
        tenant, '{ object(name: "lead") { fields(includeDeleted: true) { name } } }'
    )
    assert [f["name"] for f in fields["object"]["fields"]].count("budget") == 1
