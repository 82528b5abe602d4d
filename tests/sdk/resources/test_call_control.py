"""Live call control through both SDK clients: click-to-call, actions, recording pause and
resume, listeners; the empty answers are None; refusals are the typed errors."""

from typing import Any

import httpx2
import pytest

from dialstack import (
    AsyncDialStack,
    DialStack,
    DialStackConflictError,
    DialStackNotFoundError,
    DialStackValidationError,
)
from dialstack.emulator import EmulatorHandle
from dialstack.types.calls import Listener

REFUSED = "ws://127.0.0.1:9/listen"
"""Nothing listens on the discard port: the emulator's stream fails at once, quietly."""


def _step(emulator: EmulatorHandle, **body: Any) -> None:
    answer = httpx2.post(
        f"{emulator.url}/_emulator/clock",
        json={"api_key": emulator.api_key, **body},
        trust_env=False,
    )
    assert answer.status_code == 200, answer.text


def _platform(client: DialStack) -> tuple[DialStack, str]:
    account = client.accounts.create(email="owner@example.com", config={"recording_enabled": True})
    scoped = client.with_options(dialstack_account=account.id)
    return scoped, scoped.users.create(name="Ada Lovelace").id


def test_every_call_control_method_on_the_sync_client(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    client, user = _platform(dialstack_client)
    colleague = client.users.create(name="Grace Hopper").id
    _step(dialstack_emulator, mode="stepped")

    placed = client.calls.create(user=user, dial_string="+15005550100")
    call = client.calls.list(direction="outbound").data[0]
    _step(dialstack_emulator, advance_seconds=10)
    paused = client.calls.pause_recording(call.id)
    _step(dialstack_emulator, advance_seconds=10)
    resumed = client.calls.resume_recording(call.id)
    listener = client.calls.create_listener(call.id, url=REFUSED, channel="caller")
    listed = [item.id for item in client.calls.list_listeners(call.id, limit=1)]
    retrieved = client.calls.retrieve_listener(call.id, listener.id)
    deleted = client.calls.delete_listener(call.id, listener.id)
    moved = client.calls.update(
        call.id, actions=[{"type": "transfer", "target": colleague, "mode": "blind"}]
    )
    live = client.calls.retrieve(call.id)
    _step(dialstack_emulator, advance_seconds=60)

    assert (placed, paused, resumed, deleted, moved) == (None,) * 5
    assert isinstance(listener, Listener)
    assert (listener.call, listener.channel, listener.url) == (call.id, "caller", REFUSED)
    assert retrieved == listener
    assert listed == [listener.id]
    assert live.user == colleague
    assert client.calls.retrieve_recording(call.id).duration_seconds == 50


def test_refusals_are_typed_errors(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    client, user = _platform(dialstack_client)
    _step(dialstack_emulator, mode="stepped")
    client.calls.create(user=user, dial_string="101")
    call_id = client.calls.list().data[0].id

    with pytest.raises(DialStackValidationError) as insecure:
        client.calls.create_listener(call_id, url="ws://listener.example.com")
    with pytest.raises(DialStackValidationError) as unknown_target:
        client.calls.update(call_id, actions=[{"type": "transfer", "target": "rg_nothing"}])
    with pytest.raises(DialStackNotFoundError):
        client.calls.retrieve_listener(call_id, "lstn_nothing")
    _step(dialstack_emulator, advance_seconds=120)
    with pytest.raises(DialStackConflictError) as ended:
        client.calls.pause_recording(call_id)

    assert (insecure.value.status_code, insecure.value.param) == (422, "url")
    assert (unknown_target.value.status_code, unknown_target.value.param) == (
        400,
        "actions.0.target",
    )
    assert ended.value.code == "call_not_active"


@pytest.mark.anyio
async def test_every_call_control_method_on_the_async_client(
    async_dialstack_client: AsyncDialStack, dialstack_emulator: EmulatorHandle
) -> None:
    account = await async_dialstack_client.accounts.create(
        email="owner@example.com", config={"recording_enabled": True}
    )
    client = async_dialstack_client.with_options(dialstack_account=account.id)
    user = (await client.users.create(name="Ada Lovelace")).id
    _step(dialstack_emulator, mode="stepped")

    await client.calls.create(user=user, dial_string="+15005550100")
    call = (await client.calls.list(direction="outbound")).data[0]
    _step(dialstack_emulator, advance_seconds=5)
    await client.calls.pause_recording(call.id)
    await client.calls.resume_recording(call.id)
    listener = await client.calls.create_listener(call.id, url=REFUSED)
    listed = [item.id async for item in client.calls.list_listeners(call.id)]
    retrieved = await client.calls.retrieve_listener(call.id, listener.id)
    await client.calls.delete_listener(call.id, listener.id)
    await client.calls.update(call.id, actions=[{"type": "attach", "url": REFUSED}])
    _step(dialstack_emulator, advance_seconds=60)

    # Each empty answer is typed None (mypy refuses to use one as a value).
    assert listener.channel == "both"
    assert listed == [listener.id]
    assert retrieved == listener
    with pytest.raises(DialStackConflictError):
        await client.calls.update(call.id, actions=[{"type": "attach", "url": REFUSED}])
