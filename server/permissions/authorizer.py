"""The single authorization seam: what a principal may do in its tenant.

The role `admin` may do everything. Other roles get the union of their Casbin
permissions, resolved once per (tenant, metadata version, policy version, role set)
and cached, so no request pays for Casbin twice and no row ever does.
"""
from __future__ import annotations

from collections import OrderedDict
from typing import Hashable

from sqlalchemy.ext.asyncio import AsyncEngine

from metadata.model import TenantModel

from ..context import Principal
from ..singleflight import SingleFlight
from .access import ADMIN_ACCESS, Access
from .policy_store import TenantPolicy, load_policy
from .resolve import resolve_access

ADMIN_ROLE = "admin"
ADMIN_KEY: Hashable = ("admin",)
"""The access key of every caller with the role `admin`: they all see the same schema."""


class Authorizer:
    def __init__(self, engine: AsyncEngine, capacity: int = 4096) -> None:
        self._engine = engine
        self._policies: dict[str, TenantPolicy] = {}
        self._policy_flights: SingleFlight[TenantPolicy] = SingleFlight()
        self._access: OrderedDict[Hashable, Access] = OrderedDict()
        self._capacity = capacity

    async def resolve(
        self, principal: Principal, model: TenantModel, policy_version: int
    ) -> tuple[Principal, Access, Hashable]:
        """The principal with its assigned roles added, its Access, and a cache key for both."""
        policy = await self._policy(principal.tenant_id, policy_version)
        roles = frozenset(principal.roles | policy.roles_of(principal.user_id))
        if roles != principal.roles:
            principal = Principal(principal.tenant_id, principal.tenant_slug, principal.user_id, roles, principal.api_key_id)
        if ADMIN_ROLE in roles:
            return principal, ADMIN_ACCESS, ADMIN_KEY
        return principal, self._access_of(policy, model, roles), (policy_version, roles)

    def cached_access(self, tenant_id: str, model: TenantModel, access_key: Hashable) -> Access | None:
        """The Access that `access_key` (from `resolve`) stands for under `model`, when this
        process holds that key's policy version; None otherwise (nothing is read)."""
        if access_key == ADMIN_KEY:
            return ADMIN_ACCESS
        policy_version, roles = access_key  # type: ignore[misc]
        policy = self._policies.get(tenant_id)
        if policy is None or policy.version != policy_version:
            return None
        return self._access_of(policy, model, roles)

    def _access_of(self, policy: TenantPolicy, model: TenantModel, roles: frozenset[str]) -> Access:
        key = (policy.tenant_id, model.version, policy.version, roles)
        access = self._access.get(key)
        if access is None:
            access = resolve_access(model, policy.rules_for(policy.expand_roles(set(roles))))
            self._access[key] = access
            while len(self._access) > self._capacity:
                self._access.popitem(last=False)
        else:
            self._access.move_to_end(key)
        return access

    async def _policy(self, tenant_id: str, version: int) -> TenantPolicy:
        cached = self._policies.get(tenant_id)
        if cached is not None and cached.version == version:
            return cached
        return await self._policy_flights.run((tenant_id, version), lambda: self._load(tenant_id, version))

    async def _load(self, tenant_id: str, version: int) -> TenantPolicy:
        async with self._engine.connect() as conn:
            policy = await load_policy(conn, tenant_id, version)
        self._policies[tenant_id] = policy
        return policy
