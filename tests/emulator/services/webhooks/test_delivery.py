"""Events reach endpoints over real sockets, signed (``X-DialStack-Signature: t=...,v1=...``),
fanned out by scope, mode, status and enabled_events; the control routes list, flush and
replay."""

import hashlib
import hmac
import json
import re
from typing import Any

import httpx2
import pytest

from dialstack._webhook_models import data_class
from dialstack.emulator import EmulatorHandle
from dialstack.emulator.contract.event_types import EVENT_TYPES
from dialstack.testing.webhooks import WebhookReceiver
from dialstack.webhooks import EventData, WebhookEvent

from .webhook_support import new_account


def trigger(api: httpx2.Client, account: str, event_type: str = "call.end") -> str:
    answer = api.post(
        "/v1/test_helpers/events",
        json={"event": event_type},
        headers={"DialStack-Account": account},
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["event"] == event_type
    return str(answer.json()["id"])


def control(emulator: EmulatorHandle, method: str, path: str, **kwargs: Any) -> Any:
    answer = httpx2.request(method, f"{emulator.url}{path}", trust_env=False, timeout=60, **kwargs)
    assert answer.status_code // 100 == 2, answer.text
    return answer.json()


def flush(emulator: EmulatorHandle, **body: Any) -> dict[str, int]:
    result: dict[str, int] = control(
        emulator,
        "POST",
        "/_emulator/webhook_deliveries/flush",
        json={"api_key": emulator.api_key, **body},
    )
    return result


def deliveries(emulator: EmulatorHandle, **query: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = control(
        emulator,
        "GET",
        "/_emulator/webhook_deliveries",
        params={"api_key": emulator.api_key, **query},
    )["data"]
    return found


def test_a_canned_event_is_delivered_signed_right_after_flush(
    api: httpx2.Client,
    account_id: str,
    dialstack_emulator: EmulatorHandle,
    dialstack_webhook_receiver: WebhookReceiver,
) -> None:
    event_id = trigger(api, account_id)

    counts = flush(dialstack_emulator)

    (event,) = dialstack_webhook_receiver.events
    assert (event.id, event.type, event.account_id, event.livemode) == (
        event_id,
        "call.end",
        account_id,
        False,
    )
    assert event.data.to_dict()["call_id"] == event.data.to_dict()["id"]
    assert counts == {"pending": 0, "delivered": 1, "failed": 0, "canceled": 0}
    logged = control(
        dialstack_emulator,
        "GET",
        "/_emulator/events",
        params={"api_key": dialstack_emulator.api_key},
    )["data"]
    assert logged == [event.to_dict()]
    (delivery,) = deliveries(dialstack_emulator)
    assert (delivery["event"], delivery["status"], delivery["endpoint"]) == (
        event_id,
        "delivered",
        dialstack_webhook_receiver.endpoint_id,
    )
    (attempt,) = delivery["attempts"]
    assert (attempt["number"], attempt["status_code"], attempt["error"]) == (1, 200, None)
    assert attempt["duration"] >= 0


def test_the_header_is_exactly_the_documented_scheme(
    api: httpx2.Client, account_id: str, dialstack_emulator: EmulatorHandle
) -> None:
    seen: list[tuple[bytes, dict[str, str]]] = []

    class Recording(WebhookReceiver):
        def handle_delivery(self, body: bytes, signature: str | None) -> int:
            seen.append((body, {"x-dialstack-signature": signature or ""}))
            return super().handle_delivery(body, signature)

    receiver = Recording()
    try:
        receiver.register(dialstack_emulator.url, dialstack_emulator.api_key)
        trigger(api, account_id)
        flush(dialstack_emulator)
    finally:
        receiver.close()

    ((body, headers),) = seen
    found = re.fullmatch(r"t=(\d+),v1=([0-9a-f]{64})", headers["x-dialstack-signature"])
    assert found is not None
    assert receiver.secret is not None
    signed = found[1].encode() + b"." + body
    assert found[2] == hmac.new(receiver.secret.encode(), signed, hashlib.sha256).hexdigest()


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_every_event_type_is_delivered_and_typed(
    api: httpx2.Client,
    account_id: str,
    dialstack_emulator: EmulatorHandle,
    dialstack_webhook_receiver: WebhookReceiver,
    event_type: str,
) -> None:
    trigger(api, account_id, event_type)
    flush(dialstack_emulator)

    (event,) = dialstack_webhook_receiver.events
    assert event.type == event_type
    assert type(event.data) is data_class(event_type)
    assert type(event.data) is not EventData


def test_an_unknown_canned_type_is_refused(api: httpx2.Client, account_id: str) -> None:
    answer = api.post(
        "/v1/test_helpers/events",
        json={"event": "call.nope"},
        headers={"DialStack-Account": account_id},
    )

    assert answer.status_code == 400
    assert answer.json()["details"]["field"] == "event"


def test_canned_events_need_an_account(api: httpx2.Client) -> None:
    assert api.post("/v1/test_helpers/events", json={"event": "call.end"}).status_code == 400


def test_scoped_endpoints_hear_their_account_in_addition_to_platform_ones(
    api: httpx2.Client, dialstack_emulator: EmulatorHandle
) -> None:
    first, second = new_account(api), new_account(api)
    receivers = {name: WebhookReceiver() for name in ("platform", "first", "second")}
    try:
        receivers["platform"].register(dialstack_emulator.url, dialstack_emulator.api_key)
        receivers["first"].register(
            dialstack_emulator.url, dialstack_emulator.api_key, dialstack_account=first
        )
        receivers["second"].register(
            dialstack_emulator.url, dialstack_emulator.api_key, dialstack_account=second
        )
        to_first = trigger(api, first)
        to_second = trigger(api, second, "voicemail.new")
        flush(dialstack_emulator)
        got = {name: [e.id for e in r.events] for name, r in receivers.items()}
    finally:
        for receiver in receivers.values():
            receiver.close()

    assert sorted(got["platform"]) == sorted([to_first, to_second])
    assert got["first"] == [to_first]
    assert got["second"] == [to_second]


def test_enabled_events_and_status_filter(
    api: httpx2.Client, account_id: str, dialstack_emulator: EmulatorHandle
) -> None:
    calls, off = WebhookReceiver(), WebhookReceiver()
    try:
        calls.register(
            dialstack_emulator.url, dialstack_emulator.api_key, enabled_events=["call.end"]
        )
        off_id = off.register(dialstack_emulator.url, dialstack_emulator.api_key)
        api.post(f"/v1/webhook_endpoints/{off_id}", json={"status": "disabled"})
        trigger(api, account_id, "call.end")
        trigger(api, account_id, "voicemail.new")
        flush(dialstack_emulator)
        assert [e.type for e in calls.events] == ["call.end"]
        assert off.events == []
    finally:
        calls.close()
        off.close()


def test_a_disabled_or_deleted_endpoint_gets_no_more_retries(
    api: httpx2.Client,
    account_id: str,
    dialstack_emulator: EmulatorHandle,
    dialstack_webhook_receiver: WebhookReceiver,
) -> None:
    dialstack_webhook_receiver.fail_next(1)
    trigger(api, account_id)
    flush(dialstack_emulator)
    api.delete(f"/v1/webhook_endpoints/{dialstack_webhook_receiver.endpoint_id}")

    counts = flush(dialstack_emulator, retries=True)

    assert counts["canceled"] == 1
    assert dialstack_webhook_receiver.events == []


def test_a_failing_receiver_is_retried_with_the_same_event_until_it_recovers(
    api: httpx2.Client,
    account_id: str,
    dialstack_emulator: EmulatorHandle,
    dialstack_webhook_receiver: WebhookReceiver,
) -> None:
    dialstack_webhook_receiver.fail_next(2, status=503)
    event_id = trigger(api, account_id)

    first = flush(dialstack_emulator)
    second = flush(dialstack_emulator, retries=True)
    third = flush(dialstack_emulator, retries=True)

    assert (first["pending"], second["pending"], third["delivered"]) == (1, 1, 1)
    assert [e.id for e in dialstack_webhook_receiver.events] == [event_id]
    (delivery,) = deliveries(dialstack_emulator, event=event_id)
    assert [a["status_code"] for a in delivery["attempts"]] == [503, 503, 200]
    assert [a["error"] for a in delivery["attempts"]] == ["HTTP 503", "HTTP 503", None]


def test_a_receiver_that_rejects_the_signature_is_retried(
    api: httpx2.Client,
    account_id: str,
    dialstack_emulator: EmulatorHandle,
    dialstack_webhook_receiver: WebhookReceiver,
) -> None:
    secret = dialstack_webhook_receiver.secret
    dialstack_webhook_receiver.secret = "whsec_someone_elses"
    trigger(api, account_id)
    assert flush(dialstack_emulator)["pending"] == 1
    dialstack_webhook_receiver.secret = secret

    flush(dialstack_emulator, retries=True)

    assert dialstack_webhook_receiver.rejected == ["signature_mismatch"]
    assert len(dialstack_webhook_receiver.events) == 1


def test_a_refused_connection_is_an_attempt_with_an_error(
    api: httpx2.Client, account_id: str, dialstack_emulator: EmulatorHandle
) -> None:
    gone = WebhookReceiver()
    gone.close()  # nothing listens there any more
    api.post("/v1/webhook_endpoints", json={"url": gone.url})
    trigger(api, account_id)

    flush(dialstack_emulator)

    (delivery,) = deliveries(dialstack_emulator)
    (attempt,) = delivery["attempts"]
    assert delivery["status"] == "pending"
    assert delivery["next_attempt_at"] is not None
    assert attempt["status_code"] is None
    assert "ConnectError" in attempt["error"]


def test_a_hung_receiver_does_not_slow_the_api(
    api: httpx2.Client,
    account_id: str,
    dialstack_emulator: EmulatorHandle,
    dialstack_webhook_receiver: WebhookReceiver,
) -> None:
    dialstack_webhook_receiver.hang_next(1)
    trigger(api, account_id)

    # While the delivery hangs, the API answers; flush gives up and says what is due.
    answers = [api.post("/v1/accounts", json={}).status_code for _ in range(20)]
    timed_out = httpx2.post(
        f"{dialstack_emulator.url}/_emulator/webhook_deliveries/flush",
        json={"api_key": dialstack_emulator.api_key, "timeout": 0.5},
        trust_env=False,
    )

    assert answers == [201] * 20
    assert timed_out.status_code == 504
    assert timed_out.json()["code"] == "flush_timeout"
    assert timed_out.json()["details"]["pending"] == 1


def test_replay_delivers_the_same_event_again(
    api: httpx2.Client,
    account_id: str,
    dialstack_emulator: EmulatorHandle,
    dialstack_webhook_receiver: WebhookReceiver,
) -> None:
    event_id = trigger(api, account_id)
    flush(dialstack_emulator)
    (delivery,) = deliveries(dialstack_emulator)

    replayed = control(
        dialstack_emulator,
        "POST",
        f"/_emulator/webhook_deliveries/{delivery['id']}/retry",
        json={"api_key": dialstack_emulator.api_key},
    )
    flush(dialstack_emulator)

    assert replayed["status"] == "pending"
    first, second = dialstack_webhook_receiver.events
    assert first.id == second.id == event_id
    assert first.to_dict() == second.to_dict()
    (after,) = deliveries(dialstack_emulator)
    assert [a["number"] for a in after["attempts"]] == [1, 2]


def test_replaying_another_keys_delivery_is_a_404(
    api: httpx2.Client,
    account_id: str,
    dialstack_emulator: EmulatorHandle,
    dialstack_webhook_receiver: WebhookReceiver,
) -> None:
    trigger(api, account_id)
    flush(dialstack_emulator)
    (delivery,) = deliveries(dialstack_emulator)

    answer = httpx2.post(
        f"{dialstack_emulator.url}/_emulator/webhook_deliveries/{delivery['id']}/retry",
        json={"api_key": dialstack_emulator.server.new_api_key()},
        trust_env=False,
    )

    assert answer.status_code == 404


def test_reset_forgets_endpoints_events_and_deliveries(
    api: httpx2.Client,
    account_id: str,
    dialstack_emulator: EmulatorHandle,
    dialstack_webhook_receiver: WebhookReceiver,
) -> None:
    trigger(api, account_id)
    flush(dialstack_emulator)

    dialstack_emulator.reset()

    assert api.get("/v1/webhook_endpoints").json()["data"] == []
    assert deliveries(dialstack_emulator) == []


@pytest.mark.parametrize(
    "body",
    [{"retries": "yes"}, {"timeout": 0}, {"timeout": 10_000}, {"timeout": "1"}, {"api_key": 5}],
)
def test_bad_flush_bodies_are_400(dialstack_emulator: EmulatorHandle, body: dict[str, Any]) -> None:
    answer = httpx2.post(
        f"{dialstack_emulator.url}/_emulator/webhook_deliveries/flush",
        content=json.dumps(body),
        headers={"Content-Type": "application/json"},
        trust_env=False,
    )

    assert answer.status_code == 400


def test_events_are_typed_models(
    api: httpx2.Client,
    account_id: str,
    dialstack_emulator: EmulatorHandle,
    dialstack_webhook_receiver: WebhookReceiver,
) -> None:
    trigger(api, account_id, "voicemail.new")
    flush(dialstack_emulator)

    (event,) = dialstack_webhook_receiver.events
    assert isinstance(event, WebhookEvent)
    assert event.data.to_dict()["object"] == "voicemail"
