"""Fixtures for the command line: each test gets its own empty database and secret.

Commands run in-process through `main(argv)` in a worker thread (they call `asyncio.run`
themselves); their stdout and stderr are captured separately, as an operator sees them.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import pytest_asyncio

from server.app import create_app
from server.cli import main
from server.settings import Settings
from tests.conftest import BACKENDS, fresh_database


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str


@pytest_asyncio.fixture(params=BACKENDS)
async def database_url(request: pytest.FixtureRequest, tmp_path: Any) -> AsyncIterator[str]:
    async with fresh_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def secret() -> str:
    return "cli-test-" + uuid.uuid4().hex


@pytest.fixture
def cli_env(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any, database_url: str, secret: str
) -> dict[str, str]:
    """METACRM_* for the commands, and a working directory of their own."""
    env = {"METACRM_DATABASE_URL": database_url, "METACRM_SECRET": secret}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    return env


@pytest.fixture
def metacrm(cli_env: dict[str, str], capsys: pytest.CaptureFixture[str]) -> Any:
    """`await metacrm("tenant", "create", "acme")` -> Outcome(code, out, err)."""

    async def run(*argv: str) -> Outcome:
        capsys.readouterr()
        try:
            code = await asyncio.to_thread(main, list(argv))
        except SystemExit as exit:  # argparse usage errors
            code = int(exit.code or 0)
        captured = capsys.readouterr()
        return Outcome(code, captured.out, captured.err)

    return run


@pytest_asyncio.fixture
async def migrated(metacrm: Any) -> None:
    assert (await metacrm("migrate")).code == 0


class Server:
    """The app on the commands' database, called with a credential the commands printed."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def post(self, credential: str, query: str, path: str = "/graphql") -> httpx.Response:
        return await self.client.post(
            path, json={"query": query}, headers={"Authorization": f"Bearer {credential}"}
        )


@pytest.fixture
def served(cli_env: dict[str, str]) -> Any:
    """`async with served() as server`: the app serving the database the commands used."""

    @contextlib.asynccontextmanager
    async def serve() -> AsyncIterator[Server]:
        settings = Settings(
            database_url=cli_env["METACRM_DATABASE_URL"], secret=cli_env["METACRM_SECRET"]
        )
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://testserver"
            ) as client:
                yield Server(client)

    return serve
