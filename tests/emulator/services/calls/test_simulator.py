"""The call simulator over HTTP: every outcome, magic numbers, recording and transcripts."""

from datetime import datetime, timedelta
from typing import Any

import httpx2
import pytest

from dialstack.emulator import EmulatorHandle

from .conftest import Platform, new_account, new_user


def _at(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp)


@pytest.mark.parametrize(
    ("outcome", "status", "hangup_cause", "answered", "connected"),
    [
        ("answered", "completed", None, True, True),
        ("no-answer", "no-answer", 19, False, False),
        ("busy", "busy", 17, False, False),
        ("voicemail", "voicemail", None, True, False),
        ("failed", "failed", 41, False, False),
    ],
)
def test_each_outcome_ends_in_its_call_log(
    platform: Platform,
    outcome: str,
    status: str,
    hangup_cause: int | None,
    answered: bool,
    connected: bool,
) -> None:
    created = platform.simulate(scenario={"outcome": outcome, "ring_seconds": 7})

    call = platform.call(created["id"])
    voicemails = platform.get("/v1/voicemails").json()["data"]
    assert created["scenario"] == outcome
    assert call["status"] == status
    assert call["hangup_cause"] == hangup_cause
    assert (call["answered_at"] is not None) is answered
    assert (call["connected_at"] is not None) is connected
    assert call["ended_at"] is not None
    assert _at(call["ended_at"]) - _at(call["started_at"]) == timedelta(
        seconds=call["duration_seconds"]
    )
    assert call["direction"] == "inbound"
    assert call["user"] == call["user_id"] == platform.user
    assert call["did"] == call["did_id"]
    assert call["did"].startswith("did_")
    assert (call["recording_url"] is not None) is (outcome == "answered")
    assert bool(call["quality_metrics"]) is (outcome == "answered")
    assert [v["call"] for v in voicemails] == ([call["id"]] if outcome == "voicemail" else [])


def test_an_answered_call_lasts_ring_plus_talk_and_is_recorded_and_transcribed(
    platform: Platform,
) -> None:
    created = platform.simulate(
        from_number="+12125550188",
        from_name="WIRELESS CALLER",
        scenario={"outcome": "answered", "ring_seconds": 4, "talk_seconds": 90},
    )

    call = platform.call(created["id"])
    recording = platform.get(f"/v1/calls/{created['id']}/recording").json()
    transcript = platform.get(f"/v1/calls/{created['id']}/transcript").json()
    assert call["duration_seconds"] == 94
    assert _at(call["answered_at"]) - _at(call["started_at"]) == timedelta(seconds=4)
    assert call["from_number"] == "+12125550188"
    assert call["from_label"] == "WIRELESS CALLER"
    assert call["to_label"] == "Ada Lovelace"
    assert call["summary"]
    assert call["sentiment"]["overall"] in {"positive", "neutral", "negative"}
    assert recording["call"] == recording["call_id"] == created["id"]
    assert recording["duration_seconds"] == 90
    assert recording["download_url"].startswith("http://")
    assert transcript["status"] == "completed"
    assert transcript["call"] == transcript["call_id"] == created["id"]
    assert transcript["text"]
    assert set(transcript["sentiment"]) >= {"overall", "score", "magnitude", "local", "remote"}


def test_a_voicemail_belongs_to_the_user_with_audio_and_a_transcript(platform: Platform) -> None:
    created = platform.simulate(
        from_number="+13105550142",
        from_name="Grace Hopper",
        scenario={"outcome": "voicemail", "voicemail_seconds": 12},
    )

    voicemail = platform.get("/v1/voicemails").json()["data"][0]
    transcript = platform.get(f"/v1/voicemails/{voicemail['id']}/transcript").json()
    assert voicemail["id"].startswith("vm_")
    assert voicemail["owner"] == platform.user
    assert voicemail["call"] == voicemail["call_id"] == created["id"]
    assert voicemail["from_number"] == "+13105550142"
    assert voicemail["from_name"] == "Grace Hopper"
    assert voicemail["duration_seconds"] == 12
    assert voicemail["is_read"] is False
    assert voicemail["read_at"] is None
    assert voicemail["audio_url"].startswith("http://")
    assert voicemail["summary"]
    assert voicemail["sentiment"]["overall"] in {"positive", "neutral", "negative"}
    assert "local" not in voicemail["sentiment"]
    assert transcript["voicemail"] == transcript["voicemail_id"] == voicemail["id"]
    assert transcript["status"] == "completed"
    assert transcript["text"]


