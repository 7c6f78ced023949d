"""From an `Authorization: Bearer …` header to a Principal, or UNAUTHENTICATED.

The tenant is taken from the credential only: a token names its tenant by slug, an
API key belongs to the tenant that created it. Nothing the client sends beside the
credential can switch tenants.
"""
from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from metadata.errors import Unauthenticated

from ..context import Principal
from ..tenancy import TenantDirectory, TenantVersions
from .api_keys import find_api_key, looks_like_api_key
from .tokens import TokenReader


def bearer_credential(authorization: str | None) -> str:
    if not authorization:
        raise Unauthenticated("Missing credentials: send `Authorization: Bearer <token or API key>`")
    scheme, _, credential = authorization.partition(" ")
    if scheme.lower() != "bearer" or not credential.strip():
        raise Unauthenticated("Use the Bearer scheme: `Authorization: Bearer <token or API key>`")
    return credential.strip()


async def authenticate(
    authorization: str | None, tokens: TokenReader, engine: AsyncEngine, tenants: TenantDirectory
) -> tuple[Principal, TenantVersions]:
    credential = bearer_credential(authorization)
    if looks_like_api_key(credential):
        async with engine.connect() as conn:
            key = await find_api_key(conn, credential)
        if key is None:
            raise Unauthenticated("Invalid or revoked API key")
        versions = await tenants.versions_by_id(key.tenant_id)
        if versions is None:
            raise Unauthenticated("Invalid or revoked API key")
        principal = Principal(versions.tenant_id, versions.slug, f"apikey:{key.id}", key.roles, api_key_id=key.id)
        return principal, versions
    claims = tokens.read(credential)
    if claims is None:
        raise Unauthenticated("Invalid or expired token")
    versions = await tenants.versions_by_slug(claims.tenant_slug)
    if versions is None:
        raise Unauthenticated("Invalid or expired token")
    return Principal(versions.tenant_id, versions.slug, claims.user_id, claims.roles), versions
