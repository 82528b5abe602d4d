"""The WebSockets the emulator opens to your servers while a call is live: a listener's
one-way audio, and the MediaStream of an ``attach`` action (``dialstack.media_stream``).

Each stream is one task on the event loop, started after the request that asks for it, and
ended by the call's end, the listener's deletion, a newer ``attach`` of the same call, or the
peer. Audio is a canned clip in 20 ms µ-law frames (160 bytes), paced on real time at 50
frames a second. Whatever the peer does costs bounded time and memory: the handshake, each
send and the closing handshake have timeouts; a frame from the peer may hold at most
``MAX_PEER_FRAME`` bytes (a larger one closes the socket with 1009 before it is buffered);
at most ``MAX_QUEUED_FRAMES`` wait to be read; no more than ``MAX_STREAMS_PER_TENANT``
streams run at once. The app's audio frames are counted, never kept.
"""

import asyncio
import base64
import binascii
import json
import math
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal, cast

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException

from ...core.errors import Conflict

FRAME_BYTES = 160
"""20 ms of 8 kHz µ-law."""
FRAME_SECONDS = 0.02
MAX_PEER_FRAME = 16 * 1024
"""An app's audio frame is about 230 bytes of JSON; room for larger ones, no more."""
MAX_PEER_AUDIO = 8000
"""The most audio one frame of the app may carry: a second."""
MAX_QUEUED_FRAMES = 4
MAX_STREAMS_PER_TENANT = 32
OPEN_TIMEOUT = 5.0
SEND_TIMEOUT = 2.0
CLOSE_TIMEOUT = 2.0
MAX_LAG = 1.0
"""Seconds a stream may fall behind its pace before it skips ahead instead of bursting."""
_KEPT_FINISHED = 64
"""Finished streams whose counts a tenant can still read, newest kept."""
_SAMPLE_RATE = 8000
_FRAMES_PER_SECOND = 50
_AUDIO_FORMAT = {"encoding": "audio/x-mulaw", "sample_rate": _SAMPLE_RATE, "channels": 1}

Kind = Literal["listener", "attach"]


@dataclass
class Stream:
    """One socket's plan and what happened on it (``/_emulator/media_streams`` shows it)."""

    key: str
    """The listener's id, or ``attach:<call id>``."""
    kind: Kind
    tenant: str
    account_id: str
    call_id: str
    url: str
    channel: str
    state: Literal["connecting", "open", "closed"] = "connecting"
    frames_sent: int = 0
    frames_received: int = 0
    """The app's audio frames that were well formed."""
    frames_refused: int = 0
    """What the app sent that is no audio frame: not JSON, binary, a bad payload."""
    close_reason: str | None = None
    stopping: asyncio.Event = field(default_factory=asyncio.Event, repr=False)
    task: "asyncio.Task[None] | None" = field(default=None, repr=False)

    def shown(self) -> dict[str, Any]:
        return {
            "id": self.key,
            "kind": self.kind,
            "call": self.call_id,
            "url": self.url,
            "channel": self.channel,
            "state": self.state,
            "frames_sent": self.frames_sent,
            "frames_received": self.frames_received,
            "frames_refused": self.frames_refused,
            "close_reason": self.close_reason,
        }


IsLive = Callable[[str, str, str], bool]
"""``(tenant, account_id, call_id)``: whether the call is still live."""


