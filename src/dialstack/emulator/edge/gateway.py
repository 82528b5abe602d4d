"""``Gateway``, around every ``/v1`` request: it reads the body (``core.request_body``:
bounded), authenticates (``access``), rate-limits, fires fault rules that answer early, and
logs the request with the status it got, and hands it to its operation's ``OperationRunner``
(found in the ``RouteTable``), which does the rest.

It is raw ASGI because a dropped connection is an ASGI conversation no ``Response`` object
can have: the answer must stop half-sent.
"""

import json
import logging
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..core import errors
from ..core.errors import EmulatorError, InternalError
from ..core.faults import FaultRule
from ..core.request_body import body_limit, read_body
from ..core.request_log import LogEntry
from ..core.runtime import Runtime
from .access import Access
from .answers import JSON_CONTENT_TYPE, send_error
from .rate_limit import RateLimiter
from .request_ids import REQUEST_ID_KEY
from .request_state import DROPPED, STATE_KEY, RequestState, delay, drop
from .route_table import RouteTable, WrongMethod

logger = logging.getLogger("dialstack.emulator")

_BODILESS_STATUSES = frozenset({204, 304})  # HTTP forbids a body on these


class Gateway:
    def __init__(
        self, app: ASGIApp, api: RouteTable[ASGIApp], runtime: Runtime, access: Access
    ) -> None:
        """``app`` serves every path outside ``/v1``; ``api`` has each operation's runner."""
        self._app = app
        self._api = api
        self._runtime = runtime
        self._access = access
        rate = runtime.settings.rate_limit
        self._rate_limiter = None if rate is None else RateLimiter(rate)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith("/v1/"):
            await self._app(scope, receive, send)
            return
        answered = [DROPPED]

        async def send_noting_status(message: Message) -> None:
            if message["type"] == "http.response.start":
                answered[0] = message["status"]
            await send(message)

        try:
            content_type = _content_type(scope)
            body = await read_body(receive, body_limit(content_type))
        except EmulatorError as error:
            await send_error(send, error)
            return
        runtime = self._runtime
        # Logged on arrival, so a test sees a request its client gave up on; the status
        # is filled in when the answer goes out.
        entry = LogEntry(
            None,
            scope["method"],
            scope.get("raw_path", path.encode()).decode("latin-1"),
            scope["query_string"].decode("latin-1"),
            scope["headers"],
            body,
            DROPPED,
            scope[REQUEST_ID_KEY],
        )
        state: RequestState | None = None
        dropped_early = False
        try:
            authorization, account, idempotency_key = _api_headers(scope)
            try:
                tenant, account = self._access.authenticate(
                    authorization, scope["method"], path, account
                )
                entry.tenant = tenant
            finally:
                runtime.log.record(entry)
            if self._rate_limiter is not None:
                retry_after = self._rate_limiter.retry_after(tenant)
                if retry_after is not None:
                    raise errors.RateLimited(retry_after)
            fault = runtime.faults.take(tenant, scope["method"], path)
            if fault is not None and fault.answers_early:
                dropped_early = fault.drop
                await _answer_early(fault, send_noting_status)
            else:
                runner = self._runner(scope, path)
                state = RequestState(tenant, body, account, idempotency_key, fault, content_type)
                scope[STATE_KEY] = state
                await runner(scope, receive, send_noting_status)
        except EmulatorError as error:
            await send_error(send_noting_status, error)
        except Exception:
            logger.exception("Unexpected error in the emulator")
            if answered[0] == DROPPED:
                await send_error(send_noting_status, InternalError("Internal error"))
        finally:
            dropped = dropped_early or (state is not None and state.dropped)
            entry.status = DROPPED if dropped else answered[0]

    def _runner(self, scope: Scope, path: str) -> ASGIApp:
        """The operation's runner, with the path's parameters put in ``scope``; for a path no
        operation has, the app (a service's own ``/v1`` route, such as the user's ``/v1/me/``
        ones, or its 404).

        Raises:
            MethodNotAllowed: an operation has this path, but not this method.
        """
        method = scope["method"]
        found = self._api.match(method, path)
        if found is None:
            return self._app
        if isinstance(found, WrongMethod):
            raise errors.MethodNotAllowed(f"{method} is not allowed on {path}", found.allowed)
        scope["path_params"] = found.path_params
        return found.endpoint


async def _answer_early(fault: FaultRule, send: Send) -> None:
    await delay(fault)
    if fault.drop:
        await drop(send, 200)
        return
    status = fault.status or 500
    headers: list[tuple[bytes, bytes]] = []
    if status in _BODILESS_STATUSES:
        payload = b""
    elif isinstance(fault.body, str):
        payload = fault.body.encode()
        headers.append((b"content-type", b"text/plain; charset=utf-8"))
    else:
        body: Any = errors.fault_body(status) if fault.body is None else fault.body
        payload = json.dumps(body).encode()
        headers.append(JSON_CONTENT_TYPE)
    if fault.retry_after is not None:
        headers.append((b"retry-after", str(fault.retry_after).encode()))
    for name, value in (fault.headers or {}).items():
        lowered = name.lower().encode("latin-1")
        headers = [header for header in headers if header[0] != lowered]
        headers.append((lowered, value.encode("latin-1")))
    headers.append((b"content-length", str(len(payload)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


def _content_type(scope: Scope) -> bytes | None:
    for name, value in scope["headers"]:
        if name == b"content-type":
            return bytes(value)
    return None


def _api_headers(scope: Scope) -> tuple[str | None, str | None, str | None]:
    """Authorization, DialStack-Account and Idempotency-Key, in one pass over the headers."""
    authorization = account = idempotency_key = None
    for name, value in scope["headers"]:
        if name == b"authorization":
            authorization = value.decode("latin-1")
        elif name == b"dialstack-account":
            account = value.decode("latin-1")
        elif name == b"idempotency-key":
            # Empty means absent (the SDK sends the header only when a key is given).
            idempotency_key = value.decode("latin-1") or None
    return authorization, account, idempotency_key
