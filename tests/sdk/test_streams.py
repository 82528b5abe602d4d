"""Event streams' decisions, without I/O: when to connect again, what an answer's head means,
and what a connection's bytes become, whatever a server sends."""

from typing import Any

import httpx2
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialstack import DialStack, DialStackAPIError, DialStackError
from dialstack._sse import MAX_LINE_BYTES
from dialstack._streams import (
    Admission,
    BrokenStream,
    EventDecoder,
    Reconnection,
    admission,
)
from dialstack.types.presence import ParkSlotPresence, ParkSlotSnapshot

_PARSERS: dict[str, Any] = {
    "snapshot": ParkSlotSnapshot.from_wire,
    "park_slot": ParkSlotPresence.from_wire,
}


def test_the_delay_doubles_from_one_second_to_thirty_and_resets_once_accepted() -> None:
    reconnection = Reconnection()
    waits = [reconnection.wait() for _ in range(7)]
    reconnection.accepted()

    assert waits == [1, 2, 4, 8, 16, 30, 30]
    assert reconnection.wait() == 1


@pytest.mark.parametrize(
    ("retry_after", "wait"), [(5.0, 5.0), (0.0, 1.0), (-3.0, 1.0), (None, 1.0), (1e9, 60.0)]
)
def test_a_positive_retry_after_is_the_wait_up_to_a_minute(
    retry_after: float | None, wait: float
) -> None:
    reconnection = Reconnection()

    assert reconnection.wait(retry_after) == wait
    assert reconnection.wait() == 2  # the delay doubled all the same


def _head(status: int, **headers: str) -> httpx2.Response:
    return httpx2.Response(status, headers=headers)


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        (_head(200, **{"content-type": "text/event-stream; charset=utf-8"}), Admission(True)),
        (_head(429, **{"retry-after": "7"}), Admission(False, 7.0)),
        (_head(429), Admission(False, 1.0)),
        (_head(503), Admission(False, 1.0)),
        (_head(400), Admission(False)),
        (_head(401), Admission(False)),
        (_head(404), Admission(False)),
    ],
)
def test_what_an_answers_head_means(response: httpx2.Response, expected: Admission) -> None:
    assert admission(response, Reconnection()) == expected


@pytest.mark.parametrize("media", ["application/json", "text/html", ""])
def test_a_success_that_is_no_event_stream_fails_at_once(media: str) -> None:
    response = _head(200, **({"content-type": media} if media else {}))

    with pytest.raises(DialStackAPIError) as raised:
        admission(response, Reconnection())

    assert raised.value.code == "unreadable_response"
    assert "text/event-stream" in raised.value.message


def _decoder(strict: bool = False) -> EventDecoder[Any]:
    return EventDecoder(_PARSERS, "req_1", strict)


def test_declared_events_become_models_and_others_are_skipped() -> None:
    decoder = _decoder()
    events = decoder.feed(
        b"event: connected\ndata: {}\n\n: heartbeat\n\n"
        b'event: snapshot\ndata: {"data":[{"object":"park_slot","slot":3,"parked_call":null}]}\n\n'
        b'event: surprise\ndata: {"new": true}\n\nevent: park_slot\ndata: {"object":"park_sl'
    )
    rest = decoder.feed(b'ot","slot":3,"parked_call":null}\n\n')

    assert [type(event) for event in events] == [ParkSlotSnapshot]
    assert [slot.slot for slot in events[0].data] == [3]
    assert [(event.slot, event.parked_call) for event in rest] == [(3, None)]


@pytest.mark.parametrize(
    "chunk",
    [
        b"event: snapshot\ndata: not json\n\n",
        b"event: snapshot\ndata: " + b"x" * (MAX_LINE_BYTES + 1),
        b"event: snapshot\ndata: \xff\xfe\n\n",
        b"event: snapshot\ndata: " + b"[" * 100_000 + b"\n\n",
    ],
    ids=["not-json", "endless-line", "not-utf8", "deeply-nested"],
)
def test_bytes_that_are_no_event_stream_break_the_connection(chunk: bytes) -> None:
    with pytest.raises(BrokenStream):
        _decoder().feed(chunk)


def test_strict_reading_raises_an_event_that_does_not_fit_its_model() -> None:
    chunk = b'event: park_slot\ndata: {"object":"park_slot","slot":"three","parked_call":null}\n\n'

    [tolerated] = _decoder().feed(chunk)
    with pytest.raises(DialStackError):
        _decoder(strict=True).feed(chunk)
    with pytest.raises(DialStackError):
        _ = tolerated.slot  # tolerant: only reading the field raises


@given(st.lists(st.binary(max_size=512), max_size=20))
def test_any_bytes_in_any_chunks_give_events_or_a_broken_stream(chunks: list[bytes]) -> None:
    decoder = _decoder()
    try:
        for chunk in chunks:
            for event in decoder.feed(chunk):
                assert isinstance(event, ParkSlotSnapshot | ParkSlotPresence)
    except BrokenStream:
        pass


def test_a_connection_broken_mid_stream_is_followed_by_a_fresh_one() -> None:
    """A byte-level case the emulator never sends: an endless line, then a good stream."""
    bodies = [
        b"event: snapshot\ndata: " + b"x" * (MAX_LINE_BYTES + 10),
        b'event: snapshot\ndata: {"data":[]}\n\n',
    ]
    sent: list[httpx2.Request] = []

    def serve(request: httpx2.Request) -> httpx2.Response:
        sent.append(request)
        body = bodies[min(len(sent), len(bodies)) - 1]
        return httpx2.Response(200, headers={"content-type": "text/event-stream"}, content=body)

    http = httpx2.Client(transport=httpx2.MockTransport(serve))
    with (
        DialStack(
            api_key="sk_test_x",
            api_url="http://127.0.0.1:9",
            dialstack_account="acct_1",
            http_client=http,
        ) as client,
        client.presence.subscribe_park_slots(park_slot=["2"]) as stream,
    ):
        snapshot = next(stream)

    assert isinstance(snapshot, ParkSlotSnapshot) and snapshot.data == []
    assert len(sent) == 2
    assert sent[0].headers["accept"] == "text/event-stream"
    assert sent[0].url.params.get_list("park_slot[]") == ["2"]
    assert sent[0].headers["dialstack-account"] == "acct_1"
