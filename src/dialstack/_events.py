"""Request and response events for listeners, the ``dialstack`` log, and telemetry.

One ``AttemptReporter`` observes one call's attempts (``_drivers.Observer``). Listeners get
snake_case versions of the Node SDK's events; nothing here ever holds the API key.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from typing import Literal, NamedTuple, TypeVar

import httpx2

from ._flow import Attempt

logger = logging.getLogger("dialstack")

EventName = Literal["request", "response"]


class RequestEvent(NamedTuple):
    """Sent before each attempt of a call goes out."""

    method: str
    path: str
    dialstack_account: str | None
    idempotency_key: str | None
    request_start_time: float
    """Unix time in seconds."""
    retry_count: int
    """0 for the first attempt, then 1, 2, ..."""


class ResponseEvent(NamedTuple):
    """Sent after each attempt that got an answer (any status)."""

    method: str
    path: str
    status_code: int
    request_id: str | None
    dialstack_account: str | None
    elapsed: float
    """Milliseconds from sending to the whole answer read."""
    retry_count: int


E = TypeVar("E", RequestEvent, ResponseEvent)
RequestListener = Callable[[RequestEvent], object]
ResponseListener = Callable[[ResponseEvent], object]


class Listeners:
    """The listeners of a client and of every client ``with_options`` derived from it."""

    __slots__ = ("request", "response")

    def __init__(self) -> None:
        # Tuples, replaced whole on change: a call in flight iterates a stable snapshot.
        self.request: tuple[RequestListener, ...] = ()
        self.response: tuple[ResponseListener, ...] = ()


class Telemetry:
    """The previous answer's request id and duration, to send with the next request."""

    __slots__ = ("_last",)
    HEADER = "X-DialStack-Client-Telemetry"

    def __init__(self) -> None:
        self._last: tuple[str, float] | None = None

    def record(self, request_id: str, elapsed: float) -> None:
        self._last = (request_id, elapsed)

    def take_header(self) -> str | None:
        last, self._last = self._last, None
        if last is None:
            return None
        request_id, elapsed = last
        # Formatted, not json.dumps of a dict: this runs on every request.
        return (
            f'{{"last_request_metrics":{{"request_id":{json.dumps(request_id)},'
            f'"request_duration_ms":{round(elapsed * 1000)}}}}}'
        )


class AttemptReporter:
    """Tells listeners, the log and telemetry about each attempt of one call."""

    __slots__ = ("_account", "_listeners", "_telemetry")

    def __init__(
        self, listeners: Listeners, telemetry: Telemetry | None, account: str | None
    ) -> None:
        self._listeners = listeners
        self._telemetry = telemetry
        self._account = account

    def sending(self, attempt: Attempt) -> None:
        request = attempt.request
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "%s %s attempt %d", request.method, request.url.path, attempt.retries_done + 1
            )
        if self._listeners.request:
            event = RequestEvent(
                method=request.method,
                path=request.url.path,
                dialstack_account=self._account,
                idempotency_key=request.headers.get("idempotency-key"),
                request_start_time=time.time(),
                retry_count=attempt.retries_done,
            )
            _notify(self._listeners.request, event)

    def answered(self, attempt: Attempt, response: httpx2.Response, elapsed: float) -> None:
        request_id = response.headers.get("x-request-id")
        if self._telemetry is not None and request_id is not None:
            self._telemetry.record(request_id, elapsed)
        if logger.isEnabledFor(logging.INFO):
            logger.info(
                "%s %s -> %d request_id=%s attempt %d in %.1f ms",
                attempt.request.method,
                attempt.request.url.path,
                response.status_code,
                request_id,
                attempt.retries_done + 1,
                elapsed * 1000,
            )
        if self._listeners.response:
            event = ResponseEvent(
                method=attempt.request.method,
                path=attempt.request.url.path,
                status_code=response.status_code,
                request_id=request_id,
                dialstack_account=self._account,
                elapsed=elapsed * 1000,
                retry_count=attempt.retries_done,
            )
            _notify(self._listeners.response, event)

    def failed(self, attempt: Attempt, error: httpx2.TransportError, elapsed: float) -> None:
        if logger.isEnabledFor(logging.INFO):
            logger.info(
                "%s %s failed: %s, attempt %d after %.1f ms",
                attempt.request.method,
                attempt.request.url.path,
                type(error).__name__,
                attempt.retries_done + 1,
                elapsed * 1000,
            )


def _notify(listeners: tuple[Callable[[E], object], ...], event: E) -> None:
    for listener in listeners:
        try:
            listener(event)
        except Exception:
            # A broken listener must not break the request it observes.
            logger.exception("dialstack %s listener %r raised", type(event).__name__, listener)
