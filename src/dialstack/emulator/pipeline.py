"""The request path of the API: ``RequestIds`` and ``Gateway`` around everything, ``Endpoint``
per route.

``RequestIds`` (outermost) gives every response its ``X-Request-Id``. ``Gateway``, for
``/v1``, reads the body (``request_body``: bounded), authenticates, rate-limits, fires
fault rules that answer early, and logs the request with the status it got. ``Endpoint`` runs
one handler: idempotency, the delay of a fault rule (after the key is claimed, so a
concurrent retry sees it running), one transaction per write, and ``drop_after_commit``.
They are raw ASGI because a dropped connection is an ASGI conversation no ``Response``
object can have (style.md, "Drop after commit").
"""

import asyncio
import json
import logging
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import access, errors
from .answers import INTERNAL_ERROR, JSON_CONTENT_TYPE, error_answer, send_error, send_json
from .api_request import ApiRequest, Handler
from .errors import EmulatorError, InternalError
from .faults import FaultRule
from .idempotency import request_identity
from .ids import IdFactory
from .request_body import parse_json_object, read_body
from .request_log import LogEntry
from .runtime import Runtime
from .store import StoredAnswer

logger = logging.getLogger("dialstack.emulator")

STATE_KEY = "dialstack.emulator"
REQUEST_ID_KEY = "dialstack.request_id"
_REPLAYED = (b"idempotent-replayed", b"true")
_WRITE_METHODS = frozenset({"POST", "PUT", "DELETE"})
_METHODS_TAKING_IDEMPOTENCY_KEYS = frozenset({"POST", "PUT"})
_BODILESS_STATUSES = frozenset({204, 304})  # HTTP forbids a body on these
DROPPED = 0  # the status logged when the connection was dropped without a complete answer


@dataclass(slots=True)
class RequestState:
    """What ``Gateway`` learned about a ``/v1`` request, for ``Endpoint``."""

    tenant: str
    body: bytes
    account: str | None
    idempotency_key: str | None
    fault: FaultRule | None
    dropped: bool = False


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


class Gateway:
    def __init__(self, app: ASGIApp, runtime: Runtime) -> None:
        self._app = app
        self._runtime = runtime

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
            body = await read_body(receive)
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
                tenant, account = access.authenticate(
                    runtime, authorization, scope["method"], path, account
                )
                entry.tenant = tenant
            finally:
                runtime.log.record(entry)
            if runtime.rate_limiter is not None:
                retry_after = runtime.rate_limiter.retry_after(tenant)
                if retry_after is not None:
                    raise errors.RateLimited(retry_after)
            fault = runtime.faults.take(tenant, scope["method"], path)
            if fault is not None and fault.answers_early:
                dropped_early = fault.drop
                await _answer_early(fault, send_noting_status)
            else:
                state = RequestState(tenant, body, account, idempotency_key, fault)
                scope[STATE_KEY] = state
                await self._app(scope, receive, send_noting_status)
        except EmulatorError as error:
            await send_error(send_noting_status, error)
        except Exception:
            logger.exception("Unexpected error in the emulator")
            if answered[0] == DROPPED:
                await send_error(send_noting_status, InternalError("Internal error"))
        finally:
            dropped = dropped_early or (state is not None and state.dropped)
            entry.status = DROPPED if dropped else answered[0]


class Endpoint:
    """One route's handler, run with idempotency, fault delay and one transaction per write."""

    def __init__(self, runtime: Runtime, handler: Handler) -> None:
        self._runtime = runtime
        self._handler = handler

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        state: RequestState = scope[STATE_KEY]
        extra_headers: tuple[tuple[bytes, bytes], ...] = ()
        try:
            status, body, replayed = await self._answer(scope, state)
            if replayed:
                extra_headers = (_REPLAYED,)
        except EmulatorError as error:
            answer = error_answer(error)
            status, body, extra_headers = answer.status, answer.body, answer.headers
        except Exception:
            logger.exception("Unexpected error in the emulator")
            status, body = INTERNAL_ERROR.status, INTERNAL_ERROR.body
        if state.fault is not None and state.fault.drop_after_commit:
            state.dropped = True
            await _drop(send, status)
            return
        await send_json(send, status, body, extra_headers)

    async def _answer(self, scope: Scope, state: RequestState) -> tuple[int, str | None, bool]:
        """The status and body to answer, and whether they replay an idempotent answer."""
        method: str = scope["method"]
        runtime = self._runtime
        key = state.idempotency_key if method in _METHODS_TAKING_IDEMPOTENCY_KEYS else None
        call = ApiRequest(
            runtime,
            state.tenant,
            scope["path_params"],
            dict(parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)),
            parse_json_object(state.body),
            state.account,
            scope["query_string"],
        )
        if key is None:
            await _delay(state.fault)
            return (*await self._run(call, method in _WRITE_METHODS), False)
        request = request_identity(method, scope["path"], state.account, call.body)
        stored = runtime.idempotency.claim(runtime.store, state.tenant, key, request)
        if stored is not None:
            return stored.status, stored.body, True
        try:
            await _delay(state.fault)
            return (*await self._run(call, True, key, request), False)
        finally:
            runtime.idempotency.release(state.tenant, key)

    async def _run(
        self, call: ApiRequest, writes: bool, key: str | None = None, request: str = ""
    ) -> tuple[int, str | None]:
        """Run the handler; an error becomes its answer. A write commits with its key record."""
        store = self._runtime.store
        tenant = call.tenant
        try:
            if not writes:
                return await self._handler(call)
            with store.transaction():
                status, body = await self._handler(call)
                if key is not None:
                    store.store_answer(
                        tenant, key, StoredAnswer(request, status, body or "", time.time())
                    )
            return status, body
        except EmulatorError as error:
            answer = error_answer(error)
            status, body = answer.status, answer.body
            if key is not None and status < 500:
                with store.transaction():
                    store.store_answer(
                        tenant, key, StoredAnswer(request, status, body, time.time())
                    )
            return status, body


async def _delay(fault: FaultRule | None) -> None:
    if fault is not None and fault.delay:
        await asyncio.sleep(fault.delay)


async def _answer_early(fault: FaultRule, send: Send) -> None:
    await _delay(fault)
    if fault.drop:
        await _drop(send, 200)
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


async def _drop(send: Send, status: int) -> None:
    """Promise a body, then close without it: the client sees the connection cut mid-answer
    (uvicorn closes a connection whose app returned early, h11_impl ``run_asgi``)."""
    headers = [JSON_CONTENT_TYPE, (b"content-length", b"1024")]
    await send({"type": "http.response.start", "status": status, "headers": headers})


def _api_headers(scope: Scope) -> tuple[str | None, str | None, str | None]:
    """Authorization, DialStack-Account and Idempotency-Key, in one pass over the headers."""
    authorization = account = idempotency_key = None
    for name, value in scope["headers"]:
        if name == b"authorization":
            authorization = value.decode("latin-1")
        elif name == b"dialstack-account":
            account = value.decode("latin-1")
        elif name == b"idempotency-key":
            # Empty means absent (contract: the header is sent only when a key is given).
            idempotency_key = value.decode("latin-1") or None
    return authorization, account, idempotency_key
