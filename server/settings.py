"""Settings, read once from the environment; every limit is a named setting with a default."""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_SQLITE_URL = "sqlite+aiosqlite:///metacrm.db"
SECRET_FILE = ".metacrm-secret"


@dataclass(frozen=True)
class Limits:
    """Request limits; exceeding any of them gives QUERY_TOO_COMPLEX before SQL runs."""

    max_depth: int = 12
    max_aliases: int = 100
    max_tokens: int = 10_000
    max_page_size: int = 500
    default_page_size: int = 50
    max_cost: int = 50_000
    max_mutations: int = 10
    max_bulk: int = 1_000
    max_body_bytes: int = 1 << 20


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_SQLITE_URL
    secret: str = "dev-secret"
    host: str = "127.0.0.1"
    port: int = 8000
    graphiql: bool = True
    limits: Limits = field(default_factory=Limits)
    schema_cache_size: int = 256
    """How many generated schemas (tenant, version, role set) one process keeps."""
    sql_echo: bool = False
    compiled_reads: bool = True
    """Answer plain queries with one JSON-building SQL statement per root field."""
    rate_limit_per_minute: int | None = None
    """Requests per minute per caller (tenant, user); None turns rate limiting off."""
    pool_size: int = 20
    """PostgreSQL connections each process keeps open: the size of the compiled reads'
    pool and of the engine's pool for everything else."""
    pool_overflow: int = 10
    """Extra connections of the engine's pool (not the compiled reads') under bursts, closed
    again when returned while the pool is full (each one is a new PostgreSQL backend)."""

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> "Settings":
        env = dict(os.environ if env is None else env)
        return cls(
            database_url=normalise_database_url(env.get("METACRM_DATABASE_URL", DEFAULT_SQLITE_URL)),
            secret=env.get("METACRM_SECRET") or _local_dev_secret(),
            host=env.get("METACRM_HOST", "127.0.0.1"),
            port=int(env.get("METACRM_PORT", "8000")),
            graphiql=env.get("METACRM_GRAPHIQL", "1") not in ("0", "false", "no"),
            sql_echo=env.get("METACRM_SQL_ECHO", "0") == "1",
            compiled_reads=env.get("METACRM_COMPILED_READS", "1") != "0",
            rate_limit_per_minute=int(env["METACRM_RATE_LIMIT"]) if env.get("METACRM_RATE_LIMIT") else None,
            pool_size=int(env.get("METACRM_DB_POOL_SIZE", "20")),
            pool_overflow=int(env.get("METACRM_DB_POOL_OVERFLOW", "10")),
        )


def normalise_database_url(url: str) -> str:
    """Accept plain driver-less URLs and pick the async driver for them."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+asyncpg://" + url.split("://", 1)[1]
    if url.startswith("sqlite:///"):
        return "sqlite+aiosqlite:///" + url[len("sqlite:///"):]
    return url


def _local_dev_secret() -> str:
    """A signing key generated on first use and kept in the working directory (dev only)."""
    path = Path(SECRET_FILE)
    if path.exists():
        return path.read_text().strip()
    value = secrets.token_urlsafe(48)
    path.write_text(value)
    path.chmod(0o600)
    return value
