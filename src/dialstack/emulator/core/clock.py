"""Emulator time: real by default; a tenant can switch to stepped time for its tests.

In stepped time a tenant's clock stands still until ``advance`` moves it, so a test can look
at a simulated call while it is live and at a transcript while it is pending (the simulator
runs the steps that come due when the clock moves). Other tenants keep real time.
"""

import threading
import time


class Clock:
    def __init__(self) -> None:
        self._stepped: dict[str, float] = {}
        self._lock = threading.Lock()

    def now(self, tenant: str | None = None) -> float:
        """Unix seconds: the tenant's stepped time, else real time."""
        if tenant is not None:
            stepped = self._stepped.get(tenant)
            if stepped is not None:
                return stepped
        return time.time()

    def is_stepped(self, tenant: str) -> bool:
        return tenant in self._stepped

    def step(self, tenant: str) -> None:
        """Stop the tenant's clock where real time is now (no-op when already stepped)."""
        with self._lock:
            self._stepped.setdefault(tenant, time.time())

    def release(self, tenant: str) -> None:
        """Back to real time."""
        with self._lock:
            self._stepped.pop(tenant, None)

    def advance(self, seconds: float, tenant: str | None = None) -> None:
        """Move a stepped tenant's clock (None: every stepped tenant's) forward."""
        if seconds < 0:
            raise ValueError("time only moves forward")
        with self._lock:
            for name in [tenant] if tenant is not None else list(self._stepped):
                if name in self._stepped:
                    self._stepped[name] += seconds
