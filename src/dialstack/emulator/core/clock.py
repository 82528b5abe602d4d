"""Emulator time: real by default; a tenant can switch to stepped time for its tests.

In stepped time a tenant's clock stands still until ``advance`` moves it, so a test can look
at a simulated call while it is live and at a transcript while it is pending (the simulator
runs the steps that come due when the clock moves). Other tenants keep real time.

Each tenant's time is one monotonic clock: back in real time it resumes from the later of
where the stepped clock stood and real time (an offset from real time is kept), so nothing
moves backwards and whatever was scheduled on the stepped clock (a retry, a link's expiry)
comes due as many seconds later as it was ahead. ``reset`` gives a tenant real time again.
"""

import threading
import time

LATEST = 253_370_764_800.0
"""9999-01-01T00:00:00Z: no clock passes it, so every timestamp (with the lifetimes added
to one: a link's, a session's) stays a four-digit year that a reader can parse."""


class TooLate(ValueError):
    """The step would take a clock past ``LATEST``."""


class Clock:
    def __init__(self) -> None:
        self._stepped: dict[str, float] = {}
        self._offsets: dict[str, float] = {}
        """Seconds a tenant in real time is ahead of it (a stepped clock it left behind)."""
        self._lock = threading.Lock()

    def now(self, tenant: str | None = None) -> float:
        """Unix seconds: the tenant's stepped time, else real time (plus its offset)."""
        if tenant is None:
            return time.time()
        stepped = self._stepped.get(tenant)
        if stepped is not None:
            return stepped
        return time.time() + self._offsets.get(tenant, 0.0)

    def is_stepped(self, tenant: str) -> bool:
        return tenant in self._stepped

    def step(self, tenant: str) -> None:
        """Stop the tenant's clock where its time is now (no-op when already stepped)."""
        with self._lock:
            if tenant not in self._stepped:
                self._stepped[tenant] = time.time() + self._offsets.get(tenant, 0.0)

    def release(self, tenant: str) -> None:
        """Back to real time, from the later of the stepped time and real time."""
        with self._lock:
            stepped = self._stepped.pop(tenant, None)
            if stepped is None:
                return
            ahead = stepped - time.time()
            if ahead > 0:
                self._offsets[tenant] = ahead
            else:
                self._offsets.pop(tenant, None)

    def advance(self, seconds: float, tenant: str | None = None) -> None:
        """Move a stepped tenant's clock (None: every stepped tenant's) forward.

        Raises:
            TooLate: it would pass ``LATEST`` (then no clock moved).
        """
        if seconds < 0:
            raise ValueError("time only moves forward")
        with self._lock:
            names = [tenant] if tenant is not None else list(self._stepped)
            moved = [name for name in names if name in self._stepped]
            if any(self._stepped[name] + seconds > LATEST for name in moved):
                raise TooLate(f"the clock cannot pass {LATEST:.0f} (9999-01-01T00:00:00Z)")
            for name in moved:
                self._stepped[name] += seconds

    def reset(self, tenant: str | None) -> None:
        """Real time again for a tenant (None: every tenant), with no offset."""
        with self._lock:
            if tenant is None:
                self._stepped.clear()
                self._offsets.clear()
            else:
                self._stepped.pop(tenant, None)
                self._offsets.pop(tenant, None)
