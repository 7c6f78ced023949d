"""A third-party plugin installed as its own package works without touching core code."""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from plugin_rows import NOW, Crm

from metadata.database import write_transaction
from metadata.errors import ValidationFailed
from metadata.physical import record_table
from metadata.service import MetadataService
from plugins import PluginRegistry, RecordEvent
from plugins.enablement import set_plugin_enabled
from plugins.evaluation import computed_fields, sql_column

SOURCE = Path(__file__).parent / "example_plugin"
DISTRIBUTION = "metacrm-example-plugin"


def pip(*args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q", *args], check=True
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """pip-installs the example package into this interpreter's environment for the module."""
    build_dir = tmp_path_factory.mktemp("example_plugin") / "src"
    shutil.copytree(SOURCE, build_dir)
    pip("install", "--no-deps", "--no-build-isolation", str(build_dir))
    importlib.invalidate_caches()
    try:
        yield
    finally:
        pip("uninstall", "-y", DISTRIBUTION)
        sys.modules.pop("metacrm_example_plugin", None)
        importlib.invalidate_caches()


@pytest.fixture
def discovered(installed: None) -> PluginRegistry:
    return PluginRegistry(clock=lambda: NOW)


def test_the_entry_point_is_discovered(discovered: PluginRegistry) -> None:
    """The package's `metacrm.plugins` entry point adds its plugin and kind, not as a built-in."""
    info = discovered.info("name_stats")
    assert (info.builtin, [k.name for k in info.kinds]) == (False, ["length"])
    assert "name_stats" not in discovered.builtin_names


async def test_its_computed_field_and_hook_work_once_enabled(
    runtime: Any, crm: Crm, discovered: PluginRegistry
) -> None:
    """Enabled for the tenant, its computed field is attachable and computed in SQL, and its
    hook vetoes a record."""
    tenant_id = crm.model.tenant_id
    async with write_transaction(runtime.engine) as conn:
        assert "name_stats" not in await discovered.enabled(conn, tenant_id)
        await set_plugin_enabled(
            conn, tenant_id, "name_stats", True, defaults=discovered.builtin_names
        )
        enabled = await discovered.enabled(conn, tenant_id)
    service = MetadataService(runtime.engine, computed_kinds=discovered.kind)
    await service.create_field(
        tenant_id,
        "customer",
        {
            "name": "nameLength",
            "label": "Name length",
            "type": "COMPUTED",
            "computed": {"plugin": "name_stats"},
        },
        "u-admin",
    )
    crm = Crm(crm.engine, await service.load(tenant_id), discovered)
    await crm.insert("customer", name="Grace Hopper")
    customer = crm.obj("customer")
    [field] = computed_fields(discovered, crm.model, customer, enabled)
    expr = sql_column(
        field, crm.model, customer, record_table(customer), NOW, crm.engine.dialect.name
    )
    async with crm.engine.connect() as conn:
        assert (await conn.execute(sa.select(expr))).scalars().all() == [12]
    event = RecordEvent(
        "create",
        None,
        crm.model,
        customer,
        "u-1",
        NOW,
        None,
        None,  # type: ignore[arg-type]
        {"name": "Cheap SPAM"},
    )
    with pytest.raises(ValidationFailed, match="spam"):
        await discovered.run_record_hook("before_create", enabled, event)
    await discovered.run_record_hook("before_create", enabled - {"name_stats"}, event)
