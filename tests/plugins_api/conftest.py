"""The running app with a plugin registry of its own: the built-ins plus small test plugins,
on a clock frozen when the test starts (computed values are exact, yet records written
through the API just now are not in the future)."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterator
from typing import Any

import pluggy
import pytest
import sqlalchemy as sa

from metadata.errors import Conflict, ValidationFailed
from metadata.physical import record_table
from plugins import (
    BatchContext,
    CommittedChange,
    ComputedKind,
    PluginManifest,
    PluginRegistry,
    RecordEvent,
    hookimpl,
)
from tests.conftest import Api, TenantRef

TEST_PLUGIN = "probe"


class Probe:
    """A third-party-style plugin: batch kinds that count calls, fail or hang; record hooks
    that stamp, reject and remember what committed."""

    def __init__(self) -> None:
        self.batch_calls: list[list[str]] = []
        self.committed: list[CommittedChange] = []

    @hookimpl
    def metacrm_plugin_manifest(self) -> PluginManifest:
        return PluginManifest(name=TEST_PLUGIN, description="test probe", default_kind="echo")

    @hookimpl
    def metacrm_computed_kinds(self) -> list[ComputedKind]:
        def kind(name: str, **how: Any) -> ComputedKind:
            return ComputedKind(
                plugin=TEST_PLUGIN,
                name=name,
                description=name,
                return_type="String",
                config_schema={"type": "object"},
                **how,
            )

        return [
            kind("echo", batch=self.echo),
            kind("broken", batch=self.broken),
            kind("slow", batch=self.slow),
            kind("badsql", sql=self.bad_sql),
        ]

    async def echo(self, ctx: BatchContext, ids: list[str]) -> dict[str, Any]:
        self.batch_calls.append(list(ids))
        t = record_table(ctx.obj)
        name = t.c[ctx.obj.fields_by_name["name"].column]
        rows = await ctx.conn.execute(sa.select(t.c.id, name).where(t.c.id.in_(ids)))
        return {row.id: f"echo {row[1]}" for row in rows}

    async def broken(self, ctx: BatchContext, ids: list[str]) -> dict[str, Any]:
        raise KeyError("secret internals")

    async def slow(self, ctx: BatchContext, ids: list[str]) -> dict[str, Any]:
        await asyncio.sleep(30)
        return {}

    @staticmethod
    def bad_sql(ctx: Any) -> Any:
        raise AttributeError("secret internals")

    @hookimpl
    def metacrm_before_create(self, event: RecordEvent) -> None:
        if "spam" in str(event.values.get("name", "")):
            raise ValidationFailed([{"field": "name", "message": "no spam"}])
        if event.obj.name == "customer":
            event.values.setdefault("company", "stamped")

    @hookimpl
    async def metacrm_after_update(self, event: RecordEvent) -> None:
        if event.values.get("company") == "veto":
            raise Conflict("vetoed after the update")

    @hookimpl
    def metacrm_after_commit(self, changes: list[CommittedChange]) -> None:
        self.committed.extend(changes)


@pytest.fixture
def probe() -> Probe:
    return Probe()


@pytest.fixture
def clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


@pytest.fixture
def registry(
    runtime: Any, probe: Probe, clock: dt.datetime, monkeypatch: pytest.MonkeyPatch
) -> Iterator[PluginRegistry]:
    """The app's plugins for this test: built-ins and the probe (off until a tenant turns it on)."""
    pm = pluggy.PluginManager("metacrm")
    pm.register(probe, name="probe")
    registry = PluginRegistry(pm, load_entry_points=False, clock=lambda: clock, batch_timeout=0.3)
    monkeypatch.setattr(runtime, "plugins", registry)
    monkeypatch.setattr(runtime.metadata, "computed_kinds", registry.kind)
    yield registry


async def computed_field(
    api: Api,
    tenant: TenantRef,
    obj: str,
    name: str,
    plugin: str,
    kind: str | None = None,
    config: dict[str, Any] | None = None,
) -> None:
    """createField(type: COMPUTED) through /metadata; fails the test on any error."""
    computed: dict[str, Any] = {"plugin": plugin, "config": config or {}}
    if kind is not None:
        computed["kind"] = kind
    body = await api.meta(
        tenant,
        "mutation($o: String!, $in: FieldInput!) { createField(object: $o, input: $in) { name computed { kind } } }",
        {"o": obj, "in": {"name": name, "label": name, "type": "COMPUTED", "computed": computed}},
    )
    assert "errors" not in body, body


async def enable(api: Api, tenant: TenantRef, plugin: str, on: bool = True) -> None:
    body = await api.meta(
        tenant,
        "mutation($n: String!, $e: Boolean!) { setPluginEnabled(name: $n, enabled: $e) { enabled } }",
        {"n": plugin, "e": on},
    )
    assert body["data"]["setPluginEnabled"]["enabled"] is on, body
