"""Signed media links: audio the emulator serves itself, without the API key.

A link is ``/_media/<account>/<kind>/<id>.wav?exp=<unix seconds>&sig=<HMAC>``; the HMAC
covers the path and the expiry, so a link works for the one object it names until it expires
(judged by the owning tenant's clock, so a stepped test can expire it) and a tampered,
expired or re-pointed link is a 403. The bytes are a WAV tone made on the fly: real audio an
``<audio>`` element plays, with nothing binary in the repository.
"""

import math
import re
import struct
from collections.abc import AsyncIterator
from functools import cache
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from ...core.origin import request_origin
from ...core.runtime import Runtime
from ...core.signing import is_signed, signature
from .tables import CallTables

RECORDING_LIFETIME = 10 * 60  # s: the API's recording links
VOICEMAIL_LIFETIME = 60 * 60  # s: ours (the API does not say); outlives the page that shows it
ROUTE = "/_media/{account_id}/{kind}/{file_name}"
KINDS = ("recordings", "voicemails")
_SAMPLE_RATE = 8000  # Hz, 8-bit mono: telephone quality, 8 KB a second
_TONE_HZ = 400  # a whole number of samples per period, so one period repeats exactly
_HEADER_BYTES = 44
_EXPIRY = re.compile(r"[0-9]{1,12}")  # Unix seconds for the next 30,000 years, no more


def media_path(account_id: str, kind: str, object_id: str) -> str:
    return f"/_media/{account_id}/{kind}/{object_id}.wav"


def signed_link(runtime: Runtime, path: str, expires_at: int) -> str:
    """An absolute link to ``path`` that works until ``expires_at`` (Unix seconds)."""
    signed = signature(runtime.media_secret, path, str(expires_at))
    return f"{request_origin()}{path}?{urlencode({'exp': expires_at, 'sig': signed})}"


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
        path = request.url.path
        expires, signed = request.query_params.get("exp", ""), request.query_params.get("sig", "")
        if _EXPIRY.fullmatch(expires) is None or not is_signed(
            signed, runtime.media_secret, path, str(int(expires))
        ):
            return _refused("This media link is not valid")
        account_id = request.path_params["account_id"]
        kind = request.path_params["kind"]
        object_id, _, extension = request.path_params["file_name"].rpartition(".")
        tenant = runtime.accounts.owner_of_account(account_id)
        if tenant is None or kind not in KINDS or extension != "wav":
            return _refused("This media link is not valid")
        if int(expires) <= runtime.clock.now(tenant):
            return _refused("This media link has expired")
        seconds = runtime.state(CallTables).media_seconds(tenant, account_id, kind, object_id)
        if seconds is None:
            return JSONResponse(
                {"error": "The media no longer exists", "code": "resource_missing", "details": {}},
                status_code=404,
            )
        return StreamingResponse(
            wav(seconds),
            media_type="audio/wav",
            headers={"Cache-Control": "private", "Content-Length": str(wav_size(seconds))},
        )

    return [Route(ROUTE, serve, methods=["GET"])]


def _refused(message: str) -> Response:
    return JSONResponse({"error": message, "code": "forbidden", "details": {}}, status_code=403)
