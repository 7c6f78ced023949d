"""required, unique, indexed and options over existing records: applied, or refused with counts."""

from __future__ import annotations

from typing import Any

TIERS = [{"value": v, "label": v.title()} for v in ("bronze", "silver", "gold", "platinum")]


async def _customers(meta: Any, tenant: Any, *inputs: dict[str, Any]) -> None:
    for data in inputs:
        await meta.data(
            tenant,
            "mutation($i: CustomerCreateInput!) { createCustomer(input: $i) { id } }",
            {"i": data},
        )


async def _column_values(meta: Any, tenant: Any, field: str) -> list[Any]:
    data = await meta.data(
        tenant, f"{{ customers(first: 100) {{ edges {{ node {{ {field} }} }} }} }}"
    )
    return sorted((e["node"][field] for e in data["customers"]["edges"]), key=repr)


async def test_required_over_nulls_is_refused_with_a_count(meta: Any, tenant: Any) -> None:
    """Making a field required while rows lack a value (and no defaultValue) is CONFLICT counting them."""
    await _customers(meta, tenant, {"name": "A"}, {"name": "B"}, {"name": "C", "company": "Acme"})
    version = await meta.version(tenant)
    code, message = await meta.update_fails(tenant, "customer", "company", required=True)
    assert code == "CONFLICT"
    assert message.startswith("2 rows have no value for customer.company")
    assert await meta.version(tenant) == version


async def test_required_with_default_fills_the_nulls(meta: Any, tenant: Any) -> None:
    """With a defaultValue, making a field required fills the rows that lack a value."""
    await _customers(meta, tenant, {"name": "A"}, {"name": "B", "company": "Acme"})
    updated = await meta.update_field(
        tenant, "customer", "company", required=True, defaultValue="Unknown"
    )
    assert (updated["required"], updated["defaultValue"]) == (True, "Unknown")
    assert await _column_values(meta, tenant, "company") == ["Acme", "Unknown"]


async def test_new_required_field_on_rows_needs_a_default(meta: Any, tenant: Any) -> None:
    """Adding a required field to an object with rows needs a defaultValue, which fills them."""
    await _customers(meta, tenant, {"name": "A"}, {"name": "B"})
    code, message = await meta.field_fails(
        tenant, "customer", name="region", type="TEXT", required=True
    )
    assert code == "CONFLICT"
    assert "2 rows" in message
    await meta.create_field(
        tenant, "customer", name="region", type="TEXT", required=True, defaultValue="EU"
    )
    assert await _column_values(meta, tenant, "region") == ["EU", "EU"]


async def test_new_required_field_on_an_empty_object_needs_no_default(
    meta: Any, tenant: Any
) -> None:
    """Without rows there is nothing to fill."""
    created = await meta.create_field(tenant, "customer", name="region", type="TEXT", required=True)
    assert created["required"] is True


async def test_unique_over_duplicates_is_refused_with_a_count(
    meta: Any, tenant: Any, physical: Any
) -> None:
    """unique: true while values repeat is CONFLICT counting the duplicated values; no index is made."""
    await _customers(
        meta,
        tenant,
        {"name": "A", "company": "X"},
        {"name": "B", "company": "X"},
        {"name": "C", "company": "Y"},
        {"name": "D", "company": "Y"},
        {"name": "E"},
        {"name": "F"},
    )
    table = await physical.table(tenant, "customer")
    before = await physical.indexes(table)
    code, message = await meta.update_fails(tenant, "customer", "company", unique=True)
    assert code == "CONFLICT"
    assert message.startswith("2 values are duplicated in customer.company")
    assert await physical.indexes(table) == before


async def test_unique_creates_and_drops_a_unique_index(
    meta: Any, tenant: Any, physical: Any
) -> None:
    """unique: true over distinct values creates a unique index; unique: false drops it."""
    await _customers(meta, tenant, {"name": "A", "company": "X"}, {"name": "B"}, {"name": "C"})
    column = await physical.column(tenant, "customer", "company")
    table = await physical.table(tenant, "customer")
    assert (await meta.update_field(tenant, "customer", "company", unique=True))["unique"] is True
    assert ((column,), True) in await physical.indexes(table)
    await meta.update_field(tenant, "customer", "company", unique=False)
    assert ((column,), True) not in await physical.indexes(table)


