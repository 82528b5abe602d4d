"""Listeners: the call's audio, tagged by channel, streamed to a real WebSocket server on
127.0.0.1 until the listener is deleted or the call ends."""

import base64
from typing import Any

import httpx2
import pytest

from .conftest import Platform, new_account
from .live_call_helpers import media_streams, place_call, websocket_peer

REFUSED = "ws://127.0.0.1:9/media"
"""The discard port: nothing listens there, so the emulator's connection fails at once."""


def _listen(platform: Platform, call_id: str, **body: Any) -> httpx2.Response:
    return platform.http.post(f"/v1/calls/{call_id}/listeners", json=body, headers=platform.headers)


def _created(platform: Platform, call_id: str, **body: Any) -> dict[str, Any]:
    answer = _listen(platform, call_id, **body)
    assert answer.status_code == 201, answer.text
    created: dict[str, Any] = answer.json()
    return created


def test_a_listener_streams_both_sides_as_tagged_frames_until_deleted(
    platform: Platform,
) -> None:
    call_id = place_call(platform)
    with websocket_peer() as peer:
        listener = _created(platform, call_id, url=peer.url)
        begin, *audio = peer.messages_until(9)
        retrieved = platform.get(f"/v1/calls/{call_id}/listeners/{listener['id']}").json()
        deleted = platform.http.delete(
            f"/v1/calls/{call_id}/listeners/{listener['id']}", headers=platform.headers
        )
        close_code = peer.close_code()

    assert listener["id"].startswith("lstn_")
    assert listener["call"] == listener["call_id"] == call_id
    assert (listener["url"], listener["channel"]) == (peer.url, "both")
    assert retrieved == listener
    assert begin == {
        "event": "begin",
        "call_id": call_id,
        "account_id": platform.account,
        "audio_format": {"encoding": "audio/x-mulaw", "sample_rate": 8000, "channels": 1},
        "listener_id": listener["id"],
        "channel": "both",
    }
    assert [frame["channel"] for frame in audio] == ["caller", "callee"] * 4
    assert [frame["timestamp"] for frame in audio] == [0, 0, 20, 20, 40, 40, 60, 60]
    assert all(len(base64.b64decode(frame["payload"])) == 160 for frame in audio)
    assert audio[0]["payload"] != audio[1]["payload"]  # each side is its own audio
    assert deleted.status_code == 204
    assert close_code == 1000
    assert platform.get(f"/v1/calls/{call_id}/listeners/{listener['id']}").status_code == 404


def test_a_one_channel_listener_hears_that_side_only_and_stops_with_the_call(
    platform: Platform,
) -> None:
    call_id = place_call(platform)
    with websocket_peer() as peer:
        listener = _created(platform, call_id, url=peer.url, channel="callee")
        _begin, *audio = peer.messages_until(4)
        platform.clock(advance_seconds=120)  # the call ends
        close_code = peer.close_code()

    assert {frame["channel"] for frame in audio} == {"callee"}
    assert close_code == 1000
    (stream,) = media_streams(platform, call_id)
    assert stream["state"] == "closed"
    assert stream["close_reason"] == "the call ended"
    # The listener outlives its stream as a record of the call.
    kept = platform.get(f"/v1/calls/{call_id}/listeners/{listener['id']}")
    assert kept.status_code == 200
    assert _listen(platform, call_id, url=REFUSED).json()["code"] == "call_not_active"


def test_listeners_page_newest_first(platform: Platform) -> None:
    call_id = place_call(platform)
    made = [_created(platform, call_id, url=REFUSED)["id"] for _ in range(3)]

    first = platform.get(f"/v1/calls/{call_id}/listeners", limit=2).json()
    second = platform.http.get(first["next_page_url"], headers=platform.headers).json()

    assert [item["id"] for item in first["data"] + second["data"]] == made[::-1]
    assert second["next_page_url"] is None


def test_a_call_takes_ten_listeners(platform: Platform) -> None:
    call_id = place_call(platform)
    for _ in range(10):
        _created(platform, call_id, url=REFUSED)

    refused = _listen(platform, call_id, url=REFUSED)

    assert refused.status_code == 409
    assert refused.json()["code"] == "listener_limit"


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({}, 400, "url"),
        ({"url": 5}, 400, "url"),
        ({"url": ""}, 400, "url"),
        ({"url": "wss://a.example/" + "x" * 2100}, 400, "url"),
        ({"url": "wss://a.example", "channel": "left"}, 400, "channel"),
        ({"url": "wss://a.example", "format": "pcm"}, 400, "format"),
        ({"url": "ws://app.example.com/listen"}, 422, "url"),
        ({"url": "ws://10.0.0.1/listen"}, 422, "url"),
        ({"url": "http://127.0.0.1/listen"}, 422, "url"),
        ({"url": "app.example.com/listen"}, 422, "url"),
        ({"url": "wss://:443/listen"}, 422, "url"),
        ({"url": "wss://a.example:99999/listen"}, 422, "url"),
        ({"url": "wss://a.example/\nlisten"}, 422, "url"),
    ],
    ids=[
        "missing",
        "number",
        "empty",
        "too-long",
        "channel",
        "unknown",
        "ws-remote",
        "ws-private",
        "http",
        "no-scheme",
        "no-host",
        "bad-port",
        "newline",
    ],
)
def test_a_bad_listener_names_its_field(
    platform: Platform, body: dict[str, Any], status: int, field: str
) -> None:
    call_id = place_call(platform)

    answer = _listen(platform, call_id, **body)

    assert answer.status_code == status, answer.text
    assert answer.json()["details"]["field"] == field
    assert platform.get(f"/v1/calls/{call_id}/listeners").json()["data"] == []


def test_the_emulators_own_port_is_no_listener(platform: Platform) -> None:
    call_id = place_call(platform)
    own = platform.emulator.url.replace("http://", "ws://")

    answer = _listen(platform, call_id, url=f"{own}/v1/calls")

    assert answer.status_code == 422
    assert answer.json()["details"]["field"] == "url"


def test_another_accounts_listener_is_a_404(platform: Platform) -> None:
    call_id = place_call(platform)
    listener = _created(platform, call_id, url=REFUSED)
    elsewhere = {"DialStack-Account": new_account(platform.http)}
    path = f"/v1/calls/{call_id}/listeners/{listener['id']}"

    assert platform.http.get(path, headers=elsewhere).status_code == 404
    assert platform.http.delete(path, headers=elsewhere).status_code == 404
    assert platform.get(path).status_code == 200
