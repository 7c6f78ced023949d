"""Every metadata operation is for metadata admins only; resolvers start by asking here."""

from __future__ import annotations

import strawberry

from metadata.errors import Forbidden

from ..context import RequestContext


def admin_context(info: strawberry.Info) -> RequestContext:
    """The request context, once the caller is known to hold metadata rights."""
    ctx: RequestContext = info.context
    if not ctx.access.metadata_admin:
        raise Forbidden("Only tenant admins may use the metadata API")
    return ctx
