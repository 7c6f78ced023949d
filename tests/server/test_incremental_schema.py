"""A schema built from the previous one of the same tenant and access equals a full build."""
from __future__ import annotations

from typing import Any

from graphql import GraphQLField, GraphQLObjectType, GraphQLSchema, GraphQLString, print_schema, validate_schema

from server.context import Principal
from server.graphql.data import build_data_schema
from server.graphql.data.incremental import DataSchema, build_next
from server.graphql.data.plugin_view import PluginView
from server.graphql.data.validation import validate_new_types
from server.permissions.access import ADMIN_ACCESS, Access
from tests.conftest import TenantRef

CHANGES: list[tuple[str, dict[str, Any]]] = [
    ("create_field", {"object_name": "ticket", "data": {"name": "nps", "type": "INTEGER"}}),
    ("create_field", {"object_name": "customer", "data": {"name": "vip", "type": "BOOLEAN"}}),
    ("create_object", {"data": {"name": "vendor"}}),
    ("create_field", {"object_name": "vendor", "data": {"name": "rating", "type": "RATING"}}),
    ("create_field", {"object_name": "vendor", "data": {
        "name": "customer", "type": "RELATION", "relation": {"target": "customer", "inverseName": "vendors"}}}),
    ("update_field", {"object_name": "vendor", "field_name": "rating", "data": {"name": "score"}}),
    ("create_field", {"object_name": "customer", "data": {
        "name": "valueScore", "type": "COMPUTED", "computed": {"plugin": "customer_value_score"}}}),
    ("delete_field", {"object_name": "customer", "field_name": "company"}),
    ("delete_object", {"name": "vendor"}),
    ("restore_object", {"name": "vendor"}),
]


def _plugins(runtime: Any) -> PluginView:
    return PluginView(runtime.plugins, runtime.plugins.enabled_from({}))


async def _access(runtime: Any, tenant: TenantRef, model: Any, roles: frozenset[str]) -> Access:
    versions = await runtime.tenants.versions_by_id(tenant.id)
    principal = Principal(tenant.id, tenant.slug, "u-1", roles)
    return (await runtime.authorizer.resolve(principal, model, versions.policy_version))[1]  # type: ignore[no-any-return]


async def _change(runtime: Any, tenant: TenantRef, method: str, args: dict[str, Any]) -> None:
    call = getattr(runtime.metadata, method)
    if method == "create_field":
        await call(tenant.id, args["object_name"], args["data"], "u-admin")
    elif method == "update_field":
        await call(tenant.id, args["object_name"], args["field_name"], args["data"], "u-admin")
    elif method == "delete_field":
        await call(tenant.id, args["object_name"], args["field_name"], "u-admin")
    elif method == "create_object":
        await call(tenant.id, args["data"], "u-admin")
    else:
        await call(tenant.id, args["name"], "u-admin")


async def test_every_change_builds_what_a_full_build_builds(runtime: Any, tenant: TenantRef) -> None:
    """Field and object changes, relations, computed fields: SDL equal to a fresh build, per role set."""
    plugins = _plugins(runtime)
    callers = [frozenset({"admin"}), frozenset({"support_agent"}), frozenset({"sales_rep", "viewer"})]
    previous: dict[frozenset[str], DataSchema] = {}
    model = await runtime.metadata.load(tenant.id)
    for roles in callers:
        previous[roles] = build_next(model, await _access(runtime, tenant, model, roles), plugins)
    for method, args in CHANGES:
        await _change(runtime, tenant, method, args)
        model = await runtime.metadata.load(tenant.id)
        for roles in callers:
            access = await _access(runtime, tenant, model, roles)
            built = build_next(model, access, plugins, previous[roles])
            assert validate_schema(built.schema) == []
            assert print_schema(built.schema) == print_schema(build_data_schema(model, access, plugins)), (method, roles)
            previous[roles] = built


async def test_unchanged_objects_keep_their_types(runtime: Any, tenant: TenantRef) -> None:
    """A new field rebuilds its object and the objects linked to it, and keeps the others."""
    plugins = _plugins(runtime)
    model = await runtime.metadata.load(tenant.id)
    before = build_next(model, ADMIN_ACCESS, plugins)
    await runtime.metadata.create_field(tenant.id, "activity", {"name": "mood", "type": "TEXT"}, "u-admin")
    await runtime.metadata.create_object(tenant.id, {"name": "island"}, "u-admin")
    await runtime.metadata.create_object(tenant.id, {"name": "atoll"}, "u-admin")
    model = await runtime.metadata.load(tenant.id)
    middle = build_next(model, ADMIN_ACCESS, plugins, before)
    await runtime.metadata.create_field(tenant.id, "island", {"name": "size", "type": "INTEGER"}, "u-admin")
    after = build_next(await runtime.metadata.load(tenant.id), ADMIN_ACCESS, plugins, middle)
    assert after.schema.type_map["Atoll"] is middle.schema.type_map["Atoll"]
    assert after.schema.type_map["AtollFilter"] is middle.schema.type_map["AtollFilter"]
    assert after.schema.type_map["Island"] is not middle.schema.type_map["Island"]
    assert "size" in after.schema.type_map["Island"].fields  # type: ignore[union-attr]
    assert middle.schema.type_map["Customer"] is not before.schema.type_map["Customer"]


async def test_access_changes_rebuild_what_they_hide(runtime: Any, tenant: TenantRef) -> None:
    """Another role set's previous schema is never reused for hidden fields it could see."""
    plugins = _plugins(runtime)
    model = await runtime.metadata.load(tenant.id)
    admin = build_next(model, ADMIN_ACCESS, plugins)
    agent_access = await _access(runtime, tenant, model, frozenset({"support_agent"}))
    agent = build_next(model, agent_access, plugins, admin)
    assert "annualRevenue" not in agent.schema.type_map["Customer"].fields  # type: ignore[union-attr]
    assert print_schema(agent.schema) == print_schema(build_data_schema(model, agent_access, plugins))


def test_new_types_are_still_validated() -> None:
    """Types taken from a validated schema are skipped; a broken new type is still reported."""
    kept = GraphQLObjectType("Kept", {"a": GraphQLField(GraphQLString)})
    previous = GraphQLSchema(GraphQLObjectType("Query", {"kept": GraphQLField(kept)}))
    assert validate_schema(previous) == []
    broken = GraphQLObjectType("Broken", {})
    schema = GraphQLSchema(GraphQLObjectType("Query", {"kept": GraphQLField(kept), "broken": GraphQLField(broken)}))
    validate_new_types(schema, previous)
    assert [e.message for e in validate_schema(schema)] == ["Type Broken must define one or more fields."]
