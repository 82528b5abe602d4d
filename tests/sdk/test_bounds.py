"""Whatever a server trickles or floods, a call ends on time and within max_response_size,
sync and async, against real hostile servers on 127.0.0.1."""

from __future__ import annotations

import gzip
import json
import time
import tracemalloc
from collections.abc import Callable, Generator
from contextlib import contextmanager
from typing import Any

import httpx2
import pytest

import dialstack
from dialstack import AsyncDialStack, DialStack
from dialstack.emulator import EmulatorHandle

from .hostile import REQUEST_ID, Script, answer, endless, head, serving, trickle

ACCOUNT = b'{"id":"acct_1","object":"account","email":"a@example.com"}'
MiB = 1024 * 1024
# Bounds under test: short, so that a test takes about a second. The servers trickle for
# ten seconds or more, so a bound that does not hold fails the elapsed-time assertion.
TIMEOUT, DEADLINE, SLACK = 0.5, 1.2, 1.0


def sync_call(url: str, **options: float | int) -> Callable[[], object]:
    def call() -> object:
        with DialStack("sk_test_bounds", api_url=url, **options) as client:  # type: ignore[arg-type]
            return client.accounts.retrieve("acct_1")

    return call


def async_call(url: str, **options: float | int) -> Callable[[], object]:
    import anyio

    async def call() -> object:
        async with AsyncDialStack("sk_test_bounds", api_url=url, **options) as client:  # type: ignore[arg-type]
            return await client.accounts.retrieve("acct_1")

    return lambda: anyio.run(call)


def async_call_own_http(url: str, **options: float | int) -> Callable[[], object]:
    """With the caller's own httpx2.AsyncClient: bounded by cancelling the attempt."""
    import anyio
    import httpx2

    async def call() -> object:
        async with (
            httpx2.AsyncClient() as http,
            AsyncDialStack("sk_test_bounds", api_url=url, http_client=http, **options) as client,  # type: ignore[arg-type]
        ):
            return await client.accounts.retrieve("acct_1")

    return lambda: anyio.run(call)


CLIENTS = [
    pytest.param(sync_call, id="sync"),
    pytest.param(async_call, id="async"),
    pytest.param(async_call_own_http, id="async-own-http"),
]
Maker = Callable[..., Callable[[], object]]

TRICKLES: dict[str, Script] = {
    "headers": trickle(b"X-Slow: " + b"a" * 1000 + b"\r\n", 0.05, before=b"HTTP/1.1 200 OK\r\n"),
    "body": trickle(ACCOUNT * 100, 0.05, before=head(200, f"Content-Length: {len(ACCOUNT) * 100}")),
    "chunked body": trickle(
        b"1\r\n{\r\n" * 1000, 0.05, before=head(200, "Transfer-Encoding: chunked")
    ),
    "status line": trickle(b"HTTP/1.1 200 OK\r\n", 1.0),
}


@pytest.mark.parametrize("make", CLIENTS)
@pytest.mark.parametrize("what", list(TRICKLES))
def test_a_trickling_server_cannot_hold_a_call_past_its_deadline(make: Maker, what: str) -> None:
    with serving(TRICKLES[what]) as server:
        started = time.monotonic()
        with pytest.raises(dialstack.DialStackTimeoutError, match="did not answer in time"):
            make(server.url, timeout=TIMEOUT, deadline=DEADLINE, max_network_retries=5)()
        elapsed = time.monotonic() - started
    assert elapsed < DEADLINE + SLACK
    assert server.requests >= 2  # the timeout bounded each attempt; the deadline all of them


@pytest.mark.parametrize("make", CLIENTS)
def test_the_timeout_bounds_a_whole_attempt_without_a_deadline(make: Maker) -> None:
    with serving(TRICKLES["body"]) as server:
        started = time.monotonic()
        with pytest.raises(dialstack.DialStackTimeoutError):
            make(server.url, timeout=TIMEOUT, max_network_retries=0)()
        assert time.monotonic() - started < TIMEOUT + SLACK


