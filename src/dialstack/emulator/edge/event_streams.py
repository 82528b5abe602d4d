"""``EventStreamOr``: a route whose answer is JSON, or an event stream when the client
asks for one (``Accept: text/event-stream``), as ``GET /v1/presence`` is.

The stream's handler runs where the ``OperationRunner`` would, behind the Gateway (key,
rate limit, request log), with the request as an ``ApiRequest``; what it sends it sends
itself, since a stream is not one ``Reply``.
"""

import hashlib
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Receive, Scope, Send

from ..core.api_request import ApiRequest
from ..core.runtime import Runtime
from ..core.service import StreamHandler
from .request_state import STATE_KEY, RequestState

_EVENT_STREAM = b"text/event-stream"


class EventStreamOr:
    def __init__(self, runtime: Runtime, runner: ASGIApp, stream: StreamHandler) -> None:
        self._runtime = runtime
        self._runner = runner
        self._stream = stream

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not _wants_event_stream(scope):
            await self._runner(scope, receive, send)
            return
        state: RequestState = scope[STATE_KEY]
        query_string: bytes = scope["query_string"]
        call = ApiRequest(
            self._runtime,
            state.tenant,
            scope["path_params"],
            dict(parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)),
            {},
            state.account,
            query_string,
            credential=_credential(scope),
        )
        await self._stream(call, receive, send)


def _credential(scope: Scope) -> str:
    for name, value in scope["headers"]:
        if name == b"authorization":
            return hashlib.sha256(bytes(value)).hexdigest()
    return ""


def _wants_event_stream(scope: Scope) -> bool:
    return any(
        name == b"accept" and _EVENT_STREAM in bytes(value).lower()
        for name, value in scope["headers"]
    )
