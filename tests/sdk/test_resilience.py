"""Retries, dropped connections, timeouts and the deadline, against real emulator faults."""

import time

import pytest

import dialstack
from dialstack import DialStack, ResponseEvent
from dialstack.emulator import EmulatorHandle


def account_count(client: DialStack) -> int:
    return len(client.accounts.list(limit=100).data)


def test_a_create_retried_after_503s_exists_once_under_one_key(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    dialstack_emulator.add_fault("POST", "/v1/accounts", status=503, retry_after=0, times=2)
    dialstack_client.accounts.create(email="retry@example.com")
    posts = [r for r in dialstack_emulator.requests() if r.method == "POST"]
    assert [r.status for r in posts] == [503, 503, 201]
    assert len({r.headers["idempotency-key"] for r in posts}) == 1
    assert account_count(dialstack_client) == 1


def test_a_create_committed_before_the_connection_dropped_exists_once(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    dialstack_emulator.add_fault("POST", "/v1/accounts", drop_after_commit=True)
    account = dialstack_client.accounts.create(email="once@example.com")
    posts = [r for r in dialstack_emulator.requests() if r.method == "POST"]
    assert len(posts) == 2
    assert posts[0].headers["idempotency-key"] == posts[1].headers["idempotency-key"]
    listed = dialstack_client.accounts.list().data
    assert [a.id for a in listed] == [account.id]


def test_a_dropped_connection_with_no_retries_left_is_a_connection_error(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    dialstack_emulator.add_fault("POST", "/v1/accounts", drop=True)
    with pytest.raises(dialstack.DialStackConnectionError) as raised:
        dialstack_client.accounts.create(email="x@example.com", max_network_retries=0)
    assert not isinstance(raised.value, dialstack.DialStackTimeoutError)
    assert raised.value.status_code is None
    assert account_count(dialstack_client) == 0


def test_a_get_is_retried_after_a_drop(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    account = dialstack_client.accounts.create(email="g@example.com")
    dialstack_emulator.add_fault("GET", f"/v1/accounts/{account.id}", drop=True)
    assert dialstack_client.accounts.retrieve(account.id).id == account.id


def test_retry_after_is_honoured(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    events: list[ResponseEvent] = []
    dialstack_client.on("response", events.append)
    dialstack_emulator.add_fault("GET", "/v1/accounts", status=429, retry_after=1)
    started = time.monotonic()
    dialstack_client.accounts.list()
    assert time.monotonic() - started >= 1.0  # it waited as asked before the retry
    assert [(e.status_code, e.retry_count) for e in events] == [(429, 0), (200, 1)]


def test_a_retry_after_beyond_the_cap_is_raised_at_once(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    dialstack_emulator.add_fault("GET", "/v1/accounts", status=429, retry_after=3600)
    with pytest.raises(dialstack.DialStackRateLimitError) as raised:
        dialstack_client.accounts.list()
    assert raised.value.retry_after == 3600
    assert len(dialstack_emulator.requests()) == 1


def test_client_errors_are_never_retried(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    with pytest.raises(dialstack.DialStackNotFoundError):
        dialstack_client.accounts.retrieve("acct_01h2xcejqtf2nbrexx3vqjhp41")
    assert len(dialstack_emulator.requests()) == 1


def test_server_errors_are_retried_then_raised(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    dialstack_emulator.add_fault("GET", "/v1/accounts", status=500, retry_after=0, times=5)
    with pytest.raises(dialstack.DialStackAPIError) as raised:
        dialstack_client.accounts.list(max_network_retries=3)
    assert raised.value.status_code == 500
    assert len(dialstack_emulator.requests()) == 4


def test_a_timeout_is_raised_within_timeout_times_attempts_plus_backoff(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    dialstack_emulator.add_fault("GET", "/v1/accounts", delay=3.0, times=2)
    started = time.monotonic()
    with pytest.raises(dialstack.DialStackTimeoutError):
        dialstack_client.accounts.list(timeout=0.3, max_network_retries=1)
    # two attempts of 0.3 s and at most 0.5 s of backoff: it never waited for the server
    assert time.monotonic() - started < 3.0
    assert len(dialstack_emulator.requests()) >= 1


def test_the_deadline_bounds_every_attempt_and_wait(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    dialstack_emulator.add_fault("GET", "/v1/accounts", delay=3.0, times=5)
    started = time.monotonic()
    with pytest.raises(dialstack.DialStackTimeoutError):
        dialstack_client.accounts.list(deadline=0.5, max_network_retries=5)
    assert time.monotonic() - started < 3.0


def test_a_deadline_on_the_client_applies_to_every_call(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    bounded = dialstack_client.with_options(deadline=0.5)
    dialstack_emulator.add_fault("GET", "/v1/accounts", delay=3.0)
    with pytest.raises(dialstack.DialStackTimeoutError):
        bounded.accounts.list()


def test_nothing_listening_is_a_connection_error() -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = DialStack("sk_test_nobody", api_url=f"http://127.0.0.1:{port}")
    with client, pytest.raises(dialstack.DialStackConnectionError, match="ConnectError"):
        client.accounts.list(max_network_retries=1)
