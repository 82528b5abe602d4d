"""Server-Sent Event streams, the machinery every stream shares (the park-slot stream, the
instance event stream): each open stream's bounded queue of frames, the pump that writes
them with a ``:`` heartbeat when idle, noticing a client that left, and the caps on how many
streams one credential and one tenant hold.

Memory per stream is bounded: at most ``queue_frames`` frames wait to be written; a reader
that falls that far behind (or leaves a write pending for ``SLOW_READER_SECONDS``) is
dropped. A client that went away (a closed tab) is noticed by the server's disconnect
message, or else by the next heartbeat's write failing, and its stream is dropped. One
stream more than a cap allows is a 429 with ``Retry-After``, answered before anything is
sent.

Each kind of stream has the same test routes (``stream_control_routes``), under its own
prefix: ``GET <prefix>?api_key=`` answers ``{"open": n}``, the key's open streams;
``POST <prefix> {"api_key", "heartbeat_seconds"}`` makes the key's streams (open and to come)
send a heartbeat that often (0.01-3600; 15 until set); ``POST <prefix>/terminate {"api_key",
"reason"?}`` sends each of them ``terminated`` and closes it, as when the API can no longer
vouch for its state, answering ``{"terminated": n}``.
"""

import asyncio
import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Send

from .errors import RateLimited, ValidationFailed
from .request_body import json_body
from .service import ControlRoute
from .tenancy import tenant_of_key

T = TypeVar("T")

RETRY_AFTER_SECONDS = 5
DEFAULT_HEARTBEAT_SECONDS = 15.0
SLOW_READER_SECONDS = 30.0
MIN_HEARTBEAT_SECONDS = 0.01
MAX_HEARTBEAT_SECONDS = 3600
_MAX_REASON = 255
_HEARTBEAT = b": heartbeat\n\n"
_HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-cache"),
]


def frame(event: str, data: Any) -> bytes:
    return f"event: {event}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n".encode()


@dataclass(eq=False)
class Channel(Generic[T]):
    """One open stream: whose it is, what it watches (``watch``), and its frames to write."""

    tenant: str
    account_id: str
    holder: str
    """The credential it counts against (the key's tenant, a session token's digest)."""
    watch: T
    frames: "asyncio.Queue[bytes | None]"
    dropped: asyncio.Event = field(default_factory=asyncio.Event)

    def put(self, data: bytes | None) -> None:
        """Queue a frame (None: end the stream); a reader too far behind is dropped."""
        try:
            self.frames.put_nowait(data)
        except asyncio.QueueFull:
            self.dropped.set()


