"""When to send a request again, and how long to wait first. Pure: no I/O, no clock.

Backoff is exponential with full jitter (a uniform draw between zero and the exponential
ceiling), so that many clients failing together do not come back together.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx2

# Each backoff is a uniform draw below a ceiling: 0.5, 1, 2, 4, then 5 s (the Node SDK's curve).
INITIAL_BACKOFF_CEILING = 0.5  # s
MAX_BACKOFF_CEILING = 5.0  # s: the most one backoff draw can be
MAX_RETRY_AFTER = 60.0  # s: a longer wait is the caller's decision, so it is raised at once
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
# No answer, but the request may have been lost or half-read: worth one more try. Errors
# such as UnsupportedProtocol or LocalProtocolError would only fail again.
RETRY_TRANSPORT_ERRORS = (httpx2.TimeoutException, httpx2.NetworkError, httpx2.RemoteProtocolError)
# Methods whose resending cannot do the work twice; any other (a POST) is resent only with
# an Idempotency-Key: "never duplicate a create".
_RESENDABLE_WITHOUT_KEY = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds from a ``Retry-After`` header: delta-seconds or an HTTP date (RFC 9110 10.2.3)."""
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        try:
            seconds = (when - (now or datetime.now(UTC))).total_seconds()
        except OverflowError:  # a date no datetime arithmetic can reach
            return None
    if not math.isfinite(seconds):
        return None
    return max(seconds, 0.0)


class RetryPolicy:
    """How many times one request may be resent, and the waits between."""

    __slots__ = ("jitter", "max_retries")

    def __init__(self, max_retries: int, jitter: Callable[[], float] = random.random) -> None:
        self.max_retries = max_retries
        self.jitter = jitter  # a draw in [0, 1); tests pin it

    def may_resend(self, request: httpx2.Request, retries_done: int) -> bool:
        """Retries remain and sending twice cannot do the work twice."""
        if retries_done >= self.max_retries:
            return False
        return request.method in _RESENDABLE_WITHOUT_KEY or "idempotency-key" in request.headers

    def retries_error(self, error: httpx2.TransportError) -> bool:
        """A transport error that another attempt could get past."""
        return isinstance(error, RETRY_TRANSPORT_ERRORS)

    def retries_status(self, status_code: int) -> bool:
        return status_code in RETRY_STATUSES

    def delay(self, retries_done: int) -> float:
        """The backoff before retry number ``retries_done + 1``."""
        ceiling = min(MAX_BACKOFF_CEILING, INITIAL_BACKOFF_CEILING * 2.0**retries_done)
        return ceiling * self.jitter()
