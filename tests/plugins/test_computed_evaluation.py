"""Computed fields at read time: which are live, who may read them, failures isolated per field."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

import pluggy
import pytest
import sqlalchemy as sa
from plugin_rows import NOW, Crm, days_ago

from metadata.errors import BadUserInput
from metadata.model import FieldDef, ObjectDef
from metadata.physical import record_table
from metadata.service import MetadataService
from plugins import BatchContext, ComputedKind, PluginManifest, PluginRegistry, hookimpl
from plugins.evaluation import ComputedFailure, batch_values, computed_fields, sql_column


async def add_field(runtime: Any, crm: Crm, obj: str, name: str, computed: dict[str, Any]) -> Crm:
    """createField(type: COMPUTED) through the metadata service, with this registry's kinds."""
    service = MetadataService(runtime.engine, computed_kinds=crm.registry.kind)
    await service.create_field(
        crm.model.tenant_id,
        obj,
        {"name": name, "label": name, "type": "COMPUTED", "computed": computed},
        "u-admin",
    )
    return Crm(crm.engine, await service.load(crm.model.tenant_id), crm.registry)


async def test_a_computed_field_is_live_only_while_its_plugin_is_enabled(
    runtime: Any, crm: Crm
) -> None:
    """Attached with `{plugin}` and `{}`, the field resolves to its default kind and full config."""
    crm = await add_field(
        runtime, crm, "customer", "valueScore", {"plugin": "customer_value_score", "config": {}}
    )
    customer = crm.obj("customer")
    [field] = computed_fields(crm.registry, crm.model, customer, crm.registry.builtin_names)
    assert (field.name, field.kind.name, field.config["recencyDays"]) == (
        "valueScore",
        "score",
        365,
    )
    assert (
        computed_fields(
            crm.registry, crm.model, customer, crm.registry.builtin_names - {"customer_value_score"}
        )
        == []
    )


async def test_fields_of_uninstalled_plugins_leave_the_api(runtime: Any, crm: Crm) -> None:
    """A registry without the field's plugin (package removed) shows no such field, no error."""
    crm = await add_field(runtime, crm, "lead", "leadScore", {"plugin": "lead_score"})
    without = PluginRegistry(pluggy.PluginManager("metacrm"), load_entry_points=False, builtins=[])
    assert computed_fields(without, crm.model, crm.obj("lead"), {"lead_score"}) == []


async def test_the_metadata_service_refuses_unknown_plugins_and_bad_configs(
    runtime: Any, crm: Crm
) -> None:
    """createField with an unknown plugin or a config failing the schema: BAD_USER_INPUT."""
    with pytest.raises(BadUserInput, match="unknown plugin 'nope'"):
        await add_field(runtime, crm, "customer", "x", {"plugin": "nope"})
    with pytest.raises(BadUserInput, match="recencyDays"):
        await add_field(
            runtime,
            crm,
            "customer",
            "y",
            {"plugin": "customer_value_score", "config": {"recencyDays": 0}},
        )


async def test_readable_only_where_every_dependency_is_readable(runtime: Any, crm: Crm) -> None:
    """valueScore reads opportunity amounts: who cannot read `amount` cannot read the score."""
    crm = await add_field(
        runtime, crm, "customer", "valueScore", {"plugin": "customer_value_score"}
    )
    [field] = computed_fields(
        crm.registry, crm.model, crm.obj("customer"), crm.registry.builtin_names
    )
    assert {(o.name, f.name) for o, f in field.depends_on} == {
        ("opportunity", "customer"),
        ("opportunity", "stage"),
        ("opportunity", "closedAt"),
        ("opportunity", "amount"),
    }

    def everything(obj: ObjectDef, f: FieldDef) -> bool:
        return True

    def no_amounts(obj: ObjectDef, f: FieldDef) -> bool:
        return f.name != "amount"

    assert field.readable(everything) and not field.readable(no_amounts)


