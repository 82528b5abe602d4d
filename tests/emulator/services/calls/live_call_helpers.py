"""What the live-call tests share: placing a click-to-call in stepped time, reading the
tenant's events and media streams, and a real WebSocket server on 127.0.0.1 (in a thread of
its own) that the emulator connects to."""

import asyncio
import json
import queue
import threading
from collections.abc import Awaitable, Callable, Generator
from contextlib import contextmanager
from typing import Any

import httpx2
from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from .conftest import Platform

WAIT = 10.0
"""Seconds a test waits for the emulator's socket to do something before failing."""


def place_call(platform: Platform, dial_string: str = "+15005550100") -> str:
    """A click-to-call in the tenant's stepped time: live, ringing the user; its id."""
    platform.clock(mode="stepped")
    answer = platform.http.post(
        "/v1/calls",
        json={"user": platform.user, "dial_string": dial_string},
        headers=platform.headers,
    )
    assert answer.status_code == 202, answer.text
    assert answer.content == b""
    newest = platform.get("/v1/calls", direction="outbound", limit=1).json()["data"]
    return str(newest[0]["id"])


def act(platform: Platform, call_id: str, *actions: dict[str, Any]) -> httpx2.Response:
    return platform.http.post(
        f"/v1/calls/{call_id}", json={"actions": list(actions)}, headers=platform.headers
    )


def events(platform: Platform) -> list[tuple[str, dict[str, Any]]]:
    answer = httpx2.get(
        f"{platform.emulator.url}/_emulator/events",
        params={"api_key": platform.emulator.api_key, "limit": "100"},
        trust_env=False,
    )
    assert answer.status_code == 200, answer.text
    return [(event["type"], event["data"]) for event in answer.json()["data"]]


def media_streams(platform: Platform, call_id: str | None = None) -> list[dict[str, Any]]:
    params = {"api_key": platform.emulator.api_key}
    if call_id is not None:
        params["call"] = call_id
    answer = httpx2.get(
        f"{platform.emulator.url}/_emulator/media_streams", params=params, trust_env=False
    )
    assert answer.status_code == 200, answer.text
    shown: list[dict[str, Any]] = answer.json()["data"]
    return shown


Behaviour = Callable[[ServerConnection, "Peer"], Awaitable[None]]


class Peer:
    """What one WebSocket server saw: each connection's messages, and how it was closed."""

    def __init__(self) -> None:
        self.url = ""
        self.messages: queue.Queue[str | bytes] = queue.Queue()
        self.closes: queue.Queue[int | None] = queue.Queue()
        self.loop: asyncio.AbstractEventLoop | None = None

    def next_message(self) -> dict[str, Any]:
        raw = self.messages.get(timeout=WAIT)
        message: dict[str, Any] = json.loads(raw)
        return message

    def messages_until(self, count: int) -> list[dict[str, Any]]:
        return [self.next_message() for _ in range(count)]

    def close_code(self) -> int | None:
        """The close code of the connection's end (waits for it)."""
        return self.closes.get(timeout=WAIT)


async def record(socket: ServerConnection, peer: Peer) -> None:
    """Keep every message; the emulator decides when it ends."""
    async for message in socket:
        peer.messages.put(message)


@contextmanager
def websocket_peer(behaviour: Behaviour = record, **options: Any) -> Generator[Peer, None, None]:
    """A ``websockets`` server on 127.0.0.1 that ``behaviour`` drives per connection."""
    peer = Peer()
    ready = threading.Event()
    stopping: asyncio.Event | None = None

    async def handle(socket: ServerConnection) -> None:
        try:
            await behaviour(socket, peer)
        except ConnectionClosed:
            pass
        finally:
            await socket.wait_closed()
            received = socket.protocol.close_rcvd
            peer.closes.put(None if received is None else received.code)

    async def main() -> None:
        nonlocal stopping
        stopping = asyncio.Event()
        # A short close timeout: a peer that stopped reading is not waited for at the end.
        async with serve(handle, "127.0.0.1", 0, close_timeout=1, **options) as server:
            port = next(iter(server.sockets)).getsockname()[1]
            peer.url = f"ws://127.0.0.1:{port}/media"
            peer.loop = asyncio.get_running_loop()
            ready.set()
            await stopping.wait()

    thread = threading.Thread(target=asyncio.run, args=(main(),), daemon=True)
    thread.start()
    assert ready.wait(WAIT)
    try:
        yield peer
    finally:
        assert peer.loop is not None and stopping is not None
        peer.loop.call_soon_threadsafe(stopping.set)
        thread.join(WAIT)
