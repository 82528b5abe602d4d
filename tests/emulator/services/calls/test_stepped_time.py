"""Stepped time: a call seen while live (sparse fields), transcripts while pending."""

from typing import Any

import httpx2

from .conftest import Platform

JSON = {"Content-Type": "application/json"}  # control writes must say so


def test_a_live_call_is_sparse_until_it_ends(platform: Platform) -> None:
    platform.clock(mode="stepped")
    created = platform.simulate(
        scenario={"outcome": "answered", "ring_seconds": 5, "talk_seconds": 30}
    )

    ringing = platform.call(created["id"])
    platform.clock(advance_seconds=10)
    talking = platform.call(created["id"])
    unrecorded = platform.get(f"/v1/calls/{created['id']}/recording").status_code
    platform.clock(advance_seconds=25)
    ended = platform.call(created["id"])

    for live in (ringing, talking):
        assert live["started_at"] is not None
        assert live["from_number"]
        assert live["direction"] == "inbound"
        for field in (
            "status",
            "to_number",
            "to_label",
            "ended_at",
            "duration_seconds",
            "answered_at",
            "connected_at",
            "hangup_cause",
            "summary",
            "recording_url",
        ):
            assert live[field] is None, field
        assert live["quality_metrics"] == []
    assert unrecorded == 404
    assert ended["status"] == "completed"
    assert ended["duration_seconds"] == 35
    assert ended["to_number"] is not None
    assert ended["recording_url"] is not None


def test_an_outbound_live_call_shows_the_number_it_dials(platform: Platform) -> None:
    platform.clock(mode="stepped")
    created = platform.simulate(direction="outbound", to_number="+15005550100")

    assert platform.call(created["id"])["to_number"] == "+15005550100"


def test_a_transcript_goes_pending_processing_completed(platform: Platform) -> None:
    platform.clock(mode="stepped")
    created = platform.simulate(
        scenario={"outcome": "answered", "ring_seconds": 0, "talk_seconds": 10}
    )
    path = f"/v1/calls/{created['id']}/transcript"

    before_end = platform.get(path).status_code
    statuses: list[dict[str, Any]] = []
    for step in (10, 5, 15):
        platform.clock(advance_seconds=step)
        statuses.append(platform.get(path).json())
    call = platform.call(created["id"])

    assert before_end == 404
    assert [t["status"] for t in statuses] == ["pending", "processing", "completed"]
    assert statuses[0]["text"] is None
    assert statuses[2]["text"]
    assert call["summary"]
    assert call["sentiment"] is not None


def test_a_voicemail_appears_when_the_caller_hangs_up(platform: Platform) -> None:
    platform.clock(mode="stepped")
    platform.simulate(
        scenario={"outcome": "voicemail", "ring_seconds": 20, "voicemail_seconds": 10}
    )

    during = platform.get("/v1/voicemails").json()["data"]
    platform.clock(advance_seconds=30)
    left = platform.get("/v1/voicemails").json()["data"]
    pending = platform.get(f"/v1/voicemails/{left[0]['id']}/transcript").json()
    platform.clock(advance_seconds=60)
    done = platform.get(f"/v1/voicemails/{left[0]['id']}/transcript").json()

    assert during == []
    assert left[0]["summary"] is None
    assert pending["status"] == "pending"
    assert done["status"] == "completed"
    assert platform.get(f"/v1/voicemails/{left[0]['id']}").json()["summary"]


def test_a_voicemail_deleted_before_its_transcript_stays_deleted(platform: Platform) -> None:
    platform.clock(mode="stepped")
    platform.simulate(scenario={"outcome": "voicemail", "ring_seconds": 0, "voicemail_seconds": 5})
    platform.clock(advance_seconds=5)
    voicemail = platform.get("/v1/voicemails").json()["data"][0]

    deleted = platform.http.delete(f"/v1/voicemails/{voicemail['id']}", headers=platform.headers)
    platform.clock(advance_seconds=60)

    assert deleted.status_code == 204
    assert platform.get("/v1/voicemails").json()["data"] == []
    assert platform.get(f"/v1/voicemails/{voicemail['id']}/transcript").status_code == 404


def test_back_to_real_time_finishes_every_running_call(platform: Platform) -> None:
    platform.clock(mode="stepped")
    created = platform.simulate(scenario={"outcome": "answered", "talk_seconds": 600})

    state = platform.clock(mode="real")

    assert state["mode"] == "real"
    assert platform.call(created["id"])["status"] == "completed"
    assert platform.get(f"/v1/calls/{created['id']}/transcript").json()["status"] == "completed"


def test_the_clock_answers_its_state_and_moves_only_when_stepped(platform: Platform) -> None:
    url = f"{platform.emulator.url}/_emulator/clock"
    real = httpx2.get(url, params={"api_key": platform.emulator.api_key}, trust_env=False).json()
    refused = httpx2.post(
        url, json={"api_key": platform.emulator.api_key, "advance_seconds": 5}, trust_env=False
    )
    stepped = platform.clock(mode="stepped")
    moved = platform.clock(advance_seconds=90)
    backwards = httpx2.post(
        url, json={"api_key": platform.emulator.api_key, "advance_seconds": -1}, trust_env=False
    )
    nameless = httpx2.post(url, json={"mode": "stepped"}, trust_env=False)

    assert real["mode"] == "real"
    assert refused.status_code == 400
    assert stepped["mode"] == "stepped"
    assert moved["now"] - stepped["now"] == 90
    assert backwards.status_code == 400
    assert nameless.status_code == 400
    assert nameless.json()["details"]["field"] == "api_key"


def test_a_control_endpoint_gives_an_account_numbers(platform: Platform) -> None:
    url = f"{platform.emulator.url}/_emulator/phone_numbers"
    key = platform.emulator.api_key

    given = httpx2.post(url, json={"api_key": key, "account": platform.account}, trust_env=False)
    chosen = httpx2.post(
        url,
        json={
            "api_key": key,
            "account": platform.account,
            "phone_number": "+12125550100",
            "status": "pending",
        },
        trust_env=False,
    )
    foreign = httpx2.post(
        url, json={"api_key": "sk_test_someone_else", "account": platform.account}, trust_env=False
    )
    listed = platform.get("/v1/phone-numbers").json()["data"]
    pending = platform.get("/v1/phone-numbers", status="pending").json()["data"]
    platform.simulate()

    assert given.status_code == 201
    assert chosen.json()["phone_number"] == "+12125550100"
    assert foreign.status_code == 400
    assert [n["id"] for n in listed] == [chosen.json()["id"], given.json()["id"]]
    assert [n["id"] for n in pending] == [chosen.json()["id"]]
    assert platform.get("/v1/calls").json()["data"][0]["did"] == given.json()["id"]


def test_the_clock_refuses_steps_it_cannot_take(platform: Platform) -> None:
    platform.clock(mode="stepped")
    url = f"{platform.emulator.url}/_emulator/clock"

    for raw in (
        '{"advance_seconds": NaN',
        '{"advance_seconds": Infinity',
        '{"advance_seconds": 1e12',
    ):
        body = f'{raw}, "api_key": "{platform.emulator.api_key}"}}'
        answer = httpx2.post(url, content=body, headers=JSON, trust_env=False)
        assert answer.status_code == 400, raw
    for body in ("[]", "{", '{"api_key": 5}'):
        assert httpx2.post(url, content=body, headers=JSON, trust_env=False).status_code == 400, (
            body
        )
    assert platform.clock(advance_seconds=366 * 24 * 3600)["mode"] == "stepped"