class MediaSockets:
    """Every stream of this emulator, by tenant."""

    def __init__(self, is_live: IsLive) -> None:
        self._streams: dict[str, OrderedDict[str, Stream]] = {}
        self._is_live = is_live

    def open(
        self,
        tenant: str,
        account_id: str,
        call_id: str,
        *,
        key: str,
        kind: Kind,
        url: str,
        channel: str,
    ) -> None:
        """Start streaming once the running request is answered (a stream under the same
        ``key`` ends first).

        Raises:
            Conflict: ``media_stream_limit``, the tenant already runs the most streams.
        """
        streams = self._streams.setdefault(tenant, OrderedDict())
        running = [s for s in streams.values() if s.state != "closed" and s.key != key]
        if len(running) >= MAX_STREAMS_PER_TENANT:
            raise Conflict(
                "media_stream_limit",
                f"At most {MAX_STREAMS_PER_TENANT} media streams run at once; end one first",
                {"limit": MAX_STREAMS_PER_TENANT},
            )
        self.stop(tenant, key, "replaced by a newer attach")
        stream = Stream(key, kind, tenant, account_id, call_id, url, channel)
        streams[key] = stream
        streams.move_to_end(key)
        self._forget_finished(streams)
        stream.task = asyncio.get_running_loop().create_task(_run(stream, self._is_live))
        # Also when cancelled before it ran (a stop right away): then _run never starts.
        stream.task.add_done_callback(lambda _task: setattr(stream, "state", "closed"))

    def stop(self, tenant: str, key: str, reason: str) -> None:
        stream = self._streams.get(tenant, OrderedDict[str, Stream]()).get(key)
        if stream is not None:
            _stop(stream, reason)

    def end_call(self, tenant: str, call_id: str) -> None:
        for stream in list(self._streams.get(tenant, OrderedDict[str, Stream]()).values()):
            if stream.call_id == call_id:
                _stop(stream, "the call ended")

    def shown(self, tenant: str, call_id: str | None) -> list[dict[str, Any]]:
        return [
            stream.shown()
            for stream in self._streams.get(tenant, OrderedDict[str, Stream]()).values()
            if call_id is None or stream.call_id == call_id
        ]

    async def close_all(self) -> None:
        """End every stream (the emulator stops)."""
        streams = [stream for tenant in self._streams.values() for stream in tenant.values()]
        for stream in streams:
            _stop(stream, "the emulator stopped")
        tasks = [stream.task for stream in streams if stream.task is not None]
        await asyncio.gather(*tasks, return_exceptions=True)

    def _forget_finished(self, streams: "OrderedDict[str, Stream]") -> None:
        finished = [key for key, stream in streams.items() if stream.state == "closed"]
        for key in finished[: max(0, len(finished) - _KEPT_FINISHED)]:
            del streams[key]


def _stop(stream: Stream, reason: str) -> None:
    if stream.state == "closed" or stream.stopping.is_set():
        return
    stream.close_reason = reason
    stream.stopping.set()
    if stream.state == "connecting" and stream.task is not None:
        stream.task.cancel()  # a peer that never finishes the handshake holds nothing


async def _run(stream: Stream, is_live: IsLive) -> None:
    try:
        async with connect(
            stream.url,
            proxy=None,
            compression=None,
            open_timeout=OPEN_TIMEOUT,
            close_timeout=CLOSE_TIMEOUT,
            ping_interval=None,
            max_size=MAX_PEER_FRAME,
            max_queue=MAX_QUEUED_FRAMES,
            user_agent_header="DialStack-Emulator",
        ) as socket:
            stream.state = "open"
            reader = asyncio.create_task(_read(socket, stream))
            try:
                await _send(socket, _begin(stream))
                await _stream_audio(socket, stream, is_live)
                await socket.close(1000, stream.close_reason or "")
            finally:
                # What the peer sent before the close still counts; a peer that never
                # closes is not waited for.
                await asyncio.wait([reader], timeout=CLOSE_TIMEOUT)
                reader.cancel()
    except asyncio.CancelledError:
        pass
    except TimeoutError:
        stream.close_reason = stream.close_reason or "the peer was too slow"
    except (OSError, WebSocketException, ValueError) as error:
        # ValueError: a URL websockets cannot read; the message never holds more than it.
        stream.close_reason = stream.close_reason or f"{type(error).__name__}: {error}"[:200]


async def _send(socket: ClientConnection, message: dict[str, Any]) -> None:
    await asyncio.wait_for(socket.send(json.dumps(message, separators=(",", ":"))), SEND_TIMEOUT)


