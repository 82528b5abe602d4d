"""The SSE parser: any chunking of a stream parses to the same events; its bounds hold."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialstack._sse import ServerSentEvent, SSEError, SSEParser

_STREAM = (
    b": heartbeat\r\n\r\nevent: connected\ndata: {}\n\n"
    b'retry: 3000\revent: snapshot\rdata: {"data": []}\r\r'
    b"id: 7\r\nevent: park_slot\r\ndata: line one\r\ndata:line two\r\n\r\n"
    b"data: no name\n\nevent: no data\n\n"
)
_EVENTS = [
    ServerSentEvent("connected", "{}"),
    ServerSentEvent("snapshot", '{"data": []}', retry_ms=3000),
    ServerSentEvent("park_slot", "line one\nline two", id="7"),
    ServerSentEvent("message", "no name", id="7"),
]


def _parse(chunks: list[bytes]) -> list[ServerSentEvent]:
    parser = SSEParser()
    return [event for chunk in chunks for event in parser.feed(chunk)]


@given(st.lists(st.integers(0, len(_STREAM)), max_size=30))
def test_any_chunking_parses_to_the_same_events(cuts: list[int]) -> None:
    points = [0, *sorted(cuts), len(_STREAM)]
    chunks = [_STREAM[a:b] for a, b in itertools.pairwise(points)]

    assert _parse(chunks) == _EVENTS


@pytest.mark.parametrize(
    "stream",
    [b"data: " + b"x" * 100 + b"\n", b"data: xxxxxxxx\n" * 20, b"data: \xff\n"],
)
def test_an_oversized_line_or_event_or_bad_utf8_raises(stream: bytes) -> None:
    parser = SSEParser(max_line_bytes=64, max_event_bytes=100)
    with pytest.raises(SSEError):
        parser.feed(stream)


def test_an_empty_chunk_between_a_cr_and_its_lf_changes_nothing() -> None:
    assert _parse([b"data: a\r", b"", b"\n\r\n"]) == [ServerSentEvent("message", "a")]
