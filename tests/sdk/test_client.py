"""Constructing and configuring clients; secrets; events, logging and telemetry."""

import json
import logging
import os
import subprocess
import sys
import threading
from typing import Any

import httpx2
import pytest

import dialstack
from dialstack import AsyncDialStack, DialStack, RequestEvent, ResponseEvent
from dialstack.emulator import EmulatorHandle


def test_the_key_and_url_come_from_the_environment(
    dialstack_emulator: EmulatorHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIALSTACK_API_KEY", dialstack_emulator.api_key)
    monkeypatch.setenv("DIALSTACK_API_URL", dialstack_emulator.url)
    with DialStack() as client:
        assert client.api_url == dialstack_emulator.url
        assert client.accounts.list().data == []


def test_no_key_at_all_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DIALSTACK_API_KEY", raising=False)
    with pytest.raises(dialstack.DialStackAuthenticationError, match="DIALSTACK_API_KEY"):
        DialStack()
    with pytest.raises(dialstack.DialStackAuthenticationError, match="DIALSTACK_API_KEY"):
        AsyncDialStack()


@pytest.mark.parametrize(
    "url",
    ["http://api.dialstack.ai", "http://10.0.0.8:8080", "ftp://127.0.0.1", "api.dialstack.ai",
     "https://api.dialstack.ai?x=1"],
)  # fmt: skip
def test_unsafe_or_malformed_api_urls_are_refused(url: str) -> None:
    with pytest.raises(ValueError, match="api_url"):
        DialStack("sk_test_x", api_url=url)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8000", "http://localhost:1", "http://[::1]:9", "https://example.test"]
)
def test_https_and_loopback_http_are_accepted(url: str) -> None:
    assert DialStack("sk_test_x", api_url=url).api_url == url


@pytest.mark.parametrize(
    ("option", "value"),
    [("timeout", 0), ("timeout", -1.0), ("deadline", "5"), ("max_network_retries", -1),
     ("max_network_retries", 1.5), ("app_info", {"version": "1"}), ("api_key", " sk_test_x")],
)  # fmt: skip
def test_bad_client_options_are_refused_by_name(option: str, value: Any) -> None:
    with pytest.raises(ValueError, match=option):
        DialStack("sk_test_x").with_options(**{option: value})


def test_with_options_shares_connections_and_listeners(dialstack_client: DialStack) -> None:
    seen: list[str] = []
    dialstack_client.on("request", lambda event: seen.append(event.path))
    account = dialstack_client.accounts.create(email="w@example.com")
    scoped = dialstack_client.with_options(dialstack_account=account.id, timeout=5)
    scoped.users.list()
    assert seen == ["/v1/accounts", "/v1/users"]
    assert scoped._shared.pool is dialstack_client._shared.pool  # pyright: ignore[reportPrivateUsage]
    assert dialstack_client.dialstack_account is None
    with pytest.raises(TypeError, match="unexpected client option"):
        dialstack_client.with_options(colour="blue")  # type: ignore[call-arg]


def test_app_info_and_version_in_the_user_agent(dialstack_emulator: EmulatorHandle) -> None:
    app: dialstack.AppInfo = {"name": "MyApp", "version": "1.0.0", "url": "https://myapp.example"}
    with DialStack(
        dialstack_emulator.api_key, api_url=dialstack_emulator.url, app_info=app
    ) as client:
        client.accounts.list()
    [logged] = dialstack_emulator.requests()
    assert logged.headers["user-agent"] == (
        f"dialstack-python/{dialstack.__version__} MyApp/1.0.0 (https://myapp.example)"
    )


