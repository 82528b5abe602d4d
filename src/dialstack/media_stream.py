"""MediaStream: the protocol DialStack speaks over the WebSocket it opens to your server when a
call is attached (``calls.update(call_id, actions=[{"type": "attach", "url": ...}])``), and
the frames of a listener's stream. Sans-I/O: no sockets, no event loop, no clock of its own,
so any WebSocket library (``websockets``, ``aiohttp``, Starlette, FastAPI) can drive it.

DialStack sends JSON text frames: first ``begin`` (the call, the account, the audio format),
then ``audio`` every 20 ms (160 bytes of 8 kHz µ-law, base64). You send ``audio`` frames back,
at a steady 50 a second; ``Pacer`` says when each is due. Closing the socket ends the stream.

    stream = MediaStream()
    async for text in websocket:
        event = stream.receive(text)
        if isinstance(event, AudioEvent):
            await websocket.send(stream.audio(event.payload))

Reading is tolerant: an event type this version does not know is an ``UnknownEvent``, and
fields it does not know are ignored. Building is strict: an audio frame is exactly
``FRAME_BYTES`` bytes, else ``ValueError``.
"""

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

__all__ = [
    "FRAMES_PER_SECOND",
    "FRAME_BYTES",
    "FRAME_SECONDS",
    "SILENCE",
    "AudioEvent",
    "AudioFormat",
    "BeginEvent",
    "MediaStream",
    "MediaStreamError",
    "MediaStreamEvent",
    "Pacer",
    "UnknownEvent",
    "audio_frame",
    "parse_event",
]

FRAMES_PER_SECOND = 50
FRAME_SECONDS = 1 / FRAMES_PER_SECOND
FRAME_BYTES = 160
"""20 ms of 8 kHz, 8-bit µ-law: the size of every audio frame."""
SILENCE = b"\xff" * FRAME_BYTES
"""One frame of µ-law silence."""
MAX_LAG = 1.0
"""Seconds a ``Pacer`` may fall behind before it starts over from now instead of bursting
to catch up (a listener hears a gap, not a second of audio at once)."""


class MediaStreamError(ValueError):
    """A frame that is not MediaStream: not a JSON object, or a known event with a missing
    or mistyped field (``field`` names it)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class AudioFormat:
    encoding: str
    """``audio/x-mulaw``."""
    sample_rate: int
    channels: int


@dataclass(frozen=True, slots=True)
class BeginEvent:
    """The stream's first frame."""

    call_id: str
    account_id: str
    audio_format: AudioFormat
    listener_id: str | None = None
    """A listener's stream: its id (None on an attached call's stream)."""
    channel: str | None = None
    """A listener's stream: ``caller``, ``callee`` or ``both``."""


@dataclass(frozen=True, slots=True)
class AudioEvent:
    """20 ms of the call's audio."""

    payload: bytes = field(repr=False)
    """µ-law bytes (decoded from the frame's base64)."""
    timestamp: float
    """Milliseconds since the stream began."""
    channel: str | None = None
    """A listener's stream: whose voice (``caller``, ``callee``); None when attached."""


@dataclass(frozen=True, slots=True)
class UnknownEvent:
    """An event this version does not know: skip it, or read ``data`` (the whole frame)."""

    event: str | None
    data: Mapping[str, Any] = field(repr=False)


MediaStreamEvent = BeginEvent | AudioEvent | UnknownEvent


def parse_event(frame: str | bytes) -> MediaStreamEvent:
    """One frame from DialStack as an event.

    Raises:
        MediaStreamError: not a JSON object, or a ``begin``/``audio`` frame without its
            fields.
    """
    try:
        data = json.loads(frame)
    except (ValueError, RecursionError):
        raise MediaStreamError("A MediaStream frame is JSON text; this one is not") from None
    if not isinstance(data, dict):
        raise MediaStreamError("A MediaStream frame is a JSON object")
    message = cast("dict[str, Any]", data)
    event = message.get("event")
    if event == "begin":
        return _begin(message)
    if event == "audio":
        return AudioEvent(
            payload=_payload(message),
            timestamp=_number(message, "timestamp"),
            channel=_optional_text(message, "channel"),
        )
    return UnknownEvent(event if isinstance(event, str) else None, message)


