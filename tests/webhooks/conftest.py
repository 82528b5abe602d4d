"""Fixtures for the webhook tests: raw HTTP clients of the test's platform, an emulator
whose runtime the test holds (to step its clock or call its event sink), receivers."""

import asyncio
import socket
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx2
import pytest
import uvicorn

from dialstack.emulator import EmulatorHandle
from dialstack.emulator.app import create_app
from dialstack.emulator.runtime import Runtime, Settings
from dialstack.testing.webhooks import WebhookReceiver

_T = TypeVar("_T")
API_KEY = "sk_test_webhooks_owned_runtime"


@pytest.fixture
def api(dialstack_emulator: EmulatorHandle) -> Iterator[httpx2.Client]:
    """A plain HTTP client of the test's own platform, over a real socket."""
    with httpx2.Client(
        base_url=dialstack_emulator.url,
        headers={"Authorization": f"Bearer {dialstack_emulator.api_key}"},
        trust_env=False,
    ) as client:
        yield client


def new_account(api: httpx2.Client) -> str:
    answer = api.post("/v1/accounts", json={"email": "owner@example.com"})
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


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


class SteppedClock:
    def __init__(self, start: float) -> None:
        self.value = start

    def __call__(self) -> float:
        return self.value

    def advance(self, seconds: float) -> None:
        self.value += seconds


@dataclass
class OwnedEmulator:
    """An emulator in a thread whose ``Runtime`` the test holds."""

    url: str
    runtime: Runtime
    loop: asyncio.AbstractEventLoop
    api: httpx2.Client

    def on_loop(self, work: Callable[[], _T]) -> _T:
        """Run ``work`` on the server's event loop thread (where the store lives)."""
        result: Future[_T] = Future()

        def run() -> None:
            try:
                result.set_result(work())
            except BaseException as exc:  # handed back to the test
                result.set_exception(exc)

        self.loop.call_soon_threadsafe(run)
        return result.result(10)

    def control(self, method: str, path: str, **kwargs: Any) -> httpx2.Response:
        return httpx2.request(method, f"{self.url}{path}", trust_env=False, timeout=30, **kwargs)


@pytest.fixture
def clock() -> SteppedClock:
    return SteppedClock(1_800_000_000.0)


@pytest.fixture
def owned(clock: SteppedClock) -> Iterator[OwnedEmulator]:
    """An emulator on a stepped clock, with a 0.5 s per-attempt timeout."""
    runtime = Runtime(Settings(api_key=API_KEY))
    runtime.webhooks.delivery.now = clock
    runtime.webhooks.delivery.attempt_timeout = 0.5
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
