"""`create_app(settings)`: the ASGI application, wired explicitly.

Routes: `/graphql` (the tenant's generated data API), `/metadata` (the static metadata
API) and `/health`. The runtime (engine, caches, services) lives on `app.state`.
"""
from __future__ import annotations

import contextlib
from typing import AsyncIterator

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse
from starlette.routing import Route

from .http.endpoint import GraphQLEndpoint, data_schema, static_schema
from .metadata_api import schema as metadata_schema
from .runtime import Runtime
from .settings import Settings


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings.from_env()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
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

    graphql_methods = ["GET", "POST"]
    routes = [
        Route("/graphql", GraphQLEndpoint(data_schema), methods=graphql_methods),
        Route("/metadata", GraphQLEndpoint(static_schema(metadata_schema.schema._schema), changes_versions=True), methods=graphql_methods),
        Route("/health", health),
        Route("/", home),
    ]
    return Starlette(routes=routes, lifespan=lifespan)