def audio_frame(payload: bytes | bytearray | memoryview) -> str:
    """The text frame that sends ``payload`` (µ-law, exactly ``FRAME_BYTES``) to the call.

    Raises:
        TypeError: ``payload`` is not bytes.
        ValueError: ``payload`` is not ``FRAME_BYTES`` long (the message names it).
    """
    try:
        size = memoryview(payload).nbytes
    except TypeError:
        raise TypeError(
            f"payload must be bytes (µ-law audio), not {type(payload).__name__}"
        ) from None
    if size != FRAME_BYTES:
        raise ValueError(
            f"payload must be {FRAME_BYTES} bytes (20 ms of 8 kHz µ-law), not {size}: split"
            " or pad the audio into frames"
        )
    encoded = base64.b64encode(payload).decode("ascii")
    return json.dumps({"event": "audio", "payload": encoded}, separators=(",", ":"))


class Pacer:
    """When each frame you send is due, at 50 a second from ``start``, on whatever clock you
    pass (``time.monotonic()``, ``loop.time()``): frames stay on a fixed grid, so timing
    errors do not add up."""

    def __init__(self, start: float) -> None:
        self._start = start
        self._sent = 0

    @property
    def next_due(self) -> float:
        return self._start + self._sent * FRAME_SECONDS

    def delay(self, now: float) -> float:
        """Seconds to wait before the next frame (0: send it now)."""
        return max(0.0, self.next_due - now)

    def sent(self, now: float) -> None:
        """Count a frame as sent at ``now``; far behind (over ``MAX_LAG``), start over from
        ``now`` rather than send the backlog at once."""
        if now - self.next_due > MAX_LAG:
            self._start, self._sent = now, 0
        self._sent += 1


class MediaStream:
    """One connection's protocol: what ``begin`` said, the events of each frame received,
    the frames to send."""

    def __init__(self) -> None:
        self.begin: BeginEvent | None = None
        """The stream's ``begin`` once received."""

    @property
    def call_id(self) -> str | None:
        return None if self.begin is None else self.begin.call_id

    @property
    def account_id(self) -> str | None:
        return None if self.begin is None else self.begin.account_id

    @property
    def audio_format(self) -> AudioFormat | None:
        return None if self.begin is None else self.begin.audio_format

    def receive(self, frame: str | bytes) -> MediaStreamEvent:
        """The event a frame from DialStack holds (see ``parse_event``)."""
        event = parse_event(frame)
        if isinstance(event, BeginEvent):
            self.begin = event
        return event

    def audio(self, payload: bytes | bytearray | memoryview) -> str:
        """The frame that sends ``payload`` (see ``audio_frame``)."""
        return audio_frame(payload)


def _begin(message: dict[str, Any]) -> BeginEvent:
    raw_format = message.get("audio_format")
    if not isinstance(raw_format, dict):
        raise MediaStreamError("begin.audio_format must be an object", "audio_format")
    audio_format = cast("dict[str, Any]", raw_format)
    return BeginEvent(
        call_id=_text(message, "call_id"),
        account_id=_text(message, "account_id"),
        audio_format=AudioFormat(
            encoding=_text(audio_format, "encoding", "audio_format.encoding"),
            sample_rate=int(_number(audio_format, "sample_rate", "audio_format.sample_rate")),
            channels=int(_number(audio_format, "channels", "audio_format.channels")),
        ),
        listener_id=_optional_text(message, "listener_id"),
        channel=_optional_text(message, "channel"),
    )


def _text(message: Mapping[str, Any], name: str, shown: str | None = None) -> str:
    value = message.get(name)
    if not isinstance(value, str):
        raise MediaStreamError(f"{shown or name} must be a string", shown or name)
    return value


def _optional_text(message: Mapping[str, Any], name: str) -> str | None:
    return None if message.get(name) is None else _text(message, name)


def _number(message: Mapping[str, Any], name: str, shown: str | None = None) -> float:
    value = message.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise MediaStreamError(f"{shown or name} must be a number", shown or name)
    return value


def _payload(message: Mapping[str, Any]) -> bytes:
    text = _text(message, "payload")
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise MediaStreamError("payload must be base64", "payload") from None
