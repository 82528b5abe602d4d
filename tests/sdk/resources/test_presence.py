"""Presence and queue agents through both clients, against the emulator over a socket."""

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


def _scoped(client: DialStack) -> tuple[DialStack, str, str]:
    account = client.accounts.create(email="owner@example.com")
    scoped = client.with_options(dialstack_account=account.id)
    return scoped, account.id, scoped.users.create(name="Ada Lovelace").id


def _control(emulator: EmulatorHandle, path: str, **body: object) -> None:
    answer = httpx2.post(
        f"{emulator.url}/_emulator{path}",
        json={"api_key": emulator.api_key, **body},
        trust_env=False,
    )
    assert answer.status_code in (200, 201), answer.text


def test_presence_of_a_user_and_of_park_slots(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    client, account, user = _scoped(dialstack_client)
    other = client.users.create(name="Grace Hopper").id
    _control(
        dialstack_emulator,
        "/presence/registrations",
        account=account,
        user=other,
        registered=True,
        webrtc_sessions=1,
    )
    _control(dialstack_emulator, "/park_slots", account=account, slot=21, parked_by=user)
    client.users.update(user, do_not_disturb=True)

    alone = client.users.retrieve_presence(user)
    listed = client.presence.list(user=[other, user], park_slot=["21", "22"])

    assert (alone.object, alone.state, alone.do_not_disturb) == ("user_presence", "offline", True)
    assert alone.webrtc is not None and alone.webrtc.sessions == 0
    assert [(item.object, item.user, item.slot) for item in listed] == [
        ("user_presence", other, None),
        ("user_presence", user, None),
        ("park_slot", None, 21),
        ("park_slot", None, 22),
    ]
    first, second, parked, free = listed.data
    assert first.state == "available" and first.webrtc is not None
    assert first.webrtc.state == "available"
    assert second.do_not_disturb is True
    assert parked.parked_call is not None
    assert (parked.parked_call.status, parked.parked_call.parked_by) == ("parked", user)
    assert parked.parked_call.rings_back_at > parked.parked_call.parked_at
    assert "parked_call" in free and free.parked_call is None
    assert listed.next_page_url is None


def test_presence_list_refuses_all_with_named_slots(dialstack_client: DialStack) -> None:
    client, _, _ = _scoped(dialstack_client)
    with pytest.raises(DialStackValidationError) as caught:
        client.presence.list(park_slot=["all", "4"])
    assert caught.value.param == "park_slot[]"


def test_queue_agent_round_trip(dialstack_client: DialStack) -> None:
    client, _, user = _scoped(dialstack_client)
    with pytest.raises(DialStackNotFoundError):
        client.users.retrieve_queue_agent(user)
    with pytest.raises(DialStackConflictError):
        client.users.update_queue_agent(user, status="paused")

    available = client.users.update_queue_agent(user, status="available")
    paused = client.users.update_queue_agent(user, status="paused", reason="lunch")
    read = client.users.retrieve_queue_agent(user)

    assert available.user == user
    assert available.logged_in_at is not None
    assert (paused.status, paused.pause_reason) == ("paused", "lunch")
    assert paused.paused_at is not None
    assert read == paused
    with pytest.raises(DialStackValidationError) as caught:
        client.users.update_queue_agent(user, status="available", reason="back")
    assert caught.value.param == "reason"


@pytest.mark.anyio
async def test_presence_and_queue_agents_on_the_async_client(
    async_dialstack_client: AsyncDialStack, dialstack_emulator: EmulatorHandle
) -> None:
    account = await async_dialstack_client.accounts.create(email="owner@example.com")
    client = async_dialstack_client.with_options(dialstack_account=account.id)
    user = (await client.users.create(name="Ada Lovelace")).id
    _control(dialstack_emulator, "/park_slots", account=account.id, slot=3)

    presence = await client.users.retrieve_presence(user)
    items = [item async for item in client.presence.list(user=[user], park_slot=["all"])]
    agent = await client.users.update_queue_agent(user, status="available")
    again = await client.users.retrieve_queue_agent(user)

    assert presence.state == "offline"
    assert [(item.object, item.slot) for item in items] == [
        ("user_presence", None),
        ("park_slot", 3),
    ]
    assert again == agent
    assert agent.status == "available"
