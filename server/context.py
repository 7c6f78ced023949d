"""Who is calling and what they see: built once per request, handed to every resolver."""
from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from metadata.model import TenantModel

from .permissions.access import Access

if TYPE_CHECKING:
    from .runtime import Runtime


@dataclass(frozen=True)
class Principal:
    """An authenticated caller. The tenant always comes from the credential."""

    tenant_id: str
    tenant_slug: str
    user_id: str
    roles: frozenset[str]
    api_key_id: str | None = None

    @property
    def role_key(self) -> str:
        return ",".join(sorted(self.roles))


@dataclass
class RequestContext:
    runtime: Runtime
    principal: Principal
    model: TenantModel
    access: Access
    schema_key: Hashable = None
    """Identifies the generated schema this caller sees: (tenant, metadata version, access)."""
    plugins: frozenset[str] = frozenset()
    """The plugins this tenant has enabled (read with the model, so no query per request)."""
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    """The request's clock for computed values and plugin calls (the plugin registry's clock)."""
    loaders: dict[Any, Any] = field(default_factory=dict)
    """Per-request batch loaders, keyed by whatever the loader's owner chooses."""

    @property
    def actor(self) -> str:
        return self.principal.user_id
