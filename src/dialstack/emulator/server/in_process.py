"""httpx2 transports that hand each request to a running ``Emulator``'s ASGI app, no socket.

The request runs on the emulator's own event loop, through the same app and runtime as a
request over TCP: validation, state, idempotency, fault rules and the request log are the
ones the server has. What is skipped is what a socket adds (HTTP parsing, a TCP round trip,
and two threads of one process taking turns on the GIL for every read and write).

A request the app leaves unanswered (a ``drop`` or ``drop_after_commit`` fault) raises
``httpx2.RemoteProtocolError``, as a connection closed mid-answer does; the request's read
timeout is honoured (a ``delay`` fault longer than it raises ``httpx2.ReadTimeout``).
"""

import asyncio
import concurrent.futures
import os
import queue
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

import anyio
import httpx2

from .loop_turns import LoopTurns

if TYPE_CHECKING:
    from collections.abc import Coroutine

    from starlette.types import ASGIApp, Message

    from .emulator import Emulator

_CLIENT = ("127.0.0.1", 0)
"""Where the request seems to come from: this process, so the loopback-only control
endpoints answer it."""


@dataclass
class _Answer:
    status: int = 0
    headers: list[tuple[bytes, bytes]] = field(default_factory=list[tuple[bytes, bytes]])
    chunks: list[bytes] = field(default_factory=list[bytes])
    complete: bool = False


async def _exchange(app: "ASGIApp", scope: dict[str, Any], body: bytes) -> _Answer:
    """One ASGI conversation; runs on the emulator's loop."""
    answer = _Answer()
    answered = asyncio.Event()
    request_sent = False
    # As a server does (uvicorn among them): a HEAD answer has the GET's headers, its
    # Content-Length included, and no body, whatever the app sends.
    keeps_body = scope["method"] != "HEAD"

    async def receive() -> "Message":
        nonlocal request_sent
        if not request_sent:
            request_sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await answered.wait()
        return {"type": "http.disconnect"}

    async def send(message: "Message") -> None:
        if message["type"] == "http.response.start":
            answer.status = message["status"]
            answer.headers = list(message.get("headers", ()))
        elif message["type"] == "http.response.body":
            if keeps_body:
                answer.chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                answer.complete = True
                answered.set()

    try:
        await app(scope, receive, send)
    finally:
        answered.set()
    return answer


def _scope(request: httpx2.Request) -> dict[str, Any]:
    """The ASGI scope uvicorn would build for ``request``."""
    url = request.url
    raw_path = url.raw_path.split(b"?", 1)[0]
    host = url.host
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "method": request.method,
        "scheme": url.scheme,
        "path": unquote(raw_path.decode("ascii")),
        "raw_path": raw_path,
        "query_string": url.query,
        "root_path": "",
        "headers": [(name.lower(), value) for name, value in request.headers.raw],
        "client": _CLIENT,
        "server": (host, url.port),
        "state": {},
    }


def _read_timeout(request: httpx2.Request) -> float | None:
    timeouts: dict[str, float | None] = request.extensions.get("timeout", {})
    return timeouts.get("read")


def _submit(
    emulator: "Emulator", request: httpx2.Request, body: bytes
) -> "concurrent.futures.Future[_Answer]":
    try:
        return asyncio.run_coroutine_threadsafe(
            _exchange(emulator.app, _scope(request), body), emulator.loop
        )
    except RuntimeError as exc:  # stopped, or its loop closed
        raise _not_running(request, exc) from None


def _not_running(request: httpx2.Request, exc: BaseException) -> httpx2.ConnectError:
    return httpx2.ConnectError(f"the emulator is not running: {exc}", request=request)


class _Exchange:
    """One request on the emulator's loop, waited for from another thread.

    Leaner than ``run_coroutine_threadsafe`` plus ``Future.result``: one thread wakes the
    other through a ``SimpleQueue``, which is most of what a request costs in-process."""

    __slots__ = ("_done", "_loop", "_task")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._task: asyncio.Task[_Answer] | None = None
        self._done: queue.SimpleQueue[asyncio.Task[_Answer]] = queue.SimpleQueue()

    def start(self, app: "ASGIApp", scope: dict[str, Any], body: bytes, turns: LoopTurns) -> None:
        """In this thread when the loop is idle (a turn at it), else on the loop's thread."""
        coro = _exchange(app, scope, body)
        task = turns.take(coro, self._done.put)
        if task is None:
            self._loop.call_soon_threadsafe(self._run_coro, coro)
        elif task.done():
            self._done.put(task)
        else:
            self._task = task

    def _run_coro(self, coro: "Coroutine[Any, Any, _Answer]") -> None:
        self._task = self._loop.create_task(coro)
        self._task.add_done_callback(self._done.put)

    def wait(self, timeout: float | None) -> _Answer:
        """The answer; ``TimeoutError`` (the request is then cancelled) or
        ``asyncio.CancelledError`` (the emulator stopped first)."""
        try:
            task = self._done.get(timeout=timeout)
        except queue.Empty:
            self._loop.call_soon_threadsafe(self._cancel)
            raise TimeoutError from None
        return task.result()

    def _cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()


