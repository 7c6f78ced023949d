"""The static schema of `POST /metadata`: objects and fields, permissions, audit log."""
from __future__ import annotations

import strawberry

from .mutations import MetadataMutations
from .permissions import PermissionMutations, PermissionQueries
from .queries import MetadataQueries


@strawberry.type
class Query(MetadataQueries, PermissionQueries):
    """Everything an admin can read about the tenant's shape and policy."""


@strawberry.type
class Mutation(MetadataMutations, PermissionMutations):
    """Everything an admin can change; each field is one transaction."""


schema = strawberry.Schema(query=Query, mutation=Mutation)
