"""A burst of compiled reads, several times the pool's size, all at once.

On PostgreSQL compiled reads borrow connections from the runtime's own read pool, which
keeps its connections (no new backend per burst) and queues requests beyond its size;
SQLite has no such pool and reads on the engine's connection. Either way every request
of the burst must get its own, right answer through the compiled path.
"""
from __future__ import annotations

import asyncio
from typing import Any

from tests.compiled.test_differential import Both, both  # noqa: F401  (fixture)


async def test_a_burst_beyond_the_pool_size_gets_every_answer(both: Both, runtime: Any, backend: str) -> None:
    page = await both("{ customers(first: 40) { edges { node { id name } } } }")
    expected = {e["node"]["id"]: e["node"]["name"] for e in page["data"]["customers"]["edges"]}
    query = "query($id: ID!) { customer(id: $id) { id name } }"
    before = runtime.compiled_answers
    burst = list(expected) * 3
    assert len(burst) > runtime.settings.pool_size
    answers = await asyncio.gather(*(both.api.gql(both.tenant, query, {"id": i}) for i in burst))
    assert [a["data"]["customer"]["name"] for a in answers] == [expected[i] for i in burst]
    assert runtime.compiled_answers == before + len(burst)
    pool = runtime.read_pool
    if backend == "sqlite":
        assert pool is None
    else:
        assert 1 <= pool.get_size() <= pool.get_max_size() == runtime.settings.pool_size
        assert pool.get_idle_size() == pool.get_size()  # every borrowed connection came back
