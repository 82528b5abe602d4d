"""The park-slot stream as real Server-Sent Events over a socket: what a client reads."""

import contextlib
import json
from collections.abc import Generator
from contextlib import contextmanager
from typing import Any

import httpx2
import pytest

from dialstack._sse import ServerSentEvent, SSEParser

from .conftest import PresencePlatform

_SSE = {"Accept": "text/event-stream"}


class EventReader:
    """Reads a stream's events one at a time, heartbeats counted as they pass."""

    def __init__(self, response: httpx2.Response) -> None:
        self._chunks = response.iter_bytes()
        self._parser = SSEParser()
        self._ready: list[ServerSentEvent] = []

    @property
    def heartbeats(self) -> int:
        return self._parser.comments

    def next(self) -> ServerSentEvent:
        while not self._ready:
            self._ready += self._parser.feed(next(self._chunks))
        return self._ready.pop(0)

    def until_heartbeats(self, count: int) -> list[ServerSentEvent]:
        """The events read on the way to ``count`` heartbeats."""
        while self.heartbeats < count:
            self._ready += self._parser.feed(next(self._chunks))
        return self._ready

    def next_data(self, event: str) -> Any:
        found = self.next()
        assert found.event == event, found
        return json.loads(found.data)


@contextmanager
def stream(
    presence: PresencePlatform, query: list[tuple[str, str]] | None = None
) -> Generator[EventReader]:
    params = tuple(query or [("park_slot[]", "all")])
    with presence.http.stream(
        "GET", "/v1/presence", params=params, headers={**presence.headers, **_SSE}, timeout=30
    ) as response:
        assert response.status_code == 200, response.read()
        assert response.headers["content-type"].startswith("text/event-stream")
        yield EventReader(response)


def open_streams(presence: PresencePlatform) -> int:
    answer = httpx2.get(
        f"{presence.emulator.url}/_emulator/presence/streams",
        params={"api_key": presence.emulator.api_key},
        trust_env=False,
    )
    assert answer.status_code == 200, answer.text
    count: int = answer.json()["open"]
    return count


def pick_up(presence: PresencePlatform, slot: int) -> None:
    assert presence.control("DELETE", f"/park_slots/{slot}").status_code == 200


def test_a_stream_opens_with_connected_and_a_snapshot_then_each_change(
    presence: PresencePlatform,
) -> None:
    presence.park(7, from_number="+15550001111")
    with stream(presence) as events:
        connected = events.next_data("connected")
        snapshot = events.next_data("snapshot")
        presence.park(12)
        parked = events.next_data("park_slot")
        pick_up(presence, 7)
        freed = events.next_data("park_slot")

    assert connected == {}
    assert [(slot["slot"], slot["parked_call"]["from_number"]) for slot in snapshot["data"]] == [
        (7, "+15550001111")
    ]
    assert parked["slot"] == 12
    assert parked["parked_call"]["status"] == "parked"
    assert freed == {"object": "park_slot", "slot": 7, "parked_call": None}


def test_named_slots_are_each_in_the_snapshot_and_a_ring_back_shows_on_the_clock(
    presence: PresencePlatform,
) -> None:
    presence.clock(mode="stepped")
    presence.park(3, park_seconds=60)
    with stream(presence, [("park_slot[]", "3"), ("park_slot[]", "4")]) as events:
        events.next_data("connected")
        snapshot = events.next_data("snapshot")
        presence.clock(advance_seconds=61)
        ringing = events.next_data("park_slot")
        presence.clock(advance_seconds=60)
        gone = events.next_data("park_slot")

    assert [(slot["slot"], slot["parked_call"] is None) for slot in snapshot["data"]] == [
        (3, False),
        (4, True),
    ]
    assert ringing["parked_call"]["status"] == "ringing_back"
    assert gone == {"object": "park_slot", "slot": 3, "parked_call": None}


def test_heartbeats_come_as_comments_between_events(presence: PresencePlatform) -> None:
    set_heartbeat(presence, 0.05)
    with stream(presence) as events:
        events.next_data("connected")
        events.next_data("snapshot")
        passed = events.until_heartbeats(3)
        presence.park(5)
        parked = events.next_data("park_slot")

    assert passed == []
    assert parked["slot"] == 5


def set_heartbeat(presence: PresencePlatform, seconds: float) -> None:
    answer = httpx2.post(
        f"{presence.emulator.url}/_emulator/presence/streams",
        json={"api_key": presence.emulator.api_key, "heartbeat_seconds": seconds},
        trust_env=False,
    )
    assert answer.status_code == 200, answer.text


def test_terminate_sends_terminated_and_closes(presence: PresencePlatform) -> None:
    with stream(presence) as events:
        events.next_data("connected")
        events.next_data("snapshot")
        answer = httpx2.post(
            f"{presence.emulator.url}/_emulator/presence/streams/terminate",
            json={"api_key": presence.emulator.api_key, "reason": "failover"},
            trust_env=False,
        )
        terminated = events.next_data("terminated")
        with pytest.raises(StopIteration):
            events.next()

    assert answer.json() == {"terminated": 1}
    assert terminated == {"reason": "failover"}
    assert open_streams(presence) == 0


def test_a_key_holding_too_many_streams_gets_429_with_retry_after(
    presence: PresencePlatform,
) -> None:
    with contextlib.ExitStack() as held:
        readers = [held.enter_context(stream(presence)) for _ in range(10)]
        for events in readers:
            events.next_data("connected")
        refused = presence.http.get(
            "/v1/presence", params={"park_slot[]": "all"}, headers={**presence.headers, **_SSE}
        )
        listed = presence.http.get(
            "/v1/presence", params={"park_slot[]": "all"}, headers=presence.headers
        )

    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    assert int(refused.headers["retry-after"]) > 0
    assert listed.status_code == 200
    assert open_streams(presence) == 0


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ([("park_slot[]", "all"), ("park_slot[]", "3")], "park_slot[]"),
        ([("park_slot[]", "0")], "park_slot[]"),
        ([("park_slot[]", "1000")], "park_slot[]"),
        ([("park_slot[]", "x")], "park_slot[]"),
        ([("park_slot[]", str(n)) for n in range(1, 52)], "park_slot[]"),
        ([("user[]", "user_1")], "user[]"),
        ([("limit", "3")], "limit"),
    ],
)
def test_bad_stream_queries_are_400_naming_the_field(
    presence: PresencePlatform, query: list[tuple[str, str]], field: str
) -> None:
    answer = presence.http.get(
        "/v1/presence", params=tuple(query), headers={**presence.headers, **_SSE}
    )

    assert answer.status_code == 400
    assert answer.json()["details"]["field"] == field


def test_a_stream_needs_the_account_header_and_an_account_of_the_key(
    presence: PresencePlatform,
) -> None:
    no_account = presence.http.get("/v1/presence", params={"park_slot[]": "all"}, headers=_SSE)
    other = presence.http.get(
        "/v1/presence",
        params={"park_slot[]": "all"},
        headers={**_SSE, "DialStack-Account": "acct_0000000000000000000000"},
    )

    assert no_account.status_code == 400
    assert other.status_code == 404