class EventStreams(Generic[T]):
    """Every open stream of one kind, by tenant, and each tenant's heartbeat interval."""

    def __init__(self, *, per_holder: int, per_tenant: int, queue_frames: int) -> None:
        self._per_holder = per_holder
        self._per_tenant = per_tenant
        self._queue_frames = queue_frames
        self._open: dict[str, set[Channel[T]]] = {}
        self._heartbeats: dict[str, float] = {}

    def count(self, tenant: str) -> int:
        return len(self._open.get(tenant, ()))

    def of(self, tenant: str, account_id: str | None = None) -> list[Channel[T]]:
        """The tenant's open streams (of ``account_id``, or all)."""
        return [
            channel
            for channel in self._open.get(tenant, ())
            if account_id is None or channel.account_id == account_id
        ]

    def tenants(self) -> list[str]:
        return list(self._open)

    def heartbeat_seconds(self, tenant: str) -> float:
        return self._heartbeats.get(tenant, DEFAULT_HEARTBEAT_SECONDS)

    def set_heartbeat(self, tenant: str, seconds: float) -> None:
        self._heartbeats[tenant] = seconds

    def terminate(self, tenant: str, reason: str) -> int:
        """Send ``terminated`` to each of the tenant's streams and close them; how many."""
        channels = self.of(tenant)
        for channel in channels:
            channel.put(frame("terminated", {"reason": reason}))
            channel.put(None)
        return len(channels)

    async def serve(
        self,
        receive: Receive,
        send: Send,
        *,
        tenant: str,
        account_id: str,
        holder: str,
        watch: T,
        opening: Callable[[Channel[T]], None],
        idle: Callable[[Channel[T]], None] | None = None,
    ) -> None:
        """Answer with a stream until it ends, its client leaves or it is dropped.
        ``opening`` queues its first frames; ``idle`` runs before each heartbeat.

        Raises:
            RateLimited: the holder or the tenant holds the most streams already (before
                anything is sent, so the Gateway answers it as a JSON error).
        """
        held = self._open.setdefault(tenant, set())
        holders = sum(1 for other in held if other.holder == holder)
        if holders >= self._per_holder or len(held) >= self._per_tenant:
            raise RateLimited(RETRY_AFTER_SECONDS)
        opened = Channel(tenant, account_id, holder, watch, asyncio.Queue(self._queue_frames))
        held.add(opened)
        try:
            await send({"type": "http.response.start", "status": 200, "headers": _HEADERS})
            opening(opened)
            await _first_done(
                self._pump(opened, send, idle), _disconnected(receive), opened.dropped.wait()
            )
        finally:
            held.discard(opened)
            if not held:
                del self._open[tenant]

    async def _pump(
        self, channel: Channel[T], send: Send, idle: Callable[[Channel[T]], None] | None
    ) -> None:
        while True:
            try:
                heartbeat = self.heartbeat_seconds(channel.tenant)
                data = await asyncio.wait_for(channel.frames.get(), heartbeat)
            except TimeoutError:
                if idle is not None:
                    idle(channel)
                data = _HEARTBEAT
            if data is None:
                await send({"type": "http.response.body", "body": b""})
                return
            message = {"type": "http.response.body", "body": data, "more_body": True}
            await asyncio.wait_for(send(message), SLOW_READER_SECONDS)


async def _disconnected(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


async def _first_done(*jobs: Any) -> None:
    """Run the jobs until one ends (the stream ended, the client left, it was dropped)."""
    tasks = [asyncio.ensure_future(job) for job in jobs]
    try:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            if not task.cancelled() and task.exception() is not None:
                with contextlib.suppress(TimeoutError):
                    task.result()
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def stream_control_routes(prefix: str, streams: EventStreams[Any]) -> list[ControlRoute]:
    async def open_streams(request: Request) -> Response:
        tenant = _tenant(dict(request.query_params))
        return JSONResponse({"open": streams.count(tenant)})

    async def stream_settings(request: Request) -> Response:
        body = await json_body(request)
        tenant = _tenant(body)
        seconds = body.get("heartbeat_seconds")
        if (
            isinstance(seconds, bool)
            or not isinstance(seconds, int | float)
            or not MIN_HEARTBEAT_SECONDS <= seconds <= MAX_HEARTBEAT_SECONDS
        ):
            raise ValidationFailed(
                "heartbeat_seconds",
                f"heartbeat_seconds must be a number from {MIN_HEARTBEAT_SECONDS}"
                f" to {MAX_HEARTBEAT_SECONDS}",
            )
        streams.set_heartbeat(tenant, float(seconds))
        return JSONResponse({"heartbeat_seconds": seconds})

    async def terminate_streams(request: Request) -> Response:
        body = await json_body(request)
        tenant = _tenant(body)
        reason = body.get("reason", "state can no longer be verified")
        if not isinstance(reason, str) or not 0 < len(reason) <= _MAX_REASON:
            raise ValidationFailed(
                "reason", f"reason must be a string of 1 to {_MAX_REASON} characters"
            )
        return JSONResponse({"terminated": streams.terminate(tenant, reason)})

    return [
        ControlRoute("GET", prefix, open_streams),
        ControlRoute("POST", prefix, stream_settings),
        ControlRoute("POST", f"{prefix}/terminate", terminate_streams),
    ]


def _tenant(body: dict[str, Any]) -> str:
    api_key = body.get("api_key")
    if not isinstance(api_key, str):
        raise ValidationFailed("api_key", "api_key is required: whose streams?")
    return tenant_of_key(api_key)
