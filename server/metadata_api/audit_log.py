"""`auditLog`: the tenant's audit entries, newest first, as a keyset-paginated connection."""

from __future__ import annotations

import base64
import binascii

import sqlalchemy as sa
import strawberry

from metadata.database import read_transaction
from metadata.errors import BadUserInput
from metadata.fieldtypes import json_value
from metadata.tables import audit_log

from ..context import RequestContext
from ..graphql.data.resolvers.common import page_size
from .types import AuditLogConnection, AuditLogEdge, AuditLogEntry, PageInfo

CURSOR_PREFIX = "audit:"


def encode_cursor(entry_id: int) -> str:
    return base64.urlsafe_b64encode(f"{CURSOR_PREFIX}{entry_id}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
    except (binascii.Error, UnicodeError, ValueError):
        raise BadUserInput("malformed cursor") from None
    if not text.startswith(CURSOR_PREFIX) or not text[len(CURSOR_PREFIX) :].isdigit():
        raise BadUserInput("malformed cursor")
    return int(text[len(CURSOR_PREFIX) :])


async def audit_log_page(
    ctx: RequestContext,
    object: str | None,
    record_id: str | None,
    actor: str | None,
    first: int | None,
    after: str | None,
) -> AuditLogConnection:
    size = page_size(ctx, first)
    query = sa.select(audit_log).where(audit_log.c.tenant_id == ctx.principal.tenant_id)
    if object is not None:
        ids = [o.id for o in ctx.model.objects if o.name == object]
        query = query.where(
            sa.or_(audit_log.c.object_id.in_(ids), audit_log.c.object_name == object)
        )
    if record_id is not None:
        query = query.where(audit_log.c.record_id == record_id)
    if actor is not None:
        query = query.where(audit_log.c.actor == actor)
    if after is not None:
        query = query.where(audit_log.c.id < decode_cursor(after))
    query = query.order_by(audit_log.c.id.desc()).limit(size + 1)
    async with read_transaction(ctx.runtime.engine) as conn:
        rows = (await conn.execute(query)).all()
    names = {o.id: o.name for o in ctx.model.objects}
    edges = [
        AuditLogEdge(
            cursor=encode_cursor(r.id),
            node=AuditLogEntry(
                at=r.at,
                actor=r.actor,
                action=r.action,
                object=names.get(r.object_id or "", r.object_name),
                record_id=strawberry.ID(r.record_id) if r.record_id else None,
                changes=json_value(r.changes),
            ),
        )
        for r in rows[:size]
    ]
    return AuditLogConnection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=len(rows) > size, end_cursor=edges[-1].cursor if edges else None
        ),
    )