def _response(answer: _Answer, request: httpx2.Request) -> httpx2.Response:
    if not answer.complete:
        raise httpx2.RemoteProtocolError(
            "the emulator closed the connection without a complete answer", request=request
        )
    return httpx2.Response(
        answer.status, headers=answer.headers, content=b"".join(answer.chunks), request=request
    )


def _timed_out(request: httpx2.Request) -> httpx2.ReadTimeout:
    return httpx2.ReadTimeout("timed out waiting for the emulator's answer", request=request)


class EmulatorTransport(httpx2.BaseTransport):
    """For ``httpx2.Client(transport=EmulatorTransport(emulator))``.

    In a forked child, where the emulator's thread does not exist, requests go to the
    emulator's socket instead (the parent still serves it)."""

    def __init__(self, emulator: "Emulator") -> None:
        self._emulator = emulator
        self._pid = os.getpid()
        self._socket: httpx2.HTTPTransport | None = None

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        if os.getpid() != self._pid:
            if self._socket is None:
                self._socket = httpx2.HTTPTransport()
            return self._socket.handle_request(request)
        body = request.read()
        try:
            exchange = _Exchange(self._emulator.loop)
            exchange.start(self._emulator.app, _scope(request), body, self._emulator.loop_turns)
        except RuntimeError as exc:  # stopped, or its loop closed
            raise _not_running(request, exc) from None
        try:
            answer = exchange.wait(_read_timeout(request))
        except TimeoutError:
            raise _timed_out(request) from None
        except asyncio.CancelledError:
            raise httpx2.RemoteProtocolError(
                "the emulator stopped before answering", request=request
            ) from None
        return _response(answer, request)

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close()


class AsyncEmulatorTransport(httpx2.AsyncBaseTransport):
    """For ``httpx2.AsyncClient(transport=AsyncEmulatorTransport(emulator))``, in any event
    loop (asyncio or trio, through anyio).

    Under asyncio a request takes a turn at the emulator's idle loop from the caller's own
    thread, as ``EmulatorTransport`` does: most answers are then ready without waking the
    emulator's thread at all; what waits on the emulator's loop (a ``delay`` fault) is awaited
    without blocking the caller's loop."""

    def __init__(self, emulator: "Emulator") -> None:
        self._emulator = emulator

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        body = await request.aread()
        timeout = _read_timeout(request)
        settled: concurrent.futures.Future[None] = concurrent.futures.Future()
        task = self._in_a_turn(request, body, settled)
        if task is None:
            future = _submit(self._emulator, request, body)
            try:
                with anyio.fail_after(timeout):
                    answer = await _wait(future)
            except TimeoutError:
                raise _timed_out(request) from None
            finally:
                future.cancel()  # no-op once answered; else the emulator stops working on it
            return _response(answer, request)
        if not task.done():
            try:
                with anyio.fail_after(timeout):
                    await asyncio.wrap_future(settled)
            except TimeoutError:
                self._emulator.loop.call_soon_threadsafe(task.cancel)
                raise _timed_out(request) from None
        try:
            answer = task.result()
        except asyncio.CancelledError:
            raise httpx2.RemoteProtocolError(
                "the emulator stopped before answering", request=request
            ) from None
        return _response(answer, request)

    def _in_a_turn(
        self, request: httpx2.Request, body: bytes, settled: "concurrent.futures.Future[None]"
    ) -> "asyncio.Task[_Answer] | None":
        """The request's task, run in this thread while the emulator's loop is idle (then
        ``settled`` is set once it is done, from whichever thread finishes it); None when
        that cannot be (trio, a busy or stopped emulator)."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # not asyncio
            return None
        coro = _exchange(self._emulator.app, _scope(request), body)
        task = self._emulator.loop_turns.take(coro, lambda _: settled.set_result(None))
        if task is None:
            coro.close()
        return task


async def _wait(future: "concurrent.futures.Future[_Answer]") -> _Answer:
    try:
        asyncio.get_running_loop()
    except RuntimeError:  # not asyncio: wait in a worker thread
        return await anyio.to_thread.run_sync(future.result, abandon_on_cancel=True)
    return await asyncio.wrap_future(future)
