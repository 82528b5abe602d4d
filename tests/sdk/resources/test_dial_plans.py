"""Schedules, dial plans and a number's routing through both clients, against the emulator:
a number routed to a plan sends the simulated call to the user its schedule picks."""

import pytest

from dialstack import (
    AsyncDialStack,
    DialStack,
    DialStackNotFoundError,
    DialStackValidationError,
)
from dialstack.types.dial_plans import DialPlanNodeParams


def _nodes(schedule_id: str, open_user: str, closed_user: str) -> list[DialPlanNodeParams]:
    return [
        {
            "id": "hours",
            "type": "schedule",
            "config": {"schedule": schedule_id, "open": "desk", "closed": "night"},
        },
        {"id": "desk", "type": "internal_dial", "config": {"target": open_user, "timeout": 20}},
        {"id": "night", "type": "internal_dial", "config": {"target": closed_user}},
    ]


def test_a_plan_routes_a_number_through_the_sync_client(dialstack_client: DialStack) -> None:
    account = dialstack_client.accounts.create(email="owner@example.com")
    client = dialstack_client.with_options(dialstack_account=account.id)
    desk, night = client.users.create(name="Desk"), client.users.create(name="Night")
    # Open every day, all day: wherever the clock is, the call reaches the desk.
    schedule = client.schedules.create(
        name="Always open",
        timezone="Europe/Paris",
        ranges=[{"day": day, "start": "00:00", "end": "24:00"} for day in range(7)],
    )
    plan = client.dial_plans.create(
        name="Main line", entry_node="hours", nodes=_nodes(schedule.id, desk.id, night.id)
    )
    client.test_helpers.calls.create(user=desk.id)  # gives the account its number
    number = client.phone_numbers.list().data[0]

    routed = client.phone_numbers.update(number.id, routing_target=plan.id, fax_enabled=True)
    call = client.test_helpers.calls.create(target=number.id)

    assert client.schedules.retrieve(schedule.id) == schedule
    assert [s.id for s in client.schedules.list().data] == [schedule.id]
    assert schedule.ranges[0].end == "24:00"
    assert client.dial_plans.retrieve(plan.id).nodes[1].config.target == desk.id
    assert client.dial_plans.list(expand=["extensions"]).data[0].extensions is not None
    assert (routed.routing_target, routed.fax_enabled, routed.inbound_routing) == (
        plan.id,
        True,
        "default",
    )
    assert client.phone_numbers.retrieve(number.id) == routed
    assert client.calls.retrieve(call.id).user == desk.id


def test_bad_input_raises_the_validation_error_naming_the_field(
    dialstack_client: DialStack,
) -> None:
    account = dialstack_client.accounts.create(email="owner@example.com")
    client = dialstack_client.with_options(dialstack_account=account.id)

    with pytest.raises(DialStackValidationError) as refused:
        client.dial_plans.create(
            name="Loop",
            entry_node="a",
            nodes=[{"id": "a", "type": "audio_clip", "config": {"clip": "c", "next": "a"}}],
        )
    with pytest.raises(DialStackNotFoundError):
        client.schedules.retrieve("sched_01jnotthere")

    assert refused.value.status_code == 422
    assert refused.value.param == "nodes[0].config.next"


@pytest.mark.anyio
async def test_every_method_through_the_async_client(
    async_dialstack_client: AsyncDialStack,
) -> None:
    account = await async_dialstack_client.accounts.create(email="owner@example.com")
    client = async_dialstack_client.with_options(dialstack_account=account.id)
    desk, night = await client.users.create(name="Desk"), await client.users.create(name="Night")
    schedule = await client.schedules.create(name="Never open", ranges=[])
    plan = await client.dial_plans.create(
        name="After hours", entry_node="hours", nodes=_nodes(schedule.id, desk.id, night.id)
    )
    await client.test_helpers.calls.create(user=desk.id)
    number = (await client.phone_numbers.list()).data[0]

    routed = await client.phone_numbers.update(number.id, routing_target=plan.id)
    call = await client.test_helpers.calls.create(target=number.id)

    assert await client.schedules.retrieve(schedule.id) == schedule
    assert [s.id async for s in client.schedules.list()] == [schedule.id]
    assert await client.dial_plans.retrieve(plan.id) == plan
    assert [p.id async for p in client.dial_plans.list()] == [plan.id]
    assert await client.phone_numbers.retrieve(number.id) == routed
    assert (await client.calls.retrieve(call.id)).user == night.id
