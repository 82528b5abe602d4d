"""The one place an emulator error becomes an HTTP answer.

The gateway, the operation runner, the routing errors, the control routes and the request
guard all answer an ``EmulatorError`` through ``error_answer``: the status from the errors
table, the API's error shape, and the headers some errors need (``Retry-After``, ``Allow``,
``Connection: close``). ``send_error`` speaks raw ASGI; ``EXCEPTION_HANDLERS`` do the same
for Starlette.
"""

import logging
from dataclasses import dataclass

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Match, Route
from starlette.types import Send

from ..core.api_request import to_json
from ..core.errors import (
    EmulatorError,
    InternalError,
    MethodNotAllowed,
    RateLimited,
    RequestTooLarge,
    RouteMissing,
    body_of,
    status_of,
)

logger = logging.getLogger("dialstack.emulator")

Headers = tuple[tuple[bytes, bytes], ...]
JSON_CONTENT_TYPE = (b"content-type", b"application/json")
# The rest of the request is never read, so the connection cannot carry another one.
_CLOSE = (b"connection", b"close")


@dataclass(frozen=True, slots=True)
class ErrorAnswer:
    status: int
    body: str
    """JSON text in the API's error shape."""
    headers: Headers


def error_answer(error: EmulatorError) -> ErrorAnswer:
    headers: Headers = ()
    if isinstance(error, RateLimited):
        headers = ((b"retry-after", str(error.retry_after).encode()),)
    elif isinstance(error, MethodNotAllowed):
        headers = ((b"allow", ", ".join(error.allowed).encode()),)
    elif isinstance(error, RequestTooLarge):
        headers = (_CLOSE,)
    return ErrorAnswer(status_of(error), to_json(body_of(error)), headers)


INTERNAL_ERROR = error_answer(InternalError("Internal error"))


async def send_json(send: Send, status: int, body: str | None, extra_headers: Headers = ()) -> None:
    if not body:
        await send({"type": "http.response.start", "status": status, "headers": [*extra_headers]})
        await send({"type": "http.response.body", "body": b""})
        return
    encoded = body.encode()
    headers = [
        JSON_CONTENT_TYPE,
        (b"content-length", str(len(encoded)).encode()),
        *extra_headers,
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": encoded})


async def send_error(send: Send, error: EmulatorError) -> None:
    answer = error_answer(error)
    await send_json(send, answer.status, answer.body, answer.headers)


def error_response(error: EmulatorError) -> Response:
    answer = error_answer(error)
    response = Response(answer.body, answer.status, media_type="application/json")
    response.raw_headers.extend(answer.headers)
    return response


async def _on_emulator_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, EmulatorError)
    return error_response(exc)


async def _on_routing_error(request: Request, exc: Exception) -> Response:
    """No such path, or a method the path does not take (``Allow`` lists every route's)."""
    assert isinstance(exc, HTTPException)
    path = request.url.path
    if exc.status_code == 405:
        allowed = _allowed_methods(request)
        return error_response(
            MethodNotAllowed(f"{request.method} is not allowed on {path}", allowed)
        )
    return error_response(RouteMissing(f"Unrecognized request URL: {request.method} {path}"))


async def _on_unexpected(_request: Request, exc: Exception) -> Response:
    logger.error("Unexpected error in the emulator", exc_info=exc)
    return error_response(InternalError("Internal error"))


def _allowed_methods(request: Request) -> tuple[str, ...]:
    """The union over all routes of this path: one route per method must not hide others."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        if isinstance(route, Route) and route.methods:
            match, _ = route.matches(request.scope)
            if match is not Match.NONE:
                methods |= route.methods
    return tuple(sorted(methods))


EXCEPTION_HANDLERS = {
    HTTPException: _on_routing_error,
    EmulatorError: _on_emulator_error,
    Exception: _on_unexpected,
}
