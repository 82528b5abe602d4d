"""``attach``: the emulator opens a WebSocket to a real ``websockets`` server on 127.0.0.1 and
speaks MediaStream; a peer that misbehaves never stalls the others' streams."""

import base64
import json
import socket
from collections.abc import Generator
from contextlib import contextmanager
from typing import Any

import httpx2
import pytest
from websockets.asyncio.server import ServerConnection

from dialstack.emulator import EmulatorHandle

from .conftest import Platform
from .live_call_helpers import Behaviour, Peer, act, media_streams, place_call, websocket_peer

_SILENCE = base64.b64encode(b"\xff" * 160).decode()


def _attach(platform: Platform, call_id: str, url: str) -> None:
    answer = act(platform, call_id, {"type": "attach", "url": url})
    assert answer.status_code == 200, answer.text
    assert answer.content == b""


async def _answer_back(socket: ServerConnection, peer: Peer) -> None:
    """An app that says something of each kind back, then records what it hears."""
    for reply in (
        {"event": "audio", "payload": _SILENCE},
        {"event": "audio", "payload": _SILENCE},
        {"event": "mark", "name": "unknown events are not audio"},
        {"event": "audio", "payload": "not base64!"},
        {"event": "audio", "payload": base64.b64encode(b"\0" * 9000).decode()},
        {"event": "audio"},
    ):
        await socket.send(json.dumps(reply))
    await socket.send("{not json")
    await socket.send(b"\x00\x01binary")
    await socket.send(json.dumps({"event": "audio", "payload": _SILENCE}))
    async for message in socket:
        peer.messages.put(message)


def _stream(platform: Platform, call_id: str) -> dict[str, Any]:
    (stream,) = media_streams(platform, call_id)
    return stream


def test_attach_speaks_media_stream_and_counts_the_apps_audio(platform: Platform) -> None:
    call_id = place_call(platform)
    platform.clock(advance_seconds=5)  # answered
    with websocket_peer(_answer_back) as peer:
        _attach(platform, call_id, peer.url)
        begin, *audio = peer.messages_until(51)
        while_open = _stream(platform, call_id)
        platform.clock(advance_seconds=60)  # the call ends
        close_code = peer.close_code()

    assert begin == {
        "event": "begin",
        "call_id": call_id,
        "account_id": platform.account,
        "audio_format": {"encoding": "audio/x-mulaw", "sample_rate": 8000, "channels": 1},
    }
    assert [frame["event"] for frame in audio] == ["audio"] * 50
    assert [frame["timestamp"] for frame in audio] == list(range(0, 1000, 20))
    assert all(set(frame) == {"event", "timestamp", "payload"} for frame in audio)
    assert all(len(base64.b64decode(frame["payload"])) == 160 for frame in audio)
    assert len({frame["payload"] for frame in audio}) > 1  # a clip, not one frame repeated
    assert while_open["state"] == "open"
    assert while_open["kind"] == "attach"
    assert close_code == 1000
    ended = _stream(platform, call_id)
    assert ended["state"] == "closed"
    assert ended["close_reason"] == "the call ended"
    assert ended["frames_sent"] >= 50
    assert (ended["frames_received"], ended["frames_refused"]) == (3, 6)


def test_a_newer_attach_replaces_the_stream(platform: Platform) -> None:
    call_id = place_call(platform)
    with websocket_peer() as first, websocket_peer() as second:
        _attach(platform, call_id, first.url)
        first.next_message()
        _attach(platform, call_id, second.url)
        first_closed = first.close_code()
        begin = second.next_message()

    assert first_closed == 1000
    assert begin["event"] == "begin"
    (stream,) = media_streams(platform, call_id)
    assert stream["url"] == second.url


async def _never_reads(socket: ServerConnection, peer: Peer) -> None:
    """Reads no message: with a queue of one, its library soon stops reading the socket."""
    del peer
    await socket.wait_closed()


