"""What every step of a bench run shares: its options, database, servers and results."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from metadata.service import MetadataService
from server.auth.tokens import mint_token

from . import database, server
from .throughput import Target

ADMIN_USER = "bench-admin"
PORTS = {"main": 0, "second": 1, "tenants": 2}
"""Offsets from `--port-base`."""


@dataclass
class Options:
    scale: float = 1.0
    pg_server: str = database.DEFAULT_SERVER
    db_name: str = database.DEFAULT_NAME
    duration: float = 10.0
    warmup: float = 2.0
    repeats: int = 1
    concurrency: list[int] = field(default_factory=lambda: [8, 32])
    engine: str = "auto"
    only: list[str] = field(default_factory=lambda: list(STEPS))
    check_n: int = 20
    parallel: int = 3
    out: Path = Path(".")
    keep: bool = False
    wait_quiet: float = 20.0
    """Seconds to wait, before each cell, for other processes to leave the machine alone."""
    port_base: int = 8701
    extra_targets: list[Target] = field(default_factory=list)
    """More targets for the matrix (the PostGraphile side, see `bench.anchor`)."""


STEPS = ("throughput", "profile", "live", "scaling", "tenants")


@dataclass
class Bench:
    options: Options
    app_url: str
    dsn: str
    secret: str
    engine: AsyncEngine
    service: MetadataService
    servers: dict[str, server.ServerProcess] = field(default_factory=dict)
    results: dict[str, Any] = field(default_factory=dict)

    def log(self, message: str) -> None:
        print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)

    def token(self, slug: str, roles: tuple[str, ...] = ("admin",)) -> str:
        return mint_token(self.secret, slug, ADMIN_USER, list(roles), ttl=24 * 3600)

    def start_server(self, name: str) -> server.ServerProcess:
        self.servers[name] = server.start(
            self.app_url, self.secret, self.options.port_base + PORTS[name], self.options.out
        )
        return self.servers[name]

    async def new_tenant(self, slug: str) -> str:
        return await self.service.create_tenant(slug, template=None)
