"""Plugin fixtures: a registry on a fixed clock and a `crm` tenant to write rows into."""

from __future__ import annotations

from typing import Any

import pytest
import pytest_asyncio
from plugin_rows import NOW, Crm

from plugins import PluginRegistry


@pytest.fixture
def registry() -> PluginRegistry:
    return PluginRegistry(load_entry_points=False, clock=lambda: NOW)


@pytest_asyncio.fixture
async def crm(runtime: Any, tenant: Any, registry: PluginRegistry) -> Crm:
    return Crm(runtime.engine, await runtime.metadata.load(tenant.id), registry)
