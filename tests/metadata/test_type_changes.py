"""Changing a field's type keeps its data: every value converts, or nothing changes."""

from __future__ import annotations

from typing import Any

OPTIONS = [{"value": "gold", "label": "Gold"}, {"value": "silver", "label": "Silver"}]


async def _vendor_with(
    meta: Any, tenant: Any, field_type: str, values: list[Any], **extra: Any
) -> list[str]:
    await meta.create_object(tenant, name="vendor")
    await meta.create_field(tenant, "vendor", name="value", type=field_type, **extra)
    ids = []
    for value in values:
        data = await meta.data(
            tenant,
            "mutation($i: VendorCreateInput!) { createVendor(input: $i) { id } }",
            {"i": {"value": value}},
        )
        ids.append(data["createVendor"]["id"])
    return ids


async def _values(meta: Any, tenant: Any) -> list[Any]:
    data = await meta.data(tenant, "{ vendors(first: 100) { edges { node { id value } } } }")
    return sorted((e["node"]["value"] for e in data["vendors"]["edges"]), key=repr)


async def test_text_to_integer_converts_every_value(meta: Any, tenant: Any, physical: Any) -> None:
    """TEXT -> INTEGER parses each value into a fresh column; the old column is gone."""
    await _vendor_with(meta, tenant, "TEXT", ["12", " 7 ", None])
    old_column = await physical.column(tenant, "vendor", "value")
    changed = await meta.update_field(tenant, "vendor", "value", type="INTEGER")
    assert changed["type"] == "INTEGER"
    assert await _values(meta, tenant) == sorted([12, 7, None], key=repr)
    columns = await physical.columns(await physical.table(tenant, "vendor"))
    assert old_column not in columns
    assert await physical.column(tenant, "vendor", "value") in columns


async def test_unconvertible_values_refuse_with_a_count(
    meta: Any, tenant: Any, physical: Any
) -> None:
    """TEXT -> INTEGER over values that are not integers is CONFLICT counting them; nothing changes."""
    await _vendor_with(meta, tenant, "TEXT", ["12", "abc", "1.5", None])
    table = await physical.table(tenant, "vendor")
    columns, version = await physical.columns(table), await meta.version(tenant)
    code, message = await meta.update_fails(tenant, "vendor", "value", type="INTEGER")
    assert code == "CONFLICT"
    assert message == "2 rows hold values that cannot become INTEGER"
    assert await physical.columns(table) == columns
    assert await meta.version(tenant) == version
    assert await _values(meta, tenant) == sorted(["12", "abc", "1.5", None], key=repr)
    field = await meta.ok(tenant, '{ object(name: "vendor") { fields { type } } }')
    assert field["object"]["fields"] == [{"type": "TEXT"}]


async def test_numbers_and_dates_become_text(meta: Any, tenant: Any) -> None:
    """INTEGER -> TEXT writes each number as its decimal text."""
    await _vendor_with(meta, tenant, "INTEGER", [5, -3])
    await meta.update_field(tenant, "vendor", "value", type="TEXT")
    assert await _values(meta, tenant) == ["-3", "5"]


async def test_datetime_to_date_keeps_the_utc_day(meta: Any, tenant: Any) -> None:
    """DATETIME -> DATE keeps the calendar day in UTC."""
    await _vendor_with(meta, tenant, "DATETIME", ["2024-05-06T23:30:00+00:00"])
    await meta.update_field(tenant, "vendor", "value", type="DATE")
    assert await _values(meta, tenant) == ["2024-05-06"]


async def test_text_to_select_needs_values_among_options(meta: Any, tenant: Any) -> None:
    """TEXT -> SELECT works when every value is an option, else CONFLICT counting the others."""
    await _vendor_with(meta, tenant, "TEXT", ["gold", "bronze", "bronze"])
    code, message = await meta.update_fails(
        tenant, "vendor", "value", type="SELECT", options=OPTIONS
    )
    assert (code, message) == ("CONFLICT", "2 rows hold values that cannot become SELECT")
    await meta.update_field(
        tenant,
        "vendor",
        "value",
        type="SELECT",
        options=[*OPTIONS, {"value": "bronze", "label": "Bronze"}],
    )
    assert await _values(meta, tenant) == ["bronze", "bronze", "gold"]


async def test_select_to_multi_select_and_json_and_back(meta: Any, tenant: Any) -> None:
    """SELECT -> MULTI_SELECT wraps each value; MULTI_SELECT <-> JSON keeps the lists."""
    await _vendor_with(meta, tenant, "SELECT", ["gold", "silver"], options=OPTIONS)
    await meta.update_field(tenant, "vendor", "value", type="MULTI_SELECT")
    assert await _values(meta, tenant) == [["gold"], ["silver"]]
    await meta.update_field(tenant, "vendor", "value", type="JSON")
    assert await _values(meta, tenant) == [["gold"], ["silver"]]
    await meta.update_field(tenant, "vendor", "value", type="MULTI_SELECT", options=OPTIONS)
    assert await _values(meta, tenant) == [["gold"], ["silver"]]


async def test_structural_type_changes_are_refused(meta: Any, tenant: Any) -> None:
    """Nothing becomes or stops being a RELATION or COMPUTED; MULTI_SELECT only to JSON."""
    code, _ = await meta.update_fails(
        tenant, "customer", "company", type="RELATION", relation={"target": "lead"}
    )
    assert code == "BAD_USER_INPUT"
    code, _ = await meta.update_fails(tenant, "lead", "customer", type="TEXT")
    assert code == "BAD_USER_INPUT"
    code, message = await meta.update_fails(tenant, "customer", "tags", type="TEXT")
    assert code == "BAD_USER_INPUT"
    assert "MULTI_SELECT" in message


async def test_retyped_field_keeps_its_indexes(meta: Any, tenant: Any, physical: Any) -> None:
    """A unique, indexed field is unique and indexed again on its new column."""
    await _vendor_with(meta, tenant, "TEXT", ["1", "2"], unique=True, indexed=True)
    await meta.update_field(tenant, "vendor", "value", type="INTEGER")
    column = await physical.column(tenant, "vendor", "value")
    indexes = await physical.indexes(await physical.table(tenant, "vendor"))
    assert {((column, "created_at"), False), ((column,), True)} <= indexes


async def test_retype_that_creates_duplicates_of_a_unique_field_is_refused(
    meta: Any, tenant: Any
) -> None:
    """Values that become equal after conversion cannot stay unique: CONFLICT, nothing changes."""
    await _vendor_with(meta, tenant, "TEXT", ["1", "1.0"], unique=True)
    code, message = await meta.update_fails(tenant, "vendor", "value", type="INTEGER")
    assert code == "CONFLICT"
    assert "duplicated" in message
    assert await _values(meta, tenant) == ["1", "1.0"]
