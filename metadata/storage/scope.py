"""Row scope: the rows of each object a caller may touch, as SQL conditions.

A rule is a filter AST (the data API's filter language) that may use `"$user.id"` and
`"$user.roles"`. Rules come per object and action; the READ rule is compiled into every
read and into every related object a filter or relation reaches, the rule of a write
action into that write. A rule that cannot be compiled, or rules nested through
relations deeper than `MAX_RULE_DEPTH`, deny.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import sqlalchemy as sa

from ..model import ObjectDef, TenantModel
from .derived import Derived
from .filters import FilterContext, UnresolvableRule, compile_filter

READ = "READ"
DENY = False
"""Rule value meaning: no row of this object."""

MAX_RULE_DEPTH = 4

Rule = Mapping[str, Any] | None | bool
"""A filter AST, None for every row, or DENY."""

Rules = Callable[[ObjectDef, str], Rule]
"""(object, action) -> the rule limiting that action."""


class RowScope:
    """Callable `(obj, table) -> condition | None` giving READ scope: a `FilterContext.scope`."""

    def __init__(self, model: TenantModel, rules: Rules, variables: Mapping[str, Any], depth: int = 0) -> None:
        self.model = model
        self.rules = rules
        self.variables = variables
        self.depth = depth

    def __call__(self, obj: ObjectDef, table: sa.FromClause) -> sa.ColumnElement[bool] | None:
        return self.for_action(obj, table, READ)

    def for_action(self, obj: ObjectDef, table: sa.FromClause, action: str) -> sa.ColumnElement[bool] | None:
        rule = self.rules(obj, action)
        if rule is None:
            return None
        if rule is DENY or self.depth >= MAX_RULE_DEPTH or not isinstance(rule, Mapping):
            return sa.false()
        inner = RowScope(self.model, self.rules, self.variables, self.depth + 1)
        try:
            return compile_filter(self.model, obj, table, rule, FilterContext(self.variables, inner))
        except UnresolvableRule:
            return sa.false()

    def api_context(self, derived: Derived | None = None) -> FilterContext:
        """The context for compiling API input: operands literal, related rows scoped,
        `derived` columns (computed fields) filterable like stored ones."""
        return FilterContext(None, self, derived)


def unrestricted(model: TenantModel) -> RowScope:
    """Every row of every object (admins, internal jobs)."""
    return RowScope(model, lambda obj, action: None, {})