async def test_indexed_creates_and_drops_an_index(meta: Any, tenant: Any, physical: Any) -> None:
    """indexed: true creates an index on (the field, created_at); indexed: false drops it."""
    column = await physical.column(tenant, "customer", "company")
    table = await physical.table(tenant, "customer")
    await meta.update_field(tenant, "customer", "company", indexed=True)
    assert ((column, "created_at"), False) in await physical.indexes(table)
    await meta.update_field(tenant, "customer", "company", indexed=False)
    assert ((column, "created_at"), False) not in await physical.indexes(table)


async def test_every_table_indexes_owner_and_creation_time(
    meta: Any, tenant: Any, physical: Any
) -> None:
    """Record tables come with indexes on (owner_id, created_at) and created_at."""
    await meta.create_object(tenant, name="vendor")
    indexes = await physical.indexes(await physical.table(tenant, "vendor"))
    assert {(("owner_id", "created_at"), False), (("created_at",), False)} <= indexes


async def test_removing_a_select_option_in_use_is_refused_with_a_count(
    meta: Any, tenant: Any
) -> None:
    """Dropping an option that rows still hold is CONFLICT counting those rows."""
    await _customers(
        meta,
        tenant,
        {"name": "A", "tier": "gold"},
        {"name": "B", "tier": "gold"},
        {"name": "C", "tier": "silver"},
    )
    code, message = await meta.update_fails(
        tenant, "customer", "tier", options=TIERS[:2] + TIERS[3:]
    )
    assert code == "CONFLICT"
    assert message.startswith("2 rows of customer still use removed option(s) gold")
    updated = await meta.update_field(
        tenant, "customer", "tier", options=TIERS[1:3] + [{"value": "diamond", "label": "Diamond"}]
    )
    assert [o["value"] for o in updated["options"]] == ["silver", "gold", "diamond"]


async def test_removing_a_multi_select_option_in_use_is_refused(meta: Any, tenant: Any) -> None:
    """A MULTI_SELECT option held in any row's list cannot be removed."""
    await _customers(
        meta,
        tenant,
        {"name": "A", "tags": ["vip", "partner"]},
        {"name": "B", "tags": ["partner"]},
        {"name": "C"},
    )
    options = [{"value": "vip", "label": "VIP"}]
    code, message = await meta.update_fails(tenant, "customer", "tags", options=options)
    assert (code, message.split(" of ")[0]) == ("CONFLICT", "2 rows")


async def test_default_value_must_fit_the_field(meta: Any, tenant: Any) -> None:
    """A defaultValue is read as the field's type and must be one of a SELECT's options."""
    code, message = await meta.field_fails(
        tenant, "customer", name="size", type="INTEGER", defaultValue="big"
    )
    assert code == "BAD_USER_INPUT"
    assert "defaultValue" in message
    code, message = await meta.update_fails(tenant, "customer", "tier", defaultValue="diamond")
    assert code == "BAD_USER_INPUT"
    assert "not one of its options" in message
    assert (await meta.update_field(tenant, "customer", "tier", defaultValue="gold"))[
        "defaultValue"
    ] == "gold"


async def test_option_rules(meta: Any, tenant: Any) -> None:
    """Option values match ^[A-Za-z0-9_-]{1,64}$, are distinct, and exist only on SELECT types."""
    bad_value = [{"value": "no spaces", "label": "X"}]
    code, message = await meta.update_fails(tenant, "customer", "tier", options=bad_value)
    assert code == "BAD_USER_INPUT"
    assert "options[0].value" in message
    twice = [{"value": "a", "label": "A"}, {"value": "a", "label": "B"}]
    assert (await meta.field_fails(tenant, "customer", name="kind", type="SELECT", options=twice))[
        0
    ] == "BAD_USER_INPUT"
    code, _ = await meta.field_fails(
        tenant, "customer", name="kind", type="TEXT", options=[{"value": "a", "label": "A"}]
    )
    assert code == "BAD_USER_INPUT"


async def test_json_and_multi_select_cannot_be_unique(meta: Any, tenant: Any) -> None:
    """Unique and indexed are refused on types without a meaningful B-tree key."""
    code, _ = await meta.field_fails(tenant, "customer", name="extra", type="JSON", unique=True)
    assert code == "BAD_USER_INPUT"
    code, _ = await meta.update_fails(tenant, "customer", "tags", indexed=True)
    assert code == "BAD_USER_INPUT"
