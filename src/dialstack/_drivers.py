"""The only code that sends or sleeps: it runs a ``send_flow`` over an httpx2 client.

The two drivers are twins by necessity (one awaits); every decision they act on is the
flow's. ``Observer`` is told of each attempt for events, logging and telemetry.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Protocol

import httpx2

from ._flow import Attempt, Flow


class Observer(Protocol):
    def sending(self, attempt: Attempt) -> None: ...

    def answered(self, attempt: Attempt, response: httpx2.Response, elapsed: float) -> None: ...

    def failed(self, attempt: Attempt, error: httpx2.TransportError, elapsed: float) -> None: ...


def run_sync(
    flow: Flow,
    http: httpx2.Client,
    observer: Observer,
    sleep: Callable[[float], None] = time.sleep,
) -> httpx2.Response:
    step = next(flow)
    while True:
        if step.wait:
            sleep(step.wait)
        observer.sending(step)
        started = time.perf_counter()
        try:
            response = http.send(step.request)
        except httpx2.TransportError as error:
            observer.failed(step, error, time.perf_counter() - started)
            step = flow.throw(error)  # re-raises when the flow gives up
            continue
        observer.answered(step, response, time.perf_counter() - started)
        try:
            step = flow.send(response)
        except StopIteration:
            return response


async def run_async(
    flow: Flow,
    http: httpx2.AsyncClient,
    observer: Observer,
    sleep: Callable[[float], Awaitable[None]] | None = None,
) -> httpx2.Response:
    if sleep is None:
        # anyio comes with httpx2 but costs import time; only async users pay for it.
        from anyio import sleep as anyio_sleep  # noqa: PLC0415

        sleep = anyio_sleep
    step = next(flow)
    while True:
        if step.wait:
            await sleep(step.wait)
        observer.sending(step)
        started = time.perf_counter()
        try:
            response = await http.send(step.request)
        except httpx2.TransportError as error:
            observer.failed(step, error, time.perf_counter() - started)
            step = flow.throw(error)
            continue
        observer.answered(step, response, time.perf_counter() - started)
        try:
            step = flow.send(response)
        except StopIteration:
            return response
