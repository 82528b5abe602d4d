"""The in-process transport: the emulator's own app and runtime, without a socket.

What a test sees through it is what it sees over HTTP: the same state, validation, faults
and request log (the whole SDK suite also passes with ``-o dialstack_emulator_transport=
in-process``, except the fork test, which checks the connection pool of a socket client).
"""

import asyncio
import os
import threading
import time
from collections.abc import AsyncIterator, Iterator

import httpx2
import pytest

import dialstack
from dialstack import AsyncDialStack, DialStack
from dialstack.emulator import Emulator, EmulatorHandle
from dialstack.emulator.server.in_process import AsyncEmulatorTransport, EmulatorTransport
from dialstack.testing.webhooks import WebhookReceiver


@pytest.fixture
def in_process(dialstack_emulator: EmulatorHandle) -> Iterator[DialStack]:
    transport = EmulatorTransport(dialstack_emulator.server)
    with httpx2.Client(transport=transport) as http:
        yield DialStack(
            api_key=dialstack_emulator.api_key, api_url=dialstack_emulator.url, http_client=http
        )


@pytest.fixture
async def async_in_process(dialstack_emulator: EmulatorHandle) -> AsyncIterator[AsyncDialStack]:
    transport = AsyncEmulatorTransport(dialstack_emulator.server)
    async with httpx2.AsyncClient(transport=transport) as http:
        yield AsyncDialStack(
            api_key=dialstack_emulator.api_key, api_url=dialstack_emulator.url, http_client=http
        )


