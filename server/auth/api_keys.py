"""API keys for integrators: long-lived, shown once, stored only as a SHA-256 hash.

A key is `mck_<random>`; 256 bits of randomness make a fast hash sufficient (no
password-style stretching is needed for secrets nobody chose by hand).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from metadata.errors import NotFound
from metadata.ids import new_id, parse_uuid
from metadata.tables import api_keys

PREFIX = "mck_"


@dataclass(frozen=True)
class ApiKeyRecord:
    id: str
    tenant_id: str
    name: str
    roles: frozenset[str]
    created_at: dt.datetime | None = None
    revoked_at: dt.datetime | None = None


def looks_like_api_key(credential: str) -> bool:
    return credential.startswith(PREFIX)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


async def create_api_key(
    conn: AsyncConnection, tenant_id: str, name: str, roles: list[str], created_by: str | None
) -> tuple[str, str]:
    """Store a new key; returns (id, the key itself), which is never retrievable again."""
    key = PREFIX + secrets.token_urlsafe(32)
    key_id = new_id()
    await conn.execute(
        api_keys.insert().values(
            id=key_id,
            tenant_id=tenant_id,
            name=name,
            key_hash=hash_key(key),
            roles=sorted(set(roles)),
            created_by=created_by,
            created_at=dt.datetime.now(dt.timezone.utc),
        )
    )
    return key_id, key


async def revoke_api_key(conn: AsyncConnection, tenant_id: str, key_id: str) -> None:
    if parse_uuid(key_id) is None:
        raise NotFound("no such API key")
    result = await conn.execute(
        api_keys.update()
        .where(api_keys.c.id == key_id, api_keys.c.tenant_id == tenant_id, api_keys.c.revoked_at.is_(None))
        .values(revoked_at=dt.datetime.now(dt.timezone.utc))
    )
    if result.rowcount != 1:
        raise NotFound("no such API key")


async def find_api_key(conn: AsyncConnection, key: str) -> ApiKeyRecord | None:
    row = (
        await conn.execute(
            sa.select(api_keys.c.id, api_keys.c.tenant_id, api_keys.c.name, api_keys.c.roles).where(
                api_keys.c.key_hash == hash_key(key), api_keys.c.revoked_at.is_(None)
            )
        )
    ).first()
    if row is None:
        return None
    return ApiKeyRecord(row.id, row.tenant_id, row.name, frozenset(row.roles or ()))


async def list_api_keys(conn: AsyncConnection, tenant_id: str) -> list[ApiKeyRecord]:
    rows = (
        await conn.execute(
            sa.select(api_keys).where(api_keys.c.tenant_id == tenant_id).order_by(api_keys.c.created_at)
        )
    ).all()
    return [
        ApiKeyRecord(r.id, r.tenant_id, r.name, frozenset(r.roles or ()), r.created_at, r.revoked_at) for r in rows
    ]
