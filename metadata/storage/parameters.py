"""Operands that change between executions of one prepared statement.

A caller that wants to build a statement once and run it many times (the compiled read
path, per GraphQL document) passes `Param` operands instead of plain values. The filter
compiler binds each one as a named parameter and records how to turn the next
execution's value into that parameter: the same coercion, so a value that the compiler
would reject is still rejected, just later (`Parameters.values` raises).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

Convert = Callable[[Any], Any]
"""A later value -> the bound value; raises when the value is not acceptable."""


CLOCK = "$now"
"""The operand name of the request's clock (never a GraphQL variable name): values derived
from "now" in computed fields are recomputed for each execution, not frozen at build time."""


@dataclass(frozen=True)
class Param:
    """The operand named `name`, whose value at build time is `value`."""

    name: str
    value: Any


class NotParameterizable(Exception):
    """A `Param` reached a place whose SQL depends on its value (not only a comparison)."""


@dataclass
class Parameters:
    """The bind parameters a statement's `Param` operands became."""

    binds: list[tuple[str, str, Convert]] = field(default_factory=list)
    """(bind key, operand name, converter) per bound occurrence."""

    def bind(self, param: Param, convert: Convert, type_: Any = None) -> sa.BindParameter[Any]:
        key = f"op_{len(self.binds)}"
        self.binds.append((key, param.name, convert))
        return sa.bindparam(key, convert(param.value), type_=type_)

    def values(self, operands: Mapping[str, Any]) -> dict[str, Any]:
        """The bind values for another execution; raises like the compiler would."""
        return {key: convert(operands[name]) for key, name, convert in self.binds}

