"""The step every metadata change shares: one transaction, tenant lock, version bump, audit.

A change runs inside `unit_of_work(...)`: the tenant row is locked first, so two
admins changing the same tenant queue instead of interleaving; each recorded change
adds an audit entry; on success the tenant's `metadata_version` moves by one and
every process reloads the model on its next request, except the one that made the
change: it keeps the model the unit leaves behind (`committed_model`). Any exception
rolls back metadata rows, DDL and version together.

Tables of objects created in the unit are created once, with all their columns, when
the unit finishes (or earlier, when a change needs them): importing a template is
then a handful of CREATE TABLEs instead of one ALTER per field.
"""

from __future__ import annotations

import datetime as dt
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from typing import Any, AsyncIterator, Callable

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from .. import ddl
from ..database import write_transaction
from ..errors import NotFound
from ..loader import load_model
from ..model import FieldDef, ObjectDef, TenantModel
from ..tables import audit_log, tenants
from .rules import ComputedKinds


@dataclass
class UnitOfWork:
    conn: AsyncConnection
    tenant_id: str
    actor: str | None
    now: dt.datetime
    computed_kinds: ComputedKinds | None = None
    changes: list[str] = field(default_factory=list)
    """Human-readable summary of what was changed, in order (`create field vendor.rating`)."""
    pending_tables: set[str] = field(default_factory=set)
    """Objects created in this unit whose (empty) tables do not exist yet."""
    committed_model: TenantModel | None = None
    """The model as a fresh load will read it once this unit commits (set by `finish`), so
    the process that made the change need not read back what it just wrote."""
    base_version: int | None = None
    """The metadata version this unit started from (set by `finish`)."""
    _audit: list[dict[str, Any]] = field(default_factory=list)
    _model: TenantModel | None = None
    _added_objects: bool = False

    # ------------------------------------------------------------ the snapshot

    async def model(self) -> TenantModel:
        """The tenant's metadata as this transaction sees it."""
        if self._model is None:
            self._model = await load_model(self.conn, self.tenant_id)
        return self._model

    def forget_model(self) -> None:
        """Metadata rows changed: reload the model before it is used again."""
        self._model = None

    async def put_object(self, obj: ObjectDef) -> None:
        """Add a new object to the snapshot (imports add many; reloading each time is slow)."""
        model = await self.model()
        self._model = replace(model, objects=(*model.objects, obj))
        self.pending_tables.add(obj.id)
        self._added_objects = True

    async def put_field(self, f: FieldDef) -> None:
        """Add a new field to its object in the snapshot."""
        model = await self.model()
        objects = tuple(
            replace(o, fields=(*o.fields, f)) if o.id == f.object_id else o for o in model.objects
        )
        self._model = replace(model, objects=objects)

    # ------------------------------------------------------------ physical tables

    def table_pending(self, obj: ObjectDef) -> bool:
        """True while `obj`'s table is still to be created (so it has no rows or columns yet)."""
        return obj.id in self.pending_tables

    async def create_pending_tables(self) -> None:
        """Create the tables of objects made in this unit, with every column and index."""
        if not self.pending_tables:
            return
        model = await self.model()
        for object_id in sorted(self.pending_tables):
            await ddl.create_table(self.conn, model.objects_by_id[object_id])
        self.pending_tables.clear()

    # ------------------------------------------------------------ lookups

    async def live_object(self, name: str) -> ObjectDef:
        obj = (await self.model()).objects_by_name.get(name)
        if obj is None:
            raise NotFound(f"object {name!r} not found")
        return obj

    async def deleted_object(self, name: str) -> ObjectDef:
        """The most recently soft-deleted object of that name."""
        candidates = [o for o in (await self.model()).objects if o.is_deleted and o.name == name]
        if not candidates:
            raise NotFound(f"no deleted object named {name!r}")
        return max(candidates, key=lambda o: o.deleted_at)

    async def live_field(self, obj: ObjectDef, name: str) -> FieldDef:
        f = obj.fields_by_name.get(name)
        if f is None:
            raise NotFound(f"field {obj.name}.{name} not found")
        return f

    @staticmethod
    def deleted_field(obj: ObjectDef, name: str) -> FieldDef:
        candidates = [f for f in obj.fields if f.is_deleted and f.name == name]
        if not candidates:
            raise NotFound(f"no deleted field {obj.name}.{name}")
        return max(candidates, key=lambda f: f.deleted_at)

    # ------------------------------------------------------------ audit and finish

    def record(
        self, summary: str, action: str, changes: dict[str, Any], obj: ObjectDef | None = None
    ) -> None:
        """Note one change for the audit log (written with the others when the unit finishes)."""
        self._audit.append(
            {
                "tenant_id": self.tenant_id,
                "at": self.now,
                "actor": self.actor,
                "action": action,
                "object_id": obj.id if obj else None,
                "object_name": obj.name if obj else None,
                "record_id": None,
                "changes": changes,
            }
        )
        self.changes.append(summary)

    async def finish(self) -> None:
        """Create pending tables, write the audit entries, bump the metadata version, and
        keep the model this unit leaves behind (`committed_model`)."""
        await self.create_pending_tables()
        if self._added_objects:
            # the loader orders objects by creation time, then name (in the database's
            # collation): read them back rather than guess that order
            self.forget_model()
        model = await self.model()
        self.base_version = model.version
        if not self._audit:
            self.committed_model = model
            return
        await self.conn.execute(audit_log.insert(), self._audit)
        self._audit = []
        await self.conn.execute(
            tenants.update()
            .where(tenants.c.id == self.tenant_id)
            .values(metadata_version=tenants.c.metadata_version + 1)
        )
        self.committed_model = replace(model, version=model.version + 1)


async def lock_tenant(conn: AsyncConnection, tenant_id: str) -> int:
    """Row lock on PostgreSQL; SQLite writers already hold the database lock (BEGIN IMMEDIATE).

    Returns the tenant's metadata version, which cannot move until the transaction ends."""
    query = sa.select(tenants.c.metadata_version).where(tenants.c.id == tenant_id).with_for_update()
    version = (await conn.execute(query)).scalar()
    if version is None:
        raise NotFound("tenant not found")
    return int(version)


KnownModel = Callable[[str], TenantModel | None]
"""tenant id -> a model this process already holds, of any version (or None)."""


@asynccontextmanager
async def unit_of_work(
    engine: AsyncEngine,
    tenant_id: str,
    actor: str | None,
    clock: Callable[[], dt.datetime],
    computed_kinds: ComputedKinds | None = None,
    known: KnownModel | None = None,
) -> AsyncIterator[UnitOfWork]:
    """`known`: a model of the locked version is used instead of reading the system tables
    (a version names one state of the metadata, and it is locked for this unit)."""
    async with write_transaction(engine) as conn:
        version = await lock_tenant(conn, tenant_id)
        uow = UnitOfWork(conn, tenant_id, actor, clock(), computed_kinds)
        held = known(tenant_id) if known is not None else None
        if held is not None and held.version == version:
            uow._model = held
        yield uow
        await uow.finish()
