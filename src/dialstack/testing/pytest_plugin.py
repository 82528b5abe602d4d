"""The pytest plugin that installing ``dialstack`` registers (the ``pytest11`` entry point).

pytest loads it for everyone who installs ``dialstack``, with or without the ``emulator``
extra, so at import time it uses only pytest, httpx2 and the standard library; the emulator
and the SDK are imported inside the fixtures.

Fixtures: ``dialstack_emulator_server`` (one in-memory emulator per run),
``dialstack_emulator`` (that emulator through a fresh key: a platform of the test's own),
``dialstack_client`` and ``async_dialstack_client`` (clients of that platform),
``dialstack_webhook_receiver`` (a local endpoint that verifies the webhooks it gets).
"""

# Imports inside the fixtures are the point: see above.
# ruff: noqa: PLC0415

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING

import httpx2
import pytest

from ._clients import TRANSPORT_INI, open_async_client, transport_setting
from ._target import Target, running_emulator, start_emulator

# The webhook receiver fixture (its module, too, imports only the standard library and pytest).
pytest_plugins = ["dialstack.testing.webhooks"]

if TYPE_CHECKING:
    from dialstack import AsyncDialStack, DialStack

    from ..emulator import Emulator, EmulatorHandle

_ANYIO_FIXTURE = "_dialstack_async_client_anyio"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        TRANSPORT_INI,
        "How dialstack_client and async_dialstack_client reach the emulator: in-process "
        "(default: its ASGI app, no socket) or socket (HTTP over 127.0.0.1).",
        default="in-process",
    )


def pytest_configure(config: pytest.Config) -> None:
    if config.pluginmanager.has_plugin("asyncio"):  # pytest-asyncio
        from . import _asyncio_fixtures

        config.pluginmanager.register(_asyncio_fixtures, "dialstack-asyncio-fixtures")


@pytest.fixture(scope="session")
def dialstack_emulator_server() -> "Iterator[Emulator]":
    """One in-memory emulator for the whole test run, on a free port, in a thread."""
    server = start_emulator()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def _dialstack_target(request: pytest.FixtureRequest) -> Target:
    """The emulator ``DIALSTACK_API_URL`` names when it is one, else ours."""
    running = running_emulator()
    if running is not None:
        return running
    server: Emulator = request.getfixturevalue("dialstack_emulator_server")
    return Target(server.url, server, None)


@pytest.fixture(scope="session")
def _dialstack_in_process_http(
    _dialstack_target: Target, pytestconfig: pytest.Config
) -> Iterator[httpx2.Client | None]:
    """One ``httpx2.Client`` over the in-process transport for every test (it holds no
    connection: sharing it saves building one per test); None where clients use a socket."""
    if _dialstack_target.server is None or transport_setting(pytestconfig) == "socket":
        yield None
        return
    from ..emulator.server.in_process import EmulatorTransport

    with httpx2.Client(transport=EmulatorTransport(_dialstack_target.server)) as http:
        yield http


@pytest.fixture
def dialstack_emulator(
    _dialstack_target: Target, _dialstack_in_process_http: httpx2.Client | None
) -> "EmulatorHandle":
    """The emulator through a fresh API key: each test is a platform of its own, so tests
    are isolated (in parallel too) without resets. An emulator started with ``--api-key``
    has one platform: then every test uses that key, and its data is reset first."""
    from ..emulator.server.handle import EmulatorHandle

    handle = EmulatorHandle(
        _dialstack_target.url,
        _dialstack_target.new_api_key(),
        server=_dialstack_target.server,
        control_http=_dialstack_in_process_http,
    )
    if _dialstack_target.only_key is not None:
        handle.reset()
    return handle


@pytest.fixture
def dialstack_client(
    dialstack_emulator: "EmulatorHandle", _dialstack_in_process_http: httpx2.Client | None
) -> "Iterator[DialStack]":
    """A ``dialstack.DialStack`` client of the test's own platform."""
    from dialstack import DialStack

    client = DialStack(
        api_key=dialstack_emulator.api_key,
        api_url=dialstack_emulator.url,
        http_client=_dialstack_in_process_http,
    )
    try:
        yield client
    finally:
        client.close()


@pytest.fixture
def async_dialstack_client(request: pytest.FixtureRequest) -> "AsyncDialStack":
    """A ``dialstack.AsyncDialStack`` client of the test's own platform, made and closed in
    the test's event loop, whichever plugin runs the test: anyio (``@pytest.mark.anyio``)
    or pytest-asyncio (``@pytest.mark.asyncio``, or ``asyncio_mode = "auto"``, any
    ``loop_scope``)."""
    client: AsyncDialStack = request.getfixturevalue(_async_fixture_for(request.node))
    return client


@pytest.fixture
async def _dialstack_async_client_anyio(
    dialstack_emulator: "EmulatorHandle", request: pytest.FixtureRequest
) -> "AsyncIterator[AsyncDialStack]":
    async with open_async_client(dialstack_emulator, request.config) as client:
        yield client


def _async_fixture_for(item: pytest.Item) -> str:
    """The fixture that makes the async client in the loop ``item`` runs in."""
    if "anyio_backend" in item.fixturenames:  # type: ignore[attr-defined]
        return _ANYIO_FIXTURE
    if item.config.pluginmanager.has_plugin("asyncio"):
        from ._asyncio_fixtures import fixture_for

        name = fixture_for(item)
        if name is not None:
            return name
    raise pytest.UsageError(
        f"{item.nodeid}: async_dialstack_client needs an async test run by anyio "
        "(@pytest.mark.anyio) or pytest-asyncio (@pytest.mark.asyncio, or asyncio_mode = auto)"
    )
