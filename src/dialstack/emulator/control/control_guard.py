"""What every ``/_emulator/`` endpoint shares, wherever its feature lives: loopback clients
only. The app composes every service's control routes through ``guarded``."""

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..._loopback import is_loopback
from ..core.errors import Forbidden
from ..core.service import ControlRoute

ControlHandler = Callable[[Request], Awaitable[Response]]


def loopback_only(handler: ControlHandler) -> ControlHandler:
    """``handler`` for loopback clients; errors it raises are answered by
    ``edge.answers.EXCEPTION_HANDLERS``."""

    async def answer(request: Request) -> Response:
        # The peer address of the socket: uvicorn runs with proxy headers off, so no
        # X-Forwarded-For can make a remote client look local.
        client = request.client
        if client is None or not is_loopback(client.host):
            raise Forbidden("The /_emulator/ endpoints answer loopback clients only")
        return await handler(request)

    return answer


def guarded(route: ControlRoute) -> Route:
    return Route(route.path, loopback_only(route.handler), methods=[route.method])
