"""``presence.subscribe_park_slots`` on both clients, against the emulator over a socket: the
events a subscriber reads, across the emulator ending the stream, refusing it and going
quiet, and the connection closed when the subscriber stops."""

import threading
import time
from contextlib import ExitStack

import httpx2
import pytest

from dialstack import (
    AsyncDialStack,
    DialStack,
    DialStackNotFoundError,
    DialStackValidationError,
    ResponseEvent,
)
from dialstack.emulator import EmulatorHandle
from dialstack.types.presence import ParkSlotPresence, ParkSlotSnapshot, StreamTerminated

_SSE = {"Accept": "text/event-stream"}


class Platform:
    """An account of the test's emulator, its park slots and its streams' controls."""

    def __init__(self, emulator: EmulatorHandle) -> None:
        self.emulator = emulator
        with DialStack(api_key=emulator.api_key, api_url=emulator.url) as client:
            self.account = client.accounts.create(email="owner@example.com").id

    def client(self, **options: object) -> DialStack:
        options = {"dialstack_account": self.account, **options}
        return DialStack(
            api_key=self.emulator.api_key,
            api_url=self.emulator.url,
            **options,  # type: ignore[arg-type]
        )

    def async_client(self) -> AsyncDialStack:
        return AsyncDialStack(
            api_key=self.emulator.api_key,
            api_url=self.emulator.url,
            dialstack_account=self.account,
        )

    def _control(self, method: str, path: str, **body: object) -> httpx2.Response:
        url = f"{self.emulator.url}/_emulator{path}"
        identity = {"api_key": self.emulator.api_key}
        if method == "GET":
            return httpx2.get(url, params=identity, trust_env=False)
        if method == "DELETE":
            return httpx2.delete(url, params={**identity, "account": self.account}, trust_env=False)
        return httpx2.post(url, json={**identity, **body}, trust_env=False)

    def park(self, slot: int) -> None:
        answer = self._control("POST", "/park_slots", account=self.account, slot=slot)
        assert answer.status_code == 201, answer.text

    def pick_up(self, slot: int) -> None:
        assert self._control("DELETE", f"/park_slots/{slot}").status_code == 200

    def terminate(self, reason: str) -> None:
        answer = self._control("POST", "/presence/streams/terminate", reason=reason)
        assert answer.status_code == 200, answer.text

    def heartbeat_every(self, seconds: float) -> None:
        answer = self._control("POST", "/presence/streams", heartbeat_seconds=seconds)
        assert answer.status_code == 200, answer.text

    def open_streams(self) -> int:
        count: int = self._control("GET", "/presence/streams").json()["open"]
        return count

    def until_open_streams(self, count: int) -> int:
        """The open streams once they are ``count`` (a server notices a closed connection
        a moment after the client closed it), or what they are after 10 s."""
        for _ in range(200):
            if self.open_streams() == count:
                break
            time.sleep(0.05)
        return self.open_streams()


@pytest.fixture
def platform(dialstack_emulator: EmulatorHandle) -> Platform:
    return Platform(dialstack_emulator)


def _slots(snapshot: object) -> list[int]:
    assert isinstance(snapshot, ParkSlotSnapshot), snapshot
    return [slot.slot for slot in snapshot.data]


def test_a_subscriber_reads_a_snapshot_then_each_change_and_a_fresh_snapshot_after_the_end(
    platform: Platform,
) -> None:
    platform.park(7)
    with platform.client() as client, client.presence.subscribe_park_slots() as stream:
        first = next(stream)
        platform.park(12)
        parked = next(stream)
        platform.pick_up(7)
        freed = next(stream)
        platform.terminate("failover")
        ended = next(stream)
        again = next(stream)  # connected again on its own
        held = platform.open_streams()
    closed = platform.until_open_streams(0)

    assert _slots(first) == [7]
    assert isinstance(parked, ParkSlotPresence)
    assert parked.slot == 12 and parked.parked_call is not None
    assert parked.parked_call.status == "parked"
    assert isinstance(freed, ParkSlotPresence)
    assert (freed.slot, freed.parked_call) == (7, None)
    assert isinstance(ended, StreamTerminated) and ended.reason == "failover"
    assert _slots(again) == [12]
    assert (held, closed) == (1, 0)


@pytest.mark.anyio
async def test_the_async_client_subscribes_to_named_slots_free_ones_included(
    platform: Platform,
) -> None:
    async with (
        platform.async_client() as client,
        client.presence.subscribe_park_slots(park_slot=["3", "4"]) as stream,
    ):
        first = await anext(stream)
        platform.park(4)
        parked = await anext(stream)
        platform.terminate("restart")
        ended = await anext(stream)
        again = await anext(stream)
    closed = platform.until_open_streams(0)

    assert isinstance(first, ParkSlotSnapshot)
    assert [(slot.slot, slot.parked_call) for slot in first.data] == [(3, None), (4, None)]
    assert isinstance(parked, ParkSlotPresence) and parked.slot == 4
    assert isinstance(ended, StreamTerminated) and ended.reason == "restart"
    assert isinstance(again, ParkSlotSnapshot)
    assert [(slot.slot, slot.parked_call is None) for slot in again.data] == [
        (3, True),
        (4, False),
    ]
    assert closed == 0


