"""Where a client's connections live: one httpx2 client per process (sync) or per event loop
(async), made on first use, and the TLS context they verify with.

Connections belong to a process (a forked child must never write to its parent's sockets)
and, for asyncio, to the event loop that opened them (a second ``asyncio.run`` cannot use
the first one's). So a pool hands out the httpx2 client of the current process and loop,
making one when there is none, and closes a loop's client when that loop shuts down.
"""

from __future__ import annotations

import os
import ssl
import threading
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import httpx2

from ._errors import ClientClosedError

if TYPE_CHECKING:
    import asyncio

_CLOSED = (
    "This DialStack client was closed (close(), or a `with` block that ended); make a new "
    "client, or close it only when you are done with it"
)


@cache
def verifying_tls_context() -> ssl.SSLContext:
    """One verifying TLS context for every client of the process: building one (loading the
    trust store, ~90 ms) is most of what a new client costs, and a context is safe to share."""
    return httpx2.create_ssl_context()


@cache
def _plaintext_context() -> ssl.SSLContext:
    # For an http:// (loopback) api_url, which never negotiates TLS: httpx2 wants a context,
    # and this one costs nothing to make. It trusts no certificate, so it could never be
    # used to talk TLS without verification either.
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def needs_tls(api_url: str) -> bool:
    return urlsplit(api_url).scheme == "https"


def tls_context(api_url: str) -> ssl.SSLContext:
    return verifying_tls_context() if needs_tls(api_url) else _plaintext_context()


class SyncPool:
    """The sync client's httpx2 client: made on first use, and made anew in a forked child."""

    __slots__ = ("_client", "_closed", "_factory", "_lock", "_owned", "_pid")

    def __init__(
        self, factory: Callable[[], httpx2.Client], supplied: httpx2.Client | None
    ) -> None:
        self._factory = factory
        self._client = supplied
        self._owned = supplied is None
        self._pid = os.getpid()
        self._lock = threading.Lock()
        self._closed = False

    @property
    def owned(self) -> bool:
        return self._owned

    def get(self) -> httpx2.Client:
        client = self._client
        if client is not None and self._pid == os.getpid() and not self._closed:
            return client
        if self._closed:
            raise ClientClosedError(_CLOSED)
        if self._pid != os.getpid():
            # A forked child: the lock may have been held by a thread that no longer exists.
            self._lock = threading.Lock()
        with self._lock:
            if self._client is None or (self._owned and self._pid != os.getpid()):
                self._client, self._pid = self._factory(), os.getpid()
            return self._client

    def close(self) -> None:
        """Close our httpx2 client (made in this process); a supplied one stays open."""
        self._closed = True
        client = self._client
        if client is not None and self._owned and self._pid == os.getpid():
            client.close()


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return _get_running_loop()
    except RuntimeError:  # not asyncio (trio): one client, as the loop cannot be known
        return None


def _get_running_loop() -> asyncio.AbstractEventLoop:
    # Replaced by asyncio's own on first use: sync users never import asyncio.
    global _get_running_loop  # noqa: PLW0603
    import asyncio  # noqa: PLC0415

    _get_running_loop = asyncio.get_running_loop
    return _get_running_loop()


Bounded = tuple[httpx2.AsyncClient, bool]
"""An httpx2 async client, and whether its sockets keep to the attempt's wall clock."""


class AsyncPool:
    """The async client's httpx2 clients: one per event loop it is used from."""

    __slots__ = ("_clients", "_closed", "_factory", "_keepers", "_pid", "_supplied", "_tls")

    def __init__(
        self,
        factory: Callable[[ssl.SSLContext], Bounded],
        supplied: httpx2.AsyncClient | None,
        api_url: str,
    ) -> None:
        self._factory = factory
        self._supplied = supplied
        self._tls = needs_tls(api_url)
        self._clients: dict[asyncio.AbstractEventLoop | None, Bounded] = {}
        self._keepers: dict[asyncio.AbstractEventLoop, asyncio.Task[None]] = {}
        self._pid = os.getpid()
        self._closed = False

    @property
    def owned(self) -> bool:
        return self._supplied is None

    async def get(self) -> Bounded:
        if self._closed:
            raise ClientClosedError(_CLOSED)
        if self._supplied is not None:
            return self._supplied, False
        loop = _running_loop()
        client = self._clients.get(loop)
        if client is not None and self._pid == os.getpid():
            return client
        return await self._open(loop)

    async def _open(self, loop: asyncio.AbstractEventLoop | None) -> Bounded:
        if self._pid != os.getpid():  # a forked child: the parent's clients are not ours
            self._clients, self._keepers, self._pid = {}, {}, os.getpid()
        if self._tls:
            # Loading the trust store blocks for ~90 ms: never on the event loop.
            from anyio.to_thread import run_sync  # noqa: PLC0415 - async users only

            context = await run_sync(verifying_tls_context)
        else:
            context = _plaintext_context()
        client = self._clients.get(loop)  # another task may have made it meanwhile
        if client is None:
            client = self._clients[loop] = self._factory(context)
            if loop is not None:
                closing = self._close_at_loop_end(loop, client[0])
                self._keepers[loop] = loop.create_task(closing)
        return client

    async def _close_at_loop_end(
        self, loop: asyncio.AbstractEventLoop, client: httpx2.AsyncClient
    ) -> None:
        """Wait until the loop shuts down (``asyncio.run`` cancels every task as it ends),
        then close the loop's connections while the loop can still run their closing."""
        try:
            await loop.create_future()
        finally:
            if self._clients.get(loop, (None,))[0] is client:
                del self._clients[loop]
            self._keepers.pop(loop, None)
            await client.aclose()

    async def aclose(self) -> None:
        """Close our httpx2 clients (a supplied one stays open): this loop's now, every other
        loop's as soon as that loop runs again."""
        self._closed = True
        loop = _running_loop()
        for other, keeper in list(self._keepers.items()):
            if other is not loop and not other.is_closed():
                other.call_soon_threadsafe(keeper.cancel)
        client = self._clients.pop(loop, None)
        own_keeper = None if loop is None else self._keepers.pop(loop, None)
        if own_keeper is not None:
            own_keeper.cancel()
        if client is not None:
            await client[0].aclose()