async def test_sql_column_filters_and_sorts_inside_a_page_query(runtime: Any, crm: Crm) -> None:
    """The storage layer labels the expression; it works in WHERE and ORDER BY on an alias too."""
    crm = await add_field(
        runtime, crm, "customer", "valueScore", {"plugin": "customer_value_score"}
    )
    rich, poor = (
        await crm.insert("customer", name="rich"),
        await crm.insert("customer", name="poor"),
    )
    await crm.insert(
        "opportunity",
        name="d",
        customer=rich,
        stage="won",
        amount=Decimal(90000),
        closedAt=days_ago(1),
    )
    customer = crm.obj("customer")
    [field] = computed_fields(crm.registry, crm.model, customer, crm.registry.builtin_names)
    alias = record_table(customer).alias()
    expr = sql_column(field, crm.model, customer, alias, NOW, crm.engine.dialect.name)
    assert not isinstance(expr, ComputedFailure)
    query = (
        sa.select(alias.c.id, expr.label("valueScore"))
        .where(expr >= 0)
        .order_by(expr.desc(), alias.c.id)
    )
    async with crm.engine.connect() as conn:
        rows = (await conn.execute(query)).all()
    assert [(r.id, r.valueScore) for r in rows] == [(rich, 76), (poor, 0)]


def failing_plugin(kinds: list[ComputedKind]) -> PluginRegistry:
    class Flaky:
        @hookimpl
        def metacrm_plugin_manifest(self) -> PluginManifest:
            return PluginManifest(name="flaky", description="fails on purpose")

        @hookimpl
        def metacrm_computed_kinds(self) -> list[ComputedKind]:
            return kinds

    pm = pluggy.PluginManager("metacrm")
    pm.register(Flaky())
    return PluginRegistry(pm, load_entry_points=False)


def batch_kind(name: str, batch: Any) -> ComputedKind:
    return ComputedKind(
        plugin="flaky",
        name=name,
        description=name,
        return_type="String",
        config_schema={"type": "object"},
        batch=batch,
    )


async def page_values(runtime: Any, crm: Crm, kind: str, ids: list[str]) -> Any:
    registry = failing_plugin(
        [
            batch_kind("echo", echo),
            batch_kind("broken", broken),
            batch_kind("slow", slow),
            ComputedKind(
                plugin="flaky",
                name="badsql",
                description="",
                return_type="Int",
                config_schema={"type": "object"},
                sql=bad_sql,
            ),
        ]
    )
    crm = await add_field(
        runtime,
        Crm(crm.engine, crm.model, registry),
        "customer",
        kind,
        {"plugin": "flaky", "kind": kind},
    )
    customer = crm.obj("customer")
    [field] = computed_fields(registry, crm.model, customer, {"flaky"})
    if field.kind.in_sql:
        return sql_column(
            field, crm.model, customer, record_table(customer), NOW, crm.engine.dialect.name
        )
    return await batch_values(field, crm.engine, crm.model, customer, ids, NOW, timeout=0.2)


async def echo(ctx: BatchContext, ids: list[str]) -> dict[str, Any]:
    t = record_table(ctx.obj)
    rows = await ctx.conn.execute(sa.select(t.c.id).where(t.c.id.in_(ids)))
    return {row.id: f"seen {row.id[:4]}" for row in rows}


async def broken(ctx: BatchContext, ids: list[str]) -> dict[str, Any]:
    raise KeyError("plugin bug")


async def slow(ctx: BatchContext, ids: list[str]) -> dict[str, Any]:
    await asyncio.sleep(30)
    return {}


def bad_sql(ctx: Any) -> Any:
    raise AttributeError("plugin bug")


async def test_batch_kinds_compute_a_whole_page_in_one_call(runtime: Any, crm: Crm) -> None:
    """One call per page: every id gets its value, ids the plugin skipped get None."""
    a, b = await crm.insert("customer", name="a"), await crm.insert("customer", name="b")
    missing = "00000000-0000-4000-8000-000000000000"
    values = await page_values(runtime, crm, "echo", [a, b, missing])
    assert values == {a: f"seen {a[:4]}", b: f"seen {b[:4]}", missing: None}


@pytest.mark.parametrize(
    "kind, message",
    [
        ("broken", "broken: could not be computed"),
        ("slow", "slow: computing it took too long"),
        ("badsql", "badsql: could not be computed"),
    ],
)
async def test_a_failing_plugin_is_a_field_error_for_that_field_only(
    runtime: Any, crm: Crm, kind: str, message: str
) -> None:
    """Raising, timing out or failing to build SQL gives a ComputedFailure without internals."""
    a = await crm.insert("customer", name="a")
    assert await page_values(runtime, crm, kind, [a]) == ComputedFailure(kind, message)
