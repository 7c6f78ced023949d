"""Input types of the metadata API (SPEC §3) and their conversion to the service's dicts.

The service validates plain documents keyed by the GraphQL names; a key left out of
an input stays out of the document (UNSET), an explicit `null` is kept, so updates
can tell "leave as is" from "clear".
"""

from __future__ import annotations

import enum
from typing import Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types.base import has_object_definition
from strawberry.utils.str_converters import to_camel_case

from .types import FieldType, OnDelete


@strawberry.input
class SelectOptionInput:
    value: str
    label: str
    color: str | None = strawberry.UNSET


@strawberry.input
class RelationInput:
    target: str = strawberry.field(description="Name of the target object.")
    inverse_name: str | None = strawberry.field(
        default=strawberry.UNSET, description="Name of the one-to-many list on the target."
    )
    on_delete: OnDelete | None = strawberry.UNSET  # type: ignore[valid-type]


@strawberry.input
class ComputedInput:
    plugin: str
    kind: str | None = strawberry.field(
        default=strawberry.UNSET, description="May be omitted when the plugin has one kind."
    )
    config: JSON | None = strawberry.UNSET


@strawberry.input
class ObjectInput:
    name: str
    name_plural: str | None = strawberry.UNSET
    label: str | None = strawberry.UNSET
    label_plural: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET


@strawberry.input
class ObjectUpdateInput:
    name: str | None = strawberry.UNSET
    name_plural: str | None = strawberry.UNSET
    label: str | None = strawberry.UNSET
    label_plural: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET


@strawberry.input
class FieldInput:
    name: str
    type: FieldType  # type: ignore[valid-type]
    label: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    required: bool | None = strawberry.UNSET
    unique: bool | None = strawberry.UNSET
    indexed: bool | None = strawberry.UNSET
    default_value: JSON | None = strawberry.UNSET
    options: list[SelectOptionInput] | None = strawberry.UNSET
    validation: JSON | None = strawberry.field(
        default=strawberry.UNSET, description="A JSON Schema for the value."
    )
    relation: RelationInput | None = strawberry.UNSET
    computed: ComputedInput | None = strawberry.UNSET


@strawberry.input
class FieldUpdateInput:
    name: str | None = strawberry.UNSET
    type: FieldType | None = strawberry.UNSET  # type: ignore[valid-type]
    label: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    required: bool | None = strawberry.UNSET
    unique: bool | None = strawberry.UNSET
    indexed: bool | None = strawberry.UNSET
    default_value: JSON | None = strawberry.UNSET
    options: list[SelectOptionInput] | None = strawberry.UNSET
    validation: JSON | None = strawberry.UNSET
    relation: RelationInput | None = strawberry.UNSET
    computed: ComputedInput | None = strawberry.UNSET


def as_document(value: Any) -> Any:
    """A strawberry input (recursively) as a plain dict keyed by GraphQL names, UNSET left out."""
    if has_object_definition(value):
        definition = value.__strawberry_definition__
        return {
            f.graphql_name or to_camel_case(f.python_name): as_document(
                getattr(value, f.python_name)
            )
            for f in definition.fields
            if getattr(value, f.python_name) is not strawberry.UNSET
        }
    if isinstance(value, list):
        return [as_document(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    return value
