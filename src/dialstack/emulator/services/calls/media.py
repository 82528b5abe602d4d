"""The recordings' and voicemails' signed links (``core.media_links``):
``/_media/<account>/<kind>/<id>.wav?exp=<unix seconds>&sig=<HMAC>``. The bytes are a WAV tone
made on the fly: real audio an ``<audio>`` element plays, with nothing binary in the
repository.
"""

import math
import struct
from collections.abc import AsyncIterator
from functools import cache

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from ...core.media_links import gone, linked_tenant, refused_link
from ...core.runtime import Runtime
from .tables import CallTables

RECORDING_LIFETIME = 10 * 60  # s: the API's recording links
VOICEMAIL_LIFETIME = 60 * 60  # s: ours (the API does not say); outlives the page that shows it
ROUTE = "/_media/{account_id}/{kind}/{file_name}"
KINDS = ("recordings", "voicemails")
_SAMPLE_RATE = 8000  # Hz, 8-bit mono: telephone quality, 8 KB a second
_TONE_HZ = 400  # a whole number of samples per period, so one period repeats exactly
_HEADER_BYTES = 44


def media_path(account_id: str, kind: str, object_id: str) -> str:
    return f"/_media/{account_id}/{kind}/{object_id}.wav"


def wav_size(seconds: int) -> int:
    return _HEADER_BYTES + _SAMPLE_RATE * _at_least_one(seconds)


async def wav(seconds: int) -> AsyncIterator[bytes]:
    """A ``seconds`` long 400 Hz tone, 8 kHz 8-bit mono PCM in a RIFF/WAVE container, a
    second at a time: a four-hour recording (115 MB) is as long as it says, and never
    all in memory."""
    seconds = _at_least_one(seconds)
    data_bytes = _SAMPLE_RATE * seconds
    yield struct.pack(
        "<4sI4s4sIHHIIHH4sI",
        b"RIFF",
        36 + data_bytes,
        b"WAVE",
        b"fmt ",
        16,
        1,  # PCM
        1,  # mono
        _SAMPLE_RATE,
        _SAMPLE_RATE,  # bytes per second
        1,  # block align
        8,  # bits per sample
        b"data",
        data_bytes,
    )
    one_second = _period() * _TONE_HZ
    for _ in range(seconds):
        yield one_second


def _at_least_one(seconds: int) -> int:
    return max(1, seconds)


@cache
def _period() -> bytes:
    per_period = _SAMPLE_RATE // _TONE_HZ
    return bytes(
        128 + round(60 * math.sin(2 * math.pi * index / per_period)) for index in range(per_period)
    )


def routes(runtime: Runtime) -> list[Route]:
    async def serve(request: Request) -> Response:
        tenant = linked_tenant(runtime, request)
        if isinstance(tenant, Response):
            return tenant
        account_id = request.path_params["account_id"]
        kind = request.path_params["kind"]
        object_id, _, extension = request.path_params["file_name"].rpartition(".")
        if kind not in KINDS or extension != "wav":
            return refused_link()
        seconds = runtime.state(CallTables).media_seconds(tenant, account_id, kind, object_id)
        if seconds is None:
            return gone("The media")
        return StreamingResponse(
            wav(seconds),
            media_type="audio/wav",
            headers={"Cache-Control": "private", "Content-Length": str(wav_size(seconds))},
        )

    return [Route(ROUTE, serve, methods=["GET"])]
