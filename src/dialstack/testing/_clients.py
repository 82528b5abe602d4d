"""The clients the fixtures hand out: over the emulator's in-process transport, or a socket."""

from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Literal

import httpx2
import pytest

if TYPE_CHECKING:
    from dialstack import AsyncDialStack

    from ..emulator import EmulatorHandle

Transport = Literal["in-process", "socket"]
TRANSPORT_INI = "dialstack_emulator_transport"
TRANSPORTS: tuple[Transport, ...] = ("in-process", "socket")


def transport_setting(config: pytest.Config) -> Transport:
    value = str(config.getini(TRANSPORT_INI))
    for transport in TRANSPORTS:
        if value == transport:
            return transport
    raise pytest.UsageError(f"{TRANSPORT_INI} must be one of {', '.join(TRANSPORTS)}: {value!r}")


def uses_socket(handle: "EmulatorHandle", config: pytest.Config) -> bool:
    """A socket when the ini asks for one, or when the emulator is another process's."""
    return transport_setting(config) == "socket" or handle.in_other_process


@asynccontextmanager
async def open_async_client(
    handle: "EmulatorHandle", config: pytest.Config
) -> "AsyncGenerator[AsyncDialStack]":
    """An ``AsyncDialStack`` made and closed in the running event loop: its connections
    belong to that loop, which is the test's."""
    from dialstack import AsyncDialStack  # noqa: PLC0415 (the plugin loads before the SDK)

    http: httpx2.AsyncClient | None = None
    if not uses_socket(handle, config):
        from ..emulator.server.in_process import AsyncEmulatorTransport  # noqa: PLC0415

        http = httpx2.AsyncClient(transport=AsyncEmulatorTransport(handle.server))
    client = AsyncDialStack(api_key=handle.api_key, api_url=handle.url, http_client=http)
    try:
        yield client
    finally:
        await client.aclose()
        if http is not None:
            await http.aclose()
