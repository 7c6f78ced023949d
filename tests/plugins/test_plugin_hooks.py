"""Record hooks run in the write's transaction, for enabled plugins only; rejection rolls back."""

from __future__ import annotations

import logging
from typing import Any

import pluggy
import pytest
import sqlalchemy as sa
from plugin_rows import NOW, Crm

from metadata.database import read_transaction, write_transaction
from metadata.errors import ValidationFailed
from metadata.physical import record_table
from plugins import CommittedChange, PluginManifest, PluginRegistry, RecordEvent, hookimpl


class Recorder:
    """A plugin that stamps new records, can veto them, and remembers what it saw."""

    def __init__(self, name: str = "recorder") -> None:
        self.name = name
        self.seen: list[str] = []

    @hookimpl
    def metacrm_plugin_manifest(self) -> PluginManifest:
        return PluginManifest(name=self.name, description="records hook calls")

    @hookimpl
    async def metacrm_before_create(self, event: RecordEvent) -> None:
        self.seen.append(f"before {event.obj.name}")
        if event.values.get("name") == "forbidden":
            raise ValidationFailed([{"field": "name", "message": "this name is not allowed"}])
        event.values.setdefault("company", "stamped")

    @hookimpl
    def metacrm_after_create(self, event: RecordEvent) -> None:
        self.seen.append(f"after {event.values['name']}")

    @hookimpl
    def metacrm_after_commit(self, changes: list[CommittedChange]) -> None:
        raise RuntimeError("the notification service is down")


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def hooked(recorder: Recorder) -> PluginRegistry:
    pm = pluggy.PluginManager("metacrm")
    pm.register(recorder)
    return PluginRegistry(pm, load_entry_points=False)


async def create(
    crm: Crm, registry: PluginRegistry, enabled: set[str], values: dict[str, Any]
) -> str:
    """What the record store does: before-hooks, insert, after-hooks, all in one transaction."""
    obj = crm.obj("customer")
    async with write_transaction(crm.engine) as conn:
        event = RecordEvent("create", conn, crm.model, obj, "u-1", NOW, None, None, dict(values))
        await registry.run_record_hook("before_create", enabled, event)
        row = crm.row("customer", event.values)
        await conn.execute(record_table(obj).insert().values(**row))
        event.record_id = row["id"]
        await registry.run_record_hook("after_create", enabled, event)
    return str(row["id"])


async def stored_companies(crm: Crm) -> list[str | None]:
    obj = crm.obj("customer")
    t = record_table(obj)
    async with read_transaction(crm.engine) as conn:
        return list(
            (await conn.execute(sa.select(t.c[obj.fields_by_name["company"].column]))).scalars()
        )


async def test_hooks_run_for_enabled_plugins_and_may_change_values(
    crm: Crm, hooked: PluginRegistry, recorder: Recorder
) -> None:
    """Async and sync hooks both run; a before-hook's change to the values is written."""
    await create(crm, hooked, {"recorder"}, {"name": "Ada"})
    assert recorder.seen == ["before customer", "after Ada"]
    assert await stored_companies(crm) == ["stamped"]


async def test_hooks_of_a_disabled_plugin_do_not_run(
    crm: Crm, hooked: PluginRegistry, recorder: Recorder
) -> None:
    """A tenant without the plugin enabled never reaches its hooks."""
    await create(crm, hooked, set(), {"name": "Ada"})
    assert recorder.seen == []
    assert await stored_companies(crm) == [None]


async def test_a_rejecting_hook_rolls_the_whole_write_back(
    crm: Crm, hooked: PluginRegistry
) -> None:
    """The hook's error reaches the caller unchanged and nothing is written."""
    await create(crm, hooked, {"recorder"}, {"name": "kept"})
    with pytest.raises(ValidationFailed) as caught:
        await create(crm, hooked, {"recorder"}, {"name": "forbidden"})
    assert caught.value.problems == [{"field": "name", "message": "this name is not allowed"}]
    assert await stored_companies(crm) == ["stamped"]


async def test_an_after_hook_failure_also_rolls_back(crm: Crm) -> None:
    """After-hooks run before the commit: raising there undoes the insert."""

    class Veto:
        @hookimpl
        def metacrm_plugin_manifest(self) -> PluginManifest:
            return PluginManifest(name="veto", description="rejects after the insert")

        @hookimpl
        async def metacrm_after_create(self, event: RecordEvent) -> None:
            raise ValidationFailed([{"field": "name", "message": "vetoed"}])

    pm = pluggy.PluginManager("metacrm")
    pm.register(Veto())
    with pytest.raises(ValidationFailed):
        await create(crm, PluginRegistry(pm, load_entry_points=False), {"veto"}, {"name": "x"})
    assert await stored_companies(crm) == []


async def test_after_commit_failures_are_logged_not_raised(
    hooked: PluginRegistry, caplog: pytest.LogCaptureFixture
) -> None:
    """The write is committed already: a failing after-commit hook must not fail the request."""
    change = CommittedChange("create", "t", "customer", "id-1", "u-1", {"name": "Ada"})
    with caplog.at_level(logging.ERROR, logger="plugins.registry"):
        await hooked.after_commit({"recorder"}, [change])
    assert "after-commit hook failed" in caplog.text


async def test_unknown_record_hook_names_are_refused(hooked: PluginRegistry) -> None:
    """Only the six record hooks can be run by name."""
    with pytest.raises(ValueError, match="unknown record hook"):
        await hooked.run_record_hook("before_purge", {"recorder"}, None)  # type: ignore[arg-type]
