"""Pushed tenant versions: PostgreSQL LISTEN/NOTIFY keeps every process's view current.

A trigger on `tenants` notifies `metacrm_versions` when a metadata or policy version
moves (migration 0003). While the listening connection is up, requests take versions
from memory instead of reading them; when it drops, the feed goes stale and requests
read the database again until it is back. Versions only ever grow, so a late read can
never overwrite a newer notification.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any

from sqlalchemy.engine import URL

log = logging.getLogger("metacrm.versions")

CHANNEL = "metacrm_versions"


class VersionFeed:
    def __init__(self) -> None:
        self.live = False
        self._versions: dict[str, tuple[int, int]] = {}
        self._task: asyncio.Task[None] | None = None
        self._connection: Any = None

    def get(self, tenant_id: str) -> tuple[int, int] | None:
        return self._versions.get(tenant_id) if self.live else None

    def offer(self, tenant_id: str, metadata_version: int, policy_version: int) -> tuple[int, int]:
        """Record versions read from the database; returns the newest known pair."""
        known = self._versions.get(tenant_id) if self.live else None
        newest = (metadata_version, policy_version) if known is None else (
            max(known[0], metadata_version), max(known[1], policy_version))
        if self.live:
            self._versions[tenant_id] = newest
        return newest

    def forget(self, tenant_id: str) -> None:
        """After a local change: read the database until the notification catches up."""
        self._versions.pop(tenant_id, None)

    def _notified(self, _conn: Any, _pid: int, _channel: str, payload: str) -> None:
        tenant_id, metadata_version, policy_version = payload.split(" ")
        known = self._versions.get(tenant_id, (0, 0))
        self._versions[tenant_id] = (max(known[0], int(metadata_version)), max(known[1], int(policy_version)))

    async def start(self, url: URL) -> None:
        """Listen on PostgreSQL; other databases keep reading versions per request."""
        if url.get_backend_name() != "postgresql":
            return
        dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
        ready = asyncio.Event()
        self._task = asyncio.create_task(self._run(dsn, ready))
        try:
            await asyncio.wait_for(ready.wait(), timeout=5)
        except asyncio.TimeoutError:
            log.warning("version feed not connected; reading versions per request")

    async def _run(self, dsn: str, ready: asyncio.Event) -> None:
        import asyncpg

        delay = 0.5
        while True:
            try:
                self._connection = await asyncpg.connect(dsn)
                await self._connection.add_listener(CHANNEL, self._notified)
                self._connection.add_termination_listener(lambda _c: self._go_stale())
                self.live = True
                ready.set()
                delay = 0.5
                while not self._connection.is_closed():
                    await asyncio.sleep(1)
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - any failure means: stale, retry later
                log.warning("version feed lost; retrying in %.1fs", delay, exc_info=True)
            self._go_stale()
            await asyncio.sleep(delay)
            delay = min(delay * 2, 10)

    def _go_stale(self) -> None:
        self.live = False
        self._versions.clear()

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except (asyncio.CancelledError, Exception):  # noqa: BLE001
                pass
        if self._connection is not None and not self._connection.is_closed():
            await self._connection.close()
        self._go_stale()
