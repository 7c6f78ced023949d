"""Access tokens: JWT HS256 with claims `sub`, `tenant`, `roles`, `exp` (SPEC §1)."""
from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import jwt

ALGORITHM = "HS256"


@dataclass(frozen=True)
class TokenClaims:
    user_id: str
    tenant_slug: str
    roles: frozenset[str]
    expires_at: int = 0


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


class TokenReader:
    """Checks tokens signed with one secret.

    A front-end sends the same token with every request: its signature is checked once
    and the claims kept (bounded) until the token expires.
    """

    def __init__(self, secret: str, cache_size: int = 4096) -> None:
        self._secret = secret
        self._verified: OrderedDict[str, TokenClaims] = OrderedDict()
        self._cache_size = cache_size

    def read(self, token: str) -> TokenClaims | None:
        """The claims of a valid token, or None for a forged, expired or malformed one."""
        known = self._verified.get(token)
        if known is not None:
            if known.expires_at > time.time():
                return known
            del self._verified[token]
            return None
        claims = read_token(self._secret, token)
        if claims is not None:
            self._verified[token] = claims
            if len(self._verified) > self._cache_size:
                self._verified.popitem(last=False)
        return claims


def read_token(secret: str, token: str) -> TokenClaims | None:
    """Verify a token's signature and claims, uncached."""
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
    return TokenClaims(payload["sub"], payload["tenant"], frozenset(roles), int(payload["exp"]))