async def _stream_audio(socket: ClientConnection, stream: Stream, is_live: IsLive) -> None:
    loop = asyncio.get_running_loop()
    started = loop.time()
    frame = 0
    channels = ("caller", "callee") if stream.channel == "both" else (stream.channel,)
    while not stream.stopping.is_set():
        for channel in channels:
            message: dict[str, Any] = {
                "event": "audio",
                "timestamp": frame * round(FRAME_SECONDS * 1000),
                "payload": _clip_frame(channel, frame),
            }
            if stream.kind == "listener":
                message["channel"] = channel
            await _send(socket, message)
            stream.frames_sent += 1
        frame += 1
        # Also ends the stream of a call that went away without ending (a reset, a deleted
        # account), once a second.
        if frame % _FRAMES_PER_SECOND == 0 and not is_live(
            stream.tenant, stream.account_id, stream.call_id
        ):
            _stop(stream, "the call ended")
        due = started + frame * FRAME_SECONDS
        lag = loop.time() - due
        if lag > MAX_LAG:
            started += lag
            due += lag
        try:
            await asyncio.wait_for(stream.stopping.wait(), max(0.0, due - loop.time()))
        except TimeoutError:
            continue
        if socket.close_code is not None:
            return


async def _read(socket: ClientConnection, stream: Stream) -> None:
    """Count what the peer sends; an attached app's audio frames, a listener's nothing."""
    try:
        async for message in socket:
            if stream.kind == "attach" and _is_audio_frame(message):
                stream.frames_received += 1
            else:
                stream.frames_refused += 1
    except WebSocketException:
        pass
    finally:
        if stream.close_reason is None and socket.close_code is not None:
            stream.close_reason = _close_reason(socket)
        stream.stopping.set()


def _close_reason(socket: ClientConnection) -> str:
    """Who closed first, with which code: ``sent`` is ours (1009: a frame over the limit)."""
    protocol = socket.protocol
    received, sent = protocol.close_rcvd, protocol.close_sent
    peer_first = received is not None and (protocol.close_rcvd_then_sent or sent is None)
    first = received if peer_first else sent
    if first is None:
        return "the connection was lost (1006)"
    who = "the peer closed" if peer_first else "closed"
    return f"{who} ({first.code}): {first.reason or 'no reason'}"[:200]


def _is_audio_frame(message: str | bytes) -> bool:
    if not isinstance(message, str):
        return False
    try:
        decoded: object = json.loads(message)
    except (ValueError, RecursionError):
        return False
    if not isinstance(decoded, dict):
        return False
    frame = cast("dict[str, object]", decoded)
    if frame.get("event") != "audio":
        return False
    payload = frame.get("payload")
    if not isinstance(payload, str) or len(payload) > MAX_PEER_AUDIO * 4 // 3 + 4:
        return False
    try:
        return 0 < len(base64.b64decode(payload, validate=True)) <= MAX_PEER_AUDIO
    except binascii.Error:
        return False


def _begin(stream: Stream) -> dict[str, Any]:
    begin: dict[str, Any] = {
        "event": "begin",
        "call_id": stream.call_id,
        "account_id": stream.account_id,
        "audio_format": _AUDIO_FORMAT,
    }
    if stream.kind == "listener":
        begin |= {"listener_id": stream.key, "channel": stream.channel}
    return begin


def _clip_frame(channel: str, frame: int) -> str:
    """One 20 ms frame of the canned clip: a second of tone that swells and fades, 400 Hz
    from the caller, 600 Hz from the callee, looped."""
    clip = _clip(400 if channel == "caller" else 600)
    start = (frame * FRAME_BYTES) % len(clip)
    return base64.b64encode(clip[start : start + FRAME_BYTES]).decode("ascii")


@cache
def _clip(tone_hz: int) -> bytes:
    samples = (index / _SAMPLE_RATE for index in range(_SAMPLE_RATE))
    return bytes(
        mulaw(round(8000 * math.sin(math.pi * at) * math.sin(2 * math.pi * tone_hz * at)))
        for at in samples
    )


def mulaw(sample: int) -> int:
    """A 16-bit linear sample as G.711 µ-law."""
    sign = 0x80 if sample < 0 else 0
    magnitude = min(abs(sample), 32635) + 0x84
    exponent = max(0, magnitude.bit_length() - 8)
    mantissa = (magnitude >> (exponent + 3)) & 0x0F
    return ~(sign | (exponent << 4) | mantissa) & 0xFF
