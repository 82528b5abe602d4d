"""The instance event stream, ``GET /v1/events``, as real Server-Sent Events over a socket:
what the browser SDK's instance reads."""

import asyncio
import json
import threading
from collections.abc import Generator, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

import httpx2
import pytest

from dialstack import AsyncDialStack, DialStack, DialStackNotFoundError
from dialstack._sse import ServerSentEvent, SSEParser
from dialstack.emulator import EmulatorHandle
from dialstack.types.events import InstanceCallIncoming
from dialstack.types.presence import StreamTerminated

from ..calls.conftest import Platform, new_account, new_user

_SSE = {"Accept": "text/event-stream"}
_STREAMS = "/_emulator/instance_events/streams"


class EventReader:
    """Reads a stream's events one at a time; heartbeats are counted, not returned."""

    def __init__(self, response: httpx2.Response) -> None:
        self._chunks: Iterator[bytes] = response.iter_bytes()
        self._parser = SSEParser()
        self._ready: list[ServerSentEvent] = []

    @property
    def heartbeats(self) -> int:
        return self._parser.comments

    def next(self) -> ServerSentEvent:
        while not self._ready:
            self._ready += self._parser.feed(next(self._chunks))
        return self._ready.pop(0)

    def next_data(self, event: str) -> Any:
        found = self.next()
        assert found.event == event, found
        return json.loads(found.data)

    def until_heartbeats(self, count: int) -> list[ServerSentEvent]:
        while self.heartbeats < count:
            self._ready += self._parser.feed(next(self._chunks))
        return self._ready


@contextmanager
def events(
    emulator: EmulatorHandle, headers: dict[str, str], params: dict[str, str] | None = None
) -> Generator[EventReader]:
    with httpx2.stream(
        "GET",
        f"{emulator.url}/v1/events",
        params=params,
        headers={**headers, **_SSE},
        timeout=30,
        trust_env=False,
    ) as response:
        assert response.status_code == 200, response.read()
        assert response.headers["content-type"].startswith("text/event-stream")
        reader = EventReader(response)
        assert reader.next_data("connected") == {}
        yield reader


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def key_headers(platform: Platform) -> dict[str, str]:
    return {**bearer(platform.emulator.api_key), **platform.headers}


def open_streams(emulator: EmulatorHandle) -> int:
    answer = httpx2.get(
        f"{emulator.url}{_STREAMS}", params={"api_key": emulator.api_key}, trust_env=False
    )
    assert answer.status_code == 200, answer.text
    count: int = answer.json()["open"]
    return count


def set_heartbeat(emulator: EmulatorHandle, seconds: float) -> None:
    answer = httpx2.post(
        f"{emulator.url}{_STREAMS}",
        json={"api_key": emulator.api_key, "heartbeat_seconds": seconds},
        trust_env=False,
    )
    assert answer.status_code == 200, answer.text


def test_a_call_ringing_a_user_is_call_incoming_on_a_session_stream(platform: Platform) -> None:
    token = platform.session("call_logs")
    platform.clock(mode="stepped")
    with events(platform.emulator, bearer(token)) as stream:
        call = platform.simulate(from_number="+14155550199", from_name="Grace Hopper")
        incoming = stream.next_data("call.incoming")
    number = platform.get("/v1/phone-numbers").json()["data"][0]["phone_number"]

    assert incoming == {
        "from_number": "+14155550199",
        "from_name": "Grace Hopper",
        "to_number": number,
        "timestamp": platform.call(call["id"])["started_at"],
        "user_id": platform.user,
    }


def test_an_outbound_call_and_another_accounts_call_are_not_heard(
    platform: Platform, api: httpx2.Client
) -> None:
    other = Platform(api, platform.emulator, new_account(api), "")
    other = Platform(api, platform.emulator, other.account, new_user(api, other.account))
    with events(platform.emulator, key_headers(platform)) as stream:
        platform.simulate(direction="outbound", to_number="+15005550100")
        other.simulate()
        platform.simulate(from_number="+14155550111")
        incoming = stream.next_data("call.incoming")

    assert incoming["from_number"] == "+14155550111"
    assert incoming["from_name"] is None


