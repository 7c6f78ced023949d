"""The built-in plugins, enabled for every tenant unless its admin turns them off."""

from __future__ import annotations

from types import ModuleType

from . import churn_risk, customer_value_score, lead_pool, lead_score, ticket_sla

BUILTIN_MODULES: tuple[ModuleType, ...] = (
    customer_value_score,
    lead_score,
    churn_risk,
    ticket_sla,
    lead_pool,
)
BUILTIN_NAMES: frozenset[str] = frozenset(m.NAME for m in BUILTIN_MODULES)
