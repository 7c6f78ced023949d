"""The static schema of `POST /metadata`: objects and fields, permissions, plugins, audit log."""

from __future__ import annotations

import strawberry

from .mutations import MetadataMutations
from .permissions import PermissionMutations, PermissionQueries
from .plugins import PluginMutations, PluginQueries
from .queries import MetadataQueries


@strawberry.type
class Query(MetadataQueries, PermissionQueries, PluginQueries):
    """Everything an admin can read about the tenant's shape and policy."""


@strawberry.type
class Mutation(MetadataMutations, PermissionMutations, PluginMutations):
    """Everything an admin can change; each field is one transaction."""


schema = strawberry.Schema(query=Query, mutation=Mutation)
