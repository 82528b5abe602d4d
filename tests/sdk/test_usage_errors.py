"""The usual mistakes end in an error that says what to do."""

from __future__ import annotations

import asyncio
import socket

import httpx2
import pytest

import dialstack
from dialstack import AsyncDialStack, ClientClosedError, DialStack
from dialstack.emulator import EmulatorHandle


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_an_async_pager_given_to_asyncio_run_runs_as_its_first_page(
    dialstack_emulator: EmulatorHandle,
) -> None:
    client = AsyncDialStack(dialstack_emulator.api_key, api_url=dialstack_emulator.url)
    page = asyncio.run(client.accounts.list())
    assert isinstance(page, dialstack.AsyncPage) and page.data == []

    async def both() -> list[dialstack.AsyncPage[dialstack.Account]]:
        pages = await asyncio.gather(client.accounts.list(), client.accounts.list())
        await client.aclose()
        return list(pages)

    assert [p.data for p in asyncio.run(both())] == [[], []]


def test_an_async_pager_used_without_await_says_to_await_it() -> None:
    client = AsyncDialStack("sk_test_x", api_url="http://127.0.0.1:9")
    pager = client.accounts.list()
    with pytest.raises(AttributeError, match=r"await client\.accounts\.list\(\)"):
        pager.data  # type: ignore[attr-defined]  # noqa: B018  # a type error as well
    with pytest.raises(TypeError, match="async for"):
        list(pager)  # type: ignore[call-overload]
    with pytest.raises(AttributeError, match="no attribute 'colour'"):
        pager.colour  # type: ignore[attr-defined]  # noqa: B018


def test_the_wrong_kind_of_http_client_is_refused_by_name() -> None:
    with (
        httpx2.Client() as sync_http,
        pytest.raises(TypeError, match=r"httpx2\.Client goes with DialStack"),
    ):
        AsyncDialStack("sk_test_x", http_client=sync_http)  # type: ignore[arg-type]
    async_http = httpx2.AsyncClient()
    with pytest.raises(TypeError, match="AsyncClient goes with AsyncDialStack"):
        DialStack("sk_test_x", http_client=async_http)  # type: ignore[arg-type]
    asyncio.run(async_http.aclose())


def test_a_closed_client_says_so(dialstack_emulator: EmulatorHandle) -> None:
    client = DialStack(dialstack_emulator.api_key, api_url=dialstack_emulator.url)
    scoped = client.with_options(timeout=5)
    client.accounts.list()
    client.close()
    for closed in (client, scoped):
        with pytest.raises(ClientClosedError, match="was closed") as raised:
            closed.accounts.list()
        assert isinstance(raised.value, RuntimeError)
    client.close()  # closing again is harmless


def test_a_closed_async_client_says_so(dialstack_emulator: EmulatorHandle) -> None:
    async def main() -> None:
        async with AsyncDialStack(dialstack_emulator.api_key, api_url=dialstack_emulator.url) as c:
            await c.accounts.list()
        with pytest.raises(RuntimeError, match="was closed"):
            await c.accounts.list()

    asyncio.run(main())


def test_a_connection_error_names_the_url_it_tried_and_no_key() -> None:
    port = free_port()
    key = "sk_test_connection_error_key_value"
    with (
        DialStack(key, api_url=f"http://127.0.0.1:{port}") as client,
        pytest.raises(dialstack.DialStackConnectionError) as raised,
    ):
        client.accounts.list(max_network_retries=0)
    text = str(raised.value)
    assert f"http://127.0.0.1:{port}" in text and "ConnectError" in text
    assert key not in text and key not in repr(raised.value.__cause__)


def test_a_timeout_names_the_url_it_waited_for(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    dialstack_emulator.add_fault("GET", "/v1/accounts", delay=2.0)
    with pytest.raises(dialstack.DialStackTimeoutError) as raised:
        dialstack_client.accounts.list(timeout=0.2, max_network_retries=0)
    assert dialstack_emulator.url in str(raised.value)


def test_with_options_cannot_move_an_http_client_to_https() -> None:
    client = DialStack("sk_test_x", api_url="http://127.0.0.1:9")
    with pytest.raises(ValueError, match="https"):
        client.with_options(api_url="https://api.dialstack.ai")
    assert client.with_options(api_url="http://localhost:9").api_url == "http://localhost:9"
    client.close()


def test_a_mistyped_value_is_named_in_the_error(dialstack_client: DialStack) -> None:
    with pytest.raises(TypeError) as raised:
        dialstack_client.calls.list(status="no_answer", dialstack_account="acct_x")  # type: ignore[arg-type]
    assert "'status' must be one of 'completed', 'no-answer'" in str(raised.value)
    assert str(raised.value).endswith("got 'no_answer'")
    with pytest.raises(TypeError, match=r"got list$"):
        dialstack_client.calls.list(status=["x"] * 100, dialstack_account="acct_x")  # type: ignore[arg-type]


def test_a_refused_loopback_connection_says_the_emulator_may_not_be_running() -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    client = DialStack("sk_test_x", api_url=f"http://127.0.0.1:{port}", max_network_retries=0)
    with client, pytest.raises(dialstack.DialStackConnectionError, match="`dialstack-emulator`"):
        client.accounts.list()