def test_a_ring_group_call_is_one_call_incoming_per_user_it_rings(platform: Platform) -> None:
    second = new_user(platform.http, platform.account, "Grace Hopper")
    group = platform.http.post("/v1/ring_groups", json={"name": "Desk"}, headers=platform.headers)
    assert group.status_code == 201, group.text
    for number, user in (("2001", platform.user), ("2002", second)):
        made = platform.http.post(
            "/v1/extensions", json={"number": number, "target": user}, headers=platform.headers
        )
        assert made.status_code == 201, made.text
        member = platform.http.post(
            f"/v1/ring_groups/{group.json()['id']}/members",
            json={"extension": number},
            headers=platform.headers,
        )
        assert member.status_code == 201, member.text
    with events(platform.emulator, key_headers(platform)) as stream:
        answer = platform.http.post(
            "/v1/test_helpers/calls",
            json={"target": group.json()["id"]},
            headers=platform.headers,
        )
        assert answer.status_code == 201, answer.text
        rung = {stream.next_data("call.incoming")["user_id"] for _ in range(2)}

    assert rung == {platform.user, second}


def test_heartbeats_come_as_comments_while_idle(platform: Platform) -> None:
    set_heartbeat(platform.emulator, 0.05)
    with events(platform.emulator, key_headers(platform)) as stream:
        passed = stream.until_heartbeats(3)
        platform.simulate()
        incoming = stream.next_data("call.incoming")

    assert passed == []
    assert incoming["user_id"] == platform.user


def terminate(emulator: EmulatorHandle, reason: str) -> httpx2.Response:
    answer = httpx2.post(
        f"{emulator.url}{_STREAMS}/terminate",
        json={"api_key": emulator.api_key, "reason": reason},
        trust_env=False,
    )
    assert answer.status_code == 200, answer.text
    return answer


def test_terminate_sends_terminated_and_closes(platform: Platform) -> None:
    with events(platform.emulator, key_headers(platform)) as stream:
        answer = terminate(platform.emulator, "maintenance")
        terminated = stream.next_data("terminated")
        with pytest.raises(StopIteration):
            stream.next()

    assert answer.json() == {"terminated": 1}
    assert terminated == {"reason": "maintenance"}


def test_one_credential_holds_ten_streams_and_others_keep_theirs(platform: Platform) -> None:
    token = platform.session("voicemails")
    with ExitStack() as held:
        for _ in range(10):
            held.enter_context(events(platform.emulator, bearer(token)))
        refused = httpx2.get(
            f"{platform.emulator.url}/v1/events",
            headers={**bearer(token), **_SSE},
            trust_env=False,
        )
        with events(platform.emulator, key_headers(platform)) as other:
            platform.simulate()
            heard = other.next_data("call.incoming")
        still_served = platform.get("/v1/users")

    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    assert int(refused.headers["retry-after"]) > 0
    assert heard["user_id"] == platform.user
    assert still_served.status_code == 200


def test_a_stream_whose_client_left_is_dropped(platform: Platform) -> None:
    with events(platform.emulator, key_headers(platform)):
        assert open_streams(platform.emulator) == 1
    # The server notices the closed socket on its own time: ask until it has.
    assert any(open_streams(platform.emulator) == 0 for _ in range(500))


