"""Queue agents over HTTP: ``logged_out ⇄ available ⇄ paused``, a reason only when paused,
``in_call_since`` while on a simulated call."""

from typing import Any

import pytest

from ..calls.conftest import new_account, new_user
from .conftest import PresencePlatform


def _agent(presence: PresencePlatform, **body: Any) -> dict[str, Any]:
    answer = presence.post(f"/v1/users/{presence.user}/queue-agent", **body)
    assert answer.status_code == 200, answer.text
    found: dict[str, Any] = answer.json()
    return found


def test_never_written_is_404_until_the_first_update(presence: PresencePlatform) -> None:
    before = presence.get(f"/v1/users/{presence.user}/queue-agent")
    created = _agent(presence, status="available")
    after = presence.get(f"/v1/users/{presence.user}/queue-agent")

    assert before.status_code == 404
    assert before.json()["code"] == "resource_missing"
    assert after.status_code == 200
    assert after.json() == created
    assert created["user"] == created["user_id"] == presence.user
    assert created["status"] == "available"
    assert created["logged_in_at"] is not None
    assert (created["paused_at"], created["pause_reason"], created["in_call_since"]) == (
        None,
        None,
        None,
    )


def test_pausing_and_resuming_sets_then_clears_the_pause(presence: PresencePlatform) -> None:
    presence.clock(mode="stepped")
    logged_in = _agent(presence, status="available")
    presence.clock(advance_seconds=60)
    paused = _agent(presence, status="paused", reason="lunch")
    presence.clock(advance_seconds=60)
    back = _agent(presence, status="available")
    logged_out = _agent(presence, status="logged_out")

    assert paused["status"] == "paused"
    assert paused["pause_reason"] == "lunch"
    assert paused["paused_at"] == paused["updated_at"] != logged_in["updated_at"]
    assert paused["logged_in_at"] == logged_in["logged_in_at"]
    assert (back["paused_at"], back["pause_reason"]) == (None, None)
    assert back["logged_in_at"] == logged_in["logged_in_at"]
    assert logged_out["logged_in_at"] is None


def test_resending_the_current_status_changes_nothing(presence: PresencePlatform) -> None:
    presence.clock(mode="stepped")
    available = _agent(presence, status="available")
    presence.clock(advance_seconds=30)
    again = _agent(presence, status="available")
    paused = _agent(presence, status="paused", reason="break")
    presence.clock(advance_seconds=30)
    reasoned = _agent(presence, status="paused", reason="training")

    assert again == available
    assert reasoned["paused_at"] == paused["paused_at"]
    assert reasoned["pause_reason"] == "training"


def test_a_logged_out_agent_cannot_pause(presence: PresencePlatform) -> None:
    answer = presence.post(f"/v1/users/{presence.user}/queue-agent", status="paused")
    assert answer.status_code == 409
    assert answer.json()["code"] == "agent_logged_out"
    assert presence.get(f"/v1/users/{presence.user}/queue-agent").status_code == 404


def test_in_call_since_follows_a_simulated_call(presence: PresencePlatform) -> None:
    presence.clock(mode="stepped")
    _agent(presence, status="available")
    presence.simulate(scenario={"outcome": "answered", "ring_seconds": 2, "talk_seconds": 40})
    presence.clock(advance_seconds=10)
    on_call = presence.get(f"/v1/users/{presence.user}/queue-agent").json()
    presence.clock(advance_seconds=40)
    done = presence.get(f"/v1/users/{presence.user}/queue-agent").json()

    assert on_call["in_call_since"] is not None
    assert done["in_call_since"] is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "status"),
        ({"status": "busy"}, "status"),
        ({"status": None}, "status"),
        ({"status": "available", "reason": "lunch"}, "reason"),
        ({"status": "logged_out", "reason": "home"}, "reason"),
        ({"status": "paused", "reason": ""}, "reason"),
        ({"status": "paused", "reason": "x" * 201}, "reason"),
        ({"status": "paused", "reason": 3}, "reason"),
        ({"status": "available", "mood": "fine"}, "mood"),
    ],
)
def test_bad_updates_are_400_naming_the_field(
    presence: PresencePlatform, body: dict[str, Any], field: str
) -> None:
    answer = presence.post(f"/v1/users/{presence.user}/queue-agent", **body)
    assert answer.status_code == 400, answer.text
    assert answer.json()["details"]["field"] == field


def test_another_accounts_user_or_no_user_is_404(presence: PresencePlatform) -> None:
    stranger = new_user(presence.http, new_account(presence.http))
    for user in (stranger, "user_nobody"):
        path = f"/v1/users/{user}/queue-agent"
        assert (
            presence.http.post(
                path, json={"status": "available"}, headers=presence.headers
            ).status_code
            == 404
        )
        assert presence.get(path).status_code == 404
