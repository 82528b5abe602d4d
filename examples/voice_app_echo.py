"""A voice app that echoes the caller: DialStack attaches a live call to your WebSocket server,
you hear the caller's audio and speak back, here the same audio, paced at 50 frames a second.

``echo`` is the part to copy: ``dialstack.media_stream`` reads DialStack's frames and builds
yours; any WebSocket library can carry them (this one uses ``websockets``). In production
your server's URL is ``wss://`` and a ``call.received`` webhook tells you which call to
attach; here the script serves on a free local port, places a call in the emulator's stepped
time, attaches it, echoes two seconds of audio and ends the call:

    dialstack-emulator -- python examples/voice_app_echo.py
"""

import asyncio
import os
from collections import deque

import httpx2
from websockets.asyncio.server import ServerConnection, serve

from dialstack import AsyncDialStack
from dialstack.media_stream import AudioEvent, BeginEvent, MediaStream, MediaStreamError, Pacer

ECHOED_FRAMES = 100  # two seconds
MAX_BACKLOG = 50  # frames heard but not yet spoken back: a second, no more


class Progress:
    """What the script waits for: enough audio echoed, then the socket closed."""

    def __init__(self) -> None:
        self.echoed_enough = asyncio.Event()
        self.closed = asyncio.Event()


async def echo(socket: ServerConnection, progress: Progress) -> None:
    """One attached call: say back what the caller says, on a steady 20 ms grid."""
    stream = MediaStream()
    loop = asyncio.get_running_loop()
    pacer = Pacer(loop.time())
    heard: deque[bytes] = deque(maxlen=MAX_BACKLOG)
    echoed = 0
    async for frame in socket:
        try:
            event = stream.receive(frame)
        except MediaStreamError:
            continue  # a frame that is not MediaStream: skip it, keep the call
        if isinstance(event, BeginEvent):
            print(f"begin    {event.call_id} ({event.audio_format.encoding})")
        elif isinstance(event, AudioEvent):
            heard.append(event.payload)
        while heard and pacer.delay(loop.time()) == 0:
            await socket.send(stream.audio(heard.popleft()))
            pacer.sent(loop.time())
            echoed += 1
            if echoed == ECHOED_FRAMES:
                progress.echoed_enough.set()
    print(f"closed   {socket.close_code} after {echoed} frames echoed")
    progress.closed.set()


async def main() -> None:
    progress = Progress()
    async with (
        serve(lambda socket: echo(socket, progress), "127.0.0.1", 0) as server,
        AsyncDialStack() as dialstack,  # reads DIALSTACK_API_KEY (and DIALSTACK_API_URL)
    ):
        port = next(iter(server.sockets)).getsockname()[1]
        account = await dialstack.accounts.create(email="clinic@example.com")
        team = dialstack.with_options(dialstack_account=account.id)
        user = await team.users.create(name="Front Desk")

        await emulator_clock(mode="stepped")  # the call stays live until the clock moves
        await team.calls.create(user=user.id, dial_string="+15005550100")
        call = (await team.calls.list(direction="outbound", limit=1)).data[0]
        await emulator_clock(advance_seconds=5)  # the user answers, the number is dialled
        url = f"ws://127.0.0.1:{port}"  # in production: your wss:// URL
        await team.calls.update(call.id, actions=[{"type": "attach", "url": url}])
        print(f"attached {call.id}")

        await asyncio.wait_for(progress.echoed_enough.wait(), timeout=30)
        await emulator_clock(advance_seconds=60)  # the call ends: DialStack closes the socket
        await asyncio.wait_for(progress.closed.wait(), timeout=30)
        ended = await team.calls.retrieve(call.id)
        print(f"ended    {ended.status} after {ended.duration_seconds} s")


async def emulator_clock(**body: object) -> None:
    """The emulator's control route (the real API's calls run on real time)."""
    async with httpx2.AsyncClient(trust_env=False) as http:
        answer = await http.post(
            f"{os.environ['DIALSTACK_API_URL']}/_emulator/clock",
            json={"api_key": os.environ["DIALSTACK_API_KEY"], **body},
        )
        answer.raise_for_status()


if __name__ == "__main__":
    asyncio.run(main())
