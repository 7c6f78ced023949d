"""auditLog: every metadata change is audited (who, when, what, before/after), newest first."""

from __future__ import annotations

from typing import Any

LOG = """query($object: String, $actor: String, $first: Int, $after: String, $record: ID) {
  auditLog(object: $object, actor: $actor, first: $first, after: $after, recordId: $record) {
    edges { cursor node { at actor action object recordId changes } }
    pageInfo { hasNextPage endCursor }
  }
}"""


async def _log(meta: Any, tenant: Any, **variables: Any) -> Any:
    return (await meta.ok(tenant, LOG, variables))["auditLog"]


async def test_metadata_changes_are_audited_newest_first(meta: Any, tenant: Any) -> None:
    """Each change has an entry with actor, action, object and before/after of what changed."""
    await meta.create_object(tenant, name="vendor")
    await meta.create_field(tenant, "vendor", name="rating", type="RATING")
    await meta.update_field(tenant, "vendor", "rating", label="Stars")
    nodes = [e["node"] for e in (await _log(meta, tenant, first=3))["edges"]]
    assert [(n["action"], n["object"], n["actor"]) for n in nodes] == [
        ("updateField", "vendor", "u-admin"),
        ("createField", "vendor", "u-admin"),
        ("createObject", "vendor", "u-admin"),
    ]
    assert nodes[0]["changes"] == {"rating.label": {"before": "Rating", "after": "Stars"}}
    assert nodes[1]["changes"]["rating.type"] == {"before": None, "after": "RATING"}
    assert nodes[2]["changes"]["namePlural"] == {"before": None, "after": "vendors"}
    assert nodes[0]["recordId"] is None and nodes[0]["at"] >= nodes[2]["at"]


async def test_pages_follow_cursors(meta: Any, tenant: Any) -> None:
    """`first`/`after` walk the log without gaps or repeats, in the order of one big page."""
    for name in ("a1", "a2", "a3", "a4", "a5"):
        await meta.create_field(tenant, "lead", name=name, type="TEXT")
    walked: list[Any] = []
    after = None
    while True:
        page = await _log(meta, tenant, object="lead", first=2, after=after)
        walked += [e["node"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert walked == [
        e["node"] for e in (await _log(meta, tenant, object="lead", first=500))["edges"]
    ]
    created = [next(iter(n["changes"])).split(".")[0] for n in walked[:5]]
    assert created == ["a5", "a4", "a3", "a2", "a1"]


async def test_filters_by_object_and_actor(meta: Any, tenant: Any) -> None:
    """`object` follows renames (by id); `actor` matches the user who changed it."""
    await meta.create_object(tenant, name="vendor")
    await meta.ok(
        tenant, meta.UPDATE_OBJECT, {"n": "vendor", "i": {"name": "supplier"}}, user="u-other"
    )
    by_object = [
        e["node"]["action"] for e in (await _log(meta, tenant, object="supplier"))["edges"]
    ]
    assert by_object == ["updateObject", "createObject"]
    by_actor = [e["node"] for e in (await _log(meta, tenant, actor="u-other"))["edges"]]
    assert [(n["action"], n["object"]) for n in by_actor] == [("updateObject", "supplier")]


async def test_data_changes_appear_with_their_record(meta: Any, tenant: Any) -> None:
    """Record changes written by the data API are in the same log, filterable by recordId."""
    created = await meta.data(tenant, 'mutation { createCustomer(input: {name: "Ada"}) { id } }')
    record = created["createCustomer"]["id"]
    nodes = [e["node"] for e in (await _log(meta, tenant, record=record))["edges"]]
    assert [(n["action"], n["object"], n["recordId"]) for n in nodes] == [
        ("create", "customer", record)
    ]


async def test_other_tenants_entries_are_never_shown(
    meta: Any, tenant: Any, other_tenant: Any
) -> None:
    """A tenant's log holds only its own entries."""
    await meta.create_object(other_tenant, name="secretThing")
    objects = {e["node"]["object"] for e in (await _log(meta, tenant, first=500))["edges"]}
    assert "secretThing" not in objects
    assert (await _log(meta, tenant, object="secretThing"))["edges"] == []


async def test_bad_paging_arguments(meta: Any, tenant: Any) -> None:
    """A malformed cursor is BAD_USER_INPUT; more than the page limit is QUERY_TOO_COMPLEX."""
    assert (await meta.fails(tenant, LOG, {"after": "not-a-cursor"}))[0] == "BAD_USER_INPUT"
    assert (await meta.fails(tenant, LOG, {"first": 501}))[0] == "QUERY_TOO_COMPLEX"
    assert (await meta.fails(tenant, LOG, {"first": -1}))[0] == "BAD_USER_INPUT"
