"""`MetadataService`: the one entry point for reading and changing a tenant's metadata.

Every mutating call is one unit of work (see `unit_of_work.py`): validated, written,
DDL'd, versioned and audited in one transaction, or not at all.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Awaitable, Callable, TypeVar

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from ..database import read_transaction
from ..errors import NotFound
from ..loader import load_model
from ..model import FieldDef, ObjectDef, TenantModel
from ..tables import tenants
from . import exchange, fields, objects
from .rules import ComputedKinds
from .tenants import TenantSetup, create_tenant
from .unit_of_work import KnownModel, UnitOfWork, unit_of_work

T = TypeVar("T")

Committed = Callable[[TenantModel, int], Awaitable[None]]
"""Told of every committed change, before it answers: (the tenant's model after it, the
version it changed from)."""


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class _DryRun(Exception):
    """Raised at the end of a dry-run import so its transaction rolls back."""

    def __init__(self, changes: list[str]) -> None:
        super().__init__("dry run")
        self.changes = changes


class MetadataService:
    def __init__(
        self,
        engine: AsyncEngine,
        clock: Callable[[], dt.datetime] = utcnow,
        computed_kinds: ComputedKinds | None = None,
        tenant_setup: TenantSetup | None = None,
        committed: Committed | None = None,
        known: KnownModel | None = None,
    ) -> None:
        self.engine = engine
        self.committed = committed
        """The server hands the model to its tenant directory and builds the schemas it
        calls for, so the next request of this process finds them."""
        self.known = known
        """Models the server already holds: a change starts from one of the current version
        instead of reading every metadata row first."""
        self.clock = clock
        self.tenant_setup = tenant_setup
        self.computed_kinds = computed_kinds
        """(plugin, kind) -> computed kind; without it every COMPUTED field is refused."""

    # ------------------------------------------------------------ tenants and reads

    async def create_tenant(
        self, slug: str, name: str | None = None, template: str | None = "crm"
    ) -> str:
        return await create_tenant(
            self.engine, self.clock, self.computed_kinds, slug, name, template, self.tenant_setup
        )

    async def tenant_id(self, slug: str) -> str | None:
        async with read_transaction(self.engine) as conn:
            return (
                await conn.execute(sa.select(tenants.c.id).where(tenants.c.slug == slug))
            ).scalar()

    async def load(self, tenant_id: str) -> TenantModel:
        async with read_transaction(self.engine) as conn:
            try:
                return await load_model(conn, tenant_id)
            except sa.exc.NoResultFound:
                raise NotFound("tenant not found") from None

    async def version(self, tenant_id: str) -> int:
        async with read_transaction(self.engine) as conn:
            value = (
                await conn.execute(
                    sa.select(tenants.c.metadata_version).where(tenants.c.id == tenant_id)
                )
            ).scalar()
        if value is None:
            raise NotFound("tenant not found")
        return int(value)

    # ------------------------------------------------------------ the shared step

    async def _change(
        self, tenant_id: str, actor: str | None, work: Callable[[UnitOfWork], Awaitable[T]]
    ) -> tuple[T, TenantModel]:
        """Run `work` as one unit of work; returns its result and the model it left behind."""
        async with unit_of_work(
            self.engine, tenant_id, actor, self.clock, self.computed_kinds, self.known
        ) as uow:
            result = await work(uow)
        model, since = uow.committed_model, uow.base_version
        assert model is not None and since is not None, "a finished unit of work keeps its model"
        if self.committed is not None:
            await self.committed(model, since)
        return result, model

    async def _object(
        self, tenant_id: str, actor: str | None, work: Callable[[UnitOfWork], Awaitable[str]]
    ) -> ObjectDef:
        object_id, model = await self._change(tenant_id, actor, work)
        return model.objects_by_id[object_id]

    async def _field(
        self, tenant_id: str, actor: str | None, work: Callable[[UnitOfWork], Awaitable[str]]
    ) -> FieldDef:
        field_id, model = await self._change(tenant_id, actor, work)
        obj = next(o for o in model.objects if field_id in o.fields_by_id)
        return obj.fields_by_id[field_id]

    # ------------------------------------------------------------ objects

    async def create_object(
        self, tenant_id: str, data: dict[str, Any], actor: str | None
    ) -> ObjectDef:
        return await self._object(tenant_id, actor, lambda uow: objects.create(uow, data))

    async def update_object(
        self, tenant_id: str, name: str, data: dict[str, Any], actor: str | None
    ) -> ObjectDef:
        return await self._object(tenant_id, actor, lambda uow: objects.update(uow, name, data))

    async def delete_object(self, tenant_id: str, name: str, actor: str | None) -> ObjectDef:
        return await self._object(tenant_id, actor, lambda uow: objects.delete(uow, name))

    async def restore_object(self, tenant_id: str, name: str, actor: str | None) -> ObjectDef:
        return await self._object(tenant_id, actor, lambda uow: objects.restore(uow, name))

    async def purge_object(self, tenant_id: str, name: str, actor: str | None) -> None:
        await self._change(tenant_id, actor, lambda uow: objects.purge(uow, name))

    # ------------------------------------------------------------ fields

    async def create_field(
        self, tenant_id: str, object_name: str, data: dict[str, Any], actor: str | None
    ) -> FieldDef:
        return await self._field(
            tenant_id, actor, lambda uow: fields.create(uow, object_name, data)
        )

    async def update_field(
        self,
        tenant_id: str,
        object_name: str,
        field_name: str,
        data: dict[str, Any],
        actor: str | None,
    ) -> FieldDef:
        return await self._field(
            tenant_id, actor, lambda uow: fields.update(uow, object_name, field_name, data)
        )

    async def delete_field(
        self, tenant_id: str, object_name: str, field_name: str, actor: str | None
    ) -> FieldDef:
        return await self._field(
            tenant_id, actor, lambda uow: fields.delete(uow, object_name, field_name)
        )

    async def restore_field(
        self, tenant_id: str, object_name: str, field_name: str, actor: str | None
    ) -> FieldDef:
        return await self._field(
            tenant_id, actor, lambda uow: fields.restore(uow, object_name, field_name)
        )

    async def purge_field(
        self, tenant_id: str, object_name: str, field_name: str, actor: str | None
    ) -> None:
        await self._change(tenant_id, actor, lambda uow: fields.purge(uow, object_name, field_name))

    # ------------------------------------------------------------ export / import

    async def export_metadata(self, tenant_id: str) -> dict[str, Any]:
        return exchange.export_document(await self.load(tenant_id))

    async def import_metadata(
        self, tenant_id: str, document: dict[str, Any], dry_run: bool, actor: str | None
    ) -> tuple[bool, list[str]]:
        """(applied, changes): a dry run makes every change, reports it, and rolls it back."""

        async def work(uow: UnitOfWork) -> list[str]:
            await exchange.import_document(uow, document)
            if dry_run:
                raise _DryRun(list(uow.changes))
            return list(uow.changes)

        try:
            changes, _ = await self._change(tenant_id, actor, work)
        except _DryRun as dry:
            return False, dry.changes
        return True, changes
