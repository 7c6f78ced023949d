"""Access tokens: JWT HS256 with claims `sub`, `tenant`, `roles`, `exp` (SPEC §1)."""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import jwt

ALGORITHM = "HS256"


@dataclass(frozen=True)
class TokenClaims:
    user_id: str
    tenant_slug: str
    roles: frozenset[str]


def mint_token(secret: str, tenant_slug: str, user_id: str, roles: list[str] | tuple[str, ...], ttl: int = 3600) -> str:
    now = int(time.time())
    payload: dict[str, Any] = {
        "sub": user_id,
        "tenant": tenant_slug,
        "roles": list(roles),
        "iat": now,
        "exp": now + ttl,
    }
    return jwt.encode(payload, secret, algorithm=ALGORITHM)


def read_token(secret: str, token: str) -> TokenClaims | None:
    """The claims of a valid token, or None for a forged, expired or malformed one."""
    try:
        payload = jwt.decode(
            token, secret, algorithms=[ALGORITHM], options={"require": ["sub", "tenant", "exp"]}
        )
    except jwt.PyJWTError:
        return None
    roles = payload.get("roles") or []
    if not isinstance(payload["sub"], str) or not isinstance(payload["tenant"], str):
        return None
    if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
        return None
    return TokenClaims(payload["sub"], payload["tenant"], frozenset(roles))
