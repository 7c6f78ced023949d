"""Per-tenant state every request needs: the tenant's versions and its metadata snapshot.

Each request reads the tenant's `metadata_version` and `policy_version` (one indexed
primary-key read); a model is reloaded only when the version moved, so a change made by
any process is live on the next request of every process.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from metadata.loader import load_model
from metadata.model import TenantModel
from metadata.tables import tenants

from .singleflight import SingleFlight


@dataclass(frozen=True)
class TenantVersions:
    tenant_id: str
    slug: str
    metadata_version: int
    policy_version: int


class TenantDirectory:
    """Slug lookups, version reads, and a cache of metadata snapshots (single-flight loads)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._models: dict[str, TenantModel] = {}
        self._flights: SingleFlight[TenantModel] = SingleFlight()

    async def versions_by_slug(self, slug: str) -> TenantVersions | None:
        return await self._versions(tenants.c.slug == slug)

    async def versions_by_id(self, tenant_id: str) -> TenantVersions | None:
        return await self._versions(tenants.c.id == tenant_id)

    async def _versions(self, where: sa.ColumnElement[bool]) -> TenantVersions | None:
        query = sa.select(
            tenants.c.id, tenants.c.slug, tenants.c.metadata_version, tenants.c.policy_version
        ).where(where)
        async with self._engine.connect() as conn:
            row = (await conn.execute(query)).first()
        return TenantVersions(row.id, row.slug, row.metadata_version, row.policy_version) if row else None

    async def model(self, tenant_id: str, version: int) -> TenantModel:
        cached = self._models.get(tenant_id)
        if cached is not None and cached.version == version:
            return cached
        return await self._flights.run((tenant_id, version), lambda: self._load(tenant_id))

    async def _load(self, tenant_id: str) -> TenantModel:
        async with self._engine.connect() as conn:
            model = await load_model(conn, tenant_id)
        current = self._models.get(tenant_id)
        if current is None or current.version <= model.version:
            self._models[tenant_id] = model
        return model
