"""Signed media links: audio the emulator serves itself, without the API key.

A link is ``<path>?exp=<unix seconds>&sig=<HMAC>``; the HMAC covers the path and the
expiry, so a link works for the one object it names until it expires (judged by the owning
tenant's clock, so a stepped test can expire it) and a tampered, expired or re-pointed link
is a 403. Each service that serves media (recordings and voicemails, greetings, audio clips)
puts its paths under ``/_media/<...>/{account_id}/...`` and asks ``linked_tenant`` first.
"""

import re
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .origin import request_origin
from .runtime import Runtime
from .signing import is_signed, signature

_EXPIRY = re.compile(r"[0-9]{1,12}")  # Unix seconds for the next 30,000 years, no more


def signed_link(runtime: Runtime, path: str, expires_at: int) -> str:
    """An absolute link to ``path`` that works until ``expires_at`` (Unix seconds)."""
    signed = signature(runtime.media_secret, path, str(expires_at))
    return f"{request_origin()}{path}?{urlencode({'exp': expires_at, 'sig': signed})}"


def linked_tenant(runtime: Runtime, request: Request) -> str | Response:
    """The tenant owning the account the signed link in ``request`` names (its
    ``account_id`` path parameter), or the 403 to answer instead."""
    expires, signed = request.query_params.get("exp", ""), request.query_params.get("sig", "")
    if _EXPIRY.fullmatch(expires) is None or not is_signed(
        signed, runtime.media_secret, request.url.path, str(int(expires))
    ):
        return _refused("This media link is not valid")
    tenant = runtime.accounts.owner_of_account(request.path_params["account_id"])
    if tenant is None:
        return _refused("This media link is not valid")
    if int(expires) <= runtime.clock.now(tenant):
        return _refused("This media link has expired")
    return tenant


def refused_link() -> Response:
    """A link whose signature holds but which names nothing this route serves."""
    return _refused("This media link is not valid")


def gone(what: str) -> Response:
    """The 404 for a link to ``what`` (say "The clip") that was deleted since."""
    return JSONResponse(
        {"error": f"{what} no longer exists", "code": "resource_missing", "details": {}},
        status_code=404,
    )


def _refused(message: str) -> Response:
    return JSONResponse({"error": message, "code": "forbidden", "details": {}}, status_code=403)
