"""``WithOrigin``: notes, for the request being answered, the origin its client reached us at
(``core.origin``), so the links in its answer name the emulator as the client sees it."""

from starlette.types import ASGIApp, Receive, Scope, Send

from ..core.origin import set_request_origin


class WithOrigin:
    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            host = next((v for k, v in scope["headers"] if k == b"host"), None)
            if host is not None:
                set_request_origin(f"{scope['scheme']}://{host.decode('latin-1')}")
        await self._app(scope, receive, send)
