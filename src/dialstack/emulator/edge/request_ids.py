"""Outermost: every response, refusals included, carries its ``X-Request-Id``."""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..core.ids import IdFactory

REQUEST_ID_KEY = "dialstack.request_id"


class RequestIds:
    """Outermost: every response, refusals included, carries its ``X-Request-Id``."""

    def __init__(self, app: ASGIApp, ids: IdFactory) -> None:
        self._app = app
        self._ids = ids

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        request_id = scope[REQUEST_ID_KEY] = self._ids.new("req")
        request_id_header = (b"x-request-id", request_id.encode())

        async def send_with_request_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), request_id_header]
            await send(message)

        await self._app(scope, receive, send_with_request_id)