@contextmanager
def peak_memory() -> Generator[list[int]]:
    """The peak of Python allocations while the block runs, in bytes (the list's one item)."""
    tracemalloc.start()
    found: list[int] = []
    try:
        yield found
    finally:
        found.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()


GZIP_BOMB = gzip.compress(b"\0" * (256 * MiB), compresslevel=9)  # ~250 KB on the wire

FLOODS: dict[str, Script] = {
    "declared gigabyte": endless(head(200, f"Content-Length: {1024 * MiB}"), b"\0" * 65536),
    "undeclared endless": endless(head(200, "Connection: close"), b"\0" * 65536),
    "endless chunks": endless(
        head(200, "Transfer-Encoding: chunked"), b"10000\r\n" + b"\0" * 65536 + b"\r\n"
    ),
    "gzip bomb": answer(200, GZIP_BOMB, "Content-Encoding: gzip"),
    "gzip bomb as an error": answer(500, GZIP_BOMB, "Content-Encoding: gzip"),
}


@pytest.mark.parametrize("make", CLIENTS)
@pytest.mark.parametrize("what", list(FLOODS))
def test_an_answer_over_max_response_size_is_a_typed_error_read_no_further(
    make: Maker, what: str
) -> None:
    with (
        serving(FLOODS[what]) as server,
        peak_memory() as peak,
        pytest.raises(dialstack.DialStackAPIError) as raised,
    ):
        make(server.url, max_response_size=MiB, max_network_retries=0)()
    error = raised.value
    assert error.code == "response_too_large"
    assert "max_response_size" in str(error)
    assert error.status_code in {200, 500}
    assert error.request_id == REQUEST_ID
    # The cap, one decoded chunk (1 MiB) and one read: never the gigabytes on offer.
    assert peak[0] < 6 * MiB


@pytest.fixture
def account_json(dialstack_emulator: EmulatorHandle) -> dict[str, Any]:
    """An account as the API answers it (every field), from the emulator."""
    answer = httpx2.post(
        f"{dialstack_emulator.url}/v1/accounts",
        json={"email": "big@example.com"},
        headers={"Authorization": f"Bearer {dialstack_emulator.api_key}"},
    )
    assert answer.status_code == 201
    found: dict[str, Any] = answer.json()
    return found


@pytest.mark.parametrize("make", CLIENTS)
def test_an_answer_within_max_response_size_is_read_compressed_or_not(
    make: Maker, account_json: dict[str, Any]
) -> None:
    big = json.dumps({**account_json, "email": "a" * (2 * MiB) + "@x.com"}).encode()
    for script in (answer(200, big), answer(200, gzip.compress(big), "Content-Encoding: gzip")):
        with serving(script) as server:
            account = make(server.url, max_response_size=3 * MiB)()
        assert isinstance(account, dialstack.Account) and len(account.email or "") > 2 * MiB


def test_max_response_size_is_checked_and_with_options_can_raise_it(
    account_json: dict[str, Any],
) -> None:
    with pytest.raises(ValueError, match="max_response_size"):
        DialStack("sk_test_x", max_response_size=0)
    with pytest.raises(ValueError, match="max_response_size"):
        DialStack("sk_test_x").with_options(max_response_size=True)
    with serving(answer(200, json.dumps(account_json).encode() + b" " * MiB)) as server:
        small = DialStack("sk_test_x", api_url=server.url, max_response_size=MiB)
        with small, pytest.raises(dialstack.DialStackAPIError, match="max_response_size"):
            small.accounts.retrieve("acct_1")
        with DialStack("sk_test_x", api_url=server.url, max_response_size=MiB) as client:
            larger = client.with_options(max_response_size=2 * MiB)
            assert larger.accounts.retrieve("acct_1").id == account_json["id"]
