"""What every ``/_emulator/`` endpoint shares, wherever its feature lives: loopback clients
only, and the request body read as strictly as the API's."""

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .._loopback import is_loopback
from .errors import Forbidden
from .request_body import parse_json_object, read_body

ControlHandler = Callable[[Request], Awaitable[Response]]


def loopback_only(handler: ControlHandler) -> ControlHandler:
    """``handler`` for loopback clients; errors it raises are answered by
    ``answers.EXCEPTION_HANDLERS``."""

    async def guarded(request: Request) -> Response:
        # The peer address of the socket: uvicorn runs with proxy headers off, so no
        # X-Forwarded-For can make a remote client look local.
        client = request.client
        if client is None or not is_loopback(client.host):
            raise Forbidden("The /_emulator/ endpoints answer loopback clients only")
        return await handler(request)

    return guarded


async def json_body(request: Request) -> dict[str, Any]:
    return parse_json_object(await read_body(request.receive))
