"""Schema validation off the event loop, and once per generated type.

graphql-core validates a schema on its first request, all of it, on the event loop: on a
large tenant that is tens of milliseconds for every new metadata version. The builder
validates instead, in its thread. Types taken over from a previous schema were validated
there (names, fields, arguments and values are properties of the type itself), so only
the new ones are checked, with graphql-core's own checks; the schema then answers
requests with the errors found, as if graphql-core had validated it.
"""
from __future__ import annotations

from typing import Any

from graphql import GraphQLNamedType, GraphQLSchema, validate_schema
from graphql.type.validate import SchemaValidationContext


class _NewTypesOf:
    """`schema` as the validation context sees it: every type but those already checked."""

    def __init__(self, schema: GraphQLSchema, checked: GraphQLSchema) -> None:
        known = {id(t) for t in checked.type_map.values()}
        self._schema = schema
        self.type_map: dict[str, GraphQLNamedType] = {
            name: t for name, t in schema.type_map.items() if id(t) not in known
        }

    def __getattr__(self, name: str) -> Any:
        return getattr(self._schema, name)


def validate_new_types(schema: GraphQLSchema, previous: GraphQLSchema | None) -> None:
    """Validate `schema`, skipping types `previous` (a validated schema) already had."""
    if previous is None or previous._validation_errors != []:  # noqa: SLF001
        validate_schema(schema)
        return
    context = SchemaValidationContext(_NewTypesOf(schema, previous))  # type: ignore[arg-type]
    context.validate_root_types()
    context.validate_directives()
    context.validate_types()
    schema._validation_errors = context.errors  # noqa: SLF001
