"""On an emulator whose runtime the test holds: retries move with a stepped clock on the
documented backoff, an attempt has a whole-attempt timeout, the event sink the simulator
calls delivers, and live endpoints never hear sandbox events."""

from typing import Any

from dialstack.emulator.services.webhooks.delivery import BACKOFF, MAX_ATTEMPTS
from dialstack.emulator.services.webhooks.events import Webhooks
from dialstack.emulator.services.webhooks.tables import WebhookEndpoint
from dialstack.testing.webhooks import WebhookReceiver

from .webhook_support import API_KEY, OwnedEmulator, SteppedClock

_TENANT_CALL = "/v1/accounts"


def setup(owned: OwnedEmulator, receiver: WebhookReceiver) -> str:
    account = owned.api.post(_TENANT_CALL, json={}).json()["id"]
    receiver.register(owned.url, API_KEY)
    return str(account)


def trigger(owned: OwnedEmulator, account: str) -> str:
    answer = owned.api.post(
        "/v1/test_helpers/events",
        json={"event": "call.end"},
        headers={"DialStack-Account": account},
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def the_delivery(owned: OwnedEmulator) -> dict[str, Any]:
    (delivery,) = owned.control("GET", "/_emulator/webhook_deliveries").json()["data"]
    return dict(delivery)


def flush(owned: OwnedEmulator) -> dict[str, int]:
    answer = owned.control("POST", "/_emulator/webhook_deliveries/flush", json={})
    assert answer.status_code == 200, answer.text
    counts: dict[str, int] = answer.json()
    return counts


def test_retries_follow_the_backoff_on_the_stepped_clock(
    owned: OwnedEmulator, receiver: WebhookReceiver, clock: SteppedClock
) -> None:
    account = setup(owned, receiver)
    receiver.fail_next(MAX_ATTEMPTS)
    trigger(owned, account)
    flush(owned)
    made = [1]
    for delay in BACKOFF:
        clock.advance(delay - 0.5)
        flush(owned)  # not due yet: nothing happens
        made.append(len(the_delivery(owned)["attempts"]))
        clock.advance(0.5)
        flush(owned)
        made.append(len(the_delivery(owned)["attempts"]))

    delivery = the_delivery(owned)
    assert made == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7]
    assert delivery["status"] == "failed"
    assert delivery["next_attempt_at"] is None
    assert receiver.events == []


def test_a_failed_delivery_can_still_be_replayed(
    owned: OwnedEmulator, receiver: WebhookReceiver, clock: SteppedClock
) -> None:
    account = setup(owned, receiver)
    receiver.fail_next(MAX_ATTEMPTS)
    event_id = trigger(owned, account)
    for delay in (0, *BACKOFF):
        clock.advance(delay)
        flush(owned)
    assert the_delivery(owned)["status"] == "failed"

    owned.control("POST", f"/_emulator/webhook_deliveries/{the_delivery(owned)['id']}/retry")
    flush(owned)

    assert [e.id for e in receiver.events] == [event_id]
    assert the_delivery(owned)["status"] == "delivered"


def test_an_attempt_that_hangs_times_out_and_is_retried(
    owned: OwnedEmulator, receiver: WebhookReceiver, clock: SteppedClock
) -> None:
    account = setup(owned, receiver)
    receiver.hang_next(1)
    trigger(owned, account)

    flush(owned)
    delivery = the_delivery(owned)
    clock.advance(BACKOFF[0])
    flush(owned)

    (timed_out, _) = the_delivery(owned)["attempts"]
    assert delivery["status"] == "pending"
    assert timed_out["status_code"] is None
    assert timed_out["error"].startswith("timeout")
    assert len(receiver.events) == 1


def test_the_event_sink_logs_and_delivers(owned: OwnedEmulator, receiver: WebhookReceiver) -> None:
    account = setup(owned, receiver)
    tenant = owned.runtime.authenticator.tenant(f"Bearer {API_KEY}")
    call_log = {"id": "call_01jd0000000000000000000000", "object": "call", "direction": "inbound"}

    event_id = owned.on_loop(
        lambda: owned.runtime.record_event(tenant, account, "call.end", call_log)
    )
    flush(owned)

    (event,) = receiver.events
    assert (event.id, event.type, event.account_id) == (event_id, "call.end", account)
    assert event.data.to_dict() == {"call_id": call_log["id"], **call_log}


def test_live_endpoints_never_hear_sandbox_events(
    owned: OwnedEmulator, receiver: WebhookReceiver
) -> None:
    account = owned.api.post(_TENANT_CALL, json={}).json()["id"]
    tenant = owned.runtime.authenticator.tenant(f"Bearer {API_KEY}")
    live = WebhookEndpoint("we_live", None, "enabled", ["*"], receiver.url, "whsec_live")
    owned.on_loop(
        lambda: owned.runtime.state(Webhooks).tables.insert_endpoint(
            tenant, live, True, {"id": "we_live"}
        )
    )

    trigger(owned, account)

    assert flush(owned) == {"pending": 0, "delivered": 0, "failed": 0, "canceled": 0}
    assert owned.control("GET", "/_emulator/webhook_deliveries").json()["data"] == []
    assert len(owned.control("GET", "/_emulator/events").json()["data"]) == 1


def test_any_payload_the_sink_gets_is_delivered(
    owned: OwnedEmulator, receiver: WebhookReceiver
) -> None:
    account = setup(owned, receiver)
    tenant = owned.runtime.authenticator.tenant(f"Bearer {API_KEY}")
    odd: dict[str, Any] = {"note": "lone \ud800 surrogate, Zoë, \u2028", "nested": [[[{}]]]}

    owned.on_loop(lambda: owned.runtime.record_event(tenant, account, "x.y", odd))
    flush(owned)

    (event,) = receiver.events
    assert event.data.to_dict() == odd
