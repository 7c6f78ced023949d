"""Casbin policies of one tenant, loaded from the `casbin_rule` table.

One enforcer per (tenant, policy version): the adapter loads only that tenant's
lines (the domain is `v1` of a `p` line and `v2` of a `g` line), so rule count and
memory stay per tenant.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import casbin
import sqlalchemy as sa
from casbin import persist
from casbin.model import Model
from sqlalchemy.ext.asyncio import AsyncConnection

from metadata.tables import casbin_rule

from .rules import PermissionRule, rules_from_lines

MODEL_PATH = Path(__file__).with_name("casbin_model.conf")
_VALUE_COLUMNS = ("v0", "v1", "v2", "v3", "v4", "v5")


class PreloadedAdapter(persist.Adapter):  # type: ignore[misc]
    """Hands Casbin rows fetched asynchronously beforehand (JSON conditions contain commas,
    so lines go straight into the model instead of through the CSV line parser)."""

    def __init__(self, rows: Sequence[Any]) -> None:
        self._rows = rows

    def load_policy(self, model: Model) -> None:
        for row in self._rows:
            values = [getattr(row, c) for c in _VALUE_COLUMNS]
            while values and values[-1] is None:
                values.pop()
            sec = row.ptype[0]
            if sec in model.model and row.ptype in model.model[sec]:
                model.model[sec][row.ptype].policy.append([v or "" for v in values])


@dataclass
class TenantPolicy:
    tenant_id: str
    version: int
    enforcer: casbin.Enforcer

    _roles: dict[str, frozenset[str]] = field(default_factory=dict)
    """`roles_of` per user: a policy version never changes, and every request asks."""

    def roles_of(self, user_id: str) -> frozenset[str]:
        """Roles assigned to a user with `assignRole`, including inherited ones."""
        roles = self._roles.get(user_id)
        if roles is None:
            roles = frozenset(self.enforcer.get_implicit_roles_for_user(user_id, self.tenant_id))
            if len(self._roles) >= 65536:
                self._roles.clear()
            self._roles[user_id] = roles
        return roles

    def expand_roles(self, roles: set[str]) -> set[str]:
        expanded = set(roles)
        for role in roles:
            expanded |= set(self.enforcer.get_implicit_roles_for_user(role, self.tenant_id))
        return expanded

    def rules_for(self, roles: set[str]) -> list[PermissionRule]:
        lines = [line for line in self.enforcer.get_policy() if line[0] in roles]
        return rules_from_lines(lines)

    def all_rules(self) -> list[PermissionRule]:
        return rules_from_lines(self.enforcer.get_policy())

    def users_with_role(self, role: str) -> list[str]:
        return sorted(self.enforcer.get_users_for_role_in_domain(role, self.tenant_id))


async def load_policy(conn: AsyncConnection, tenant_id: str, version: int) -> TenantPolicy:
    rows = (
        await conn.execute(
            sa.select(casbin_rule)
            .where(
                sa.or_(
                    sa.and_(casbin_rule.c.ptype == "p", casbin_rule.c.v1 == tenant_id),
                    sa.and_(casbin_rule.c.ptype == "g", casbin_rule.c.v2 == tenant_id),
                )
            )
            .order_by(casbin_rule.c.id)
        )
    ).all()
    enforcer = casbin.Enforcer(str(MODEL_PATH), PreloadedAdapter(rows))
    return TenantPolicy(tenant_id, version, enforcer)


async def add_lines(conn: AsyncConnection, ptype: str, lines: list[list[str]]) -> None:
    if lines:
        await conn.execute(
            casbin_rule.insert(),
            [{"ptype": ptype, **{_VALUE_COLUMNS[i]: v for i, v in enumerate(line)}} for line in lines],
        )


async def remove_lines(conn: AsyncConnection, ptype: str, **values: str) -> int:
    result = await conn.execute(
        casbin_rule.delete().where(
            casbin_rule.c.ptype == ptype, *(casbin_rule.c[k] == v for k, v in values.items())
        )
    )
    return int(result.rowcount or 0)
