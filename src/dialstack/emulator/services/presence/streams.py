"""The park-slot stream: ``GET /v1/presence`` with ``Accept: text/event-stream``.

Each stream opens with ``connected`` and a ``snapshot`` of the slots it watches, then sends a
``park_slot`` for each slot whose state changed, a ``:`` heartbeat every
``heartbeat_seconds`` (of real time) and, when a test terminates the tenant's streams,
``terminated`` before closing. A stream remembers only what it last sent of each slot and
looks again whenever something might have changed (a park, a pick-up, a clock step, each
heartbeat), so a slot that rings back on the tenant's clock shows up with no timer of its own.

The queue, heartbeats and bounds are ``core.event_streams``'s: a key holds at most
``MAX_STREAMS_PER_KEY`` streams; one more is a 429 with ``Retry-After``.
"""

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from starlette.types import Receive, Send

from ...core.api_request import ApiRequest
from ...core.errors import ValidationFailed
from ...core.event_streams import Channel, EventStreams, frame
from ...core.runtime import Runtime
from .presence import ALL_SLOTS, park_slots, wanted_slots

MAX_STREAMS_PER_KEY = 10
QUEUE_FRAMES = 1024
"""More than one change of every slot (999) at once, so only a reader behind by more is dropped."""


@dataclass(eq=False)
class _Watch:
    wanted: list[int] | None
    """Named slots (each sent, free ones too), or None: every occupied slot."""
    seen: dict[int, dict[str, Any]] = field(default_factory=dict[int, dict[str, Any]])


class ParkSlotStreams(EventStreams[_Watch]):
    """Every open park-slot stream, by tenant."""

    def __init__(self, runtime: Runtime) -> None:
        super().__init__(
            per_holder=MAX_STREAMS_PER_KEY,
            per_tenant=MAX_STREAMS_PER_KEY,
            queue_frames=QUEUE_FRAMES,
        )
        self._runtime = runtime

    def changed(self, tenant: str, account_id: str | None = None) -> None:
        """Send each of the tenant's streams (of ``account_id``, or all) what changed."""
        for channel in self.of(tenant, account_id):
            self._send_changes(channel)

    def clock_moved(self) -> None:
        for tenant in self.tenants():
            self.changed(tenant)

    async def serve_request(self, call: ApiRequest, receive: Receive, send: Send) -> None:
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
        await self.serve(
            receive,
            send,
            tenant=call.tenant,
            account_id=account_id,
            holder=call.tenant,
            watch=_Watch(wanted),
            opening=self._open_with_snapshot,
            idle=self._send_changes,
        )

    def _open_with_snapshot(self, channel: Channel[_Watch]) -> None:
        channel.put(frame("connected", {}))
        snapshot = self._look(channel)
        channel.watch.seen = {slot["slot"]: slot for slot in snapshot}
        channel.put(frame("snapshot", {"data": snapshot}))

    def _look(self, channel: Channel[_Watch]) -> list[dict[str, Any]]:
        return park_slots(self._runtime, channel.tenant, channel.account_id, channel.watch.wanted)

    def _send_changes(self, channel: Channel[_Watch]) -> None:
        now = {slot["slot"]: slot for slot in self._look(channel)}
        seen = channel.watch.seen
        for number, slot in now.items():
            if seen.get(number) != slot:
                channel.put(frame("park_slot", slot))
        for number in seen.keys() - now.keys():
            free = {"object": "park_slot", "slot": number, "parked_call": None}
            channel.put(frame("park_slot", free))
        channel.watch.seen = now
