"""PluginRegistry: declared plugins and kinds, unique names, configs validated with defaults."""

from __future__ import annotations

from typing import Any

import pluggy
import pytest
import sqlalchemy as sa
from plugin_rows import Crm

from metadata.errors import BadUserInput
from plugins import ComputedKind, PluginError, PluginManifest, PluginRegistry, hookimpl

OBJECT_OF = {
    "customer_value_score": "customer",
    "churn_risk": "customer",
    "lead_score": "lead",
    "lead_pool": "lead",
    "ticket_sla": "ticket",
}


def kind(plugin: str, name: str, schema: dict[str, Any] | None = None) -> ComputedKind:
    return ComputedKind(
        plugin=plugin,
        name=name,
        description=name,
        return_type="Int",
        config_schema=schema or {"type": "object"},
        sql=lambda ctx: sa.literal(1),
    )


def make_plugin(name: str, kinds: list[ComputedKind] | None = None, **extra: Any) -> object:
    """A plugin object declaring `name` and `kinds`."""

    class Plugin:
        @hookimpl
        def metacrm_plugin_manifest(self) -> PluginManifest:
            return PluginManifest(name=name, description=f"{name} plugin")

        @hookimpl
        def metacrm_computed_kinds(self) -> list[ComputedKind]:
            return list(kinds or [])

    for attr, value in extra.items():
        setattr(Plugin, attr, value)
    return Plugin()


def registry_with(*plugins: object) -> PluginRegistry:
    pm = pluggy.PluginManager("metacrm")
    for i, plugin in enumerate(plugins):
        pm.register(plugin, name=f"test-plugin-{i}")
    return PluginRegistry(pm, load_entry_points=False)


def test_builtins_are_listed_with_their_kinds(registry: PluginRegistry) -> None:
    """Every built-in plugin is listed, flagged built-in, with each kind's scalar type."""
    listed = {p.name: {k.name: k.return_type for k in p.kinds} for p in registry.plugins()}
    assert listed == {
        "churn_risk": {"risk": "Int"},
        "customer_value_score": {
            "score": "Int",
            "recency": "Int",
            "frequency": "Int",
            "monetary": "Int",
            "segment": "String",
        },
        "lead_pool": {"idleDays": "Int"},
        "lead_score": {"score": "Int"},
        "ticket_sla": {"state": "String", "dueAt": "DateTime"},
    }
    assert registry.builtin_names == set(listed)
    assert all(p.description for p in registry.plugins())


def test_kind_may_be_omitted_for_the_default_or_only_kind(registry: PluginRegistry) -> None:
    """`computed: {plugin}` picks the plugin's default kind, or its only one."""
    assert registry.kind("customer_value_score", None).name == "score"
    assert registry.kind("ticket_sla", None).name == "state"
    assert registry.kind("lead_score", None).name == "score"
    assert registry.kind("ticket_sla", "dueAt").return_type == "DateTime"


@pytest.mark.parametrize(
    "plugin, name, message",
    [
        ("no_such_plugin", None, "unknown plugin 'no_such_plugin'"),
        ("ticket_sla", "nope", "plugin 'ticket_sla' has no computed kind 'nope'"),
    ],
)
def test_unknown_plugin_or_kind_is_bad_user_input(
    registry: PluginRegistry, plugin: str, name: str | None, message: str
) -> None:
    """Unknown names are BAD_USER_INPUT with a message naming them."""
    with pytest.raises(BadUserInput, match=message):
        registry.kind(plugin, name)


def test_several_kinds_without_a_default_must_be_named() -> None:
    """A plugin with several kinds and no default kind needs `kind`."""
    registry = registry_with(make_plugin("multi", [kind("multi", "a"), kind("multi", "b")]))
    with pytest.raises(BadUserInput, match="several kinds"):
        registry.kind("multi", None)


def test_empty_config_gets_every_default(registry: PluginRegistry) -> None:
    """`{}` is valid for every built-in kind and comes back complete; nested defaults too."""
    for info in registry.plugins():
        for k in info.kinds:
            assert isinstance(registry.validate_config(k, {}), dict)
    score = registry.kind("customer_value_score", None)
    config = registry.validate_config(score, {"weights": {"recency": 10}})
    assert config["weights"] == {"recency": 10, "frequency": 30, "monetary": 30}
    assert config["recencyDays"] == 365


