"""`POST /graphql` and `POST /metadata`: JSON in, JSON out, one tenant per credential.

GET serves GraphiQL to browsers and never runs a query (CSRF); there is no
multipart, no batching and no websocket route at all. The endpoint is a plain ASGI
application: it reads the few headers it needs from the scope and sends its answer as
two messages, without request and response objects (every request of the data API
passes here, so their cost shows in the server's CPU per request).
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from graphql import GraphQLSchema

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
Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]

JSON = b"application/json"
HTML = b"text/html; charset=utf-8"
_WANTED_HEADERS = frozenset((b"authorization", b"content-type", b"content-length", b"accept"))


class Reply:
    """A status, a body and its media type: all any answer of this endpoint needs."""

    __slots__ = ("status", "body", "media_type")

    def __init__(self, body: bytes, status: int = 200, media_type: bytes = JSON) -> None:
        self.body, self.status, self.media_type = body, status, media_type

    async def send(self, send: Send) -> None:
        await send({"type": "http.response.start", "status": self.status,
                    "headers": [(b"content-type", self.media_type), (b"content-length", str(len(self.body)).encode())]})
        await send({"type": "http.response.body", "body": self.body})


def json_reply(body: Any, status: int = 200) -> Reply:
    return Reply(orjson.dumps(body), status)


def _error_reply(message: str, code: str, status: int) -> Reply:
    return json_reply({"errors": [error_body(message, code)]}, status)


def _headers(scope: Scope) -> dict[bytes, str]:
    """The headers this endpoint reads (ASGI names them in lower case); of a repeated
    header the first one counts, as in Starlette's `Headers.get`."""
    return {name: value.decode("latin-1") for name, value in reversed(scope["headers"]) if name in _WANTED_HEADERS}


class GraphQLEndpoint:
    """An ASGI endpoint; `choose_schema` decides which schema a request runs against."""

    def __init__(self, choose_schema: SchemaChooser, changes_versions: bool = False) -> None:
        self._choose_schema = choose_schema
        self._changes_versions = changes_versions
        """Requests here may bump the tenant's versions: this process must not trust its
        pushed versions for that tenant until it has read them again."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        runtime: Runtime = scope["app"].state.runtime
        reply = await self.handle(scope["method"], _headers(scope), receive, runtime)
        await reply.send(send)

    async def handle(self, method: str, headers: dict[bytes, str], receive: Receive, runtime: Runtime) -> Reply:
        if method == "GET":
            if runtime.settings.graphiql and "text/html" in headers.get(b"accept", ""):
                return Reply(graphiql_html().encode(), media_type=HTML)
            return _error_reply("Queries are accepted only as POST with application/json", BAD_USER_INPUT, 405)
        if method != "POST":
            return _error_reply("Method not allowed", BAD_USER_INPUT, 405)
        if headers.get(b"content-type", "").split(";")[0].strip().lower() != "application/json":
            return _error_reply("Send the query as application/json", BAD_USER_INPUT, 415)
        limit = runtime.settings.limits.max_body_bytes
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            return _error_reply(f"Request body exceeds {limit} bytes", QUERY_TOO_COMPLEX, 413)
        body = await _read_body(receive, limit)
        if body is None:
            return _error_reply(f"Request body exceeds {limit} bytes", QUERY_TOO_COMPLEX, 413)
        try:
            payload = orjson.loads(body)
        except orjson.JSONDecodeError:
            return _error_reply("The request body is not valid JSON", BAD_USER_INPUT, 400)
        try:
            context = await self._context(headers.get(b"authorization"), runtime)
            prepared = await self._choose_schema(context)
        except Unauthenticated as exc:
            return json_reply({"errors": [{"message": exc.message, "extensions": exc.as_extensions()}]}, 401)
        except CRMError as exc:
            return json_reply({"errors": [{"message": exc.message, "extensions": exc.as_extensions()}]})
        limiter = runtime.rate_limiter
        if limiter is not None and not limiter.allow((context.principal.tenant_id, context.principal.user_id)):
            return _error_reply("Too many requests; slow down and retry", RATE_LIMITED, 429)
        hide_suggestions = ADMIN_ROLE not in context.principal.roles
        try:
            result = await run_request(prepared, payload, context, runtime.settings.limits, hide_suggestions)
        finally:
            if self._changes_versions:
                runtime.tenants.feed.forget(context.principal.tenant_id)
        return json_reply(result)

    async def _context(self, authorization: str | None, runtime: Runtime) -> RequestContext:
        principal, versions = await authenticate(authorization, runtime.tokens, runtime.engine, runtime.tenants)
        state = await runtime.tenants.state(versions.tenant_id, versions.metadata_version)
        model = state.model
        principal, access, access_key = await runtime.authorizer.resolve(principal, model, versions.policy_version)
        schema_key = (versions.tenant_id, versions.metadata_version, access_key)
        return RequestContext(runtime=runtime, principal=principal, model=model, access=access, schema_key=schema_key,
                              plugins=runtime.plugins.enabled_from(state.plugin_switches), now=runtime.plugins.clock())


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    """The whole body, or None past `limit` bytes (a client that leaves mid-body sends
    less than it announced and gets an answer nobody reads)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
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
