"""Naming rules: valid GraphQL names, no system or reserved words, no collisions of any
generated name, compared case-folded."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.parametrize(
    "name", ["Vendor", "1vendor", "ven-dor", "ven_dor", "__type", "v" * 64, ""]
)
async def test_malformed_object_names_are_bad_input(meta: Any, tenant: Any, name: str) -> None:
    """Object names match ^[a-z][a-zA-Z0-9]{0,62}$ and never start with `__`."""
    code, _ = await meta.fails(tenant, meta.CREATE_OBJECT, {"i": {"name": name}})
    assert code == "BAD_USER_INPUT"


@pytest.mark.parametrize(
    "name",
    [
        "id",
        "createdAt",
        "updatedAt",
        "createdBy",
        "updatedBy",
        "ownerId",
        "version",
        "deletedAt",
        "history",
        "OwnerId",
    ],
)
async def test_system_field_names_are_refused(meta: Any, tenant: Any, name: str) -> None:
    """A field may not take the name of a system field (or `history`)."""
    code, _ = await meta.field_fails(tenant, "customer", name=name, type="TEXT")
    assert code == "BAD_USER_INPUT"


@pytest.mark.parametrize(
    "name", ["and", "or", "not", "true", "false", "null", "select", "drop", "table", "union"]
)
async def test_reserved_words_are_refused(meta: Any, tenant: Any, name: str) -> None:
    """Filter keywords, GraphQL literals and SQL statement words are refused for fields and objects."""
    assert (await meta.field_fails(tenant, "customer", name=name, type="TEXT"))[
        0
    ] == "BAD_USER_INPUT"
    assert (await meta.fails(tenant, meta.CREATE_OBJECT, {"i": {"name": name}}))[
        0
    ] == "BAD_USER_INPUT"


@pytest.mark.parametrize("name", ["order", "group", "source2", "user", "kind", "status2"])
async def test_business_nouns_that_are_sql_words_are_allowed(
    meta: Any, tenant: Any, name: str
) -> None:
    """Physical names are ids, so words like `order` or `user` are fine as API names."""
    assert (await meta.create_field(tenant, "customer", name=name, type="TEXT"))["name"] == name


async def test_object_names_like_order_and_user_are_allowed(meta: Any, tenant: Any) -> None:
    """An object may be called `order` or `user`."""
    for name in ("order", "user"):
        assert (await meta.create_object(tenant, name=name))["name"] == name


@pytest.mark.parametrize(
    ("data", "clash"),
    [
        ({"name": "customerFilter"}, "CustomerFilter"),
        ({"name": "customerEdge"}, "CustomerEdge"),
        ({"name": "customers"}, "createCustomers"),
        ({"name": "client", "namePlural": "customers"}, "Customers"),
        ({"name": "customerOrderBy"}, "CustomerOrderBy"),
        ({"name": "ticketAvgAggregate"}, "TicketAvgAggregate"),
    ],
)
async def test_generated_names_may_not_collide_with_another_object(
    meta: Any, tenant: Any, data: dict[str, str], clash: str
) -> None:
    """An object whose generated types or root fields another object already generates is CONFLICT."""
    code, message = await meta.fails(tenant, meta.CREATE_OBJECT, {"i": data})
    assert code == "CONFLICT"
    assert clash in message


@pytest.mark.parametrize(
    "name",
    [
        "query",
        "mutation",
        "pageInfo",
        "string",
        "int",
        "boolean",
        "dateTime",
        "decimal",
        "auditEntry",
        "json",
        "orderDirection",
    ],
)
async def test_generated_names_may_not_collide_with_built_in_types(
    meta: Any, tenant: Any, name: str
) -> None:
    """Objects that would generate a built-in type (`Query`, `String`, `AuditEntry` ...) are refused."""
    code, _ = await meta.fails(tenant, meta.CREATE_OBJECT, {"i": {"name": name}})
    assert code == "CONFLICT"


async def test_scalar_filter_inputs_are_built_in(meta: Any, tenant: Any) -> None:
    """`string` would generate `StringFilter`, the data API's own filter input."""
    code, message = await meta.fails(tenant, meta.CREATE_OBJECT, {"i": {"name": "string"}})
    assert code == "CONFLICT"
    assert "String" in message


