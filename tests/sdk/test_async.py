"""The async client: the same behaviour through AsyncDialStack, against the emulator."""

import time

import anyio
import pytest

import dialstack
from dialstack import AsyncDialStack
from dialstack.emulator import EmulatorHandle

pytestmark = pytest.mark.anyio


async def test_the_quickstart_async(async_dialstack_client: AsyncDialStack) -> None:
    account = await async_dialstack_client.accounts.create(email="customer@example.com")
    user = await async_dialstack_client.users.create(
        name="John Doe", email="john@example.com", dialstack_account=account.id
    )
    session = await async_dialstack_client.account_sessions.create(
        account=account.id,
        components={"call_logs": {"enabled": True}, "voicemails": {"enabled": True}},
    )
    assert user.account_id == account.id
    assert session.client_secret and session.expires_at
    fetched = await async_dialstack_client.accounts.retrieve(account.id)
    updated = await async_dialstack_client.accounts.update(account.id, primary_contact_name="C")
    assert (fetched.email, updated.primary_contact_name) == ("customer@example.com", "C")
    await async_dialstack_client.users.delete(user.id, dialstack_account=account.id)
    await async_dialstack_client.accounts.delete(account.id)
    with pytest.raises(dialstack.DialStackNotFoundError):
        await async_dialstack_client.accounts.retrieve(account.id)


async def test_concurrent_creates_from_many_tasks(async_dialstack_client: AsyncDialStack) -> None:
    async def create(i: int) -> None:
        await async_dialstack_client.accounts.create(email=f"{i}@example.com")

    async with anyio.create_task_group() as tasks:
        for i in range(20):
            tasks.start_soon(create, i)
    listed = await async_dialstack_client.accounts.list(limit=100)
    assert len(listed.data) == 20


async def test_a_create_committed_before_the_drop_exists_once(
    async_dialstack_client: AsyncDialStack, dialstack_emulator: EmulatorHandle
) -> None:
    dialstack_emulator.add_fault("POST", "/v1/accounts", drop_after_commit=True)
    account = await async_dialstack_client.accounts.create(email="once@example.com")
    listed = await async_dialstack_client.accounts.list()
    assert [a.id for a in listed.data] == [account.id]


async def test_retries_after_503_then_succeeds(
    async_dialstack_client: AsyncDialStack, dialstack_emulator: EmulatorHandle
) -> None:
    dialstack_emulator.add_fault("GET", "/v1/accounts", status=503, times=2)
    page = await async_dialstack_client.accounts.list()
    assert page.data == []
    assert [r.status for r in dialstack_emulator.requests()] == [503, 503, 200]


async def test_an_async_timeout(
    async_dialstack_client: AsyncDialStack, dialstack_emulator: EmulatorHandle
) -> None:
    dialstack_emulator.add_fault("GET", "/v1/accounts", delay=3.0, times=2)
    started = time.monotonic()
    with pytest.raises(dialstack.DialStackTimeoutError):
        await async_dialstack_client.accounts.list(timeout=0.3, max_network_retries=1)
    assert time.monotonic() - started < 3.0


async def test_errors_and_account_context(async_dialstack_client: AsyncDialStack) -> None:
    with pytest.raises(ValueError, match="dialstack_account"):
        await async_dialstack_client.users.list()
    with pytest.raises(dialstack.DialStackValidationError) as raised:
        await async_dialstack_client.accounts.create(email="nope")
    assert raised.value.param == "email"


async def test_with_options_and_close(dialstack_emulator: EmulatorHandle) -> None:
    async with AsyncDialStack(dialstack_emulator.api_key, api_url=dialstack_emulator.url) as client:
        account = await client.accounts.create(email="o@example.com")
        scoped = client.with_options(dialstack_account=account.id)
        await scoped.users.create(name="Ann")
        assert len((await scoped.users.list()).data) == 1
    await client.close()  # closing twice is harmless
