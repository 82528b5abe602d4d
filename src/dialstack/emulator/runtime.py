"""Everything one emulator process holds: settings, storage, and the in-memory test state."""

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .auth import Authenticator
from .clock import Clock
from .faults import FaultBook
from .idempotency import Idempotency
from .ids import IdFactory
from .pagination import PageTokens
from .rate_limit import RateLimiter
from .request_log import RequestLog
from .store import Store
from .webhooks import Webhooks


@dataclass(frozen=True)
class Settings:
    db: str = ":memory:"
    api_key: str | None = None
    """Accept only this key; None accepts every ``sk_test_`` key, each its own platform."""
    rate_limit: float | None = None
    """Requests per second per key; None is unlimited."""
    seed: int | None = None
    """Makes ids and secrets the same on every run."""
    allowed_hosts: tuple[str, ...] = ()
    """``Host`` names answered besides loopback ones ("*": any)."""
    allowed_origins: tuple[str, ...] = ()
    """Page origins answered besides loopback ones ("*": any)."""


def derive_secret(seed: int | None, purpose: str) -> bytes:
    if seed is None:
        return os.urandom(32)
    return hashlib.sha256(f"dialstack-emulator/{seed}/{purpose}".encode()).digest()


EventSink = Callable[[str, str, str, dict[str, Any]], object]
"""``(tenant, account_id, event_type, data_object)``: called as simulated things happen,
inside the transaction that makes them (what it returns is not used)."""


class Runtime:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.ids = IdFactory(settings.seed)
        self.authenticator = Authenticator(settings.api_key)
        self.faults = FaultBook(lambda: self.ids.new("fault"))
        self.log = RequestLog()
        self.rate_limiter = (
            None if settings.rate_limit is None else RateLimiter(settings.rate_limit)
        )
        self.idempotency = Idempotency()
        self.page_tokens = PageTokens(derive_secret(settings.seed, "page-tokens"))
        self.session_secret = derive_secret(settings.seed, "account-sessions")
        self.media_secret = derive_secret(settings.seed, "media-links")
        self.clock = Clock()
        self._store: Store | None = None
        self.webhooks = Webhooks(self, now=self.clock.now)
        self.event_sink: EventSink = self.webhooks.record_event

    @property
    def store(self) -> Store:
        if self._store is None:
            raise RuntimeError("the emulator's store is not open")
        return self._store

    def open(self) -> None:
        """Open the database on the event loop's thread, the only one that may use it."""
        self._store = Store(self.settings.db)
        for newest in self._store.newest_ids():
            self.ids.advance_past(newest)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
