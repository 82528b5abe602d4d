"""The clock, the webhook deliveries and the event log, driven from Python as a test would:
through the fixture's handle and through ``Emulator.control()`` over a socket."""

from datetime import timedelta

import httpx2
import pytest

from dialstack.emulator import EmulatorControl, EmulatorControlError
from dialstack.testing import Emulator, EmulatorHandle, WebhookReceiver
from dialstack.webhooks import CallEventData


def _trigger(api: httpx2.Client, event_type: str) -> None:
    account = api.post("/v1/accounts", json={"email": "owner@example.com"}).json()["id"]
    answer = api.post(
        "/v1/test_helpers/events",
        json={"event": event_type},
        headers={"DialStack-Account": account},
    )
    assert answer.status_code == 201, answer.text


def _account_with_user(api: httpx2.Client) -> tuple[str, str]:
    account = api.post("/v1/accounts", json={"email": "owner@example.com"}).json()["id"]
    user = api.post(
        "/v1/users", json={"name": "Ada"}, headers={"DialStack-Account": account}
    ).json()["id"]
    return account, user


def test_a_stepped_clock_shows_each_stage_of_a_call_as_it_advances(
    dialstack_emulator: EmulatorHandle, api: httpx2.Client
) -> None:
    account, user = _account_with_user(api)
    stepped = dialstack_emulator.step_clock()
    call = api.post(
        "/v1/test_helpers/calls",
        json={"user": user, "scenario": {"ring_seconds": 5, "talk_seconds": 30}},
        headers={"DialStack-Account": account},
    ).json()

    assert stepped.mode == "stepped"
    assert [e.type for e in dialstack_emulator.events(type="call.end")] == []
    moved = dialstack_emulator.advance_clock(timedelta(seconds=40))
    assert moved.now - stepped.now == timedelta(seconds=40)
    (ended,) = dialstack_emulator.events(type="call.end")
    assert isinstance(ended.data, CallEventData)
    assert ended.data.id == call["id"]
    assert dialstack_emulator.real_clock().mode == "real"
    assert dialstack_emulator.clock().mode == "real"


def test_advancing_a_real_clock_is_refused_with_the_emulators_reason(
    dialstack_emulator: EmulatorHandle,
) -> None:
    with pytest.raises(EmulatorControlError, match="stepped"):
        dialstack_emulator.advance_clock(5)


def test_flushing_delivers_every_due_webhook_and_the_deliveries_show_each_attempt(
    dialstack_emulator: EmulatorHandle, dialstack_webhook_receiver: WebhookReceiver
) -> None:
    endpoint = dialstack_webhook_receiver.endpoint_id  # the fixture registered it
    api = httpx2.Client(
        base_url=dialstack_emulator.url,
        headers={"Authorization": f"Bearer {dialstack_emulator.api_key}"},
        trust_env=False,
    )
    with api:
        _trigger(api, "voicemail.new")

    counts = dialstack_emulator.flush_deliveries()

    assert (counts.delivered, counts.pending, counts.failed) == (1, 0, 0)
    (delivery,) = dialstack_emulator.deliveries(endpoint=endpoint)
    assert delivery.status == "delivered"
    assert delivery.event_type == "voicemail.new"
    assert [a.status_code for a in delivery.attempts] == [200]
    assert delivery.attempts[0].started_at is not None
    assert dialstack_emulator.deliveries(status="failed") == []
    (event,) = dialstack_emulator.events()
    assert event.id == delivery.event == dialstack_webhook_receiver.events[0].id


def test_the_events_of_a_long_log_come_back_whole_across_pages(
    dialstack_emulator_server: Emulator,
) -> None:
    control = dialstack_emulator_server.control(dialstack_emulator_server.new_api_key())
    with httpx2.Client(
        base_url=control.url,
        headers={"Authorization": f"Bearer {control.api_key}"},
        trust_env=False,
    ) as api:
        for _ in range(3):
            _trigger(api, "call.end")

    assert isinstance(control, EmulatorControl)
    assert [e.type for e in control.events()] == ["call.end"] * 3
    assert len({e.id for e in control.events(type="call.end")}) == 3
    assert control.events(type="voicemail.new") == []