def test_breaking_out_of_the_loop_closes_the_connection(platform: Platform) -> None:
    with platform.client() as client:
        for event in client.presence.subscribe_park_slots():
            assert isinstance(event, ParkSlotSnapshot)
            assert platform.open_streams() == 1
            break
        closed = platform.until_open_streams(0)

    assert closed == 0


def test_a_refusal_for_too_many_streams_waits_its_retry_after_then_connects(
    platform: Platform,
) -> None:
    statuses: list[int] = []
    headers = {"Authorization": f"Bearer {platform.emulator.api_key}", **_SSE}
    headers["DialStack-Account"] = platform.account
    with ExitStack() as held, platform.client() as client:
        http = held.enter_context(httpx2.Client(base_url=platform.emulator.url, trust_env=False))
        for _ in range(10):  # the emulator's limit per key
            response = held.enter_context(
                http.stream("GET", "/v1/presence", params={"park_slot[]": "all"}, headers=headers)
            )
            assert response.status_code == 200
        refused = threading.Event()

        def answered(event: ResponseEvent) -> None:
            statuses.append(event.status_code)
            if event.status_code == 429:
                refused.set()

        client.on("response", answered)
        stream = client.presence.subscribe_park_slots()
        first: list[object] = []
        reader = threading.Thread(target=lambda: first.append(next(stream)))
        reader.start()
        assert refused.wait(10)
        held.close()  # the other streams end: the next connection is let in
        reader.join(30)
        stream.close()

    assert statuses == [429, 200]
    assert len(first) == 1 and isinstance(first[0], ParkSlotSnapshot)


def test_a_silence_longer_than_the_timeout_is_a_drop_and_it_connects_again(
    platform: Platform,
) -> None:
    platform.heartbeat_every(30)
    connections: list[int] = []
    with platform.client(timeout=0.5) as client:
        client.on("request", lambda event: connections.append(event.retry_count))
        with client.presence.subscribe_park_slots() as stream:
            first = next(stream)
            second = next(stream)  # nothing came for 0.5 s: a new connection, a new snapshot

    assert isinstance(first, ParkSlotSnapshot) and isinstance(second, ParkSlotSnapshot)
    assert connections == [0, 1]


def test_heartbeats_keep_a_quiet_stream_on_one_connection(platform: Platform) -> None:
    platform.heartbeat_every(0.05)
    connections: list[int] = []
    with platform.client(timeout=0.5) as client:
        client.on("request", lambda event: connections.append(event.retry_count))
        with client.presence.subscribe_park_slots() as stream:
            next(stream)
            time.sleep(1.5)  # three timeouts' worth of quiet, heartbeats apart
            platform.park(5)
            parked = next(stream)

    assert isinstance(parked, ParkSlotPresence) and parked.slot == 5
    assert connections == [0]


@pytest.mark.parametrize(
    ("slots", "field"),
    [(["all", "3"], "park_slot[]"), (["0"], "park_slot[]"), (["1000"], "park_slot[]")],
)
def test_bad_slots_raise_the_api_error_instead_of_reconnecting(
    platform: Platform, slots: list[str], field: str
) -> None:
    connections: list[int] = []
    with platform.client() as client:
        client.on("request", lambda event: connections.append(event.retry_count))
        with pytest.raises(DialStackValidationError) as raised:
            next(client.presence.subscribe_park_slots(park_slot=slots))

    assert raised.value.status_code == 400
    assert connections == [0]
    assert platform.emulator.api_key not in str(raised.value)
    assert field in str(raised.value.raw)


def test_an_account_of_another_tenant_is_not_found(platform: Platform) -> None:
    with (
        platform.client(dialstack_account="acct_01h0000000000000000000000") as client,
        pytest.raises(DialStackNotFoundError),
    ):
        next(client.presence.subscribe_park_slots())


def test_arguments_are_checked_before_anything_is_sent(platform: Platform) -> None:
    unscoped = DialStack(api_key=platform.emulator.api_key, api_url=platform.emulator.url)
    with platform.client() as client, pytest.raises(TypeError, match="park_slot"):
        client.presence.subscribe_park_slots(park_slot=[3])  # type: ignore[list-item]
    with unscoped, pytest.raises(ValueError, match="needs an account"):
        unscoped.presence.subscribe_park_slots()
