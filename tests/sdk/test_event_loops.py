"""The async client in any event loop it is used from, with no socket left behind; and its
TLS context built only for https, never on the event loop."""

from __future__ import annotations

import asyncio
import gc
import ssl
import threading

import pytest

import dialstack
from dialstack import AsyncDialStack
from dialstack.emulator import EmulatorHandle


def established_connections_to(port: int) -> int:
    """Client-side TCP connections to ``port`` that are open (ESTABLISHED), from /proc."""
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as lines:
            next(lines)
            for line in lines:
                fields = line.split()
                remote_port = int(fields[2].rsplit(":", 1)[1], 16)
                if remote_port == port and fields[3] == "01":
                    count += 1
    return count


def port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="reads /proc (Linux)")
def test_a_module_level_async_client_survives_each_asyncio_run(
    dialstack_emulator: EmulatorHandle,
) -> None:
    client = AsyncDialStack(dialstack_emulator.api_key, api_url=dialstack_emulator.url)
    port = port_of(dialstack_emulator.url)
    before = established_connections_to(port)

    async def create_then_list(n: int) -> int:
        await client.accounts.create(email=f"run{n}@example.com")
        return len((await client.accounts.list()).data)

    assert [asyncio.run(create_then_list(n)) for n in range(3)] == [1, 2, 3]
    # Each loop's connections were closed as that loop ended: none is left open.
    assert established_connections_to(port) == before
    asyncio.run(client.aclose())
    gc.collect()  # an unclosed socket or transport would warn here (warnings are errors)
    assert established_connections_to(port) == before


def test_two_loops_in_two_threads_share_one_client(dialstack_emulator: EmulatorHandle) -> None:
    client = AsyncDialStack(dialstack_emulator.api_key, api_url=dialstack_emulator.url)
    failures: list[BaseException] = []

    async def work(n: int) -> None:
        for i in range(5):
            await client.accounts.create(email=f"t{n}-{i}@example.com")

    def run(n: int) -> None:
        try:
            asyncio.run(work(n))
        except BaseException as error:  # reported to the test below
            failures.append(error)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []

    async def count_and_close() -> int:
        page = await client.accounts.list(limit=100)
        await client.aclose()
        return len(page.data)

    assert asyncio.run(count_and_close()) == 15
    gc.collect()


@pytest.mark.anyio
async def test_an_http_url_never_builds_the_verifying_tls_context(
    dialstack_emulator: EmulatorHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[str] = []
    monkeypatch.setattr(dialstack._pool, "verifying_tls_context", lambda: built.append("x"))
    async with AsyncDialStack(dialstack_emulator.api_key, api_url=dialstack_emulator.url) as c:
        await c.accounts.list()
    assert built == []


@pytest.mark.anyio
async def test_an_https_url_builds_its_tls_context_off_the_event_loop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    threads: list[threading.Thread] = []

    def context() -> ssl.SSLContext:
        threads.append(threading.current_thread())
        return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)

    monkeypatch.setattr(dialstack._pool, "verifying_tls_context", context)
    async with AsyncDialStack("sk_test_tls", api_url="https://127.0.0.1:9") as client:
        with pytest.raises(dialstack.DialStackConnectionError, match=r"https://127\.0\.0\.1:9"):
            await client.accounts.list(max_network_retries=0)
    assert len(threads) == 1 and threads[0] is not threading.current_thread()
