"""A tenant's time is one monotonic clock: back in real time it never moves backwards, what
was scheduled on the stepped clock keeps its distance, a reset with the key gives real time
again, and no step takes the clock past 9999-01-01."""

import time

import httpx2

from dialstack.emulator.core.clock import LATEST
from dialstack.testing.webhooks import WebhookReceiver

from .conftest import Platform

_DAY = 24 * 60 * 60
_MAX_STEP = 366 * _DAY


def _clock_now(platform: Platform) -> float:
    answer = httpx2.get(
        f"{platform.emulator.url}/_emulator/clock",
        params={"api_key": platform.emulator.api_key},
        trust_env=False,
    )
    found: float = answer.json()["now"]
    return found


def test_back_to_real_time_never_moves_backwards(platform: Platform) -> None:
    platform.clock(mode="stepped")
    ahead = platform.clock(advance_seconds=30 * _DAY)["now"]

    real = platform.clock(mode="real")
    later = _clock_now(platform)

    assert real["mode"] == "real"
    assert ahead <= real["now"] <= later
    assert later < ahead + 60  # it resumed from the stepped time, not from the wall's
    assert later > time.time() + 29 * _DAY


def test_a_retry_scheduled_ahead_keeps_its_distance_in_real_time(platform: Platform) -> None:
    receiver = WebhookReceiver()
    try:
        receiver.register(platform.emulator.url, platform.emulator.api_key)
        platform.clock(mode="stepped")
        platform.clock(advance_seconds=30 * _DAY)
        receiver.fail_next(1)
        answer = platform.http.post(
            "/v1/test_helpers/events", json={"event": "call.end"}, headers=platform.headers
        )
        assert answer.status_code == 201, answer.text
        receiver.flush()  # the attempt failed: a retry 5 s later, on the stepped clock

        platform.clock(mode="real")

        (delivery,) = httpx2.get(
            f"{platform.emulator.url}/_emulator/webhook_deliveries",
            params={"api_key": platform.emulator.api_key},
            trust_env=False,
        ).json()["data"]
        due = delivery["next_attempt_at"]
        assert delivery["status"] == "pending"
        assert len(receiver.wait_for(1, timeout=15)) == 1  # seconds of real time, not 30 days
        assert due.startswith(time.strftime("%Y-%m-%d", time.gmtime(time.time() + 30 * _DAY)))
    finally:
        receiver.close()


def test_a_reset_with_the_key_gives_real_time_again(platform: Platform) -> None:
    platform.clock(mode="stepped")
    platform.clock(advance_seconds=_MAX_STEP)
    reset = httpx2.post(
        f"{platform.emulator.url}/_emulator/reset",
        json={"api_key": platform.emulator.api_key},
        trust_env=False,
    )
    assert reset.status_code == 200, reset.text

    state = httpx2.get(
        f"{platform.emulator.url}/_emulator/clock",
        params={"api_key": platform.emulator.api_key},
        trust_env=False,
    ).json()

    assert state["mode"] == "real"
    assert abs(state["now"] - time.time()) < 60


def test_no_step_takes_the_clock_past_9999(platform: Platform) -> None:
    platform.clock(mode="stepped")
    url = f"{platform.emulator.url}/_emulator/clock"
    body = {"api_key": platform.emulator.api_key, "advance_seconds": _MAX_STEP}
    with httpx2.Client(trust_env=False) as control:
        now = _clock_now(platform)
        while now + _MAX_STEP <= LATEST:  # about 7,950 steps of a year
            answer = control.post(url, json=body)
            assert answer.status_code == 200, answer.text
            now = answer.json()["now"]
        refused = control.post(url, json=body)
        last = control.post(url, json={**body, "advance_seconds": LATEST - now})

    assert refused.status_code == 400, refused.text
    assert "9999-01-01" in refused.json()["error"]
    assert last.status_code == 200
    platform.simulate()
    listed = platform.get("/v1/calls")
    assert listed.status_code == 200, listed.text
    assert listed.json()["data"][0]["started_at"].startswith("9999-01-01")
