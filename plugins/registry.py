"""PluginRegistry: the installed plugins, their computed kinds, jobs, mutations and hooks.

pluggy does discovery (the `metacrm.plugins` entry-point group), registration and hook
validation; the registry adds what pluggy leaves open: every plugin has a unique declared
name, every computed kind a unique name within its plugin and a config schema that
accepts `{}`, and hooks run only for the plugins a tenant has enabled.
"""

from __future__ import annotations

import datetime as dt
import inspect
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import pluggy
from sqlalchemy.ext.asyncio import AsyncConnection

from metadata.errors import BadUserInput
from metadata.model import TenantModel

from . import hookspecs
from .builtin import BUILTIN_MODULES
from .computed import ComputedKind
from .enablement import enabled_from, enabled_plugins, plugin_settings
from .interface import CommittedChange, JobSpec, MutationSpec, PluginManifest, RecordEvent
from .schemas import filled

log = logging.getLogger(__name__)

RECORD_HOOKS = (
    "before_create",
    "after_create",
    "before_update",
    "after_update",
    "before_delete",
    "after_delete",
)


class PluginError(RuntimeError):
    """An installed plugin breaks the rules (duplicate name, bad declaration): fail at start-up."""


@dataclass(frozen=True)
class PluginInfo:
    name: str
    description: str
    kinds: tuple[ComputedKind, ...]
    jobs: tuple[JobSpec, ...]
    default_kind: str | None
    settings_schema: Mapping[str, Any]
    builtin: bool


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class PluginRegistry:
    """Built once per process (app lifespan, CLI) and shared; immutable after construction.

    `builtins` are registered by name before entry points are loaded; tests pass their own
    plugin manager or modules. `clock` is the one source of "now" for scores and jobs.
    """

    def __init__(
        self,
        pm: pluggy.PluginManager | None = None,
        load_entry_points: bool = True,
        builtins: Sequence[ModuleType] | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
        batch_timeout: float = 2.0,
    ) -> None:
        self.pm = pm or pluggy.PluginManager(hookspecs.PROJECT)
        self.pm.add_hookspecs(hookspecs)
        self.clock = clock
        self.batch_timeout = batch_timeout
        builtin_objects = []
        for module in BUILTIN_MODULES if builtins is None else builtins:
            if not self.pm.is_registered(module):
                self.pm.register(module, name=f"metacrm-builtin-{module.__name__}")
            builtin_objects.append(module)
        if load_entry_points:
            self.pm.load_setuptools_entrypoints(hookspecs.ENTRY_POINT_GROUP)
        self._objects: dict[str, object] = {}
        self._infos: dict[str, PluginInfo] = {}
        for plugin in self.pm.get_plugins():
            self._add(plugin, builtin=plugin in builtin_objects)
        self._subsets: dict[tuple[str, frozenset[str]], Any] = {}
        self.builtin_names = frozenset(p.name for p in self._infos.values() if p.builtin)
        """The plugins on by default (the set is fixed once the registry is built)."""
        self._enabled: dict[tuple[tuple[str, bool], ...], frozenset[str]] = {}

    @property
    def hook(self) -> Any:
        """pluggy's hook relay (all plugins, regardless of tenant); see `hooks_for` for tenants."""
        return self.pm.hook

    # ------------------------------------------------------------ declarations

    def _own(self, plugin: object, hook_name: str, **kwargs: Any) -> Any:
        """Call one plugin's implementation of a hook (None when it has none)."""
        for impl in getattr(self.pm.hook, hook_name).get_hookimpls():
            if impl.plugin is plugin:
                return impl.function(**{k: kwargs[k] for k in impl.argnames})
        return None

    def _add(self, plugin: object, builtin: bool) -> None:
        where = self.pm.get_name(plugin)
        manifest = self._own(plugin, "metacrm_plugin_manifest")
        if not isinstance(manifest, PluginManifest):
            raise PluginError(
                f"plugin {where!r} does not return a PluginManifest from metacrm_plugin_manifest"
            )
        name = manifest.name
        if name in self._infos:
            raise PluginError(f"two installed plugins are named {name!r}")
        kinds = tuple(self._own(plugin, "metacrm_computed_kinds") or ())
        jobs = tuple(self._own(plugin, "metacrm_jobs") or ())
        seen: set[str] = set()
        for kind in kinds:
            if kind.plugin != name:
                raise PluginError(
                    f"plugin {name!r} declares kind {kind.name!r} for plugin {kind.plugin!r}"
                )
            if kind.name in seen:
                raise PluginError(f"plugin {name!r} declares computed kind {kind.name!r} twice")
            seen.add(kind.name)
            try:
                filled(kind.config_schema, {}, "config")
            except BadUserInput as exc:
                raise PluginError(
                    f"computed kind {name}.{kind.name}: `{{}}` must be a valid config ({exc})"
                ) from None
        if manifest.default_kind is not None and manifest.default_kind not in seen:
            raise PluginError(
                f"plugin {name!r}: default kind {manifest.default_kind!r} is not one of its kinds"
            )
        job_names = [job.name for job in jobs]
        if len(set(job_names)) != len(job_names) or any(job.plugin != name for job in jobs):
            raise PluginError(f"plugin {name!r}: jobs need unique names and plugin {name!r}")
        self._objects[name] = plugin
        self._infos[name] = PluginInfo(
            name,
            manifest.description,
            kinds,
            jobs,
            manifest.default_kind,
            manifest.settings_schema,
            builtin,
        )

    def plugins(self) -> list[PluginInfo]:
        return sorted(self._infos.values(), key=lambda p: p.name)

    def info(self, name: str) -> PluginInfo:
        info = self._infos.get(name)
        if info is None:
            raise BadUserInput(f"unknown plugin {name!r}")
        return info

    def kind(self, plugin: str, kind: str | None) -> ComputedKind:
        """The kind to attach; `kind=None` means the plugin's default (or only) kind."""
        info = self.info(plugin)
        if not info.kinds:
            raise BadUserInput(f"plugin {plugin!r} offers no computed fields")
        if kind is None:
            if info.default_kind is None and len(info.kinds) > 1:
                choices = ", ".join(k.name for k in info.kinds)
                raise BadUserInput(f"plugin {plugin!r} has several kinds, name one: {choices}")
            kind = info.default_kind or info.kinds[0].name
        for k in info.kinds:
            if k.name == kind:
                return k
        raise BadUserInput(f"plugin {plugin!r} has no computed kind {kind!r}")

    def validate_config(
        self, kind: ComputedKind, config: Mapping[str, Any] | None
    ) -> dict[str, Any]:
        """The config with every default applied; BadUserInput naming the problem."""
        return filled(kind.config_schema, config, f"computed config of {kind.plugin}.{kind.name}")

    def validate_settings(self, plugin: str, settings: Mapping[str, Any] | None) -> dict[str, Any]:
        """A tenant's settings for `plugin` with every default applied."""
        return filled(self.info(plugin).settings_schema, settings, f"settings of plugin {plugin!r}")

    # ------------------------------------------------------------ per tenant

    async def enabled(self, conn: AsyncConnection, tenant_id: str) -> set[str]:
        """Installed plugins this tenant has on (built-ins unless off, others if turned on)."""
        return await enabled_plugins(conn, tenant_id, self.builtin_names) & set(self._infos)

    def enabled_from(self, switches: Mapping[str, bool]) -> frozenset[str]:
        """`enabled` from switches already read (`enablement.plugin_switches`), without a query.
        Every request asks this of its tenant's switches: answers are kept per switch set."""
        key = tuple(switches.items())
        enabled = self._enabled.get(key)
        if enabled is None:
            enabled = frozenset(enabled_from(switches, self.builtin_names) & set(self._infos))
            if len(self._enabled) >= 1024:
                self._enabled.clear()
            self._enabled[key] = enabled
        return enabled

    async def settings(self, conn: AsyncConnection, tenant_id: str, plugin: str) -> dict[str, Any]:
        """The tenant's settings for `plugin`, defaults applied."""
        return self.validate_settings(plugin, await plugin_settings(conn, tenant_id, plugin))

    def jobs(self, enabled: Iterable[str]) -> list[JobSpec]:
        on = set(enabled)
        return [job for info in self.plugins() if info.name in on for job in info.jobs]

    def mutations(self, model: TenantModel, enabled: Iterable[str]) -> list[MutationSpec]:
        """The extra mutations this tenant gets; two with one name is a plugin conflict."""
        found: dict[str, MutationSpec] = {}
        for group in self._subset("metacrm_mutations", enabled)(model=model):
            for spec in group or ():
                if spec.name in found:
                    raise PluginError(
                        f"plugins {found[spec.name].plugin!r} and {spec.plugin!r} "
                        f"both add {spec.name!r}"
                    )
                found[spec.name] = spec
        return list(found.values())

    def _subset(self, hook_name: str, enabled: Iterable[str]) -> Any:
        on = frozenset(enabled)
        key = (hook_name, on)
        if key not in self._subsets:
            off = [obj for name, obj in self._objects.items() if name not in on]
            self._subsets[key] = self.pm.subset_hook_caller(hook_name, remove_plugins=off)
        return self._subsets[key]

    def implemented(self, hook_name: str, enabled: Iterable[str]) -> bool:
        """Whether any enabled plugin implements `metacrm_<hook_name>` (e.g. `after_commit`)."""
        return bool(self._subset(f"metacrm_{hook_name}", enabled).get_hookimpls())

    async def run_record_hook(self, when: str, enabled: Iterable[str], event: RecordEvent) -> None:
        """Run `metacrm_<when>` (e.g. `before_create`) of the enabled plugins; errors propagate."""
        if when not in RECORD_HOOKS:
            raise ValueError(f"unknown record hook {when!r}")
        await call_async(self._subset(f"metacrm_{when}", enabled), event=event)

    async def after_commit(
        self, enabled: Iterable[str], changes: Sequence[CommittedChange]
    ) -> None:
        """Tell the enabled plugins about committed writes; their failures are logged only."""
        if not changes:
            return
        try:
            await call_async(self._subset("metacrm_after_commit", enabled), changes=list(changes))
        except Exception:  # the write is committed: a plugin failing now must not fail the request
            log.exception("after-commit hook failed")


async def call_async(caller: Any, **kwargs: Any) -> list[Any]:
    """Call a hook's implementations in pluggy's order (LIFO, tryfirst/trylast honoured),
    awaiting the async ones one after another, stopping at the first exception."""
    results = []
    for impl in reversed(caller.get_hookimpls()):
        result = impl.function(**{k: kwargs[k] for k in impl.argnames})
        if inspect.isawaitable(result):
            result = await result
        results.append(result)
    return results
