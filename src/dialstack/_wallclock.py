"""The wall-clock bound on an attempt, down at the socket, for the httpx2 clients we make.

httpx2's timeouts bound each read and write, and restart with every byte: a server that
trickles one byte a second never trips them. The drivers set when the current attempt must
end (``ATTEMPT_ENDS``, per thread and per task); every socket operation of our own httpx2
clients then waits at most until that moment, so an attempt ends on time whatever the
server sends. (For a caller's own async client the driver cancels the attempt instead;
a caller's own sync client is bounded between reads only.)
"""

# The async signatures are httpcore2's network interface, timeout parameters and all.
# ruff: noqa: ASYNC109

from __future__ import annotations

from collections.abc import Iterable
from time import monotonic
from typing import Any

import httpcore2
import httpx2

from ._drivers import ATTEMPT_ENDS, OUT_OF_TIME


def _within_attempt(timeout: float | None, error: type[Exception]) -> float | None:
    """The smaller of httpx2's per-operation timeout and what the attempt has left."""
    ends = ATTEMPT_ENDS.get()
    if ends is None:
        return timeout
    left = ends - monotonic()
    if left <= 0:
        raise error(OUT_OF_TIME)
    return left if timeout is None or left < timeout else timeout


class _BoundedStream(httpcore2.NetworkStream):
    __slots__ = ("_stream",)

    def __init__(self, stream: httpcore2.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _within_attempt(timeout, httpcore2.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _within_attempt(timeout, httpcore2.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore2.NetworkStream:
        timeout = _within_attempt(timeout, httpcore2.ConnectTimeout)
        return _BoundedStream(self._stream.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _BoundedBackend(httpcore2.NetworkBackend):
    __slots__ = ("_backend",)

    def __init__(self, backend: httpcore2.NetworkBackend) -> None:
        self._backend = backend

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore2.NetworkStream:
        timeout = _within_attempt(timeout, httpcore2.ConnectTimeout)
        stream = self._backend.connect_tcp(host, port, timeout, local_address, socket_options)
        return _BoundedStream(stream)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore2.NetworkStream:
        timeout = _within_attempt(timeout, httpcore2.ConnectTimeout)
        return _BoundedStream(self._backend.connect_unix_socket(path, timeout, socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class _BoundedAsyncStream(httpcore2.AsyncNetworkStream):
    __slots__ = ("_stream",)

    def __init__(self, stream: httpcore2.AsyncNetworkStream) -> None:
        self._stream = stream

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        timeout = _within_attempt(timeout, httpcore2.ReadTimeout)
        return await self._stream.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._stream.write(buffer, _within_attempt(timeout, httpcore2.WriteTimeout))

    async def aclose(self) -> None:
        await self._stream.aclose()

    async def start_tls(
        self,
        ssl_context: Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore2.AsyncNetworkStream:
        timeout = _within_attempt(timeout, httpcore2.ConnectTimeout)
        stream = await self._stream.start_tls(ssl_context, server_hostname, timeout)
        return _BoundedAsyncStream(stream)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _BoundedAsyncBackend(httpcore2.AsyncNetworkBackend):
    __slots__ = ("_backend",)

    def __init__(self, backend: httpcore2.AsyncNetworkBackend) -> None:
        self._backend = backend

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore2.AsyncNetworkStream:
        timeout = _within_attempt(timeout, httpcore2.ConnectTimeout)
        stream = await self._backend.connect_tcp(host, port, timeout, local_address, socket_options)
        return _BoundedAsyncStream(stream)

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore2.AsyncNetworkStream:
        timeout = _within_attempt(timeout, httpcore2.ConnectTimeout)
        stream = await self._backend.connect_unix_socket(path, timeout, socket_options)
        return _BoundedAsyncStream(stream)

    async def sleep(self, seconds: float) -> None:
        await self._backend.sleep(seconds)


# httpx2 takes no network backend, so ours goes into its transport's connection pool (keeping
# everything else httpx2 sets up, environment proxies included); a proxied connection keeps
# httpx2's per-read bound only, and the drivers bound it between reads (sync) or by
# cancelling (async: see ``bounded_at_socket``).


def bounded_client(verify: Any) -> httpx2.Client:
    """An httpx2 client whose direct connections keep to ``ATTEMPT_ENDS``."""
    client = httpx2.Client(verify=verify)
    pool = getattr(client._transport, "_pool", None)  # pyright: ignore[reportPrivateUsage]
    if isinstance(pool, httpcore2.ConnectionPool):
        pool._network_backend = _BoundedBackend(pool._network_backend)  # pyright: ignore[reportPrivateUsage]
    return client


def bounded_async_client(verify: Any) -> tuple[httpx2.AsyncClient, bool]:
    """An httpx2 async client whose direct connections keep to ``ATTEMPT_ENDS``, and whether
    they all do (no proxy): else the driver bounds an attempt by cancelling it."""
    client = httpx2.AsyncClient(verify=verify)
    pool = getattr(client._transport, "_pool", None)  # pyright: ignore[reportPrivateUsage]
    if not isinstance(pool, httpcore2.AsyncConnectionPool) or client._mounts:  # pyright: ignore[reportPrivateUsage]
        return client, False
    pool._network_backend = _BoundedAsyncBackend(pool._network_backend)  # pyright: ignore[reportPrivateUsage]
    return client, True
