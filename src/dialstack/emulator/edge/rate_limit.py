"""``--rate-limit N``: a token bucket per tenant, N requests per second, bursts of up to N."""

import math
import time


class RateLimiter:
    def __init__(self, per_second: float) -> None:
        self._rate = per_second
        self._capacity = max(per_second, 1.0)
        self._buckets: dict[str, tuple[float, float]] = {}  # tenant -> (tokens, at monotonic s)

    def retry_after(self, tenant: str) -> int | None:
        """None if the request may go now; else whole seconds to wait (at least 1)."""
        now = time.monotonic()
        tokens, last = self._buckets.get(tenant, (self._capacity, now))
        tokens = min(self._capacity, tokens + (now - last) * self._rate)
        if tokens >= 1.0:
            self._buckets[tenant] = (tokens - 1.0, now)
            return None
        self._buckets[tenant] = (tokens, now)
        return max(1, math.ceil((1.0 - tokens) / self._rate))
