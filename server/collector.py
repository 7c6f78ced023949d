"""The garbage collector's pace in a server process.

CPython runs a young-generation pass every 700 net allocations, and a full pass over
every tracked object after 100 of those once the long-lived objects have grown by a
quarter. A bulk create of 1,000 records keeps tens of thousands of objects alive until
it answers, so at the default pace full passes came every few requests, each walking
the whole heap (modules, plugin registry, tenant models, built schemas): 40% of the
CPU of a bulk create. The counter is net (allocations minus frees), so a request that
frees what it allocated leaves it where it was: with 200,000, above what three bulk
creates in flight hold at their peak, young passes come only when the heap really grows,
and the request's objects, freed by reference counting, are never promoted on the way
(loading 100,000 customers, collection took about 10% of the server's CPU at 10,000
and about 2% at 200,000). The price is memory: cyclic garbage waits longer, young
cycles for up to 200,000 allocations and old ones (an evicted tenant schema) for the
rarer full pass; 1,000 tenants on one process peaked at 493 MiB against 372 MiB at
10,000 (docs/benchmarks.md, run 8).
"""
from __future__ import annotations

import gc

YOUNG_PASS_EVERY = 200_000
"""Net allocations between young-generation passes (CPython's default: 700)."""


def pace_collector() -> None:
    """Set the pace for this process (idempotent; CPython's other two thresholds kept)."""
    _young, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_PASS_EVERY, middle, old)
