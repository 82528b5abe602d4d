"""What a service declares: the one place a domain plugs into the emulator.

Each package under ``emulator/services/`` exposes ``SERVICE``; the registry
(``emulator/services/__init__.py``) finds them, and the app's routes, the database's schema
and migrations, the control routes, the canned events and the description test's examples
are composed from the declarations.
"""

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import httpx2
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute
from starlette.types import Receive, Send

from .api_request import ApiRequest, Handler
from .canned import CannedEvent
from .db import Migration
from .runtime import Runtime


@dataclass(frozen=True)
class ControlRoute:
    """A ``/_emulator/`` route: served to loopback clients only (``control`` guards them all)."""

    method: str
    path: str
    handler: Callable[[Request], Awaitable[Response]]


class ExampleWorld(Protocol):
    """One tenant's world for a test example: its client, and the other examples it needs."""

    @property
    def http(self) -> httpx2.Client:
        """Sends the tenant's key."""
        ...

    def example(self, name: str) -> str:
        """A real one of what ``name`` names (``account_id``), made once per world."""
        ...


ExampleFactory = Callable[[ExampleWorld], str]

StreamHandler = Callable[[ApiRequest, Receive, Send], Awaitable[None]]
"""Serves an operation's route as an event stream (``Accept: text/event-stream``): the
Gateway has authenticated, rate-limited and logged it; the handler checks the rest, raising
an ``EmulatorError`` before it sends anything, then sends the ASGI answer itself."""


@dataclass(frozen=True)
class Service:
    name: str
    operations: Mapping[str, Handler]
    """operationId -> the handler serving it."""
    schema: str = ""
    """``CREATE TABLE/INDEX IF NOT EXISTS``: its tables may reference other services' by
    foreign key (SQLite resolves them when used, not when created)."""
    migrations: Sequence[Migration] = ()
    """Each runs once per database file (``core.db``: versions are unique across services)."""
    connect: Callable[[Runtime], None] | None = None
    """Fills the core ports this service implements, holds its state, adds its start and
    stop hooks."""
    control_routes: Callable[[Runtime], Sequence[ControlRoute]] | None = None
    routes: Callable[[Runtime], Sequence[BaseRoute]] | None = None
    """Routes outside ``/v1`` and ``/_emulator/`` (the signed media links)."""
    canned_events: Mapping[str, CannedEvent] = field(default_factory=dict[str, CannedEvent])
    """Event type -> its payload builder."""
    examples: Mapping[str, ExampleFactory] = field(default_factory=dict[str, ExampleFactory])
    """Path parameter or body field name -> makes a real one over HTTP."""
    streams: Callable[[Runtime], Mapping[str, StreamHandler]] | None = None
    """operationId of a route -> what serves that route's event stream."""
