"""`POST /graphql` and `POST /metadata`: JSON in, JSON out, one tenant per credential.

GET serves GraphiQL to browsers and never runs a query (CSRF); there is no
multipart, no batching and no websocket route at all.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from graphql import GraphQLSchema
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from metadata.errors import BAD_USER_INPUT, QUERY_TOO_COMPLEX, RATE_LIMITED, CRMError, Unauthenticated

from ..auth.authenticate import authenticate
from ..context import RequestContext
from ..graphql.data.plugin_view import PluginView
from ..graphql.errors import error_body
from ..graphql.execution import run_request
from ..graphql.registry import PreparedSchema
from ..permissions.authorizer import ADMIN_ROLE
from ..runtime import Runtime
from .graphiql import graphiql_html

SchemaChooser = Callable[[RequestContext], Awaitable[PreparedSchema]]


def json_response(body: Any, status: int = 200) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type="application/json")


def _error_response(message: str, code: str, status: int) -> Response:
    return json_response({"errors": [error_body(message, code)]}, status)


class GraphQLEndpoint:
    """An ASGI endpoint; `choose_schema` decides which schema a request runs against."""

    def __init__(self, choose_schema: SchemaChooser, changes_versions: bool = False) -> None:
        self._choose_schema = choose_schema
        self._changes_versions = changes_versions
        """Requests here may bump the tenant's versions: this process must not trust its
        pushed versions for that tenant until it has read them again."""

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        request = Request(scope, receive)
        response = await self.handle(request)
        await response(scope, receive, send)

    async def handle(self, request: Request) -> Response:
        runtime: Runtime = request.app.state.runtime
        if request.method == "GET":
            if runtime.settings.graphiql and "text/html" in request.headers.get("accept", ""):
                return HTMLResponse(graphiql_html())
            return _error_response("Queries are accepted only as POST with application/json", BAD_USER_INPUT, 405)
        if request.method != "POST":
            return _error_response("Method not allowed", BAD_USER_INPUT, 405)
        if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
            return _error_response("Send the query as application/json", BAD_USER_INPUT, 415)
        limit = runtime.settings.limits.max_body_bytes
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            return _error_response(f"Request body exceeds {limit} bytes", QUERY_TOO_COMPLEX, 413)
        body = await _read_body(request, limit)
        if body is None:
            return _error_response(f"Request body exceeds {limit} bytes", QUERY_TOO_COMPLEX, 413)
        try:
            payload = orjson.loads(body)
        except orjson.JSONDecodeError:
            return _error_response("The request body is not valid JSON", BAD_USER_INPUT, 400)
        try:
            context = await self._context(request, runtime)
            prepared = await self._choose_schema(context)
        except Unauthenticated as exc:
            return json_response({"errors": [{"message": exc.message, "extensions": exc.as_extensions()}]}, 401)
        except CRMError as exc:
            return json_response({"errors": [{"message": exc.message, "extensions": exc.as_extensions()}]})
        limiter = runtime.rate_limiter
        if limiter is not None and not limiter.allow((context.principal.tenant_id, context.principal.user_id)):
            return _error_response("Too many requests; slow down and retry", RATE_LIMITED, 429)
        hide_suggestions = ADMIN_ROLE not in context.principal.roles
        try:
            result = await run_request(prepared, payload, context, runtime.settings.limits, hide_suggestions)
        finally:
            if self._changes_versions:
                runtime.tenants.feed.forget(context.principal.tenant_id)
        return json_response(result)

    async def _context(self, request: Request, runtime: Runtime) -> RequestContext:
        principal, versions = await authenticate(
            request.headers.get("authorization"), runtime.tokens, runtime.engine, runtime.tenants
        )
        state = await runtime.tenants.state(versions.tenant_id, versions.metadata_version)
        model = state.model
        principal, access, access_key = await runtime.authorizer.resolve(principal, model, versions.policy_version)
        schema_key = (versions.tenant_id, versions.metadata_version, access_key)
        return RequestContext(runtime=runtime, principal=principal, model=model, access=access, schema_key=schema_key,
                              plugins=runtime.plugins.enabled_from(state.plugin_switches), now=runtime.plugins.clock())


async def _read_body(request: Request, limit: int) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


async def data_schema(context: RequestContext) -> PreparedSchema:
    runtime = context.runtime
    plugins = PluginView(runtime.plugins, context.plugins)
    return await runtime.schemas.get(context.schema_key, context.model, context.access, plugins)


def static_schema(schema: GraphQLSchema) -> SchemaChooser:
    prepared = PreparedSchema(schema)

    async def choose(_context: RequestContext) -> PreparedSchema:
        return prepared

    return choose
