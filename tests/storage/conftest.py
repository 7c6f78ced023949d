"""Storage-level fixtures: a hand-made tenant model with real record tables on each backend.

Storage tests are synchronous and drive their own event loop, so hypothesis can generate
hundreds of cases against a real database without the HTTP stack in between.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import os
import uuid
from collections.abc import Awaitable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from metadata import ddl
from metadata.database import create_engine, read_transaction, write_transaction
from metadata.ids import column_name_for, table_name_for
from metadata.migrate import upgrade
from metadata.model import (
    FieldDef,
    FieldType,
    ObjectDef,
    OnDelete,
    Relation,
    SelectOption,
    TenantModel,
)
from metadata.physical import record_table
from metadata.storage import RecordStore, RowScope, unrestricted
from metadata.tables import tenants

T = TypeVar("T")
PG_URL = os.environ.get("METACRM_TEST_PG_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
TAGS = ("red", "green", "blue")


def field(obj_id: str, name: str, ftype: FieldType, **kw: Any) -> FieldDef:
    fid = str(uuid.uuid4())
    return FieldDef(id=fid, object_id=obj_id, name=name, label=name.title(), type=ftype,
                    column=column_name_for(fid), **kw)


def make_object(name: str, plural: str, fields: list[tuple[str, FieldType, dict[str, Any]]]) -> ObjectDef:
    oid = str(uuid.uuid4())
    defs = tuple(field(oid, n, t, **kw) for n, t, kw in fields)
    return ObjectDef(id=oid, name=name, name_plural=plural, label=name.title(), label_plural=plural.title(),
                     table=table_name_for(oid), fields=defs)


def build_model(tenant_id: str) -> TenantModel:
    """`account` (one field per family) and `contact` -> account (SET_NULL), `note` -> contact
    (CASCADE), `invoice` -> account (RESTRICT)."""
    account = make_object("account", "accounts", [
        ("name", FieldType.TEXT, {"required": True}),
        ("code", FieldType.TEXT, {"unique": True}),
        ("score", FieldType.INTEGER, {}),
        ("rate", FieldType.PERCENT, {}),
        ("amount", FieldType.CURRENCY, {}),
        ("tags", FieldType.MULTI_SELECT, {"options": tuple(SelectOption(t, t) for t in TAGS)}),
        ("active", FieldType.BOOLEAN, {}),
        ("born", FieldType.DATE, {}),
        ("seen", FieldType.DATETIME, {}),
        ("kind", FieldType.SELECT, {"options": (SelectOption("a", "A"), SelectOption("b", "B"))}),
        ("stars", FieldType.RATING, {}),
        ("level", FieldType.INTEGER, {"validation": {"type": "integer", "multipleOf": 10}, "default_value": 10}),
    ])
    contact = make_object("contact", "contacts", [
        ("name", FieldType.TEXT, {}),
        ("account", FieldType.RELATION, {"relation": Relation(account.id, "contacts", OnDelete.SET_NULL)}),
    ])
    note = make_object("note", "notes", [
        ("body", FieldType.TEXT, {}),
        ("contact", FieldType.RELATION, {"relation": Relation(contact.id, "notes", OnDelete.CASCADE)}),
    ])
    invoice = make_object("invoice", "invoices", [
        ("total", FieldType.DECIMAL, {}),
        ("account", FieldType.RELATION, {"relation": Relation(account.id, "invoices", OnDelete.RESTRICT)}),
    ])
    return TenantModel(tenant_id=tenant_id, slug="t-" + tenant_id[:8], version=1,
                       objects=(account, contact, note, invoice))


@dataclass
class Harness:
    """One backend: a private event loop, an engine and a fresh tenant model per test."""

    backend: str
    loop: asyncio.AbstractEventLoop
    engine: AsyncEngine

    def run(self, awaitable: Awaitable[T]) -> T:
        return self.loop.run_until_complete(awaitable)

    def new_model(self) -> TenantModel:
        tenant_id = str(uuid.uuid4())
        model = build_model(tenant_id)

        async def create() -> None:
            async with write_transaction(self.engine) as conn:
                await conn.execute(tenants.insert().values(
                    id=tenant_id, slug=model.slug, name=model.slug, created_at=dt.datetime.now(dt.UTC)))
                for obj in model.objects:
                    await ddl.create_table(conn, obj)

        self.run(create())
        return model

    def store(self, model: TenantModel, scope: RowScope | None = None, actor: str = "u1") -> RecordStore:
        return RecordStore(model, scope or unrestricted(model), actor, secret="storage-test-secret")

    def write(self, work: Any) -> Any:
        async def go() -> Any:
            async with write_transaction(self.engine) as conn:
                return await work(conn)

        return self.run(go())

    def read(self, work: Any) -> Any:
        async def go() -> Any:
            async with read_transaction(self.engine) as conn:
                return await work(conn)

        return self.run(go())

    def ids(self, model: TenantModel, obj: ObjectDef, where: sa.ColumnElement[bool]) -> set[str]:
        table = record_table(obj)

        async def go(conn: Any) -> set[str]:
            return set((await conn.execute(sa.select(table.c.id).where(where))).scalars())

        return self.read(go)  # type: ignore[no-any-return]


async def _pg_admin(sql: str) -> None:
    assert PG_URL is not None
    admin = create_async_engine(make_url(PG_URL), isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(sa.text(sql))
    await admin.dispose()


@pytest.fixture(scope="module", params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    """A fresh database per module: a SQLite file, or a PostgreSQL database dropped afterwards."""
    loop = asyncio.new_event_loop()
    name = f"metacrm_storage_{uuid.uuid4().hex[:12]}"
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('storage')}/records.db"
    else:
        loop.run_until_complete(_pg_admin(f'CREATE DATABASE "{name}"'))
        url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    engine = create_engine(url)
    loop.run_until_complete(upgrade(engine))
    try:
        yield Harness(request.param, loop, engine)
    finally:
        loop.run_until_complete(engine.dispose())
        if request.param != "sqlite":
            loop.run_until_complete(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        loop.close()


@pytest.fixture
def model(db: Harness) -> TenantModel:
    return db.new_model()


def obj(model: TenantModel, name: str) -> ObjectDef:
    return model.objects_by_name[name]