@pytest.mark.parametrize(
    ("headers", "params", "status", "code", "field"),
    [
        (_SSE, {"since": "yesterday"}, 400, "parameter_unknown", "since"),
        (_SSE, {"park_slot[]": "all"}, 400, "parameter_unknown", "park_slot[]"),
        ({}, {"since": "yesterday"}, 400, "parameter_unknown", "since"),
    ],
)
def test_bad_requests_are_refused_naming_what(
    platform: Platform,
    headers: dict[str, str],
    params: dict[str, str] | None,
    status: int,
    code: str,
    field: str,
) -> None:
    answer = platform.http.get("/v1/events", params=params, headers={**platform.headers, **headers})

    assert answer.status_code == status, answer.text
    assert answer.json()["code"] == code
    assert answer.json()["details"]["field"] == field


@pytest.mark.parametrize(
    ("account", "status", "code"),
    [(None, 400, "missing_account_header"), ("acct_00000000000000000000000000", 404, None)],
)
def test_a_key_names_one_of_its_accounts(
    platform: Platform, account: str | None, status: int, code: str | None
) -> None:
    headers = _SSE if account is None else {**_SSE, "DialStack-Account": account}
    answer = platform.http.get("/v1/events", headers=headers)

    assert answer.status_code == status, answer.text
    if code is not None:
        assert answer.json()["code"] == code


def test_without_the_accept_header_the_answer_says_the_stream_may_open(
    platform: Platform,
) -> None:
    as_session = platform.http.get("/v1/events", headers=bearer(platform.session("dial_plan")))
    as_key = platform.http.get("/v1/events", headers=platform.headers)

    assert (as_session.status_code, as_session.content) == (200, b"")
    assert (as_key.status_code, as_key.content) == (200, b"")
    assert open_streams(platform.emulator) == 0


def test_the_sdk_checks_the_key_may_open_the_stream(
    dialstack_client: DialStack, account_id: str
) -> None:
    dialstack_client.instance_events.check(dialstack_account=account_id)
    with pytest.raises(DialStackNotFoundError):
        dialstack_client.instance_events.check(dialstack_account="acct_nope")


def until_open_streams(emulator: EmulatorHandle, count: int) -> int:
    """The open streams once they are ``count`` (the SDK connects when first read, on a
    thread of the test), or what they are after 200 looks."""
    found = open_streams(emulator)
    for _ in range(200):
        if found == count:
            break
        threading.Event().wait(0.05)
        found = open_streams(emulator)
    return found


def test_the_sdk_hears_a_call_ring_and_the_end_of_the_stream(platform: Platform) -> None:
    heard: list[object] = []
    with (
        DialStack(
            api_key=platform.emulator.api_key,
            api_url=platform.emulator.url,
            dialstack_account=platform.account,
        ) as client,
        client.instance_events.subscribe() as stream,
    ):
        reader = threading.Thread(target=lambda: heard.append(next(stream)))
        reader.start()
        listening = until_open_streams(platform.emulator, 1)
        platform.simulate(from_number="+14155550177")
        reader.join(timeout=30)
        terminate(platform.emulator, "failover")
        ended = next(stream)

    [incoming] = heard
    assert listening == 1
    assert isinstance(incoming, InstanceCallIncoming)
    assert (incoming.from_number, incoming.user_id) == ("+14155550177", platform.user)
    assert isinstance(ended, StreamTerminated) and ended.reason == "failover"


@pytest.mark.anyio
async def test_the_async_sdk_hears_a_call_ring(platform: Platform) -> None:
    async with (
        AsyncDialStack(
            api_key=platform.emulator.api_key,
            api_url=platform.emulator.url,
            dialstack_account=platform.account,
        ) as client,
        client.instance_events.subscribe() as stream,
    ):
        reading = asyncio.ensure_future(anext(stream))
        listening = await asyncio.to_thread(until_open_streams, platform.emulator, 1)
        await asyncio.to_thread(platform.simulate, from_name="Grace Hopper")
        incoming = await asyncio.wait_for(reading, 30)
        await client.instance_events.check()

    assert listening == 1
    assert isinstance(incoming, InstanceCallIncoming)
    assert incoming.from_name == "Grace Hopper"
    assert incoming.timestamp.tzinfo is not None
