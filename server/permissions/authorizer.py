"""The single authorization seam: what a principal may do in its tenant.

Today the role `admin` may do everything and other roles nothing; Casbin-backed
object, field and row rules replace `resolve` without touching its callers.
"""
from __future__ import annotations

from typing import Hashable

from metadata.model import TenantModel

from ..context import Principal
from .access import ADMIN_ACCESS, NO_ACCESS, Access

ADMIN_ROLE = "admin"


class Authorizer:
    async def resolve(self, principal: Principal, model: TenantModel, policy_version: int) -> tuple[Access, Hashable]:
        """The caller's Access and a key identifying it for the schema cache."""
        if ADMIN_ROLE in principal.roles:
            return ADMIN_ACCESS, ("admin",)
        return NO_ACCESS, ("none",)