async def test_object_names_differing_only_by_case_conflict(meta: Any, tenant: Any) -> None:
    """`lEAD` and `lead` cannot coexist."""
    code, _ = await meta.fails(tenant, meta.CREATE_OBJECT, {"i": {"name": "lEAD"}})
    assert code == "CONFLICT"


async def test_plural_equal_to_name_is_bad_input(meta: Any, tenant: Any) -> None:
    """`sheep`/`sheep` would make the single and list root fields the same name."""
    code, _ = await meta.fails(
        tenant, meta.CREATE_OBJECT, {"i": {"name": "sheep", "namePlural": "sheep"}}
    )
    assert code == "BAD_USER_INPUT"


async def test_rename_into_a_collision_is_refused(meta: Any, tenant: Any) -> None:
    """Renames and namePlural changes run the same collision checks."""
    code, _ = await meta.fails(
        tenant, meta.UPDATE_OBJECT, {"n": "lead", "i": {"name": "customerConnection"}}
    )
    assert code == "CONFLICT"
    code, _ = await meta.fails(
        tenant, meta.UPDATE_OBJECT, {"n": "lead", "i": {"namePlural": "tickets"}}
    )
    assert code == "CONFLICT"


async def test_field_names_differing_only_by_case_conflict(meta: Any, tenant: Any) -> None:
    """`annualrevenue` collides with `annualRevenue`."""
    code, message = await meta.field_fails(tenant, "customer", name="annualrevenue", type="TEXT")
    assert code == "CONFLICT"
    assert "annualRevenue" in message


async def test_field_name_may_not_take_a_relation_id_name(meta: Any, tenant: Any) -> None:
    """`customerId` on `lead` is the id field of relation `customer`."""
    code, message = await meta.field_fails(tenant, "lead", name="customerId", type="TEXT")
    assert code == "CONFLICT"
    assert "customerId" in message


async def test_relation_id_name_may_not_take_a_field_name(meta: Any, tenant: Any) -> None:
    """A relation `x` needs `xId` free as well."""
    await meta.create_field(tenant, "lead", name="ownerRefId", type="TEXT")
    code, _ = await meta.field_fails(
        tenant, "lead", name="ownerRef", type="RELATION", relation={"target": "customer"}
    )
    assert code == "CONFLICT"


async def test_field_name_may_not_take_an_inverse_relation_name(meta: Any, tenant: Any) -> None:
    """`leads` on `customer` is the inverse of `lead.customer`."""
    code, message = await meta.field_fails(tenant, "customer", name="leads", type="TEXT")
    assert code == "CONFLICT"
    assert "lead.customer" in message


async def test_inverse_name_may_not_collide_on_the_target(meta: Any, tenant: Any) -> None:
    """A relation's inverse name must be free on its target: fields and other inverses."""
    for inverse in ("email", "tickets"):
        code, _ = await meta.field_fails(
            tenant,
            "lead",
            name="account",
            type="RELATION",
            relation={"target": "customer", "inverseName": inverse},
        )
        assert code == "CONFLICT"
    code, _ = await meta.field_fails(
        tenant,
        "lead",
        name="account",
        type="RELATION",
        relation={"target": "customer", "inverseName": "createdAt"},
    )
    assert code == "BAD_USER_INPUT"


async def test_taken_field_name_conflicts(meta: Any, tenant: Any) -> None:
    """A second field named like a live one is CONFLICT; renaming onto one too."""
    assert (await meta.field_fails(tenant, "customer", name="email", type="TEXT"))[0] == "CONFLICT"
    assert (await meta.update_fails(tenant, "customer", "phone", name="email"))[0] == "CONFLICT"