async def _sends_garbage(socket: ServerConnection, peer: Peer) -> None:
    del peer
    for _ in range(200):
        await socket.send(b"\xde\xad\xbe\xef" * 64)
        await socket.send("}{" * 100)
    await socket.wait_closed()


async def _sends_a_gigabyte_frame(socket: ServerConnection, peer: Peer) -> None:
    """Announces a 1 GiB binary frame (header only: the test never holds a gigabyte)."""
    del peer
    socket.transport.write(bytes([0x82, 127]) + (2**30).to_bytes(8, "big") + b"\0" * 4096)
    await socket.wait_closed()


@contextmanager
def _silent_peer() -> Generator[str, None, None]:
    """A TCP port that accepts connections (the kernel does) and never answers."""
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen(8)
        yield f"ws://127.0.0.1:{listening.getsockname()[1]}/media"


@contextmanager
def _misbehaving(kind: str) -> Generator[str, None, None]:
    if kind == "silent":
        with _silent_peer() as url:
            yield url
        return
    behaviours: dict[str, Behaviour] = {
        "never-reads": _never_reads,
        "garbage": _sends_garbage,
        "gigabyte-frame": _sends_a_gigabyte_frame,
    }
    with websocket_peer(behaviours[kind], max_queue=1) as peer:
        yield peer.url


@pytest.mark.parametrize("kind", ["silent", "never-reads", "garbage", "gigabyte-frame"])
def test_a_misbehaving_peer_stalls_no_other_stream(platform: Platform, kind: str) -> None:
    bad_call = place_call(platform)
    good_call = place_call(platform)
    with _misbehaving(kind) as bad_url, websocket_peer() as good:
        _attach(platform, bad_call, bad_url)
        _attach(platform, good_call, good.url)
        heard = good.messages_until(51)
        answered = platform.get(f"/v1/calls/{good_call}").status_code
        platform.clock(advance_seconds=120)  # both calls end
        good_closed = good.close_code()

    assert heard[0]["event"] == "begin"
    assert [frame["timestamp"] for frame in heard[1:]] == list(range(0, 1000, 20))
    assert answered == 200
    assert good_closed == 1000
    bad = _stream(platform, bad_call)
    if kind == "gigabyte-frame":
        assert "1009" in str(bad["close_reason"])
    else:
        assert bad["close_reason"] == "the call ended"
    if kind == "garbage":
        assert bad["frames_refused"] > 0
        assert bad["frames_received"] == 0


def test_attach_to_the_emulator_itself_is_refused(platform: Platform) -> None:
    call_id = place_call(platform)
    own = platform.emulator.url.replace("http://", "ws://")

    answer = act(platform, call_id, {"type": "attach", "url": f"{own}/media"})

    assert answer.status_code == 422
    assert answer.json()["details"]["field"] == "actions.0.url"
    assert media_streams(platform, call_id) == []


def test_a_reset_ends_the_tenants_streams(platform: Platform) -> None:
    call_id = place_call(platform)
    with websocket_peer() as peer:
        _attach(platform, call_id, peer.url)
        peer.next_message()
        platform.emulator.reset()  # the call is gone without ending
        close_code = peer.close_code()

    assert close_code == 1000
    (stream,) = media_streams(platform)
    assert stream["state"] == "closed"
    assert stream["close_reason"] == "the call ended"


def test_another_tenants_streams_are_not_shown(
    platform: Platform, dialstack_emulator: EmulatorHandle
) -> None:
    call_id = place_call(platform)
    with websocket_peer() as peer:
        _attach(platform, call_id, peer.url)
        peer.next_message()
        stranger = httpx2.get(
            f"{dialstack_emulator.url}/_emulator/media_streams",
            params={"api_key": dialstack_emulator.server.new_api_key()},
            trust_env=False,
        ).json()["data"]

    assert stranger == []
    assert [stream["call"] for stream in media_streams(platform)] == [call_id]
