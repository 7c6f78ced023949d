"""Read side of the metadata API: objects and fields, version, export, audit log."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from metadata.service.exchange import export_document

from .audit_log import audit_log_page
from .guard import admin_context
from .types import AuditLogConnection, ObjectMeta, object_meta


@strawberry.type
class MetadataQueries:
    @strawberry.field(
        description="The tenant's objects; soft-deleted ones too with includeDeleted."
    )
    def objects(self, info: strawberry.Info, include_deleted: bool = False) -> list[ObjectMeta]:
        ctx = admin_context(info)
        shown = ctx.model.objects if include_deleted else ctx.model.live_objects
        return [object_meta(o, ctx.model) for o in shown]

    @strawberry.field(description="A live object by name, or null.")
    def object(self, info: strawberry.Info, name: str) -> ObjectMeta | None:
        ctx = admin_context(info)
        found = ctx.model.objects_by_name.get(name)
        return object_meta(found, ctx.model) if found else None

    @strawberry.field(description="Moves by one with every metadata change.")
    def metadata_version(self, info: strawberry.Info) -> int:
        return admin_context(info).model.version

    @strawberry.field(description="The metadata as a document importMetadata accepts.")
    def export_metadata(self, info: strawberry.Info) -> JSON:
        return export_document(admin_context(info).model)

    @strawberry.field(description="Metadata and data changes, newest first.")
    async def audit_log(
        self,
        info: strawberry.Info,
        object: str | None = None,
        record_id: strawberry.ID | None = None,
        actor: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> AuditLogConnection:
        ctx = admin_context(info)
        return await audit_log_page(ctx, object, record_id, actor, first, after)
