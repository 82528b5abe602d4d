"""The machinery every event stream shares, driven as the server drives it: a client that
stops reading (its writes never complete, as uvicorn's do once the socket's buffers are
full) costs a bounded queue and is dropped; the caps hold per credential and per tenant."""

import asyncio

import pytest
from starlette.types import Message

from dialstack.emulator.core.errors import RateLimited
from dialstack.emulator.core.event_streams import Channel, EventStreams, frame


class StalledClient:
    """Takes the answer's start, then never finishes writing a body; never disconnects."""

    def __init__(self) -> None:
        self.started = asyncio.Event()

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.started.set()
            return
        await asyncio.Event().wait()

    async def receive(self) -> Message:
        await asyncio.Event().wait()
        raise AssertionError("unreachable")


def _open(
    streams: EventStreams[None], client: StalledClient, holder: str, opened: list[Channel[None]]
) -> "asyncio.Task[None]":
    return asyncio.ensure_future(
        streams.serve(
            client.receive,
            client.send,
            tenant="tenant",
            account_id="acct_1",
            holder=holder,
            watch=None,
            opening=opened.append,
        )
    )


@pytest.mark.anyio
async def test_a_reader_that_stopped_is_dropped_once_its_queue_is_full() -> None:
    streams = EventStreams[None](per_holder=2, per_tenant=2, queue_frames=4)
    client = StalledClient()
    opened: list[Channel[None]] = []
    serving = _open(streams, client, "key", opened)
    await client.started.wait()
    [channel] = opened

    for number in range(6):  # one is taken by the stalled write, four wait, the sixth overflows
        channel.put(frame("call.incoming", {"n": number}))
        await asyncio.sleep(0)
    await asyncio.wait_for(serving, 30)

    assert channel.dropped.is_set()
    assert channel.frames.qsize() == 4
    assert streams.count("tenant") == 0


@pytest.mark.anyio
async def test_the_caps_hold_per_credential_and_per_tenant() -> None:
    streams = EventStreams[None](per_holder=2, per_tenant=3, queue_frames=4)
    opened: list[Channel[None]] = []
    clients = [StalledClient() for _ in range(3)]
    serving = [
        _open(streams, clients[0], "session-a", opened),
        _open(streams, clients[1], "session-a", opened),
        _open(streams, clients[2], "session-b", opened),
    ]
    for client in clients:
        await client.started.wait()

    with pytest.raises(RateLimited):
        await streams.serve(
            StalledClient().receive,
            StalledClient().send,
            tenant="tenant",
            account_id="acct_1",
            holder="session-a",
            watch=None,
            opening=opened.append,
        )
    with pytest.raises(RateLimited):
        await streams.serve(
            StalledClient().receive,
            StalledClient().send,
            tenant="tenant",
            account_id="acct_1",
            holder="session-c",
            watch=None,
            opening=opened.append,
        )
    elsewhere = StalledClient()
    other_tenant = asyncio.ensure_future(
        streams.serve(
            elsewhere.receive,
            elsewhere.send,
            tenant="other",
            account_id="acct_2",
            holder="session-a",
            watch=None,
            opening=opened.append,
        )
    )
    await elsewhere.started.wait()

    assert streams.count("tenant") == 3
    assert streams.count("other") == 1
    for task in [*serving, other_tenant]:
        task.cancel()
    await asyncio.gather(*serving, other_tenant, return_exceptions=True)
    assert streams.count("tenant") == 0