@pytest.mark.parametrize(
    "config, where",
    [
        ({"weights": {"recency": -1}}, r"\$\.weights\.recency"),
        ({"recencyDays": "soon"}, r"\$\.recencyDays"),
        ({"unknownKey": 1}, "unknownKey"),
    ],
)
def test_invalid_config_names_the_problem(
    registry: PluginRegistry, config: dict[str, Any], where: str
) -> None:
    """A config failing the kind's JSON Schema is BAD_USER_INPUT naming the path."""
    with pytest.raises(BadUserInput, match=where):
        registry.validate_config(registry.kind("customer_value_score", None), config)


def test_config_must_be_an_object(registry: PluginRegistry) -> None:
    """A config that is not a JSON object is refused."""
    with pytest.raises(BadUserInput, match="JSON object"):
        registry.validate_config(registry.kind("lead_score", None), [1, 2])  # type: ignore[arg-type]


def test_duplicate_plugin_names_are_refused() -> None:
    """Two installed plugins declaring one name: the registry refuses to start."""
    with pytest.raises(PluginError, match="two installed plugins are named 'twin'"):
        registry_with(make_plugin("twin"), make_plugin("twin"))


def test_duplicate_kind_names_are_refused() -> None:
    """One plugin declaring a kind twice is refused."""
    with pytest.raises(PluginError, match="declares computed kind 'k' twice"):
        registry_with(make_plugin("dup", [kind("dup", "k"), kind("dup", "k")]))


def test_a_plugin_named_like_a_builtin_is_refused() -> None:
    """A third-party plugin cannot take a built-in's name."""
    with pytest.raises(PluginError, match="lead_score"):
        registry_with(make_plugin("lead_score"))


def test_kinds_whose_config_has_no_defaults_are_refused() -> None:
    """Every config key must be defaulted so that `{}` is valid."""
    strict = {
        "type": "object",
        "required": ["threshold"],
        "properties": {"threshold": {"type": "number"}},
    }
    with pytest.raises(PluginError, match="must be a valid config"):
        registry_with(make_plugin("strict", [kind("strict", "k", strict)]))


def test_kinds_must_belong_to_their_plugin() -> None:
    """A plugin cannot declare kinds in another plugin's name."""
    with pytest.raises(PluginError, match="declares kind 'k' for plugin 'other'"):
        registry_with(make_plugin("mine", [kind("other", "k")]))


def test_hook_implementations_are_checked_against_the_specs() -> None:
    """pluggy refuses an implementation asking for an argument the hook does not pass."""

    @hookimpl
    def metacrm_before_create(self: Any, event: Any, surprise: Any) -> None:
        return None

    with pytest.raises(pluggy.PluginValidationError):
        registry_with(make_plugin("bad_hook", metacrm_before_create=metacrm_before_create))


def test_a_kind_gives_sql_or_a_batch_call_not_both() -> None:
    """Exactly one way of computing; an unknown scalar type is refused."""
    with pytest.raises(ValueError, match="exactly one"):
        ComputedKind(plugin="p", name="k", description="", return_type="Int", config_schema={})
    with pytest.raises(ValueError, match="unknown return type"):
        ComputedKind(
            plugin="p",
            name="k",
            description="",
            return_type="Money",
            config_schema={},
            sql=lambda ctx: sa.literal(1),
        )


async def test_builtins_apply_to_the_crm_template_and_declare_what_they_read(crm: Crm) -> None:
    """Each built-in kind can be attached to its crm object and reads only existing fields."""
    all_ids = {f.id for o in crm.model.objects for f in o.fields}
    for info in crm.registry.plugins():
        obj = crm.obj(OBJECT_OF[info.name])
        for k in info.kinds:
            assert k.applies_to(crm.model, obj) is None, (info.name, k.name)
            depends = k.depends_on(crm.registry.validate_config(k, {}), crm.model, obj)
            assert depends and set(depends) <= all_ids


async def test_applies_to_explains_what_is_missing(crm: Crm) -> None:
    """Attaching a kind where its data is missing gives a reason, not a crash."""
    score = crm.registry.kind("customer_value_score", None)
    assert (
        score.applies_to(crm.model, crm.obj("ticket"))
        == "needs opportunity.customer to be a relation to ticket"
    )
    assert crm.registry.kind("ticket_sla", None).applies_to(crm.model, crm.obj("lead")) == (
        "needs a SELECT or TEXT field lead.priority"
    )
