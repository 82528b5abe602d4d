"""``GET /v1/events`` with ``Accept: text/event-stream``: ``connected`` on connect, then a
``call.incoming`` for each user a simulated inbound call rings, and heartbeats while idle.

The queue, heartbeats and bounds are ``core.event_streams``'s. A credential (a session
token, or a key) holds at most ``MAX_STREAMS_PER_CREDENTIAL`` streams, so one page opening
streams in a loop is refused with a 429 while the account's other pages keep theirs; a key's
accounts hold ``MAX_STREAMS_PER_KEY`` between them, since sessions are cheap to mint.
"""

from starlette.types import Receive, Send

from ...core.api_request import ApiRequest, Reply
from ...core.errors import UnknownParameter
from ...core.event_streams import Channel, EventStreams, frame
from ...core.ports import CallChange
from ...core.timestamps import iso

MAX_STREAMS_PER_CREDENTIAL = 10
MAX_STREAMS_PER_KEY = 100
QUEUE_FRAMES = 256
"""Calls ring one at a time; a reader this far behind is not reading at all."""


class InstanceEventStreams(EventStreams[None]):
    """Every open instance event stream, by tenant."""

    def __init__(self) -> None:
        super().__init__(
            per_holder=MAX_STREAMS_PER_CREDENTIAL,
            per_tenant=MAX_STREAMS_PER_KEY,
            queue_frames=QUEUE_FRAMES,
        )

    def call_changed(self, change: CallChange) -> None:
        if change.phase != "ringing" or change.direction != "inbound":
            return
        incoming = frame(
            "call.incoming",
            {
                "from_number": change.from_number,
                "from_name": change.from_name,
                "to_number": change.to_number,
                "timestamp": iso(int(change.at * 1_000_000_000)),
                "user_id": change.user_id,
            },
        )
        for channel in self.of(change.tenant, change.account_id):
            channel.put(incoming)

    async def serve_request(self, call: ApiRequest, receive: Receive, send: Send) -> None:
        """The stream's ASGI answer.

        Raises:
            UnknownParameter, MissingAccountHeader, ResourceMissing, RateLimited: before
                anything is sent, so the Gateway answers them as JSON errors.
        """
        for name in call.query:
            raise UnknownParameter(name)
        await self.serve(
            receive,
            send,
            tenant=call.tenant,
            account_id=call.account_id(),
            holder=call.credential,
            watch=None,
            opening=_connected,
        )


def _connected(channel: Channel[None]) -> None:
    channel.put(frame("connected", {}))


def _may_open(call: ApiRequest) -> Reply:
    """``GET /v1/events`` without ``Accept: text/event-stream``: no stream, an empty 200
    once the Gateway let the credential through, so a probe learns it may open one.

    Raises:
        UnknownParameter, MissingAccountHeader, ResourceMissing: as the stream would.
    """
    for name in call.query:
        raise UnknownParameter(name)
    call.account_id()
    return 200, None


OPERATIONS = {"instance_events.check": _may_open}
