"""Every hook a metacrm plugin can implement (pluggy project name `metacrm`).

A plugin is any module or object with `@hookimpl` functions, registered by the server
(built-ins) or discovered through the `metacrm.plugins` entry-point group (third party).
A plugin implements `metacrm_plugin_manifest` and any of the others. Example::

    # pyproject.toml of the plugin package:
    #   [project.entry-points."metacrm.plugins"]
    #   greeting = "metacrm_greeting"

    from plugins import ComputedKind, PluginManifest, hookimpl

    @hookimpl
    def metacrm_plugin_manifest():
        return PluginManifest(name="greeting", description="Says hello")

    @hookimpl
    def metacrm_computed_kinds():
        return [ComputedKind(plugin="greeting", name="hello", ...)]

    @hookimpl
    async def metacrm_before_create(event):
        event.values.setdefault("notes", "hello")

Record hooks may be plain or `async` functions; they run inside the write's transaction
for tenants that have the plugin enabled. Raising `metadata.errors.CRMError` rejects the
write (everything rolls back, the client sees that error); any other exception also rolls
back and surfaces as an internal error. Hook arguments are passed by name, so an
implementation may accept only the ones it needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pluggy

from metadata.model import TenantModel

from .computed import ComputedKind
from .interface import CommittedChange, JobSpec, MutationSpec, PluginManifest, RecordEvent

PROJECT = "metacrm"
ENTRY_POINT_GROUP = "metacrm.plugins"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


# ---------------------------------------------------------------- declarations


@hookspec
def metacrm_plugin_manifest() -> PluginManifest:
    """Name and describe the plugin. Required; names are unique across installed plugins."""


@hookspec
def metacrm_computed_kinds() -> Sequence[ComputedKind]:
    """The computed field kinds the plugin offers (each kind's `plugin` is the plugin's name)."""


@hookspec
def metacrm_jobs() -> Sequence[JobSpec]:
    """Scheduled work run by `metacrm jobs run` for each tenant with the plugin enabled."""


@hookspec
def metacrm_mutations(model: TenantModel) -> Sequence[MutationSpec]:
    """Extra data-API mutations for this tenant's model (return none where they do not apply)."""


# ---------------------------------------------------------------- record hooks (in the transaction)


@hookspec
def metacrm_before_create(event: RecordEvent) -> Any:
    """Before a record is inserted: adjust `event.values`, or raise to reject."""


@hookspec
def metacrm_after_create(event: RecordEvent) -> Any:
    """After a record is inserted, still inside the transaction."""


@hookspec
def metacrm_before_update(event: RecordEvent) -> Any:
    """Before an update: `event.before` is the stored record, `event.values` the changes."""


@hookspec
def metacrm_after_update(event: RecordEvent) -> Any:
    """After a record is updated, still inside the transaction."""


@hookspec
def metacrm_before_delete(event: RecordEvent) -> Any:
    """Before a record is (soft-)deleted: raise to keep it."""


@hookspec
def metacrm_after_delete(event: RecordEvent) -> Any:
    """After a record is (soft-)deleted, still inside the transaction."""


# ---------------------------------------------------------------- after commit


@hookspec
def metacrm_after_commit(changes: Sequence[CommittedChange]) -> Any:
    """After a write committed: notify, enqueue, sync. Errors are logged, never raised."""
