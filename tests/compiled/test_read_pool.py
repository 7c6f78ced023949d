"""Compiled reads on PostgreSQL borrow connections from the runtime's own read pool.

The pool keeps its connections (no new backend per burst) and queues requests beyond
its size; every queued request must still get its own, right answer.
"""
from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.compiled.test_differential import Both, both  # noqa: F401  (fixture)


async def test_compiled_reads_use_the_read_pool_and_queue_beyond_its_size(both: Both, runtime: Any,
                                                                           backend: str) -> None:
    if backend != "postgresql":
        assert runtime.read_pool is None
        pytest.skip("SQLite reads run on the engine's connection")
    page = await both("{ customers(first: 40) { edges { node { id name } } } }")
    expected = {e["node"]["id"]: e["node"]["name"] for e in page["data"]["customers"]["edges"]}
    query = "query($id: ID!) { customer(id: $id) { id name } }"
    pool = runtime.read_pool
    before = runtime.compiled_answers
    burst = list(expected) * 3  # several times the pool's size, all at once
    answers = await asyncio.gather(*(both.api.gql(both.tenant, query, {"id": i}) for i in burst))
    assert [a["data"]["customer"]["name"] for a in answers] == [expected[i] for i in burst]
    assert runtime.compiled_answers == before + len(burst)
    assert 1 <= pool.get_size() <= pool.get_max_size() == runtime.settings.pool_size
    assert pool.get_idle_size() == pool.get_size()  # every borrowed connection came back
