"""Per-tenant state every request needs: the tenant's versions and its metadata snapshot.

Each request needs the tenant's `metadata_version` and `policy_version`: pushed by the
version feed on PostgreSQL, otherwise one primary-key read. A model is reloaded only
when the version moved, so a change made by any process is live on the next request of
every process. The tenant's plugin switches are read with the model: turning a plugin
on or off bumps the metadata version too.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from metadata.loader import load_model
from metadata.model import TenantModel
from metadata.snapshots import share_unchanged
from metadata.tables import tenants
from plugins.enablement import plugin_switches

from .singleflight import SingleFlight
from .version_feed import VersionFeed


@dataclass(frozen=True)
class TenantVersions:
    tenant_id: str
    slug: str
    metadata_version: int
    policy_version: int


@dataclass(frozen=True)
class TenantState:
    """One metadata version of a tenant: its model and which plugins it switched on or off."""

    model: TenantModel
    plugin_switches: dict[str, bool]


class TenantDirectory:
    """Slug lookups, version reads, and a cache of metadata snapshots (single-flight loads)."""

    def __init__(self, engine: AsyncEngine, feed: VersionFeed | None = None) -> None:
        self._engine = engine
        self.feed = feed or VersionFeed()
        self._slugs: dict[str, tuple[str, str]] = {}
        """slug -> (tenant id, slug); slugs never change, so this never goes stale."""
        self._states: dict[str, TenantState] = {}
        self._flights: SingleFlight[TenantState] = SingleFlight()

    async def versions_by_slug(self, slug: str) -> TenantVersions | None:
        known = self._slugs.get(slug)
        if known is not None:
            pushed = self.feed.get(known[0])
            if pushed is not None:
                return TenantVersions(known[0], known[1], *pushed)
        return await self._versions(tenants.c.slug == slug)

    async def versions_by_id(self, tenant_id: str) -> TenantVersions | None:
        return await self._versions(tenants.c.id == tenant_id)

    async def _versions(self, where: sa.ColumnElement[bool]) -> TenantVersions | None:
        query = sa.select(
            tenants.c.id, tenants.c.slug, tenants.c.metadata_version, tenants.c.policy_version
        ).where(where)
        async with self._engine.connect() as conn:
            row = (await conn.execute(query)).first()
        if row is None:
            return None
        self._slugs[row.slug] = (row.id, row.slug)
        newest = self.feed.offer(row.id, row.metadata_version, row.policy_version)
        return TenantVersions(row.id, row.slug, *newest)

    async def model(self, tenant_id: str, version: int) -> TenantModel:
        return (await self.state(tenant_id, version)).model

    async def state(self, tenant_id: str, version: int) -> TenantState:
        cached = self._states.get(tenant_id)
        if cached is not None and cached.model.version == version:
            return cached
        return await self._flights.run((tenant_id, version), lambda: self._load(tenant_id))

    def adopt(self, model: TenantModel, since: int) -> TenantState | None:
        """A change this process committed: keep its model for the new version, so the next
        request finds it instead of reading back what was just written.

        `since` is the version the change started from. Plugin switches are not part of a
        metadata change, so they carry over from a state kept for a version in
        `since..model.version`; without one (None), the next request loads as usual.
        """
        current = self._states.get(model.tenant_id)
        if current is None or not since <= current.model.version <= model.version:
            return None
        state = self._states[model.tenant_id] = TenantState(model, current.plugin_switches)
        return state

    def newest(self, tenant_id: str) -> TenantModel | None:
        """The newest model this process holds for the tenant (it may be behind the database)."""
        state = self._states.get(tenant_id)
        return state.model if state is not None else None

    async def _load(self, tenant_id: str) -> TenantState:
        async with self._engine.connect() as conn:
            model, switches = await load_model(conn, tenant_id), await plugin_switches(conn, tenant_id)
        current = self._states.get(tenant_id)
        state = TenantState(share_unchanged(current.model if current else None, model), switches)
        if current is None or current.model.version <= state.model.version:
            self._states[tenant_id] = state
        return state
