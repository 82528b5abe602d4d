"""Fixtures for the webhook tests (``api`` comes from tests/conftest.py): an emulator
whose runtime the test holds (to step its clock or call its event sink), receivers."""

import asyncio
import socket
import threading
from collections.abc import Iterator

import httpx2
import pytest
import uvicorn

from dialstack.emulator.app import create_app, new_runtime
from dialstack.emulator.core.runtime import Settings
from dialstack.emulator.services.webhooks.events import Webhooks
from dialstack.testing.webhooks import WebhookReceiver

from .webhook_support import API_KEY, OwnedEmulator, SteppedClock, new_account


@pytest.fixture
def account_id(api: httpx2.Client) -> str:
    return new_account(api)


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    """A receiver not yet registered anywhere."""
    found = WebhookReceiver()
    try:
        yield found
    finally:
        found.close()


@pytest.fixture
def clock() -> SteppedClock:
    return SteppedClock(1_800_000_000.0)


@pytest.fixture
def owned(clock: SteppedClock) -> Iterator[OwnedEmulator]:
    """An emulator on a stepped clock, with a 0.5 s per-attempt timeout."""
    runtime = new_runtime(Settings(api_key=API_KEY))
    delivery = runtime.state(Webhooks).delivery
    delivery.now = clock
    delivery.attempt_timeout = 0.5
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    config = uvicorn.Config(
        create_app(runtime), lifespan="on", log_config=None, log_level="warning"
    )
    server = uvicorn.Server(config)
    loops: list[asyncio.AbstractEventLoop] = []

    async def serve() -> None:
        loops.append(asyncio.get_running_loop())
        await server.serve(sockets=[listener])

    thread = threading.Thread(target=lambda: asyncio.run(serve()), daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    with httpx2.Client(
        base_url=url, headers={"Authorization": f"Bearer {API_KEY}"}, trust_env=False
    ) as client:
        for _ in range(500):
            if server.started:
                break
            threading.Event().wait(0.01)
        try:
            yield OwnedEmulator(url, runtime, loops[0], client)
        finally:
            server.should_exit = True
            thread.join(15)
            listener.close()
