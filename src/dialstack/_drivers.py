"""The only code that sends, reads or sleeps: it runs a ``send_flow`` over an httpx2 client.

The two drivers are twins by necessity (one awaits); every decision they act on is made in
``_flow.py`` or ``_wire.py`` (``_streams.py`` for event streams). Each attempt reads the
whole answer within its budget (headers and body, whatever the server trickles) and within
``limit`` bytes (on the wire and after decompression). ``Observer`` is told of each attempt
for events, logging and telemetry.
"""

from __future__ import annotations

import time
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Generator, Iterator
from contextlib import AbstractContextManager, aclosing, nullcontext
from contextvars import ContextVar
from typing import TYPE_CHECKING, Protocol, TypeVar

import httpx2

from ._flow import Attempt, Flow
from ._wire import WholeResponse, raise_for_status, read_whole, too_large

T = TypeVar("T")

if TYPE_CHECKING:
    from ._streams import EventDecoder

    Decoders = Callable[[str | None], EventDecoder[T]]
    """A new decoder for each connection, given the request id of its answer."""

OUT_OF_TIME = "no whole answer within the attempt's timeout or the call's deadline"
ATTEMPT_ENDS: ContextVar[float | None] = ContextVar("dialstack_attempt_ends", default=None)
"""``time.monotonic()`` by which this thread's current attempt must end (None: unbounded);
our own sync httpx2 client keeps every socket operation to it (``_wallclock.py``)."""


class Observer(Protocol):
    def sending(self, attempt: Attempt) -> None: ...

    def answered(self, attempt: Attempt, response: httpx2.Response, elapsed: float) -> None: ...

    def failed(self, attempt: Attempt, error: httpx2.TransportError, elapsed: float) -> None: ...


def _check_size(response: httpx2.Response, decoded: int, limit: int) -> None:
    if decoded > limit or response.num_bytes_downloaded > limit:
        raise too_large(response, limit)


def _read_sync(response: httpx2.Response, limit: int, ends: float | None) -> bytes:
    try:
        if read_whole(response, limit):
            return response.read()
        chunks: list[bytes] = []
        size = 0
        parts: Iterator[bytes] = response.iter_bytes()
        for chunk in parts:
            size += len(chunk)
            _check_size(response, size, limit)
            # Our own client is bounded at the socket; a supplied one only between reads.
            if ends is not None and time.monotonic() > ends:
                raise httpx2.ReadTimeout(OUT_OF_TIME, request=response.request)
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        response.close()


async def _read_async(response: httpx2.Response, limit: int) -> bytes:
    try:
        if read_whole(response, limit):
            return await response.aread()
        chunks: list[bytes] = []
        size = 0
        parts: AsyncIterator[bytes] = response.aiter_bytes()
        async with aclosing(parts):  # type: ignore[type-var]
            async for chunk in parts:
                size += len(chunk)
                _check_size(response, size, limit)
                chunks.append(chunk)
        return b"".join(chunks)
    finally:
        await response.aclose()


def _fail_after(budget: float | None) -> AbstractContextManager[object]:
    # anyio comes with httpx2 but costs import time; only async users pay for it.
    from anyio import fail_after  # noqa: PLC0415

    return fail_after(budget)


def run_sync(
    flow: Flow,
    http: httpx2.Client,
    observer: Observer,
    limit: int,
    sleep: Callable[[float], None] = time.sleep,
) -> WholeResponse:
    step = next(flow)
    while True:
        if step.wait:
            sleep(step.wait)
        observer.sending(step)
        started = time.perf_counter()
        ends = None if step.budget is None else time.monotonic() + step.budget
        bound = ATTEMPT_ENDS.set(ends)
        try:
            response = http.send(step.request, stream=True)
            body = _read_sync(response, limit, ends)
        except httpx2.TransportError as error:
            observer.failed(step, error, time.perf_counter() - started)
            step = flow.throw(error)  # re-raises when the flow gives up
            continue
        finally:
            ATTEMPT_ENDS.reset(bound)
        observer.answered(step, response, time.perf_counter() - started)
        try:
            step = flow.send(response)
        except StopIteration:
            return WholeResponse(response, body)


