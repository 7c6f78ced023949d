"""Everything a running app holds: built in the lifespan, kept on `app.state.runtime`."""
from __future__ import annotations

from dataclasses import dataclass

import asyncpg
from sqlalchemy.ext.asyncio import AsyncEngine

from metadata.database import create_engine
from metadata.service import MetadataService
from plugins.registry import PluginRegistry

from .graphql.compiled.driver import close_read_pool, open_read_pool
from .graphql.data.incremental import build_next
from .graphql.registry import SchemaRegistry
from .auth.tokens import TokenReader
from .http.rate_limit import RateLimiter
from .permissions.authorizer import Authorizer
from .permissions.service import PermissionService, check_row_filter
from .schema_warmup import SchemaWarmer
from .settings import Settings
from .tenancy import TenantDirectory


@dataclass
class Runtime:
    settings: Settings
    engine: AsyncEngine
    tenants: TenantDirectory
    schemas: SchemaRegistry
    authorizer: Authorizer
    metadata: MetadataService
    permissions: PermissionService
    plugins: PluginRegistry
    tokens: TokenReader
    warmer: SchemaWarmer
    compiled_reads: bool = True
    """Switchable at run time so the two read paths can be compared on one server."""
    rate_limiter: RateLimiter | None = None
    compiled_answers: int = 0
    """Queries answered by the compiled path (observability; tests check it is taken)."""
    read_pool: asyncpg.Pool | None = None
    """Connections for compiled reads on PostgreSQL (`compiled.driver`), opened with the app."""

    @classmethod
    def start(cls, settings: Settings) -> "Runtime":
        engine = create_engine(settings.database_url, echo=settings.sql_echo, pool_size=settings.pool_size,
                               pool_overflow=settings.pool_overflow)
        permissions = PermissionService(engine, check_filter=check_row_filter)
        plugins = PluginRegistry()
        tenants = TenantDirectory(engine)
        schemas = SchemaRegistry(build_next, settings.schema_cache_size)
        authorizer = Authorizer(engine)
        warmer = SchemaWarmer(tenants, schemas, authorizer, plugins)
        return cls(
            settings=settings,
            engine=engine,
            tenants=tenants,
            schemas=schemas,
            authorizer=authorizer,
            metadata=MetadataService(engine, computed_kinds=plugins.kind, tenant_setup=permissions.apply_template,
                                     committed=warmer.committed, known=tenants.newest),
            warmer=warmer,
            permissions=permissions,
            plugins=plugins,
            compiled_reads=settings.compiled_reads,
            tokens=TokenReader(settings.secret),
            rate_limiter=RateLimiter(settings.rate_limit_per_minute) if settings.rate_limit_per_minute else None,
        )

    async def open(self) -> None:
        self.read_pool = await open_read_pool(self.engine, self.settings.pool_size)
        await self.tenants.feed.start(self.engine.url)

    async def close(self) -> None:
        await self.warmer.close()
        await self.tenants.feed.close()
        if self.read_pool is not None:
            await close_read_pool(self.read_pool)
        await self.engine.dispose()
