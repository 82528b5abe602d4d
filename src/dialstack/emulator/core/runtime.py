"""Everything one emulator process holds: settings, the database, the in-memory test state,
and the services composed into it (each fills the core ports it implements)."""

import hashlib
import os
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from .canned import CannedEvent
from .clock import Clock
from .db import Database, Migration
from .faults import FaultBook
from .idempotency import Idempotency
from .ids import IdFactory
from .page_tokens import PageTokens
from .ports import (
    AccountDirectory,
    CallChange,
    DeviceProvisioner,
    EventSink,
    ExtensionDirectory,
    NumberDirectory,
    UserDirectory,
    UserSessionLedger,
)
from .request_log import RequestLog
from .routing import Router
from .tenancy import Authenticator

_State = TypeVar("_State")


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


Hook = Callable[[], Awaitable[None]]


class Runtime:
    accounts: AccountDirectory
    users: UserDirectory
    user_sessions: UserSessionLedger
    devices: DeviceProvisioner
    numbers: NumberDirectory
    extensions: ExtensionDirectory
    record_event: EventSink
    """Called as things happen, inside the transaction that makes them."""

    def __init__(
        self,
        settings: Settings,
        schema: str = "",
        migrations: Sequence[Migration] = (),
        canned_events: Mapping[str, CannedEvent] | None = None,
    ) -> None:
        """``schema``, ``migrations`` and ``canned_events`` are the services' (``app`` composes
        them; each service's ``connect`` then fills the ports it implements)."""
        self.settings = settings
        self._schema = schema
        self._migrations = tuple(migrations)
        self.canned_events: Mapping[str, CannedEvent] = dict(canned_events or {})
        """Event type -> a plausible payload, for ``POST /v1/test_helpers/events``."""
        self.ids = IdFactory(settings.seed)
        self.authenticator = Authenticator(settings.api_key)
        self.faults = FaultBook(lambda: self.ids.new("fault"))
        self.log = RequestLog()
        self.db = Database(settings.db)
        self.idempotency = Idempotency(self.db)
        self.page_tokens = PageTokens(derive_secret(settings.seed, "page-tokens"))
        self.session_secret = derive_secret(settings.seed, "account-sessions")
        self.media_secret = derive_secret(settings.seed, "media-links")
        self.clock = Clock()
        self.listening_ports: set[int] = set()
        """The ports this emulator serves (``Emulator.start`` adds its own): no webhook is
        delivered to one of them on this machine (``core.self_delivery``)."""
        self.on_start: list[Hook] = []
        """Run once the database is open (the webhook delivery worker starts)."""
        self.on_stop: list[Hook] = []
        self.on_clock_moved: list[Callable[[], None]] = []
        """Called after a tenant's stepped clock moved (webhook retries it made due go out)."""
        self.router = Router()
        """Every kind of routing target, each registered by the service that owns it."""
        self.on_call_changed: list[Callable[[CallChange], None]] = []
        """Called, in the simulator's transaction, as a simulated call rings, is answered and
        ends."""
        self._state: dict[type, object] = {}

    def hold(self, state: object) -> None:
        """Keep a service's own state (its tables, its worker), found again by its type."""
        self._state[type(state)] = state

    def state(self, kind: type[_State]) -> _State:
        found = self._state[kind]
        assert isinstance(found, kind)
        return found

    def open(self) -> None:
        """Open the database on the event loop's thread, the only one that may use it."""
        self.db.open(self._schema, self._migrations)
        for newest in self.db.newest_ids():
            self.ids.advance_past(newest)

    def close(self) -> None:
        self.db.close()

    def reset(self, tenant: str | None) -> None:
        """Forget a tenant's data, fault rules and request log, and give it real time again
        (None: everyone's)."""
        self.db.reset(tenant)
        self.clock.reset(tenant)
        self.faults.clear(tenant)
        self.log.clear(tenant)
