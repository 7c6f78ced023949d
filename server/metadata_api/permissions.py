"""Roles, role assignments, permissions and API keys on `POST /metadata` (SPEC §3, §5)."""
from __future__ import annotations

import enum
from typing import Any

import strawberry
from strawberry.scalars import JSON

from metadata.database import write_transaction
from ..auth.api_keys import create_api_key, list_api_keys, revoke_api_key
from .guard import admin_context as _admin


@strawberry.enum
class Action(enum.Enum):
    READ = "READ"
    CREATE = "CREATE"
    UPDATE = "UPDATE"
    DELETE = "DELETE"


@strawberry.type
class RoleMeta:
    name: str
    description: str | None
    users: list[str]


@strawberry.type
class PermissionMeta:
    role: str
    object: str
    actions: list[Action]
    row_filter: JSON | None
    read_row_filter: JSON | None = strawberry.field(
        description="READ scope when it is wider than rowFilter (e.g. a sales rep also reads the lead pool)."
    )
    allowed_fields: list[str] | None
    denied_fields: list[str] | None
    read_only_fields: list[str]


@strawberry.input
class PermissionInput:
    role: str
    object: str
    actions: list[Action]
    row_filter: JSON | None = None
    read_row_filter: JSON | None = strawberry.field(
        default=None, description="Optional wider READ scope; writes stay limited to rowFilter."
    )
    allowed_fields: list[str] | None = None
    denied_fields: list[str] | None = None
    read_only_fields: list[str] | None = None


@strawberry.type
class ApiKeyMeta:
    id: strawberry.ID
    name: str
    roles: list[str]
    created_at: str
    revoked_at: str | None


@strawberry.type
class ApiKeyCreated:
    id: strawberry.ID
    name: str
    roles: list[str]
    key: str = strawberry.field(description="The key itself; shown only this once.")


def _permission(p: dict[str, Any]) -> PermissionMeta:
    return PermissionMeta(
        role=p["role"],
        object=p["object"],
        actions=[Action(a) for a in p["actions"]],
        row_filter=p["rowFilter"],
        read_row_filter=p["readRowFilter"],
        allowed_fields=p["allowedFields"],
        denied_fields=p["deniedFields"],
        read_only_fields=p["readOnlyFields"],
    )


@strawberry.type
class PermissionQueries:
    @strawberry.field
    async def roles(self, info: strawberry.Info) -> list[RoleMeta]:
        ctx = _admin(info)
        found = await ctx.runtime.permissions.roles(ctx.principal.tenant_id)
        return [RoleMeta(name=r["name"], description=r["description"], users=r["users"]) for r in found]

    @strawberry.field
    async def permissions(self, info: strawberry.Info, role: str | None = None) -> list[PermissionMeta]:
        ctx = _admin(info)
        return [_permission(p) for p in await ctx.runtime.permissions.permissions(ctx.principal.tenant_id, role)]

    @strawberry.field
    async def api_keys(self, info: strawberry.Info) -> list[ApiKeyMeta]:
        ctx = _admin(info)
        async with ctx.runtime.engine.connect() as conn:
            keys = await list_api_keys(conn, ctx.principal.tenant_id)
        return [
            ApiKeyMeta(
                id=strawberry.ID(k.id), name=k.name, roles=sorted(k.roles),
                created_at=k.created_at.isoformat(), revoked_at=k.revoked_at.isoformat() if k.revoked_at else None,
            )
            for k in keys
        ]


@strawberry.type
class PermissionMutations:
    @strawberry.mutation
    async def set_permission(self, info: strawberry.Info, input: PermissionInput) -> PermissionMeta | None:
        ctx = _admin(info)
        data = {
            "role": input.role,
            "object": input.object,
            "actions": [a.value for a in input.actions],
            "rowFilter": input.row_filter,
            "readRowFilter": input.read_row_filter,
            "allowedFields": input.allowed_fields,
            "deniedFields": input.denied_fields,
            "readOnlyFields": input.read_only_fields,
        }
        result = await ctx.runtime.permissions.set_permission(ctx.principal.tenant_id, data, ctx.actor)
        return _permission(result) if result else None

    @strawberry.mutation
    async def create_role(self, info: strawberry.Info, name: str, description: str | None = None) -> RoleMeta:
        ctx = _admin(info)
        role = await ctx.runtime.permissions.create_role(ctx.principal.tenant_id, name, description, ctx.actor)
        return RoleMeta(name=role["name"], description=role["description"], users=role["users"])

    @strawberry.mutation
    async def delete_role(self, info: strawberry.Info, name: str) -> bool:
        ctx = _admin(info)
        return await ctx.runtime.permissions.delete_role(ctx.principal.tenant_id, name, ctx.actor)

    @strawberry.mutation
    async def assign_role(self, info: strawberry.Info, user: str, role: str) -> bool:
        ctx = _admin(info)
        return await ctx.runtime.permissions.assign_role(ctx.principal.tenant_id, user, role, ctx.actor)

    @strawberry.mutation
    async def revoke_role(self, info: strawberry.Info, user: str, role: str) -> bool:
        ctx = _admin(info)
        return await ctx.runtime.permissions.revoke_role(ctx.principal.tenant_id, user, role, ctx.actor)

    @strawberry.mutation
    async def create_api_key(self, info: strawberry.Info, name: str, roles: list[str]) -> ApiKeyCreated:
        ctx = _admin(info)
        async with write_transaction(ctx.runtime.engine) as conn:
            key_id, key = await create_api_key(conn, ctx.principal.tenant_id, name, roles, ctx.actor)
        return ApiKeyCreated(id=strawberry.ID(key_id), name=name, roles=sorted(set(roles)), key=key)

    @strawberry.mutation
    async def revoke_api_key(self, info: strawberry.Info, id: strawberry.ID) -> bool:
        ctx = _admin(info)
        async with write_transaction(ctx.runtime.engine) as conn:
            await revoke_api_key(conn, ctx.principal.tenant_id, str(id))
        return True
