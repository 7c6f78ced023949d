"""Creating tenants, optionally shaped by a bundled template (`templates/<name>.json`)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any, Awaitable, Callable

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from ..database import write_transaction
from ..errors import BadUserInput, Conflict
from ..ids import new_id
from ..loader import load_model
from ..tables import tenants
from .exchange import import_document
from .rules import ComputedKinds
from .unit_of_work import UnitOfWork

TEMPLATES = Path(__file__).parent.parent / "templates"
SLUG_PATTERN = re.compile(r"^[a-z][a-z0-9-]{1,62}$")
TEMPLATE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


TenantSetup = Callable[[AsyncConnection, str, Any, str], Awaitable[None]]
"""(connection, tenant id, model, template name): what other layers add to a new tenant
from a template (roles and permissions), inside the tenant's creation transaction."""


def load_template(name: str) -> dict[str, Any]:
    """A bundled template: an export document applied to a new tenant."""
    path = TEMPLATES / f"{name}.json"
    if not TEMPLATE_NAME.match(name) or not path.is_file():
        raise BadUserInput(f"unknown template {name!r}")
    document: dict[str, Any] = json.loads(path.read_text())
    return document


async def create_tenant(
    engine: AsyncEngine,
    clock: Callable[[], dt.datetime],
    computed_kinds: ComputedKinds | None,
    slug: str,
    name: str | None,
    template: str | None,
    setup: TenantSetup | None = None,
) -> str:
    """The tenant row and its template's objects, in one transaction."""
    if not SLUG_PATTERN.match(slug):
        raise BadUserInput(
            f"tenant slug {slug!r} is invalid: use 2-63 lower-case letters, digits or '-', starting with a letter"
        )
    document = load_template(template) if template else None
    tenant_id = new_id()
    now = clock()
    async with write_transaction(engine) as conn:
        if (await conn.execute(sa.select(tenants.c.id).where(tenants.c.slug == slug))).first():
            raise Conflict(f"tenant {slug!r} already exists")
        try:
            await conn.execute(
                tenants.insert().values(id=tenant_id, slug=slug, name=name or slug, created_at=now)
            )
        except sa.exc.IntegrityError:
            raise Conflict(f"tenant {slug!r} already exists") from None
        if document is not None:
            uow = UnitOfWork(conn, tenant_id, None, now, computed_kinds)
            await import_document(uow, document)
            await uow.finish()
            if setup is not None and template is not None:
                await setup(conn, tenant_id, await load_model(conn, tenant_id), template)
    return tenant_id
