"""Per-tenant plugin choices: built-ins on by default, others off, persisted and versioned."""

from __future__ import annotations

from typing import Any

import pluggy
import pytest
import sqlalchemy as sa

from metadata.database import read_transaction, write_transaction
from metadata.errors import BadUserInput
from metadata.tables import audit_log
from plugins import PluginManifest, PluginRegistry, hookimpl
from plugins.enablement import set_plugin_enabled, set_plugin_settings


class ThirdParty:
    @hookimpl
    def metacrm_plugin_manifest(self) -> PluginManifest:
        return PluginManifest(name="third_party", description="installed from a package")


@pytest.fixture
def with_third_party() -> PluginRegistry:
    pm = pluggy.PluginManager("metacrm")
    pm.register(ThirdParty())
    return PluginRegistry(pm, load_entry_points=False)


async def enabled(runtime: Any, registry: PluginRegistry, tenant_id: str) -> set[str]:
    async with read_transaction(runtime.engine) as conn:
        return await registry.enabled(conn, tenant_id)


async def test_builtins_on_and_third_party_off_by_default(
    runtime: Any, tenant: Any, with_third_party: PluginRegistry
) -> None:
    """A new tenant has every built-in on; an installed third-party plugin waits to be turned on."""
    assert await enabled(runtime, with_third_party, tenant.id) == with_third_party.builtin_names
    assert "third_party" not in with_third_party.builtin_names


async def test_choices_persist_per_tenant(
    runtime: Any, tenant: Any, other_tenant: Any, with_third_party: PluginRegistry
) -> None:
    """Turning a built-in off and a third-party plugin on affects that tenant only."""
    async with write_transaction(runtime.engine) as conn:
        await set_plugin_enabled(
            conn, tenant.id, "lead_score", False, defaults=with_third_party.builtin_names
        )
        await set_plugin_enabled(
            conn, tenant.id, "third_party", True, defaults=with_third_party.builtin_names
        )
    mine = await enabled(runtime, with_third_party, tenant.id)
    assert "lead_score" not in mine and "third_party" in mine
    assert (
        await enabled(runtime, with_third_party, other_tenant.id) == with_third_party.builtin_names
    )


async def test_a_change_bumps_the_metadata_version_and_is_audited(
    runtime: Any, tenant: Any
) -> None:
    """Enabling changes the tenant's API: version + 1 and audited; a no-op changes nothing."""
    before = await runtime.metadata.version(tenant.id)
    async with write_transaction(runtime.engine) as conn:
        await set_plugin_enabled(conn, tenant.id, "churn_risk", False, actor="u-admin")
    assert await runtime.metadata.version(tenant.id) == before + 1
    async with write_transaction(runtime.engine) as conn:
        await set_plugin_enabled(conn, tenant.id, "churn_risk", False, actor="u-admin")
    assert await runtime.metadata.version(tenant.id) == before + 1
    async with read_transaction(runtime.engine) as conn:
        entries = (
            await conn.execute(
                sa.select(audit_log).where(
                    audit_log.c.tenant_id == tenant.id, audit_log.c.action == "setPluginEnabled"
                )
            )
        ).all()
    assert [(e.actor, e.changes) for e in entries] == [
        ("u-admin", {"plugins.churn_risk.enabled": {"before": True, "after": False}})
    ]


async def test_a_failed_write_keeps_the_old_choice(
    runtime: Any, tenant: Any, registry: PluginRegistry
) -> None:
    """The choice is written in the caller's transaction: a rollback undoes it."""
    with pytest.raises(RuntimeError):
        async with write_transaction(runtime.engine) as conn:
            await set_plugin_enabled(conn, tenant.id, "ticket_sla", False)
            raise RuntimeError("later step failed")
    assert "ticket_sla" in await enabled(runtime, registry, tenant.id)


async def test_settings_are_stored_and_read_with_defaults(
    runtime: Any, tenant: Any, registry: PluginRegistry
) -> None:
    """Stored settings come back merged with the schema's defaults; bad ones are refused."""
    async with write_transaction(runtime.engine) as conn:
        await set_plugin_settings(
            conn, tenant.id, "lead_pool", registry.validate_settings("lead_pool", {"claimLimit": 3})
        )
    async with read_transaction(runtime.engine) as conn:
        settings = await registry.settings(conn, tenant.id, "lead_pool")
    assert settings == {
        "claimLimit": 3,
        "recycleDays": 14,
        "closedStatuses": ["converted", "disqualified"],
    }
    with pytest.raises(BadUserInput, match=r"settings of plugin 'lead_pool' at \$\.claimLimit"):
        registry.validate_settings("lead_pool", {"claimLimit": -1})
    with pytest.raises(BadUserInput, match="unknown plugin"):
        registry.validate_settings("nope", {})
