"""Writing and reading roles, role assignments and permissions of a tenant.

Every change is one transaction that also bumps the tenant's `policy_version` (so
every process picks it up on its next request) and writes an audit entry.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from metadata.audit import write_entry
from metadata.database import write_transaction
from metadata.errors import BadUserInput, Conflict, NotFound
from metadata.loader import load_model
from metadata.service.unit_of_work import lock_tenant
from metadata.model import ObjectDef, TenantModel
from metadata.physical import record_table
from metadata.storage.filters import FilterContext, compile_filter
from metadata.tables import roles, tenants

from .access import ALL_ACTIONS
from .authorizer import ADMIN_ROLE
from .policy_store import TenantPolicy, add_lines, load_policy, remove_lines
from .rules import VARIABLES, PermissionRule, UnresolvableRule, filter_to_ids, filter_to_names

TEMPLATE_ROLES = {"crm": Path(__file__).with_name("crm_roles.json")}
"""Roles and permissions that come with a metadata template."""

ROLE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")

FilterCheck = Callable[[TenantModel, ObjectDef, Mapping[str, Any]], None]
"""Checks a row filter compiles (the storage layer's compiler); raises BadUserInput."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class PermissionService:
    def __init__(self, engine: AsyncEngine, check_filter: FilterCheck | None = None) -> None:
        self._engine = engine
        self._check_filter = check_filter

    # ------------------------------------------------------------ reads

    async def policy(self, tenant_id: str) -> TenantPolicy:
        async with self._engine.connect() as conn:
            version = (await conn.execute(sa.select(tenants.c.policy_version).where(tenants.c.id == tenant_id))).scalar_one()
            return await load_policy(conn, tenant_id, version)

    async def roles(self, tenant_id: str) -> list[dict[str, Any]]:
        async with self._engine.connect() as conn:
            rows = (await conn.execute(sa.select(roles).where(roles.c.tenant_id == tenant_id).order_by(roles.c.name))).all()
            policy = await load_policy(conn, tenant_id, 0)
        found = [{"name": ADMIN_ROLE, "description": "Everything, metadata included", "users": policy.users_with_role(ADMIN_ROLE)}]
        found += [{"name": r.name, "description": r.description, "users": policy.users_with_role(r.name)} for r in rows]
        return found

    async def permissions(self, tenant_id: str, role: str | None = None) -> list[dict[str, Any]]:
        async with self._engine.connect() as conn:
            model = await load_model(conn, tenant_id)
            policy = await load_policy(conn, tenant_id, 0)
        listed = []
        for rule in policy.all_rules():
            if role is not None and rule.role != role:
                continue
            obj = model.objects_by_id.get(rule.object_id)
            if obj is None or obj.is_deleted:
                continue
            listed.append(describe_rule(model, obj, rule))
        return sorted(listed, key=lambda p: (p["role"], p["object"]))

    # ------------------------------------------------------------ writes

    async def create_role(self, tenant_id: str, name: str, description: str | None, actor: str) -> dict[str, Any]:
        if not ROLE_NAME.match(name):
            raise BadUserInput(f"Invalid role name `{name}`: use ^[a-z][a-z0-9_]{{0,62}}$")
        async with write_transaction(self._engine) as conn:
            await lock_tenant(conn, tenant_id)
            if name == ADMIN_ROLE or await self._role_exists(conn, tenant_id, name):
                raise Conflict(f"Role `{name}` already exists")
            await conn.execute(roles.insert().values(tenant_id=tenant_id, name=name, description=description, created_at=_now()))
            await self._changed(conn, tenant_id, actor, "createRole", {"role": {"before": None, "after": name}})
        return {"name": name, "description": description, "users": []}

    async def delete_role(self, tenant_id: str, name: str, actor: str) -> bool:
        if name == ADMIN_ROLE:
            raise BadUserInput("The admin role cannot be deleted")
        async with write_transaction(self._engine) as conn:
            await lock_tenant(conn, tenant_id)
            if not await self._role_exists(conn, tenant_id, name):
                raise NotFound(f"No role `{name}`")
            await conn.execute(roles.delete().where(roles.c.tenant_id == tenant_id, roles.c.name == name))
            await remove_lines(conn, "p", v0=name, v1=tenant_id)
            await remove_lines(conn, "g", v1=name, v2=tenant_id)
            await self._changed(conn, tenant_id, actor, "deleteRole", {"role": {"before": name, "after": None}})
        return True

    async def assign_role(self, tenant_id: str, user: str, role: str, actor: str) -> bool:
        async with write_transaction(self._engine) as conn:
            await lock_tenant(conn, tenant_id)
            await self._require_role(conn, tenant_id, role)
            await remove_lines(conn, "g", v0=user, v1=role, v2=tenant_id)
            await add_lines(conn, "g", [[user, role, tenant_id]])
            await self._changed(conn, tenant_id, actor, "assignRole", {"user": {"before": None, "after": user}, "role": {"before": None, "after": role}})
        return True

    async def revoke_role(self, tenant_id: str, user: str, role: str, actor: str) -> bool:
        async with write_transaction(self._engine) as conn:
            await lock_tenant(conn, tenant_id)
            await self._require_role(conn, tenant_id, role)
            removed = await remove_lines(conn, "g", v0=user, v1=role, v2=tenant_id)
            await self._changed(conn, tenant_id, actor, "revokeRole", {"user": {"before": user, "after": None}, "role": {"before": role, "after": None}})
        return removed > 0

    async def set_permission(self, tenant_id: str, data: Mapping[str, Any], actor: str) -> dict[str, Any] | None:
        """Replace a role's permission on an object; empty `actions` removes it."""
        async with write_transaction(self._engine) as conn:
            await lock_tenant(conn, tenant_id)
            model = await load_model(conn, tenant_id)
            rule, obj = self._rule_from_input(model, data)
            await self._require_role(conn, tenant_id, rule.role)
            policy = await load_policy(conn, tenant_id, 0)
            before = next((describe_rule(model, obj, r) for r in policy.all_rules() if r.role == rule.role and r.object_id == obj.id), None)
            await remove_lines(conn, "p", v0=rule.role, v1=tenant_id, v2=obj.id)
            if rule.actions:
                await add_lines(conn, "p", rule.casbin_lines(tenant_id))
            after = describe_rule(model, obj, rule) if rule.actions else None
            await self._changed(conn, tenant_id, actor, "setPermission", {f"{rule.role}:{obj.name}": {"before": before, "after": after}})
        return after

    async def apply_template(self, conn: AsyncConnection, tenant_id: str, model: TenantModel, template: str) -> None:
        """Create a template's roles and permissions inside the tenant's creation transaction."""
        path = TEMPLATE_ROLES.get(template)
        if path is None:
            return
        for role_def in json.loads(path.read_text())["roles"]:
            await conn.execute(roles.insert().values(tenant_id=tenant_id, name=role_def["name"], description=role_def.get("description"), created_at=_now()))
            for permission in role_def.get("permissions", ()):
                rule, _obj = self._rule_from_input(model, {"role": role_def["name"], **permission})
                await add_lines(conn, "p", rule.casbin_lines(tenant_id))

    # ------------------------------------------------------------ helpers

    def _rule_from_input(self, model: TenantModel, data: Mapping[str, Any]) -> tuple[PermissionRule, ObjectDef]:
        role = data.get("role")
        if role == ADMIN_ROLE:
            raise BadUserInput("The admin role already has every permission")
        obj = model.objects_by_name.get(data.get("object") or "")
        if obj is None:
            raise BadUserInput(f"Unknown object `{data.get('object')}`")
        actions = frozenset(data.get("actions") or ())
        if not actions <= ALL_ACTIONS:
            raise BadUserInput(f"Unknown actions: {sorted(actions - ALL_ACTIONS)}")
        allowed, denied = data.get("allowedFields"), data.get("deniedFields")
        if allowed is not None and denied is not None:
            raise BadUserInput("Set either allowedFields or deniedFields, not both")
        rule = PermissionRule(
            role=str(role),
            object_id=obj.id,
            actions=actions,
            row_filter=self._filter_input(model, obj, data.get("rowFilter"), "rowFilter"),
            read_row_filter=self._filter_input(model, obj, data.get("readRowFilter"), "readRowFilter"),
            allowed_fields=_field_ids(obj, allowed, "allowedFields") if allowed is not None else None,
            denied_fields=_field_ids(obj, denied, "deniedFields") if denied is not None else None,
            read_only_fields=_field_ids(obj, data.get("readOnlyFields") or [], "readOnlyFields"),
        )
        return rule, obj

    def _filter_input(self, model: TenantModel, obj: ObjectDef, row_filter: Any, what: str) -> dict[str, Any] | None:
        """Validate a filter written with API names and store it keyed by field ids."""
        if not row_filter:
            return None
        _check_variables(row_filter)
        try:
            id_filter = filter_to_ids(model, obj, row_filter)
        except UnresolvableRule as exc:
            raise BadUserInput(f"Invalid {what}: {exc}") from None
        if self._check_filter is not None:
            self._check_filter(model, obj, row_filter)
        return id_filter

    async def _role_exists(self, conn: AsyncConnection, tenant_id: str, name: str) -> bool:
        found = await conn.execute(sa.select(roles.c.name).where(roles.c.tenant_id == tenant_id, roles.c.name == name))
        return found.first() is not None

    async def _require_role(self, conn: AsyncConnection, tenant_id: str, name: str) -> None:
        if name != ADMIN_ROLE and not await self._role_exists(conn, tenant_id, name):
            raise BadUserInput(f"Unknown role `{name}`")

    async def _changed(self, conn: AsyncConnection, tenant_id: str, actor: str, action: str, changes: dict[str, Any]) -> None:
        await conn.execute(tenants.update().where(tenants.c.id == tenant_id).values(policy_version=tenants.c.policy_version + 1))
        await write_entry(conn, tenant_id=tenant_id, actor=actor, action=action, changes=changes)


def _field_ids(obj: ObjectDef, names: Sequence[str], what: str) -> tuple[str, ...]:
    unknown = [n for n in names if n not in obj.fields_by_name]
    if unknown:
        raise BadUserInput(f"{what}: unknown fields {unknown} on {obj.name}")
    return tuple(obj.fields_by_name[n].id for n in names)


def _check_variables(value: Any) -> None:
    if isinstance(value, str) and value.startswith("$") and value not in VARIABLES:
        raise BadUserInput(f"Unknown variable `{value}` in rowFilter (use {', '.join(VARIABLES)})")
    if isinstance(value, dict):
        for v in value.values():
            _check_variables(v)
    if isinstance(value, list):
        for v in value:
            _check_variables(v)


def describe_rule(model: TenantModel, obj: ObjectDef, rule: PermissionRule) -> dict[str, Any]:
    """A rule as the metadata API shows it: names, not ids; unresolvable parts left out."""
    def names(ids: Sequence[str] | None) -> list[str] | None:
        if ids is None:
            return None
        return [obj.fields_by_id[i].name for i in ids if i in obj.fields_by_id and not obj.fields_by_id[i].is_deleted]

    def shown(ast: Any) -> Any:
        try:
            return filter_to_names(model, obj, ast) if ast else None
        except UnresolvableRule:
            return {"unresolvable": True}

    return {
        "role": rule.role,
        "object": obj.name,
        "actions": sorted(rule.actions),
        "rowFilter": shown(rule.row_filter),
        "readRowFilter": shown(rule.read_row_filter),
        "allowedFields": names(rule.allowed_fields),
        "deniedFields": names(rule.denied_fields),
        "readOnlyFields": names(rule.read_only_fields) or [],
    }


def check_row_filter(model: TenantModel, obj: ObjectDef, row_filter: Mapping[str, Any]) -> None:
    """A row filter must compile with the data filter compiler (operators, operand types)."""
    probe = FilterContext(variables={"user.id": "probe", "user.roles": ["probe"]})
    compile_filter(model, obj, record_table(obj), row_filter, probe)
