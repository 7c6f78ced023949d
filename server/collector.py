"""The garbage collector's pace in a server process.

CPython runs a young-generation pass every 700 net allocations, and a full pass over
every tracked object after 100 of those once the long-lived objects have grown by a
quarter. A bulk create of 1,000 records keeps tens of thousands of objects alive until
it answers, so at the default pace full passes came every few requests, each walking
the whole heap (modules, plugin registry, tenant models, built schemas): 40% of the
CPU of a bulk create. Ten times fewer young passes make full passes rare; the objects
a young pass holds meanwhile are a few megabytes at most.
"""
from __future__ import annotations

import gc

YOUNG_PASS_EVERY = 10_000
"""Net allocations between young-generation passes (CPython's default: 700)."""


def pace_collector() -> None:
    """Set the pace for this process (idempotent; CPython's other two thresholds kept)."""
    _young, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_PASS_EVERY, middle, old)
