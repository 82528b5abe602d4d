"""The park-slot stream: ``GET /v1/presence`` with ``Accept: text/event-stream``.

Each stream opens with ``connected`` and a ``snapshot`` of the slots it watches, then sends a
``park_slot`` for each slot whose state changed, a ``:`` heartbeat every
``heartbeat_seconds`` (of real time) and, when a test terminates the tenant's streams,
``terminated`` before closing. A stream remembers only what it last sent of each slot and
looks again whenever something might have changed (a park, a pick-up, a clock step, each
heartbeat), so a slot that rings back on the tenant's clock shows up with no timer of its own.

Memory per stream is bounded: at most ``QUEUE_FRAMES`` frames wait to be written; a reader
that falls that far behind (or leaves a write pending for ``SLOW_READER_SECONDS``) is
dropped. A key holds at most ``MAX_STREAMS_PER_KEY`` streams; one more is a 429 with
``Retry-After``.
"""

import asyncio
import contextlib
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from starlette.types import Receive, Send

from ...core.api_request import ApiRequest
from ...core.errors import RateLimited, ValidationFailed
from ...core.runtime import Runtime
from .presence import ALL_SLOTS, park_slots, wanted_slots

MAX_STREAMS_PER_KEY = 10
STREAM_RETRY_AFTER_SECONDS = 5
DEFAULT_HEARTBEAT_SECONDS = 15.0
QUEUE_FRAMES = 1024
"""More than one change of every slot (999) at once, so only a reader behind by more is dropped."""
SLOW_READER_SECONDS = 30.0
_HEARTBEAT = b": heartbeat\n\n"
_HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-cache"),
]


def frame(event: str, data: Any) -> bytes:
    return f"event: {event}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n".encode()


@dataclass(eq=False)
class _Stream:
    tenant: str
    account_id: str
    wanted: list[int] | None
    """Named slots (each sent, free ones too), or None: every occupied slot."""
    frames: "asyncio.Queue[bytes | None]" = field(
        default_factory=lambda: asyncio.Queue(QUEUE_FRAMES)
    )
    seen: dict[int, dict[str, Any]] = field(default_factory=dict[int, dict[str, Any]])
    dropped: asyncio.Event = field(default_factory=asyncio.Event)


class ParkSlotStreams:
    """Every open stream, by tenant, and each tenant's heartbeat interval."""

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime
        self._open: dict[str, set[_Stream]] = {}
        self._heartbeats: dict[str, float] = {}

    def count(self, tenant: str) -> int:
        return len(self._open.get(tenant, ()))

    def heartbeat_seconds(self, tenant: str) -> float:
        return self._heartbeats.get(tenant, DEFAULT_HEARTBEAT_SECONDS)

    def set_heartbeat(self, tenant: str, seconds: float) -> None:
        self._heartbeats[tenant] = seconds

    def changed(self, tenant: str, account_id: str | None = None) -> None:
        """Send each of the tenant's streams (of ``account_id``, or all) what changed."""
        for stream in list(self._open.get(tenant, ())):
            if account_id is None or stream.account_id == account_id:
                self._send_changes(stream)

    def clock_moved(self) -> None:
        for tenant in list(self._open):
            self.changed(tenant)

    def terminate(self, tenant: str, reason: str) -> int:
        """Send ``terminated`` to each of the tenant's streams and close them; how many."""
        streams = list(self._open.get(tenant, ()))
        for stream in streams:
            self._put(stream, frame("terminated", {"reason": reason}))
            self._put(stream, None)
        return len(streams)

    async def serve(self, call: ApiRequest, receive: Receive, send: Send) -> None:
        """The stream's ASGI answer.

        Raises:
            ValidationFailed, MissingAccountHeader, ResourceMissing, RateLimited: before
                anything is sent, so the Gateway answers them as JSON errors.
        """
        query = parse_qsl(call.query_string.decode("latin-1"), keep_blank_values=True)
        for name, _ in query:
            if name != "park_slot[]":
                raise ValidationFailed(name, f"{name} cannot be streamed: only park_slot[] can")
        account_id = call.account_id()
        wanted = wanted_slots([value for _, value in query] or [ALL_SLOTS])
        tenant = call.tenant
        if self.count(tenant) >= MAX_STREAMS_PER_KEY:
            raise RateLimited(STREAM_RETRY_AFTER_SECONDS)
        stream = _Stream(tenant, account_id, wanted)
        self._open.setdefault(tenant, set()).add(stream)
        try:
            await send({"type": "http.response.start", "status": 200, "headers": _HEADERS})
            self._put(stream, frame("connected", {}))
            snapshot = self._look(stream)
            stream.seen = {slot["slot"]: slot for slot in snapshot}
            self._put(stream, frame("snapshot", {"data": snapshot}))
            await _first_done(self._pump(stream, send), _disconnected(receive), _wait(stream))
        finally:
            self._open[tenant].discard(stream)

    async def _pump(self, stream: _Stream, send: Send) -> None:
        while True:
            try:
                heartbeat = self.heartbeat_seconds(stream.tenant)
                data = await asyncio.wait_for(stream.frames.get(), heartbeat)
            except TimeoutError:
                self._send_changes(stream)
                data = _HEARTBEAT
            if data is None:
                await send({"type": "http.response.body", "body": b""})
                return
            message = {"type": "http.response.body", "body": data, "more_body": True}
            await asyncio.wait_for(send(message), SLOW_READER_SECONDS)

    def _look(self, stream: _Stream) -> list[dict[str, Any]]:
        return park_slots(self._runtime, stream.tenant, stream.account_id, stream.wanted)

    def _send_changes(self, stream: _Stream) -> None:
        now = {slot["slot"]: slot for slot in self._look(stream)}
        for number, slot in now.items():
            if stream.seen.get(number) != slot:
                self._put(stream, frame("park_slot", slot))
        for number in stream.seen.keys() - now.keys():
            free = {"object": "park_slot", "slot": number, "parked_call": None}
            self._put(stream, frame("park_slot", free))
        stream.seen = now

    def _put(self, stream: _Stream, data: bytes | None) -> None:
        try:
            stream.frames.put_nowait(data)
        except asyncio.QueueFull:
            stream.dropped.set()


async def _disconnected(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


async def _wait(stream: _Stream) -> None:
    await stream.dropped.wait()


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
