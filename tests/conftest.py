"""Shared fixtures: every test runs against SQLite, and PostgreSQL when configured.

Each run gets a fresh SQLite file and, with `METACRM_TEST_PG_URL` set, a fresh
PostgreSQL database created for the run and dropped after it, so runs never see each
other's data. Fixtures always build two tenants: isolation is checked everywhere.
"""
from __future__ import annotations

import contextlib
import os
import uuid
from dataclasses import dataclass
from typing import Any, AsyncIterator, Iterator, Sequence

import httpx
import pytest
import pytest_asyncio
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from metadata.database import create_engine
from metadata.migrate import upgrade
from server.app import create_app
from server.auth.tokens import mint_token
from server.settings import Settings

PG_URL = os.environ.get("METACRM_TEST_PG_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
TEST_SECRET = "test-secret-" + uuid.uuid4().hex


@contextlib.asynccontextmanager
async def fresh_database(backend: str, tmp_dir: Any) -> AsyncIterator[str]:
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_dir}/metacrm-test.db"
        return
    assert PG_URL is not None
    server = make_url(PG_URL)
    name = f"metacrm_test_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(server, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as conn:
            await conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


@pytest_asyncio.fixture(scope="session", params=BACKENDS)
async def app(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Any]:
    backend = request.param
    async with fresh_database(backend, tmp_path_factory.mktemp(backend)) as url:
        engine = create_engine(url)
        await upgrade(engine)
        await engine.dispose()
        application = create_app(Settings(database_url=url, secret=TEST_SECRET))
        async with application.router.lifespan_context(application):
            application.state.backend = backend
            yield application


@pytest.fixture
def runtime(app: Any) -> Any:
    return app.state.runtime


@pytest.fixture
def backend(app: Any) -> str:
    return str(app.state.backend)


@pytest_asyncio.fixture
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


@dataclass(frozen=True)
class TenantRef:
    id: str
    slug: str


class TenantFactory:
    def __init__(self, runtime: Any) -> None:
        self._runtime = runtime

    async def __call__(self, template: str | None = "crm", demo: bool = False) -> TenantRef:
        slug = "t-" + uuid.uuid4().hex[:10]
        tenant_id = await self._runtime.metadata.create_tenant(slug, template=template)
        if demo:
            from metadata.templates.demo import load_demo_data

            await load_demo_data(self._runtime.engine, tenant_id)
        return TenantRef(tenant_id, slug)


@pytest.fixture
def tenant_factory(runtime: Any) -> TenantFactory:
    return TenantFactory(runtime)


@pytest_asyncio.fixture
async def tenant(tenant_factory: TenantFactory) -> TenantRef:
    return await tenant_factory()


@pytest_asyncio.fixture
async def other_tenant(tenant_factory: TenantFactory) -> TenantRef:
    return await tenant_factory()


class Api:
    """Posts GraphQL to the app as a given caller and returns the decoded body."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.last_status: int | None = None

    def token(self, tenant: TenantRef, roles: Sequence[str] = ("admin",), user: str = "u-admin") -> str:
        return mint_token(TEST_SECRET, tenant.slug, user, list(roles))

    async def post(self, path: str, tenant: TenantRef | None, query: str, variables: dict[str, Any] | None = None,
                   roles: Sequence[str] = ("admin",), user: str = "u-admin", token: str | None = None) -> Any:
        headers = {}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        elif tenant is not None:
            headers["Authorization"] = f"Bearer {self.token(tenant, roles, user)}"
        response = await self.client.post(path, json={"query": query, "variables": variables}, headers=headers)
        self.last_status = response.status_code
        return response.json()

    async def gql(self, tenant: TenantRef | None, query: str, variables: dict[str, Any] | None = None, **kw: Any) -> Any:
        return await self.post("/graphql", tenant, query, variables, **kw)

    async def meta(self, tenant: TenantRef | None, query: str, variables: dict[str, Any] | None = None, **kw: Any) -> Any:
        return await self.post("/metadata", tenant, query, variables, **kw)


@pytest.fixture
def api(client: httpx.AsyncClient) -> Api:
    return Api(client)


class StatementCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_sql(runtime: Any) -> Any:
    @contextlib.contextmanager
    def counting() -> Iterator[StatementCounter]:
        counter = StatementCounter()

        def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA")):
                counter.statements.append(statement)

        sync_engine = runtime.engine.sync_engine
        sa.event.listen(sync_engine, "before_cursor_execute", record)
        try:
            yield counter
        finally:
            sa.event.remove(sync_engine, "before_cursor_execute", record)

    return counting


def errors_of(body: dict[str, Any]) -> list[str]:
    """The `extensions.code` of every error in a response body."""
    return [e.get("extensions", {}).get("code") for e in body.get("errors", [])]