def test_the_same_state_and_request_log_as_over_the_socket(
    in_process: DialStack, dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    account = in_process.accounts.create(email="both@example.com")

    over_socket = dialstack_client.accounts.list().data
    logged = [(r.method, r.path, r.status) for r in dialstack_emulator.requests()]

    assert [a.id for a in over_socket] == [account.id]
    assert logged == [("POST", "/v1/accounts", 201), ("GET", "/v1/accounts", 200)]
    assert account.request_id == dialstack_emulator.requests()[0].request_id


def test_validation_errors_name_the_field(in_process: DialStack) -> None:
    with pytest.raises(dialstack.DialStackError) as raised:
        in_process.accounts.create(email="not an email")

    assert raised.value.status_code == 400
    assert raised.value.code == "validation_error"


def test_status_faults_are_retried_through(
    in_process: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    dialstack_emulator.add_fault("POST", "/v1/accounts", status=503, times=2)

    in_process.accounts.create(email="third@example.com")

    assert [r.status for r in dialstack_emulator.requests()] == [503, 503, 201]


def test_a_drop_after_commit_leaves_one_account(
    in_process: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    dialstack_emulator.add_fault("POST", "/v1/accounts", drop_after_commit=True)

    account = in_process.accounts.create(email="once@example.com")

    assert [a.id for a in in_process.accounts.list().data] == [account.id]
    assert [r.status for r in dialstack_emulator.requests()][:2] == [0, 201]


def test_a_drop_is_a_connection_error(
    in_process: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    dialstack_emulator.add_fault("POST", "/v1/accounts", drop=True)

    with pytest.raises(dialstack.DialStackConnectionError) as raised:
        in_process.accounts.create(email="x@example.com", max_network_retries=0)

    assert not isinstance(raised.value, dialstack.DialStackTimeoutError)


def test_a_delay_beyond_the_timeout_times_out(
    in_process: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    dialstack_emulator.add_fault("GET", "/v1/accounts", delay=5)
    started = time.monotonic()

    with pytest.raises(dialstack.DialStackTimeoutError):
        in_process.accounts.list(timeout=0.2, max_network_retries=0)

    assert time.monotonic() - started < 4


def test_a_delay_within_the_timeout_is_answered(
    in_process: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    dialstack_emulator.add_fault("POST", "/v1/accounts", delay=0.05)

    account = in_process.accounts.create(email="late@example.com", max_network_retries=0)

    assert [a.id for a in in_process.accounts.list().data] == [account.id]
    assert [r.status for r in dialstack_emulator.requests()] == [201, 200]


def test_webhook_deliveries_go_out_and_flush(
    in_process: DialStack,
    dialstack_emulator: EmulatorHandle,
    dialstack_webhook_receiver: WebhookReceiver,
) -> None:
    account = in_process.accounts.create(email="hooks@example.com")
    with httpx2.Client(transport=EmulatorTransport(dialstack_emulator.server)) as http:
        triggered = http.post(
            f"{dialstack_emulator.url}/v1/test_helpers/events",
            json={"event": "call.end"},
            headers={
                "Authorization": f"Bearer {dialstack_emulator.api_key}",
                "DialStack-Account": account.id,
            },
        )
        flushed = http.post(
            f"{dialstack_emulator.url}/_emulator/webhook_deliveries/flush",
            json={"api_key": dialstack_emulator.api_key},
        )

    assert triggered.status_code == 201, triggered.text
    assert flushed.status_code == 200, flushed.text
    assert [e.id for e in dialstack_webhook_receiver.events] == [triggered.json()["id"]]
    assert flushed.json()["delivered"] == 1


def test_threads_and_the_socket_share_one_loop_and_store(
    dialstack_emulator: EmulatorHandle, dialstack_client: DialStack
) -> None:
    """Requests from several threads take turns at the emulator's loop (or hand off to its
    thread while it is busy, serving the socket say): none is lost or interleaved."""
    transport = EmulatorTransport(dialstack_emulator.server)
    errors: list[BaseException] = []

    def in_process_calls() -> None:
        with httpx2.Client(transport=transport) as http:
            client = DialStack(
                api_key=dialstack_emulator.api_key, api_url=dialstack_emulator.url, http_client=http
            )
            try:
                for _ in range(15):
                    client.accounts.create(email="thread@example.com")
            except BaseException as exc:
                errors.append(exc)

    threads = [threading.Thread(target=in_process_calls) for _ in range(3)]
    for thread in threads:
        thread.start()
    for _ in range(15):
        dialstack_client.accounts.create(email="socket@example.com")
    for thread in threads:
        thread.join()

    listed = list(dialstack_client.accounts.list(limit=100).auto_paging_iter())
    assert errors == []
    assert len({a.id for a in listed}) == 60
    assert [r.status for r in dialstack_emulator.requests()].count(201) == 60


@pytest.mark.anyio
async def test_a_sync_client_in_a_running_event_loop(in_process: DialStack) -> None:
    """The caller's own running loop is the running loop again after a turn at the
    emulator's."""
    loop = asyncio.get_running_loop()

    account = in_process.accounts.create(email="sync-in-async@example.com")

    assert asyncio.get_running_loop() is loop
    assert asyncio.current_task() is not None
    assert [a.id for a in in_process.accounts.list().data] == [account.id]


def test_control_endpoints_answer_an_in_process_client(
    dialstack_emulator: EmulatorHandle,
) -> None:
    with httpx2.Client(transport=EmulatorTransport(dialstack_emulator.server)) as http:
        answer = http.get(f"{dialstack_emulator.url}/_emulator/health")

    assert answer.json() == {"status": "ok"}


def test_a_loop_in_debug_mode_still_answers() -> None:
    """asyncio's debug mode forbids scheduling from another thread: no turns at the loop
    then, each request is handed to the loop's thread."""
    with Emulator() as emulator:
        emulator.loop.call_soon_threadsafe(emulator.loop.set_debug, True)
        with httpx2.Client(transport=EmulatorTransport(emulator)) as http:
            answers = [http.get(f"{emulator.url}/_emulator/health") for _ in range(3)]

    assert [a.json() for a in answers] == [{"status": "ok"}] * 3


def test_a_stopped_emulator_is_a_connection_error() -> None:
    emulator = Emulator().start()
    transport = EmulatorTransport(emulator)
    emulator.stop()

    with httpx2.Client(transport=transport) as http, pytest.raises(httpx2.ConnectError):
        http.get(f"{emulator.url}/_emulator/health")


def test_a_forked_child_reaches_the_emulator_over_its_socket(
    in_process: DialStack, dialstack_client: DialStack
) -> None:
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        code = 1
        try:
            in_process.accounts.create(email="child@example.com")
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)

    assert status == 0
    assert [a.email for a in dialstack_client.accounts.list().data] == ["child@example.com"]


@pytest.mark.anyio
async def test_the_async_transport_shares_state_and_times_out(
    async_in_process: AsyncDialStack, dialstack_emulator: EmulatorHandle
) -> None:
    account = await async_in_process.accounts.create(email="async@example.com")
    dialstack_emulator.add_fault("GET", "/v1/accounts", delay=5)

    with pytest.raises(dialstack.DialStackTimeoutError):
        await async_in_process.accounts.list(timeout=0.2, max_network_retries=0)
    listed = await async_in_process.accounts.list()

    assert [a.id for a in listed.data] == [account.id]
    assert [r.status for r in dialstack_emulator.requests()] == [201, 0, 200]


@pytest.mark.anyio
async def test_the_async_transport_answers_a_delay_within_the_timeout_and_drops_as_errors(
    async_in_process: AsyncDialStack, dialstack_emulator: EmulatorHandle
) -> None:
    dialstack_emulator.add_fault("POST", "/v1/accounts", delay=0.05)
    late = await async_in_process.accounts.create(email="late@example.com", max_network_retries=0)
    dialstack_emulator.add_fault("POST", "/v1/accounts", drop=True)

    with pytest.raises(dialstack.DialStackConnectionError) as raised:
        await async_in_process.accounts.create(email="x@example.com", max_network_retries=0)

    assert not isinstance(raised.value, dialstack.DialStackTimeoutError)
    listed = await async_in_process.accounts.list()
    assert [a.id for a in listed.data] == [late.id]
    assert [r.status for r in dialstack_emulator.requests()] == [201, 0, 200]
