"""A field's `validation` is a JSON Schema written by an admin: it must be valid,
self-contained and cheap; record values are checked against it."""

from __future__ import annotations

from typing import Any

import pytest
from referencing.exceptions import Unresolvable

from metadata.documents import value_problem, value_validator


@pytest.mark.parametrize(
    ("schema", "problem"),
    [
        ({"type": "strng"}, "not a valid JSON Schema"),
        ({"pattern": "("}, "not a valid JSON Schema"),
        ({"$ref": "https://example.com/schema.json"}, "only local references"),
        ({"allOf": [{"$ref": "file:///etc/passwd"}]}, "only local references"),
        ({"pattern": "a" * 1001}, "longer than 1000"),
        ({"patternProperties": {"b" * 1001: {}}}, "longer than 1000"),
    ],
)
async def test_invalid_or_unsafe_schemas_are_bad_input(
    meta: Any, tenant: Any, schema: Any, problem: str
) -> None:
    """Broken schemas, remote references and huge regexes are refused with the reason."""
    code, message = await meta.field_fails(
        tenant, "customer", name="code", type="TEXT", validation=schema
    )
    assert code == "BAD_USER_INPUT"
    assert problem in message


async def test_valid_schema_is_stored_and_applied_to_values(meta: Any, tenant: Any) -> None:
    """A valid schema (local $refs included) is kept and record values must satisfy it."""
    schema = {
        "$defs": {"code": {"type": "string", "pattern": "^[A-Z]{3}$"}},
        "$ref": "#/$defs/code",
    }
    created = await meta.create_field(
        tenant, "customer", name="code", type="TEXT", validation=schema
    )
    assert created["validation"] == schema
    body = await meta.api.gql(
        tenant, 'mutation { createCustomer(input: {name: "Ada", code: "abc"}) { id } }'
    )
    assert [e["extensions"]["code"] for e in body["errors"]] == ["VALIDATION_FAILED"]
    await meta.data(tenant, 'mutation { createCustomer(input: {name: "Ada", code: "ABC"}) { id } }')


async def test_default_value_must_satisfy_the_schema(meta: Any, tenant: Any) -> None:
    """A defaultValue failing the field's validation is BAD_USER_INPUT."""
    code, _ = await meta.field_fails(
        tenant, "customer", name="level", type="INTEGER", validation={"maximum": 3}, defaultValue=5
    )
    assert code == "BAD_USER_INPUT"


def test_value_validators_never_fetch_remote_references() -> None:
    """Even a schema that slipped past the checks cannot make the server fetch a URL."""
    validator = value_validator({"$ref": "https://example.com/never-fetched.json"})
    with pytest.raises(Unresolvable):
        validator.validate("x")


def test_value_validators_are_cached_by_content() -> None:
    """Equal schemas share one compiled validator; value_problem names the failure."""
    assert value_validator({"type": "integer", "minimum": 1}) is value_validator(
        {"minimum": 1, "type": "integer"}
    )
    assert value_problem({"type": "integer", "minimum": 1}, 0) == "0 is less than the minimum of 1"
    assert value_problem({"type": "integer"}, 3) is None