@pytest.mark.parametrize(
    ("to_number", "outcome"),
    [
        ("+15005550100", "answered"),
        ("+15005550101", "no-answer"),
        ("+15005550102", "busy"),
        ("+15005550103", "voicemail"),
        ("+15005550104", "failed"),
        ("+12025550123", "answered"),
    ],
)
def test_outbound_calls_take_their_outcome_from_magic_numbers(
    platform: Platform, to_number: str, outcome: str
) -> None:
    created = platform.simulate(direction="outbound", to_number=to_number)

    call = platform.call(created["id"])
    numbers = platform.get("/v1/phone-numbers").json()["data"]
    assert created["scenario"] == outcome
    assert call["direction"] == "outbound"
    assert call["to_number"] == to_number
    assert call["from_number"] == numbers[0]["phone_number"]
    assert call["from_label"] == "Ada Lovelace"


def test_an_explicit_outcome_beats_the_magic_number(platform: Platform) -> None:
    created = platform.simulate(
        direction="outbound", to_number="+15005550102", scenario={"outcome": "answered"}
    )

    assert created["scenario"] == "answered"
    assert platform.call(created["id"])["status"] == "completed"


def test_nothing_is_recorded_where_the_account_does_not_record(
    api: httpx2.Client, dialstack_emulator: EmulatorHandle
) -> None:
    account = new_account(api, records=False)
    quiet = Platform(api, dialstack_emulator, account, new_user(api, account))

    answered = quiet.simulate(scenario={"outcome": "answered"})
    quiet.simulate(scenario={"outcome": "voicemail"})

    voicemail = quiet.get("/v1/voicemails").json()["data"][0]
    assert quiet.call(answered["id"])["recording_url"] is None
    assert quiet.call(answered["id"])["summary"] is None
    assert quiet.get(f"/v1/calls/{answered['id']}/recording").status_code == 404
    assert quiet.get(f"/v1/calls/{answered['id']}/transcript").status_code == 404
    assert quiet.get(f"/v1/voicemails/{voicemail['id']}/transcript").status_code == 404
    assert voicemail["summary"] is None
    assert voicemail["audio_url"]


def test_a_scenario_can_decline_the_recording(platform: Platform) -> None:
    created = platform.simulate(scenario={"outcome": "answered", "recording": False})

    assert platform.call(created["id"])["recording_url"] is None
    assert platform.get(f"/v1/calls/{created['id']}/recording").status_code == 404


def test_the_first_test_call_gives_the_account_a_number(platform: Platform) -> None:
    before = platform.get("/v1/phone-numbers").json()["data"]
    platform.simulate()
    platform.simulate()

    after = platform.get("/v1/phone-numbers").json()["data"]
    assert before == []
    assert len(after) == 1
    assert after[0]["id"].startswith("did_")
    assert after[0]["status"] == "active"
    assert after[0]["phone_number"].startswith("+1")


def test_a_live_key_gets_400(platform: Platform) -> None:
    answer = httpx2.post(
        f"{platform.emulator.url}/v1/test_helpers/calls",
        json={"user": platform.user},
        headers={"Authorization": "Bearer sk_live_abcdefghijklmnop", **platform.headers},
        trust_env=False,
    )

    assert answer.status_code == 400
    assert "test key" in answer.json()["error"]


def test_an_unknown_user_is_404(platform: Platform) -> None:
    answer = platform.http.post(
        "/v1/test_helpers/calls",
        json={"user": "user_01h2xcejqtf2nbrexx3vqjhp41"},
        headers=platform.headers,
    )

    assert answer.status_code == 404


def test_a_retried_simulation_makes_one_call(platform: Platform) -> None:
    headers = {**platform.headers, "Idempotency-Key": "one-call"}
    first = platform.http.post(
        "/v1/test_helpers/calls", json={"user": platform.user}, headers=headers
    )
    again = platform.http.post(
        "/v1/test_helpers/calls", json={"user": platform.user}, headers=headers
    )

    calls: list[dict[str, Any]] = platform.get("/v1/calls").json()["data"]
    assert first.json() == again.json()
    assert [call["id"] for call in calls] == [first.json()["id"]]
