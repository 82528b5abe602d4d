"""Extensions, ring groups and queues through both clients, against the emulator: every
method, typed answers, and the API's errors as the SDK's classes."""

import pytest

from dialstack import (
    AsyncDialStack,
    DialStack,
    DialStackConflictError,
    DialStackNotFoundError,
    DialStackValidationError,
)
from dialstack.types.queues import QueueAnnouncements, QueueCallback, QueueMember
from dialstack.types.ring_groups import RingGroupMember


def _account(client: DialStack) -> tuple[DialStack, str]:
    account = client.accounts.create(email="owner@example.com")
    scoped = client.with_options(dialstack_account=account.id)
    return scoped, scoped.users.create(name="Ada").id


def test_every_extension_method(dialstack_client: DialStack) -> None:
    client, user = _account(dialstack_client)
    other = client.users.create(name="Grace").id

    created = client.extensions.create(number="1001", target=user)
    client.extensions.create(number="1003", target=other)
    retrieved = client.extensions.retrieve("1001")
    renamed = client.extensions.update("1001", number="1002", target=other)
    walked = [e.number for e in client.extensions.list(limit=1).auto_paging_iter()]
    to_other = client.extensions.list(target=other).data
    client.extensions.delete("1003")

    assert (created.number, created.target, created.status) == ("1001", user, "active")
    assert retrieved == created
    assert (renamed.number, renamed.target) == ("1002", other)
    assert renamed.created_at == created.created_at
    assert walked == ["1002", "1003"]
    assert [e.number for e in to_other] == ["1002", "1003"]
    with pytest.raises(DialStackNotFoundError):
        client.extensions.retrieve("1003")
    with pytest.raises(DialStackNotFoundError):
        client.extensions.retrieve("1001")


def test_extension_mistakes_are_the_sdks_errors(dialstack_client: DialStack) -> None:
    client, user = _account(dialstack_client)
    client.extensions.create(number="1001", target=user)

    with pytest.raises(DialStackConflictError) as taken:
        client.extensions.create(number="1001", target=user)
    with pytest.raises(DialStackValidationError) as wrong_length:
        client.extensions.create(number="101", target=user)
    with pytest.raises(DialStackNotFoundError):
        client.extensions.retrieve("10/1")

    assert taken.value.code == "extension_taken"
    assert wrong_length.value.details is not None
    assert wrong_length.value.details["field"] == "number"


def test_every_ring_group_method(dialstack_client: DialStack) -> None:
    client, user = _account(dialstack_client)
    client.extensions.create(number="1001", target=user)
    queue = client.queues.create(name="Overflow")

    group = client.ring_groups.create(
        name="Sales", timeout_seconds=20, timeout_action="queue", timeout_target=queue.id
    )
    member = client.ring_groups.add_member(group.id, extension="1001")
    outside = client.ring_groups.add_member(group.id, phone_number="+15550100")
    client.extensions.create(number="2000", target=group.id)
    expanded = client.ring_groups.retrieve(group.id, expand=["extensions"])
    cleared = client.ring_groups.update(group.id, timeout_action=None, timeout_target=None)
    listed = client.ring_groups.list(expand=["extensions"]).data
    client.ring_groups.remove_member(group.id, member.id)
    with pytest.raises(DialStackConflictError) as in_use:
        client.ring_groups.delete(group.id)
    client.extensions.delete("2000")
    client.ring_groups.delete(group.id)

    assert (group.timeout_seconds, group.timeout_action, group.timeout_target) == (
        20,
        "queue",
        queue.id,
    )
    assert isinstance(member, RingGroupMember)
    assert (member.extension, member.phone_number, outside.phone_number) == (
        "1001",
        None,
        "+15550100",
    )
    assert expanded.members == [member, outside]
    assert expanded.extensions is not None
    assert [e.number for e in expanded.extensions.data] == ["2000"]
    assert (cleared.timeout_action, cleared.timeout_target) == (None, None)
    assert [g.id for g in listed] == [group.id]
    assert in_use.value.code == "target_in_use"
    with pytest.raises(DialStackNotFoundError):
        client.ring_groups.retrieve(group.id)


