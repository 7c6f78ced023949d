"""JSON Schema validation for plugin configs and settings, with the schema's defaults filled in.

jsonschema validates but never fills defaults; the validator here is extended (the
recipe from the jsonschema FAQ) so that `{}` comes back as the complete, defaulted config
that plugins read without guessing.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from typing import Any

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry

from metadata.errors import BadUserInput


def _with_defaults(validator_class: Any) -> Any:
    validate_properties = validator_class.VALIDATORS["properties"]

    def set_defaults(
        validator: Any, properties: Mapping[str, Any], instance: Any, schema: Any
    ) -> Iterator[Any]:
        if isinstance(instance, dict):
            for name, sub in properties.items():
                if isinstance(sub, Mapping) and "default" in sub:
                    instance.setdefault(name, copy.deepcopy(sub["default"]))
        yield from validate_properties(validator, properties, instance, schema)

    return validators.extend(validator_class, {"properties": set_defaults})


_Filling = _with_defaults(Draft202012Validator)
_NO_REMOTE = Registry()


def filled(schema: Mapping[str, Any], value: Mapping[str, Any] | None, what: str) -> dict[str, Any]:
    """A deep copy of `value` with defaults applied; BadUserInput naming the first problem."""
    if value is not None and not isinstance(value, Mapping):
        raise BadUserInput(f"{what} must be a JSON object")
    instance: dict[str, Any] = copy.deepcopy(dict(value or {}))
    error: ValidationError | None = best_match(
        _Filling(dict(schema), registry=_NO_REMOTE).iter_errors(instance)
    )
    if error is not None:
        raise BadUserInput(f"{what} at {error.json_path}: {error.message}")
    return instance
