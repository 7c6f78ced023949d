"""Write side of the metadata API: each mutation is one MetadataService call (one transaction)."""

from __future__ import annotations

from collections.abc import Callable

import strawberry
from strawberry.scalars import JSON

from metadata.errors import BadUserInput
from metadata.model import FieldDef, ObjectDef, TenantModel

from ..context import RequestContext
from .guard import admin_context
from .inputs import FieldInput, FieldUpdateInput, ObjectInput, ObjectUpdateInput, as_document
from .types import FieldMeta, MetadataDiff, ObjectMeta, field_meta, object_meta, target_names


async def _model_holding(ctx: RequestContext, found: Callable[[TenantModel], bool]) -> TenantModel:
    """The model the change left behind: the one handed to the tenant directory when it is
    still the newest there (`found` checks it holds the very definition the change returned),
    otherwise a fresh load."""
    tenant_id = ctx.principal.tenant_id
    handed = ctx.runtime.tenants.newest(tenant_id)
    if handed is not None and found(handed):
        return handed
    return await ctx.runtime.metadata.load(tenant_id)


async def _object_result(ctx: RequestContext, obj: ObjectDef) -> ObjectMeta:
    tenant = await _model_holding(ctx, lambda m: m.objects_by_id.get(obj.id) is obj)
    return object_meta(tenant.objects_by_id[obj.id], tenant)


async def _field_result(ctx: RequestContext, f: FieldDef) -> FieldMeta:
    def holds(m: TenantModel) -> bool:
        owner = m.objects_by_id.get(f.object_id)
        return owner is not None and owner.fields_by_id.get(f.id) is f

    return field_meta(f, target_names(await _model_holding(ctx, holds)))


@strawberry.type
class MetadataMutations:
    @strawberry.mutation
    async def create_object(self, info: strawberry.Info, input: ObjectInput) -> ObjectMeta:
        ctx = admin_context(info)
        obj = await ctx.runtime.metadata.create_object(
            ctx.principal.tenant_id, as_document(input), ctx.actor
        )
        return await _object_result(ctx, obj)

    @strawberry.mutation
    async def update_object(
        self, info: strawberry.Info, name: str, input: ObjectUpdateInput
    ) -> ObjectMeta:
        ctx = admin_context(info)
        obj = await ctx.runtime.metadata.update_object(
            ctx.principal.tenant_id, name, as_document(input), ctx.actor
        )
        return await _object_result(ctx, obj)

    @strawberry.mutation(description="Soft delete: the object leaves the API, its records stay.")
    async def delete_object(self, info: strawberry.Info, name: str) -> bool:
        ctx = admin_context(info)
        await ctx.runtime.metadata.delete_object(ctx.principal.tenant_id, name, ctx.actor)
        return True

    @strawberry.mutation
    async def restore_object(self, info: strawberry.Info, name: str) -> ObjectMeta:
        ctx = admin_context(info)
        obj = await ctx.runtime.metadata.restore_object(ctx.principal.tenant_id, name, ctx.actor)
        return await _object_result(ctx, obj)

    @strawberry.mutation(description="Removes the object and its records for good.")
    async def purge_object(self, info: strawberry.Info, name: str) -> bool:
        ctx = admin_context(info)
        await ctx.runtime.metadata.purge_object(ctx.principal.tenant_id, name, ctx.actor)
        return True

    @strawberry.mutation
    async def create_field(
        self, info: strawberry.Info, object: str, input: FieldInput
    ) -> FieldMeta:
        ctx = admin_context(info)
        f = await ctx.runtime.metadata.create_field(
            ctx.principal.tenant_id, object, as_document(input), ctx.actor
        )
        return await _field_result(ctx, f)

    @strawberry.mutation
    async def update_field(
        self, info: strawberry.Info, object: str, name: str, input: FieldUpdateInput
    ) -> FieldMeta:
        ctx = admin_context(info)
        f = await ctx.runtime.metadata.update_field(
            ctx.principal.tenant_id, object, name, as_document(input), ctx.actor
        )
        return await _field_result(ctx, f)

    @strawberry.mutation(description="Soft delete: the field leaves the API, its values stay.")
    async def delete_field(self, info: strawberry.Info, object: str, name: str) -> bool:
        ctx = admin_context(info)
        await ctx.runtime.metadata.delete_field(ctx.principal.tenant_id, object, name, ctx.actor)
        return True

    @strawberry.mutation
    async def restore_field(self, info: strawberry.Info, object: str, name: str) -> FieldMeta:
        ctx = admin_context(info)
        f = await ctx.runtime.metadata.restore_field(
            ctx.principal.tenant_id, object, name, ctx.actor
        )
        return await _field_result(ctx, f)

    @strawberry.mutation(description="Removes the field and its values for good.")
    async def purge_field(self, info: strawberry.Info, object: str, name: str) -> bool:
        ctx = admin_context(info)
        await ctx.runtime.metadata.purge_field(ctx.principal.tenant_id, object, name, ctx.actor)
        return True

    @strawberry.mutation(
        description="Apply an export document as a diff; dryRun reports without writing."
    )
    async def import_metadata(
        self, info: strawberry.Info, document: JSON, dry_run: bool = False
    ) -> MetadataDiff:
        ctx = admin_context(info)
        if not isinstance(document, dict):
            raise BadUserInput("document must be a JSON object")
        applied, changes = await ctx.runtime.metadata.import_metadata(
            ctx.principal.tenant_id, document, dry_run, ctx.actor
        )
        return MetadataDiff(applied=applied, changes=changes)