def test_every_queue_method(dialstack_client: DialStack) -> None:
    client, user = _account(dialstack_client)
    agents = [client.users.create(name=f"Agent {n}").id for n in range(11)]

    queue = client.queues.create(
        name="Support",
        strategy="leastrecent",
        announcements={"frequency_seconds": 45},
        callback={},
        timeout_={"type": "voicemail", "voicemail": user},
    )
    members = [client.queues.add_member(queue.id, user_id=agent) for agent in agents]
    retrieved = client.queues.retrieve(queue.id)
    paged = [m.user_id for m in client.queues.list_members(queue.id, limit=4).auto_paging_iter()]
    updated = client.queues.update(queue.id, announcements=None, wrap_up_seconds=30)
    listed = client.queues.list().data
    client.queues.remove_member(queue.id, members[0].id)
    after = client.queues.list_members(queue.id, limit=100).data
    client.queues.delete(queue.id)

    assert isinstance(queue.announcements, QueueAnnouncements)
    assert queue.announcements.frequency_seconds == 45
    assert isinstance(queue.callback, QueueCallback)
    assert (queue.callback.offer_after_seconds, queue.callback.outbound_did_id) == (60, None)
    assert queue.timeout is not None and queue.timeout.voicemail == user
    assert all(isinstance(member, QueueMember) for member in members)
    assert retrieved.members is not None
    assert retrieved.members.data == members[:10]
    assert retrieved.members.next_page_url is not None
    assert paged == agents
    assert (updated.announcements, updated.wrap_up_seconds) == (None, 30)
    assert updated.callback == queue.callback
    assert [q.id for q in listed] == [queue.id]
    assert after == members[1:]
    with pytest.raises(DialStackNotFoundError):
        client.queues.retrieve(queue.id)


@pytest.mark.anyio
async def test_every_namespace_on_the_async_client(
    async_dialstack_client: AsyncDialStack,
) -> None:
    account = await async_dialstack_client.accounts.create(email="owner@example.com")
    client = async_dialstack_client.with_options(dialstack_account=account.id)
    user = (await client.users.create(name="Ada")).id

    extension = await client.extensions.create(number="1001", target=user)
    renamed = await client.extensions.update("1001", number="1002")
    numbers = [e.number async for e in client.extensions.list()]
    group = await client.ring_groups.create(name="Sales")
    member = await client.ring_groups.add_member(group.id, extension="1002")
    groups = await client.ring_groups.list()
    queue = await client.queues.create(name="Support")
    agent = await client.queues.add_member(queue.id, user_id=user, penalty=3)
    agents = await client.queues.list_members(queue.id)
    queues = [q.id async for q in client.queues.list(expand=["extensions"])]
    with pytest.raises(DialStackConflictError) as duplicate:
        await client.queues.add_member(queue.id, user_id=user)
    await client.ring_groups.remove_member(group.id, member.id)
    await client.queues.remove_member(queue.id, agent.id)
    updated_group = await client.ring_groups.update(group.id, name="Inside sales")
    updated_queue = await client.queues.update(queue.id, strategy="linear")
    fetched_group = await client.ring_groups.retrieve(group.id)
    fetched_queue = await client.queues.retrieve(queue.id, expand=["extensions"])
    fetched_extension = await client.extensions.retrieve("1002")
    await client.extensions.delete("1002")
    await client.ring_groups.delete(group.id)
    await client.queues.delete(queue.id)

    assert (extension.number, renamed.number, numbers) == ("1001", "1002", ["1002"])
    assert fetched_extension == renamed
    assert member.extension == "1002"
    assert [g.id for g in groups.data] == [group.id]
    assert (agent.penalty, agent.position) == (3, 1)
    assert agents.data == [agent]
    assert queues == [queue.id]
    assert duplicate.value.code == "duplicate_member"
    assert (updated_group.name, fetched_group.members) == ("Inside sales", [])
    assert updated_queue.strategy == "linear"
    assert fetched_queue.extensions is not None and fetched_queue.extensions.data == []
    with pytest.raises(DialStackNotFoundError):
        await client.queues.retrieve(queue.id)
