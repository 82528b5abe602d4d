"""The retry conversation, stepped by hand: every decision the drivers act on."""

from collections.abc import Callable

import httpx2
import pytest

from dialstack._flow import Attempt, Flow, send_flow
from dialstack._retry import MAX_RETRY_AFTER, RetryPolicy

URL = "https://api.dialstack.test/v1/accounts"


def policy(retries: int = 2) -> RetryPolicy:
    return RetryPolicy(retries, jitter=lambda: 1.0)  # the top of each backoff range


def answer(status: int, request: httpx2.Request, **headers: str) -> httpx2.Response:
    return httpx2.Response(status, headers=headers, request=request)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def start(
    request: httpx2.Request,
    retries: int = 2,
    timeout: float | None = 80.0,
    deadline: float | None = None,
    clock: Callable[[], float] | None = None,
) -> tuple[Flow, Attempt]:
    flow = send_flow(request, policy(retries), timeout, deadline, clock or Clock())
    return flow, next(flow)


def finished(flow: Flow, response: httpx2.Response) -> bool:
    try:
        flow.send(response)
    except StopIteration:
        return True
    return False


def test_a_success_is_final_after_one_attempt() -> None:
    get = httpx2.Request("GET", URL)
    flow, first = start(get)
    assert first == Attempt(get, 0.0, 0, 80.0)
    assert finished(flow, answer(200, get))


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
def test_transient_statuses_are_retried_with_doubling_backoff(status: int) -> None:
    get = httpx2.Request("GET", URL)
    flow, _ = start(get)
    assert flow.send(answer(status, get)) == Attempt(get, 0.5, 1, 80.0)
    assert flow.send(answer(status, get)) == Attempt(get, 1.0, 2, 80.0)
    assert finished(flow, answer(status, get))  # retries spent: the answer is handed back


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422])
def test_other_client_errors_are_never_retried(status: int) -> None:
    get = httpx2.Request("GET", URL)
    flow, _ = start(get)
    assert finished(flow, answer(status, get))


def test_backoff_is_capped_and_fully_jittered() -> None:
    draws = iter([0.0, 0.5, 1.0, 1.0, 1.0, 1.0])
    flow = send_flow(
        httpx2.Request("GET", URL), RetryPolicy(6, jitter=lambda: next(draws)), None, None, Clock()
    )
    request = next(flow).request
    waits = [flow.send(answer(503, request)).wait for _ in range(6)]
    assert waits == [0.0, 0.5, 2.0, 4.0, 5.0, 5.0]


def test_a_post_without_an_idempotency_key_is_never_resent() -> None:
    post = httpx2.Request("POST", URL, content=b"{}")
    flow, _ = start(post)
    assert finished(flow, answer(503, post))
    flow, _ = start(post)
    with pytest.raises(httpx2.ReadError):
        flow.throw(httpx2.ReadError("dropped"))


def test_a_post_with_an_idempotency_key_is_resent_as_the_same_request() -> None:
    post = httpx2.Request("POST", URL, content=b"{}", headers={"Idempotency-Key": "k1"})
    flow, _ = start(post)
    again = flow.throw(httpx2.RemoteProtocolError("dropped after commit"))
    assert again.request is post
    assert again.request.headers["idempotency-key"] == "k1"
    assert again.retries_done == 1


def test_retry_after_is_honoured_in_seconds_and_as_an_http_date() -> None:
    get = httpx2.Request("GET", URL)
    flow, _ = start(get)
    assert flow.send(answer(429, get, **{"Retry-After": "3"})).wait == 3.0
    later = flow.send(answer(503, get, **{"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}))
    assert later.wait == 0.0  # a date in the past: retry now


def test_a_retry_after_longer_than_the_cap_is_handed_back_at_once() -> None:
    get = httpx2.Request("GET", URL)
    flow, _ = start(get)
    assert finished(flow, answer(429, get, **{"Retry-After": str(int(MAX_RETRY_AFTER) + 1)}))


def test_transport_errors_that_cannot_heal_are_not_retried() -> None:
    get = httpx2.Request("GET", URL)
    flow, _ = start(get)
    with pytest.raises(httpx2.UnsupportedProtocol):
        flow.throw(httpx2.UnsupportedProtocol("ftp?"))


def test_timeouts_and_dropped_connections_are_retried() -> None:
    get = httpx2.Request("GET", URL)
    flow, _ = start(get, retries=3)
    assert flow.throw(httpx2.ConnectTimeout("slow")).retries_done == 1
    assert flow.throw(httpx2.ConnectError("refused")).retries_done == 2
    assert flow.throw(httpx2.RemoteProtocolError("dropped")).retries_done == 3
    with pytest.raises(httpx2.ReadTimeout):
        flow.throw(httpx2.ReadTimeout("slow"))


def test_each_attempt_carries_the_timeout() -> None:
    get = httpx2.Request("GET", URL)
    start(get, timeout=7.5)
    assert get.extensions["timeout"] == {"connect": 7.5, "read": 7.5, "write": 7.5, "pool": 7.5}
    start(get, timeout=None)
    assert get.extensions["timeout"]["read"] is None


def test_the_deadline_shrinks_each_attempt_and_stops_retries_it_cannot_cover() -> None:
    clock = Clock()
    get = httpx2.Request("GET", URL)
    flow, _ = start(get, timeout=80.0, deadline=3.0, clock=clock)
    assert get.extensions["timeout"]["read"] == 3.0
    clock.now += 1.0
    retry = flow.send(answer(503, get))  # waits 0.5 s, then has 1.5 s left
    assert retry.wait == 0.5
    assert get.extensions["timeout"]["read"] == pytest.approx(1.5)
    clock.now += 1.4
    assert finished(flow, answer(503, get))  # a 1 s wait would pass the deadline


def test_the_deadline_gives_up_on_a_transport_error_it_cannot_retry_in_time() -> None:
    clock = Clock()
    get = httpx2.Request("GET", URL)
    flow, _ = start(get, deadline=1.0, clock=clock)
    clock.now += 0.9
    with pytest.raises(httpx2.ReadTimeout):
        flow.throw(httpx2.ReadTimeout("slow"))


def test_zero_retries_means_one_attempt() -> None:
    get = httpx2.Request("GET", URL)
    flow, _ = start(get, retries=0)
    assert finished(flow, answer(503, get))
