"""Settings come from METACRM_* environment variables, with the documented defaults."""
from __future__ import annotations

import gc
from typing import Any

from metadata.database import create_engine
from server.collector import YOUNG_PASS_EVERY
from server.settings import Settings


def test_defaults_and_overrides() -> None:
    defaults = Settings.from_env({"METACRM_SECRET": "s"})
    assert (defaults.pool_size, defaults.pool_overflow, defaults.compiled_reads) == (20, 10, True)
    assert defaults.rate_limit_per_minute is None
    tuned = Settings.from_env({"METACRM_SECRET": "s", "METACRM_DB_POOL_SIZE": "40", "METACRM_DB_POOL_OVERFLOW": "0",
                               "METACRM_RATE_LIMIT": "600", "METACRM_DATABASE_URL": "postgresql://db/crm"})
    assert (tuned.pool_size, tuned.pool_overflow, tuned.rate_limit_per_minute) == (40, 0, 600)
    assert tuned.database_url == "postgresql+asyncpg://db/crm"


async def test_the_engine_gets_the_pool_size() -> None:
    engine = create_engine("postgresql+asyncpg://postgres@127.0.0.1:1/none", pool_size=7, pool_overflow=3)
    try:
        assert (engine.pool.size(), engine.pool._max_overflow) == (7, 3)  # type: ignore[attr-defined]
    finally:
        await engine.dispose()


def test_a_running_server_paces_the_garbage_collector(app: Any) -> None:
    """Full collections walk the whole heap; the server makes young passes rarer so
    that bulk writes do not trigger one every few requests (see server.collector)."""
    assert gc.get_threshold()[0] == YOUNG_PASS_EVERY