async def run_async(
    flow: Flow,
    http: httpx2.AsyncClient,
    observer: Observer,
    limit: int,
    *,
    bounded_at_socket: bool,
    sleep: Callable[[float], Awaitable[None]] | None = None,
) -> WholeResponse:
    """As ``run_sync``; ``bounded_at_socket``: ``http``'s sockets keep to ``ATTEMPT_ENDS``
    (our own client), else the attempt is cancelled when its budget runs out."""
    if sleep is None:
        from anyio import sleep as anyio_sleep  # noqa: PLC0415 - as _fail_after

        sleep = anyio_sleep
    step = next(flow)
    while True:
        if step.wait:
            await sleep(step.wait)
        observer.sending(step)
        started = time.perf_counter()
        bound = ATTEMPT_ENDS.set(None if step.budget is None else time.monotonic() + step.budget)
        try:
            # Either way, the attempt ends when its budget does, wherever it is waiting.
            with nullcontext() if bounded_at_socket else _fail_after(step.budget):
                response = await http.send(step.request, stream=True)
                body = await _read_async(response, limit)
        except httpx2.TransportError as error:
            observer.failed(step, error, time.perf_counter() - started)
            step = flow.throw(error)
            continue
        except TimeoutError:
            timed_out = httpx2.ReadTimeout(OUT_OF_TIME, request=step.request)
            observer.failed(step, timed_out, time.perf_counter() - started)
            step = flow.throw(timed_out)
            continue
        finally:
            ATTEMPT_ENDS.reset(bound)
        observer.answered(step, response, time.perf_counter() - started)
        try:
            step = flow.send(response)
        except StopIteration:
            return WholeResponse(response, body)


# Event streams: one connection after another, each read for as long as it lasts. No deadline
# bounds a stream; the request's read timeout does (no byte, not even a heartbeat, within the
# client's ``timeout`` is a drop), and so does the caller, who closes the generator.


def stream_sync(
    request: httpx2.Request,
    http: httpx2.Client,
    observer: Observer,
    decoders: Decoders[T],
    limit: int,
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> Generator[T]:
    """The events of connection after connection, until the caller closes the generator;
    an answer that connecting again cannot change is raised (``_streams.admission``), its
    body read within ``limit``."""
    from ._streams import BrokenStream, Reconnection, admission  # noqa: PLC0415 - on use

    reconnection = Reconnection()
    connections = 0
    while True:
        attempt = Attempt(request, 0.0, connections)
        observer.sending(attempt)
        started = time.perf_counter()
        wait = None
        try:
            response = http.send(request, stream=True)
        except httpx2.TransportError as error:
            observer.failed(attempt, error, time.perf_counter() - started)
        else:
            observer.answered(attempt, response, time.perf_counter() - started)
            try:
                verdict = admission(response, reconnection)
                wait = verdict.wait
                if verdict.read:
                    decoder = decoders(response.headers.get("x-request-id"))
                    for chunk in response.iter_bytes():
                        yield from decoder.feed(chunk)
                elif wait is None:
                    raise_for_status(WholeResponse(response, _read_sync(response, limit, None)))
            except (httpx2.TransportError, BrokenStream):
                pass  # a drop: connect again
            finally:
                response.close()
        sleep(reconnection.wait() if wait is None else wait)
        connections += 1


async def stream_async(
    request: httpx2.Request,
    http: httpx2.AsyncClient,
    observer: Observer,
    decoders: Decoders[T],
    limit: int,
    *,
    sleep: Callable[[float], Awaitable[None]] | None = None,
) -> AsyncGenerator[T]:
    """As ``stream_sync``."""
    if sleep is None:
        from anyio import sleep as anyio_sleep  # noqa: PLC0415 - as _fail_after

        sleep = anyio_sleep
    from ._streams import BrokenStream, Reconnection, admission  # noqa: PLC0415 - on use

    reconnection = Reconnection()
    connections = 0
    while True:
        attempt = Attempt(request, 0.0, connections)
        observer.sending(attempt)
        started = time.perf_counter()
        wait = None
        try:
            response = await http.send(request, stream=True)
        except httpx2.TransportError as error:
            observer.failed(attempt, error, time.perf_counter() - started)
        else:
            observer.answered(attempt, response, time.perf_counter() - started)
            try:
                verdict = admission(response, reconnection)
                wait = verdict.wait
                if verdict.read:
                    decoder = decoders(response.headers.get("x-request-id"))
                    async for chunk in response.aiter_bytes():
                        for event in decoder.feed(chunk):
                            yield event
                elif wait is None:
                    raise_for_status(WholeResponse(response, await _read_async(response, limit)))
            except (httpx2.TransportError, BrokenStream):
                pass  # a drop: connect again
            finally:
                await response.aclose()
        await sleep(reconnection.wait() if wait is None else wait)
        connections += 1
