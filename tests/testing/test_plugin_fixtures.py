"""The pytest plugin's fixtures: a fresh platform per test, clients bound to it."""

import pytest

from dialstack import AsyncDialStack, DialStack
from dialstack.emulator import EmulatorHandle

_seen_keys: list[str] = []


@pytest.mark.parametrize("run", [1, 2])
def test_each_test_gets_a_fresh_key_on_one_server(
    dialstack_emulator: EmulatorHandle, run: int
) -> None:
    _seen_keys.append(dialstack_emulator.api_key)

    assert dialstack_emulator.api_key.startswith("sk_test_")
    assert dialstack_emulator.url == dialstack_emulator.server.url
    assert len(set(_seen_keys)) == len(_seen_keys) == run


def test_the_sync_client_talks_to_the_emulator(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    account = dialstack_client.accounts.create(email="plugin@example.com")

    logged = dialstack_emulator.requests()

    assert account.id.startswith("acct_")
    assert [(entry.method, entry.path, entry.status) for entry in logged] == [
        ("POST", "/v1/accounts", 201)
    ]


@pytest.mark.anyio
async def test_the_async_client_talks_to_the_emulator(
    async_dialstack_client: AsyncDialStack, dialstack_emulator: EmulatorHandle
) -> None:
    account = await async_dialstack_client.accounts.create(email="async@example.com")

    assert account.email == "async@example.com"
    assert dialstack_emulator.requests()[0].status == 201
