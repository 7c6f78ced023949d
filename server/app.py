"""`create_app(settings)`: the ASGI application, wired explicitly.

Routes: `/graphql` (the tenant's generated data API), `/metadata` (the static metadata
API) and `/health`. The runtime (engine, caches, services) lives on `app.state`.

The two GraphQL endpoints are plain ASGI applications that answer every method and
every error themselves; `GraphQLRoutes` hands their requests to them directly and
everything else (lifespan, `/health`, `/`) to Starlette. Starlette's router and its two
exception middlewares would otherwise wrap every query (11% of the server's profile
samples on a primary-key read, docs/benchmarks.md run 4).
"""
from __future__ import annotations

import contextlib
from typing import Any, AsyncIterator

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse
from starlette.routing import Route

from .collector import pace_collector
from .http.endpoint import GraphQLEndpoint, Receive, Scope, Send, data_schema, static_schema
from .metadata_api import schema as metadata_schema
from .runtime import Runtime
from .settings import Settings


class GraphQLRoutes:
    """The ASGI application: GraphQL paths to their endpoints, the rest to Starlette."""

    def __init__(self, app: Starlette, endpoints: dict[str, GraphQLEndpoint]) -> None:
        self.app = app
        self.endpoints = endpoints

    @property
    def state(self) -> Any:
        """Starlette's `app.state`, where the lifespan keeps the runtime."""
        return self.app.state

    @property
    def router(self) -> Any:
        """Starlette's router (its `lifespan_context` runs the app's lifespan in tests)."""
        return self.app.router

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # `/graphql/` is `/graphql` too (Starlette's router used to redirect it)
        endpoint = self.endpoints.get(scope["path"].rstrip("/")) if scope["type"] == "http" else None
        if endpoint is None:
            await self.app(scope, receive, send)
            return
        scope["app"] = self.app
        await endpoint(scope, receive, send)


def create_app(settings: Settings | None = None) -> GraphQLRoutes:
    settings = settings or Settings.from_env()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        pace_collector()
        runtime = Runtime.start(settings)
        await runtime.open()
        app.state.runtime = runtime
        try:
            yield
        finally:
            await runtime.close()

    async def health(_request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def home(_request: Request) -> RedirectResponse:
        return RedirectResponse("/graphql")

    endpoints = {
        "/graphql": GraphQLEndpoint(data_schema),
        "/metadata": GraphQLEndpoint(static_schema(metadata_schema.schema._schema), changes_versions=True),
    }
    routes = [Route("/health", health), Route("/", home)]
    return GraphQLRoutes(Starlette(routes=routes, lifespan=lifespan), endpoints)
