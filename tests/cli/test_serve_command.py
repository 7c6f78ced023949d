"""`metacrm serve`: migrate, seed `demo` on a fresh database, print how to connect, serve."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx

STARTUP_ATTEMPTS = 300
"""Polls of /health, 0.1 s apart, before a start counts as failed."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.asynccontextmanager
async def running_server(
    cli_env: dict[str, str], workdir: Path, *extra: str
) -> AsyncIterator[tuple[str, Path]]:
    """Start `metacrm serve` in its own process; yields (base URL, file holding its stderr)."""
    port = free_port()
    log = workdir / f"serve-{port}.log"
    command = [
        sys.executable,
        "-c",
        "from server.cli import main; raise SystemExit(main())",
        "serve",
        "--port",
        str(port),
        *extra,
    ]
    with log.open("w") as stderr:
        process = await asyncio.create_subprocess_exec(
            *command,
            cwd=workdir,
            env={**os.environ, **cli_env},
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=base) as client:
            for _ in range(STARTUP_ATTEMPTS):
                assert process.returncode is None, log.read_text()
                with contextlib.suppress(httpx.TransportError):
                    if (await client.get("/health")).status_code == 200:
                        break
                await asyncio.sleep(0.1)
            else:
                raise AssertionError("server did not start:\n" + log.read_text())
        yield base, log
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        await asyncio.wait_for(process.wait(), 60)


def banner_token(log: Path) -> str:
    found = re.search(r'"Authorization": "Bearer ([^"]+)"', log.read_text())
    assert found, log.read_text()
    return found.group(1)


async def count_customers(base: str, token: str) -> int:
    async with httpx.AsyncClient(base_url=base) as client:
        response = await client.post(
            "/graphql",
            json={"query": "{ customers { totalCount } }"},
            headers={"Authorization": f"Bearer {token}"},
        )
    return int(response.json()["data"]["customers"]["totalCount"])


async def test_first_start_seeds_demo_and_prints_a_working_token(cli_env, tmp_path):
    """A fresh database gets `demo` with sample records; the banner's token and URL work."""
    async with running_server(cli_env, tmp_path) as (base, log):
        banner = log.read_text()
        assert f"GraphiQL: {base}/graphql" in banner
        assert "metacrm token --tenant demo --user u-admin --roles admin" in banner
        assert await count_customers(base, banner_token(log)) == 200
        async with httpx.AsyncClient(base_url=base) as client:
            page = await client.get("/graphql", headers={"Accept": "text/html"})
        assert page.status_code == 200
        assert "graphiql" in page.text.lower()


async def test_restart_keeps_the_data_and_does_not_seed_again(cli_env, tmp_path):
    """The demo tenant is created once: a second start serves the same 200 customers."""
    async with running_server(cli_env, tmp_path) as (_base, first_log):
        first_token = banner_token(first_log)
    async with running_server(cli_env, tmp_path) as (base, log):
        assert "creating tenant" not in log.read_text()
        assert await count_customers(base, first_token) == 200


async def test_several_workers_serve_the_same_app(cli_env, tmp_path):
    """--workers 2 starts the app through its import string in each worker process."""
    async with running_server(cli_env, tmp_path, "--workers", "2") as (base, log):
        token = banner_token(log)
        counts = await asyncio.gather(*(count_customers(base, token) for _ in range(6)))
    assert counts == [200] * 6
