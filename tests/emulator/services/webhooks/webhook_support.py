"""Helpers the webhook tests share (the fixtures are in conftest.py)."""

import asyncio
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx2

from dialstack.emulator.core.runtime import Runtime

_T = TypeVar("_T")
API_KEY = "sk_test_webhooks_owned_runtime"


def new_account(api: httpx2.Client) -> str:
    answer = api.post("/v1/accounts", json={"email": "owner@example.com"})
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


class SteppedClock:
    def __init__(self, start: float) -> None:
        self.value = start

    def __call__(self, tenant: str | None = None) -> float:
        del tenant  # one clock for the test's one tenant
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
        # A control write must say it is JSON, even without a body (the CSRF guard).
        headers = {"Content-Type": "application/json"}
        return httpx2.request(
            method, f"{self.url}{path}", headers=headers, trust_env=False, timeout=30, **kwargs
        )
