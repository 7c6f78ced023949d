"""metacrm plugins: the plugin interface and the built-in plugins.

What a plugin author imports: `hookimpl` to mark hook implementations (see `hookspecs`),
`PluginManifest`, `ComputedKind` with its `SqlContext`/`BatchContext`, and the values hooks
receive. What the server uses: `PluginRegistry`, `evaluation`, `enablement`, `jobs`.
"""

from .computed import BatchContext, ComputedKind, SqlContext
from .hookspecs import ENTRY_POINT_GROUP, hookimpl, hookspec
from .interface import (
    CommittedChange,
    JobContext,
    JobSpec,
    MutationContext,
    MutationSpec,
    PluginManifest,
    RecordEvent,
)
from .registry import PluginError, PluginInfo, PluginRegistry

__all__ = [
    "ENTRY_POINT_GROUP",
    "BatchContext",
    "CommittedChange",
    "ComputedKind",
    "JobContext",
    "JobSpec",
    "MutationContext",
    "MutationSpec",
    "PluginError",
    "PluginInfo",
    "PluginManifest",
    "PluginRegistry",
    "RecordEvent",
    "SqlContext",
    "hookimpl",
    "hookspec",
]
