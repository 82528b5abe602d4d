"""The event log pages (``limit`` and ``starting_after``, oldest first; a small log in one
answer as before) and keeps a bounded number of events per tenant, never one whose delivery
is still to be made."""

from typing import Any

import httpx2
import pytest

from dialstack.emulator import Emulator, EmulatorHandle
from dialstack.emulator.services.webhooks import events as event_log
from dialstack.testing.webhooks import WebhookReceiver

from .webhook_support import new_account


def _trigger(api: httpx2.Client, account: str, event_type: str = "call.start") -> str:
    answer = api.post(
        "/v1/test_helpers/events",
        json={"event": event_type},
        headers={"DialStack-Account": account},
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def _events(emulator: EmulatorHandle, **query: str) -> dict[str, Any]:
    answer = httpx2.get(
        f"{emulator.url}/_emulator/events",
        params={"api_key": emulator.api_key, **query},
        trust_env=False,
    )
    assert answer.status_code == 200, answer.text
    found: dict[str, Any] = answer.json()
    return found


def test_the_event_log_pages_oldest_first(
    api: httpx2.Client, dialstack_emulator: EmulatorHandle
) -> None:
    account = new_account(api)
    made = [_trigger(api, account) for _ in range(5)]

    whole = _events(dialstack_emulator)
    first = _events(dialstack_emulator, limit="2")
    second = _events(dialstack_emulator, limit="2", starting_after=first["data"][-1]["id"])
    last = _events(dialstack_emulator, limit="2", starting_after=second["data"][-1]["id"])

    assert [event["id"] for event in whole["data"]] == made
    assert whole["has_more"] is False
    pages = [first, second, last]
    assert [[event["id"] for event in page["data"]] for page in pages] == [
        made[:2],
        made[2:4],
        made[4:],
    ]
    assert [page["has_more"] for page in pages] == [True, True, False]


@pytest.mark.parametrize("limit", ["0", "abc", "10001"])
def test_a_bad_limit_is_a_400(dialstack_emulator: EmulatorHandle, limit: str) -> None:
    answer = httpx2.get(
        f"{dialstack_emulator.url}/_emulator/events",
        params={"api_key": dialstack_emulator.api_key, "limit": limit},
        trust_env=False,
    )

    assert answer.status_code == 400, answer.text


def test_old_events_are_forgotten_but_not_one_still_to_deliver(
    receiver: WebhookReceiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An emulator of this process: the retention is patched smaller in this process.
    monkeypatch.setattr(event_log, "EVENTS_KEPT", 3)
    monkeypatch.setattr(event_log, "_FORGET_EVERY", 1)
    with Emulator() as emulator:
        key = emulator.new_api_key()
        handle = EmulatorHandle(emulator.url, key)
        with httpx2.Client(
            base_url=emulator.url, headers={"Authorization": f"Bearer {key}"}, trust_env=False
        ) as api:
            account = new_account(api)
            receiver.register(emulator.url, key, enabled_events=["call.end"])
            receiver.fail_next(1)
            still_to_deliver = _trigger(api, account, "call.end")
            receiver.flush()  # its one attempt failed: a retry is scheduled

            made = [_trigger(api, account) for _ in range(6)]

            kept = [event["id"] for event in _events(handle)["data"]]
            assert kept == [still_to_deliver, *made[-3:]]
            assert receiver.flush(retries=True)["delivered"] == 1