def test_telemetry_sends_the_previous_request_id_and_duration_only(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    dialstack_client.accounts.list()
    dialstack_client.accounts.list()
    first, second = dialstack_emulator.requests()
    assert "x-dialstack-client-telemetry" not in first.headers
    metrics = json.loads(second.headers["x-dialstack-client-telemetry"])
    assert set(metrics) == {"last_request_metrics"}
    assert metrics["last_request_metrics"]["request_id"] == first.request_id
    assert set(metrics["last_request_metrics"]) == {"request_id", "request_duration_ms"}


def test_telemetry_off_sends_nothing(dialstack_emulator: EmulatorHandle) -> None:
    with DialStack(
        dialstack_emulator.api_key, api_url=dialstack_emulator.url, telemetry=False
    ) as client:
        client.accounts.list()
        client.accounts.list()
    assert all(
        "x-dialstack-client-telemetry" not in r.headers for r in dialstack_emulator.requests()
    )


def test_events_describe_each_attempt(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    requests: list[RequestEvent] = []
    responses: list[ResponseEvent] = []
    dialstack_client.on("request", requests.append)
    dialstack_client.on("response", responses.append)
    account = dialstack_client.accounts.create(email="e@example.com")
    dialstack_emulator.add_fault("GET", "/v1/users", status=503, retry_after=0)
    dialstack_client.users.list(dialstack_account=account.id)

    create, first, retry = requests
    assert (create.method, create.path, create.retry_count) == ("POST", "/v1/accounts", 0)
    assert create.idempotency_key is not None and create.dialstack_account is None
    assert (first.dialstack_account, first.retry_count, retry.retry_count) == (account.id, 0, 1)
    assert [(r.status_code, r.retry_count) for r in responses] == [(201, 0), (503, 0), (200, 1)]
    assert all(r.request_id and r.elapsed > 0 for r in responses)
    assert responses[0].request_id == account.request_id

    dialstack_client.off("request", requests.append)
    dialstack_client.accounts.list()
    assert len(requests) == 3


def test_a_failing_listener_does_not_break_the_request(
    dialstack_client: DialStack, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(event: ResponseEvent) -> None:
        raise RuntimeError("listener bug")

    dialstack_client.on("response", broken)
    with caplog.at_level(logging.ERROR, logger="dialstack"):
        assert dialstack_client.accounts.list().data == []
    assert "listener bug" in caplog.text


def test_debug_logging_shows_the_exchange(
    dialstack_client: DialStack, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, logger="dialstack"):
        page = dialstack_client.accounts.list()
    assert f"GET /v1/accounts -> 200 request_id={page.request_id} attempt 1" in caplog.text


def test_the_key_appears_in_no_repr_log_event_or_error(
    dialstack_client: DialStack,
    dialstack_emulator: EmulatorHandle,
    caplog: pytest.LogCaptureFixture,
) -> None:
    key = dialstack_emulator.api_key
    seen: list[object] = []
    dialstack_client.on("request", seen.append)
    dialstack_client.on("response", seen.append)
    errors: list[Exception] = []
    with caplog.at_level(logging.DEBUG):
        account = dialstack_client.accounts.create(email="k@example.com")
        for call in (
            lambda: dialstack_client.accounts.retrieve("acct_01h2xcejqtf2nbrexx3vqjhp41"),
            lambda: dialstack_client.accounts.list(timeout=0.2, max_network_retries=0),
        ):
            dialstack_emulator.add_fault("GET", "/v1/accounts", delay=1.0)
            try:
                call()
            except dialstack.DialStackError as error:
                errors.append(error)
    assert len(errors) == 2
    texts = [
        repr(dialstack_client),
        str(dialstack_client._config),  # pyright: ignore[reportPrivateUsage]
        repr(account),
        caplog.text,
        json.dumps([repr(e) for e in seen]),
        *(repr(e) + str(e) + repr(e.__cause__) + repr(vars(e)) for e in errors),
        json.dumps([vars(r) for r in dialstack_emulator.requests()], default=str),
    ]
    assert all(key not in text for text in texts)
    assert key[-4:] in repr(dialstack_client)  # redacted, yet recognisable


def test_threads_share_one_client(dialstack_client: DialStack) -> None:
    account = dialstack_client.accounts.create(email="t@example.com")
    scoped = dialstack_client.with_options(dialstack_account=account.id)

    def work(n: int) -> None:
        for i in range(5):
            scoped.users.create(name=f"thread {n} user {i}")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(scoped.users.list(limit=100).data) == 40


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork() is POSIX-only")
def test_a_forked_child_never_uses_the_parents_connections(dialstack_client: DialStack) -> None:
    dialstack_client.accounts.list()
    parent_http = dialstack_client._shared.pool.get()  # pyright: ignore[reportPrivateUsage]
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report, never return into pytest
        ok = False
        try:
            dialstack_client.accounts.create(email="child@example.com")
            pool = dialstack_client._shared.pool  # pyright: ignore[reportPrivateUsage]
            ok = pool.get() is not parent_http
        finally:
            os.write(write, b"1" if ok else b"0")
            os._exit(0)
    os.close(write)
    _, status = os.waitpid(pid, 0)
    assert os.read(read, 1) == b"1" and status == 0
    assert [a.email for a in dialstack_client.accounts.list().data] == ["child@example.com"]


def test_importing_the_sdk_loads_no_emulator_code() -> None:
    code = (
        "import sys, dialstack; "
        "bad = [m for m in sys.modules if m.startswith(('dialstack.emulator', 'starlette', "
        "'uvicorn'))]; print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_sync_and_async_resources_have_the_same_signatures() -> None:
    import inspect

    from dialstack.resources import account_sessions, accounts, users

    pairs = [
        (accounts.Accounts, accounts.AsyncAccounts),
        (users.Users, users.AsyncUsers),
        (account_sessions.AccountSessions, account_sessions.AsyncAccountSessions),
    ]
    for sync_cls, async_cls in pairs:
        names = {n for n in vars(sync_cls) if not n.startswith("_")}
        assert names == {n for n in vars(async_cls) if not n.startswith("_")}
        for name in names:
            sync_sig = inspect.signature(getattr(sync_cls, name))
            async_sig = inspect.signature(getattr(async_cls, name))
            assert sync_sig.parameters == async_sig.parameters, (sync_cls, name)


def test_a_supplied_http_client_keeps_its_defaults_and_stays_open(
    dialstack_emulator: EmulatorHandle,
) -> None:
    http = httpx2.Client(headers={"X-Proxy-Tag": "team-a"})
    with DialStack(
        dialstack_emulator.api_key, api_url=dialstack_emulator.url, http_client=http
    ) as client:
        client.accounts.create(email="own@example.com")
    assert not http.is_closed  # the caller owns it
    [logged] = dialstack_emulator.requests()
    assert logged.headers["x-proxy-tag"] == "team-a"
    assert logged.headers["user-agent"].startswith("dialstack-python/")
    http.close()


@pytest.mark.anyio
async def test_a_supplied_async_http_client_keeps_its_defaults_and_stays_open(
    dialstack_emulator: EmulatorHandle,
) -> None:
    async with httpx2.AsyncClient(headers={"X-Proxy-Tag": "team-b"}) as http:
        async with AsyncDialStack(
            dialstack_emulator.api_key, api_url=dialstack_emulator.url, http_client=http
        ) as client:
            await client.accounts.list()
        assert not http.is_closed
    [logged] = dialstack_emulator.requests()
    assert logged.headers["x-proxy-tag"] == "team-b"
