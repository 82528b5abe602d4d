"""The request/retry conversation as a generator: every decision, no I/O.

A driver (``_drivers.py``) sends what the flow yields and feeds back what happened, so the
sync and async clients share one retry pipeline, as httpx's ``Auth.auth_flow`` does.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import NamedTuple

import httpx2

from ._retry import MAX_RETRY_AFTER, RetryPolicy, parse_retry_after


class Attempt(NamedTuple):
    """Sleep ``wait`` seconds, then send ``request``; ``retries_done`` is 0 on the first send.

    ``budget`` is the wall-clock seconds this attempt may take, from sending to the last byte
    of the answer (None: unbounded): the driver enforces it whatever the server trickles.
    """

    request: httpx2.Request
    wait: float
    retries_done: int
    budget: float | None = None


Flow = Generator[Attempt, httpx2.Response, None]


def send_flow(
    request: httpx2.Request,
    policy: RetryPolicy,
    timeout: float | None,
    deadline: float | None,
    clock: Callable[[], float],
) -> Flow:
    """Yield attempts until one answer is final; a transport error it gives up on is re-raised.

    ``timeout`` bounds each attempt; ``deadline`` (seconds from now) bounds every attempt and
    wait together: no retry starts that the deadline could not cover, and each attempt's
    timeout shrinks to what is left.
    """
    give_up_at = None if deadline is None else clock() + deadline
    wait, retries_done = 0.0, 0
    while True:
        budget = _limit_attempt(
            request, timeout, None if give_up_at is None else give_up_at - clock() - wait
        )
        try:
            response = yield Attempt(request, wait, retries_done, budget)
        except httpx2.TransportError as error:
            if not (policy.retries_error(error) and policy.may_resend(request, retries_done)):
                raise
            wait = policy.delay(retries_done)
            if give_up_at is not None and clock() + wait >= give_up_at:
                raise
        else:
            if not (
                policy.retries_status(response.status_code)
                and policy.may_resend(request, retries_done)
            ):
                return
            asked = parse_retry_after(response.headers.get("retry-after"))
            if asked is not None and asked > MAX_RETRY_AFTER:
                return  # raised with retry_after, for the caller to schedule
            wait = policy.delay(retries_done) if asked is None else asked
            if give_up_at is not None and clock() + wait >= give_up_at:
                return
        retries_done += 1


def _limit_attempt(
    request: httpx2.Request, timeout: float | None, left: float | None
) -> float | None:
    """Give this attempt the smaller of the per-attempt timeout and what the deadline leaves.

    httpx2 applies it to each read and write; the returned budget bounds them all together.
    """
    if left is not None:
        timeout = max(left, 0.0) if timeout is None else min(timeout, max(left, 0.0))
    request.extensions["timeout"] = {
        "connect": timeout,
        "read": timeout,
        "write": timeout,
        "pool": timeout,
    }
    return timeout
