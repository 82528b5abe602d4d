"""Fixtures for testing against the emulator, registered through the ``pytest11`` entry point.

pytest loads this module for everyone who installs ``dialstack``, even without the
``emulator`` extra: at import time it uses only the standard library and pytest, and imports
the emulator and the SDK inside the fixtures.
"""

# Imports inside the fixtures are the point: see above.
# ruff: noqa: PLC0415

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING

import pytest

# The webhook receiver fixture (its module, too, imports only the standard library and pytest).
pytest_plugins = ["dialstack.testing.webhooks"]

if TYPE_CHECKING:
    from dialstack import AsyncDialStack, DialStack

    from .handle import EmulatorHandle
    from .server import Emulator


@pytest.fixture(scope="session")
def dialstack_emulator_server() -> "Iterator[Emulator]":
    """One in-memory emulator for the whole test run, on a free port."""
    from .server import Emulator

    with Emulator(db=":memory:") as server:
        yield server


@pytest.fixture
def dialstack_emulator(dialstack_emulator_server: "Emulator") -> "EmulatorHandle":
    """The shared emulator with a fresh API key: each test is a platform of its own, so
    tests are isolated (in parallel too) without resets."""
    from .handle import EmulatorHandle

    return EmulatorHandle(dialstack_emulator_server)


@pytest.fixture
def dialstack_client(dialstack_emulator: "EmulatorHandle") -> "Iterator[DialStack]":
    """A ``dialstack.DialStack`` client of the test's own platform."""
    from dialstack import DialStack

    client = DialStack(api_key=dialstack_emulator.api_key, api_url=dialstack_emulator.url)
    try:
        yield client
    finally:
        client.close()


@pytest.fixture
async def async_dialstack_client(
    dialstack_emulator: "EmulatorHandle", anyio_backend: object
) -> "AsyncIterator[AsyncDialStack]":
    """A ``dialstack.AsyncDialStack`` client; runs under anyio's pytest plugin
    (``@pytest.mark.anyio``), which is why it asks for ``anyio_backend``."""
    from dialstack import AsyncDialStack

    del anyio_backend
    client = AsyncDialStack(api_key=dialstack_emulator.api_key, api_url=dialstack_emulator.url)
    try:
        yield client
    finally:
        await client.aclose()
