"""Per-caller rate limiting (off unless configured): a token bucket per (tenant, user).

In-process, so with several workers each enforces the limit on its own share of the
traffic; a shared limiter belongs in front of the app (the load balancer) at that scale.
"""
from __future__ import annotations

import time
from collections import OrderedDict


class RateLimiter:
    def __init__(self, per_minute: int, burst: int | None = None, max_callers: int = 100_000) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst if burst is not None else max(1, per_minute // 6))
        self._buckets: OrderedDict[tuple[str, str], tuple[float, float]] = OrderedDict()
        self._max_callers = max_callers

    def allow(self, caller: tuple[str, str], now: float | None = None) -> bool:
        """Take one token from the caller's bucket; False when it is empty."""
        now = time.monotonic() if now is None else now
        tokens, last = self._buckets.pop(caller, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        allowed = tokens >= 1.0
        self._buckets[caller] = (tokens - 1.0 if allowed else tokens, now)
        if len(self._buckets) > self._max_callers:
            self._buckets.popitem(last=False)
        return allowed
