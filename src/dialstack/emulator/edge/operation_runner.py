"""``OperationRunner``: one route's handler behind the description's checks, run with
idempotency, the delay of a fault rule (after the key is claimed, so a concurrent retry sees
it running), one transaction per write, and ``drop_after_commit``.

Handlers are plain functions, so nothing can be awaited between ``BEGIN IMMEDIATE`` and
``COMMIT``; whatever waits (a fault's delay) happens here, outside the transaction.
"""

import dataclasses
import logging
import time
from urllib.parse import parse_qsl

from starlette.types import Receive, Scope, Send

from ..contract.spec import Description, Operation
from ..core import errors
from ..core.api_request import ApiRequest, Handler, Reply, missing_account_header, to_json
from ..core.errors import EmulatorError, UnsupportedMediaType
from ..core.idempotency import StoredAnswer, request_identity
from ..core.request_body import is_multipart, parse_json_object
from ..core.runtime import Runtime
from .answers import INTERNAL_ERROR, error_answer, send_json
from .request_state import STATE_KEY, RequestState, delay, drop

logger = logging.getLogger("dialstack.emulator")

_REPLAYED = (b"idempotent-replayed", b"true")
_WRITE_METHODS = frozenset({"POST", "PUT", "DELETE"})
_METHODS_TAKING_IDEMPOTENCY_KEYS = frozenset({"POST", "PUT"})


def checked(
    description: Description, operation: Operation, handler: Handler, check_responses: bool
) -> Handler:
    """``handler`` behind the description's checks of the request (and, in the test suite,
    of its answer)."""

    def run(call: ApiRequest) -> Reply:
        if operation.account == "required" and call.account_header is None:
            raise missing_account_header()
        if operation.uploads != (call.upload is not None):
            wanted = "multipart/form-data" if operation.uploads else "application/json"
            raise UnsupportedMediaType(f"This endpoint takes a {wanted} body")
        params = description.check_request(
            operation, call.path_params, call.query_string, call.body
        )
        if params:
            call = dataclasses.replace(call, params=params)
        if not check_responses:
            return handler(call)
        try:
            reply = handler(call)
        except EmulatorError as error:
            body = to_json(errors.body_of(error))
            description.check_response(operation, errors.status_of(error), body)
            raise
        description.check_response(operation, *reply)
        return reply

    return run


class OperationRunner:
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
            await drop(send, status)
            return
        await send_json(send, status, body, extra_headers)

    async def _answer(self, scope: Scope, state: RequestState) -> tuple[int, str | None, bool]:
        """The status and body to answer, and whether they replay an idempotent answer."""
        method: str = scope["method"]
        runtime = self._runtime
        key = state.idempotency_key if method in _METHODS_TAKING_IDEMPOTENCY_KEYS else None
        multipart = is_multipart(state.content_type)
        call = ApiRequest(
            runtime,
            state.tenant,
            scope["path_params"],
            dict(parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)),
            {} if multipart else parse_json_object(state.body),
            state.account,
            scope["query_string"],
            client_ip=_client_ip(scope),
            user_agent=_user_agent(scope),
            upload=state.body if multipart else None,
            content_type=state.content_type,
        )
        if key is None:
            await delay(state.fault)
            return (*self._run(call, method in _WRITE_METHODS), False)
        request = request_identity(method, scope["path"], state.account, call.body)
        stored = runtime.idempotency.claim(state.tenant, key, request)
        if stored is not None:
            return stored.status, stored.body, True
        try:
            await delay(state.fault)
            return (*self._run(call, True, key, request), False)
        finally:
            runtime.idempotency.release(state.tenant, key)

    def _run(
        self, call: ApiRequest, writes: bool, key: str | None = None, request: str = ""
    ) -> Reply:
        """Run the handler; an error becomes its answer. A write commits with its key record."""
        db = self._runtime.db
        idempotency = self._runtime.idempotency
        tenant = call.tenant
        try:
            if not writes:
                return self._handler(call)
            with db.transaction():
                status, body = self._handler(call)
                if key is not None:
                    idempotency.store_answer(
                        tenant, key, StoredAnswer(request, status, body or "", time.time())
                    )
            return status, body
        except EmulatorError as error:
            answer = error_answer(error)
            status, body = answer.status, answer.body
            if key is not None and status < 500:
                with db.transaction():
                    idempotency.store_answer(
                        tenant, key, StoredAnswer(request, status, body, time.time())
                    )
            return status, body


def _client_ip(scope: Scope) -> str | None:
    client = scope.get("client")
    return None if client is None else str(client[0])


def _user_agent(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"user-agent":
            return bytes(value).decode("latin-1")
    return None
