"""Signed media links: audio the emulator serves itself, without the API key.

A link is ``/_media/<account>/<kind>/<id>.wav?exp=<unix seconds>&sig=<HMAC>``; the HMAC
covers the path and the expiry, so a link works for the one object it names until it expires
(judged by the owning tenant's clock, so a stepped test can expire it) and a tampered,
expired or re-pointed link is a 403. The bytes are a WAV tone made on the fly: real audio an
``<audio>`` element plays, with nothing binary in the repository.
"""

import base64
import hashlib
import hmac
import math
import re
import struct
from contextvars import ContextVar
from functools import cache
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from .runtime import Runtime
from .store_calls import CallStore

RECORDING_LIFETIME = 10 * 60  # s: the API's recording links
VOICEMAIL_LIFETIME = 60 * 60  # s: ours (the API does not say); outlives the page that shows it
ROUTE = "/_media/{account_id}/{kind}/{file_name}"
KINDS = ("recordings", "voicemails")
_SIGNATURE_BYTES = 16
_SAMPLE_RATE = 8000  # Hz, 8-bit mono: telephone quality, 8 KB a second
_TONE_HZ = 400  # a whole number of samples per period, so one period repeats exactly
_MAX_SECONDS = 600
_HEADER_BYTES = 44
_EXPIRY = re.compile(r"[0-9]{1,12}")  # Unix seconds for the next 30,000 years, no more


def media_path(account_id: str, kind: str, object_id: str) -> str:
    return f"/_media/{account_id}/{kind}/{object_id}.wav"


_origin: ContextVar[str] = ContextVar("dialstack_emulator_origin", default="http://127.0.0.1")


class WithOrigin:
    """Remembers, for the request being answered, the origin its client reached us at: a
    link must be absolute (an ``<audio src>`` on the customer's page resolves a relative one
    against that page) and name the emulator as the client sees it."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            host = next((v for k, v in scope["headers"] if k == b"host"), None)
            if host is not None:
                _origin.set(f"{scope['scheme']}://{host.decode('latin-1')}")
        await self._app(scope, receive, send)


def signed_link(runtime: Runtime, path: str, expires_at: int) -> str:
    """An absolute link to ``path`` that works until ``expires_at`` (Unix seconds)."""
    signature = _signature(runtime.media_secret, path, expires_at)
    return f"{_origin.get()}{path}?{urlencode({'exp': expires_at, 'sig': signature})}"


def wav_size(seconds: int) -> int:
    return _HEADER_BYTES + _SAMPLE_RATE * _clamped(seconds)


def wav(seconds: int) -> bytes:
    """A ``seconds`` long 400 Hz tone, 8 kHz 8-bit mono PCM in a RIFF/WAVE container."""
    samples = _period() * (_TONE_HZ * _clamped(seconds))
    header = struct.pack(
        "<4sI4s4sIHHIIHH4sI",
        b"RIFF",
        36 + len(samples),
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
        len(samples),
    )
    return header + samples


def _clamped(seconds: int) -> int:
    return max(1, min(seconds, _MAX_SECONDS))


@cache
def _period() -> bytes:
    per_period = _SAMPLE_RATE // _TONE_HZ
    return bytes(
        128 + round(60 * math.sin(2 * math.pi * index / per_period)) for index in range(per_period)
    )


def _signature(secret: bytes, path: str, expires_at: int) -> str:
    digest = hmac.new(secret, f"{path}\n{expires_at}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:_SIGNATURE_BYTES]).rstrip(b"=").decode()


def routes(runtime: Runtime) -> list[Route]:
    async def serve(request: Request) -> Response:
        path = request.url.path
        expires, signature = (
            request.query_params.get("exp", ""),
            request.query_params.get("sig", ""),
        )
        if _EXPIRY.fullmatch(expires) is None or not hmac.compare_digest(
            signature.encode(), _signature(runtime.media_secret, path, int(expires)).encode()
        ):
            return _refused("This media link is not valid")
        account_id = request.path_params["account_id"]
        kind = request.path_params["kind"]
        object_id, _, extension = request.path_params["file_name"].rpartition(".")
        calls = CallStore(runtime.store.connection)
        tenant = calls.tenant_of(account_id)
        if tenant is None or kind not in KINDS or extension != "wav":
            return _refused("This media link is not valid")
        if int(expires) <= runtime.clock.now(tenant):
            return _refused("This media link has expired")
        seconds = calls.media_seconds(tenant, account_id, kind, object_id)
        if seconds is None:
            return JSONResponse(
                {"error": "The media no longer exists", "code": "resource_missing", "details": {}},
                status_code=404,
            )
        return Response(wav(seconds), media_type="audio/wav", headers={"Cache-Control": "private"})

    return [Route(ROUTE, serve, methods=["GET"])]


def _refused(message: str) -> Response:
    return JSONResponse({"error": message, "code": "forbidden", "details": {}}, status_code=403)
